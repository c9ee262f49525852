"""Open a page in real headless Chromium and report what a user would meet: errors, requests, a screenshot.

Talks the Chrome DevTools Protocol over a websocket (aiohttp's client) to a Chromium started here, so the
tests of the HTML views run the real browser engine on the real file, with no driver to install. Used by
``tests/test_views.py``; handy by hand too::

    python -m summarizer.testing.browser timeline.html --shot timeline.png --js 'document.title'
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["PageReport", "find_chromium", "inspect_page"]

_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--remote-debugging-port=0",
]


def find_chromium() -> str | None:
    """The Chromium (or Chrome) binary on PATH, or ``$CHROMIUM`` when set."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class PageReport:
    console_errors: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    log_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    results: list[Any] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [*self.console_errors, *self.exceptions, *self.log_errors]

    def external_requests(self) -> list[str]:
        """Requests that would leave the machine (anything but file:, data: and about:)."""
        return [u for u in self.requests if not re.match(r"^(file|data|about|blob|chrome):", u)]


class _Cdp:
    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.ids = itertools.count(1)
        self.pending: dict[int, asyncio.Future[Any]] = {}
        self.events: list[dict[str, Any]] = []
        self.loaded = asyncio.Event()
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        async for msg in self.ws:
            data = json.loads(msg.data)
            if "id" in data and data["id"] in self.pending:
                fut = self.pending.pop(data["id"])
                if "error" in data:
                    fut.set_exception(RuntimeError(f"CDP error: {data['error']}"))
                else:
                    fut.set_result(data.get("result", {}))
            elif "method" in data:
                self.events.append(data)
                if data["method"] == "Page.loadEventFired":
                    self.loaded.set()

    async def call(self, method: str, **params: Any) -> Any:
        n = next(self.ids)
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.pending[n] = fut
        await self.ws.send_str(json.dumps({"id": n, "method": method, "params": params}))
        return await asyncio.wait_for(fut, 30)


async def _inspect(
    binary: str, url: str, scripts: list[str], shot: Path | None, width: int, height: int, settle: float
) -> PageReport:
    import aiohttp

    profile = tempfile.mkdtemp(prefix="summarizer-chromium-")
    proc = await asyncio.create_subprocess_exec(
        binary,
        *_FLAGS,
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        "about:blank",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert proc.stderr is not None
        ws_url = None
        while ws_url is None:
            line = await asyncio.wait_for(proc.stderr.readline(), 30)
            if not line:
                raise RuntimeError("chromium exited before its DevTools endpoint came up")
            m = re.search(rb"DevTools listening on (ws://\S+)", line)
            if m:
                ws_url = m.group(1).decode()
        port = re.search(r":(\d+)/", ws_url).group(1)  # type: ignore[union-attr]
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/json/list") as r:
                targets = await r.json()
            page = next(t for t in targets if t.get("type") == "page")
            async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                cdp = _Cdp(ws)
                for domain in ("Page", "Runtime", "Log", "Network"):
                    await cdp.call(f"{domain}.enable")
                await cdp.call(
                    "Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False
                )
                await cdp.call("Page.navigate", url=url)
                await asyncio.wait_for(cdp.loaded.wait(), 30)
                report = PageReport()
                for js in scripts:
                    res = await cdp.call("Runtime.evaluate", expression=js, returnByValue=True, awaitPromise=True)
                    if "exceptionDetails" in res:
                        report.exceptions.append(f"evaluating {js[:60]!r}: {res['exceptionDetails'].get('text')}")
                    report.results.append(res.get("result", {}).get("value"))
                    await asyncio.sleep(0.1)
                await asyncio.sleep(settle)
                if shot is not None:
                    img = await cdp.call("Page.captureScreenshot", format="png")
                    shot.write_bytes(base64.b64decode(img["data"]))
                cdp.reader.cancel()
        for ev in cdp.events:
            method, p = ev["method"], ev.get("params", {})
            if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
                args = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
                report.console_errors.append(f"console.{p['type']}: {args}")
            elif method == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                report.exceptions.append(d.get("exception", {}).get("description") or d.get("text", "exception"))
            elif method == "Log.entryAdded" and p.get("entry", {}).get("level") in ("error", "warning"):
                report.log_errors.append(f"{p['entry'].get('source')}: {p['entry'].get('text')}")
            elif method == "Network.requestWillBeSent":
                report.requests.append(p.get("request", {}).get("url", ""))
        return report
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(proc.wait(), 10)
        shutil.rmtree(profile, ignore_errors=True)


def inspect_page(
    path: str | Path,
    *,
    scripts: list[str] | None = None,
    screenshot: str | Path | None = None,
    fragment: str = "",
    width: int = 1400,
    height: int = 900,
    settle: float = 0.3,
    binary: str | None = None,
) -> PageReport:
    """Load ``path`` in headless Chromium, run ``scripts`` in the page (their values come back in
    ``results``), save a screenshot, and report console errors, uncaught exceptions and requests."""
    binary = binary or find_chromium()
    if binary is None:
        raise FileNotFoundError("no chromium on PATH (apt-get install chromium, or set $CHROMIUM)")
    url = Path(path).resolve().as_uri() + fragment
    return asyncio.run(
        _inspect(binary, url, scripts or [], Path(screenshot) if screenshot else None, width, height, settle)
    )


if __name__ == "__main__":  # pragma: no cover
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("page")
    ap.add_argument("--shot")
    ap.add_argument("--js", action="append", default=[])
    ap.add_argument("--fragment", default="")
    a = ap.parse_args()
    rep = inspect_page(a.page, scripts=a.js, screenshot=a.shot, fragment=a.fragment)
    print(
        json.dumps(
            {"errors": rep.errors, "external_requests": rep.external_requests(), "results": rep.results}, indent=2
        )
    )
