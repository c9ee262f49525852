"""Shared pieces of the benchmarks: real articles, a fake endpoint in its own process, result logging."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import platform
import re
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from summarizer.inputs import Article, article_from_text, read_article

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
SHARED_ARTICLES = Path("/work/shared/articles")
FIXTURES = ROOT / "evals" / "fixtures"


# --------------------------------------------------------------------------- articles


def real_articles() -> list[Article]:
    """The real articles: the shared folder when present, else the eval fixtures' verbatim copies."""
    if SHARED_ARTICLES.is_dir():
        paths = sorted(p for p in SHARED_ARTICLES.glob("*.txt"))
        if paths:
            return [read_article(p) for p in paths]
    import yaml

    out = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        art = data["article"]
        meta = "".join(f"{k}: {art[k]}\n" for k in ("title", "published") if art.get(k))
        out.append(article_from_text(f"{meta}\n{art['text']}" if meta else art["text"], id=data["id"]))
    if not out:
        raise SystemExit("no articles found in /work/shared/articles or evals/fixtures")
    return out


def articles(n: int) -> list[Article]:
    """``n`` articles cycling through the real ones, each with its own id (as a batch would have)."""
    base = real_articles()
    out = []
    for i in range(n):
        src = base[i % len(base)]
        out.append(Article(text=src.text, meta=src.meta.model_copy(), id=f"{src.id or 'article'}-{i:05d}"))
    return out


def long_article(words: int) -> Article:
    """The real article bodies concatenated until the text has ``words`` words."""
    block = "\n\n".join(a.text.strip() for a in real_articles())
    parts: list[str] = []
    count = 0
    while count < words:
        parts.append(block)
        count += len(block.split())
    text = "\n\n".join(parts)
    # Trim to about the asked length at a paragraph break, so 1k words is not 4k.
    cut = len(text)
    while len(text[:cut].split()) > words * 1.05 and "\n\n" in text[:cut]:
        cut = text.rfind("\n\n", 0, cut)
    return article_from_text(text[:cut], id=f"long-{words}")


# --------------------------------------------------------------------------- the fake endpoint

_SENTENCE = re.compile(r"[^.!?\n]{20,400}[.!?]")


def _article_in(body: dict[str, Any]) -> str:
    for m in body.get("messages") or []:
        content = m.get("content") if isinstance(m, dict) else None
        if m.get("role") == "user" and isinstance(content, str) and "<article>\n" in content:
            return content.split("<article>\n", 1)[1].rsplit("\n</article>", 1)[0]
    return ""


def brief_responder(body: dict[str, Any]) -> dict[str, Any]:
    """A plausible brief whose evidence is copied from the article it was sent, so grounding keeps it.

    A regex, not the real sentence splitter: this runs on the server's event loop for every request and
    must stay cheap, or the server, not the client, becomes what is measured.
    """
    sentences = [m.group().strip() for m in _SENTENCE.finditer(_article_in(body))][:3]
    while len(sentences) < 3:
        sentences.append(sentences[-1] if sentences else "none")
    first, second, third = sentences
    return {
        "summary": first,
        "actors": [{"name": "Russia", "kind": "state", "country": "RUS", "aliases": ["Moscow"]}],
        "proposals": [{"proposer": ["Russia"], "what": "talks", "when": "on Monday", "evidence": [first]}],
        "exchanges": [
            {
                "side_a": {"party": "Russia", "gives": ["shells"]},
                "side_b": {"party": "North Korea", "gives": ["advice"]},
                "evidence": [second],
            }
        ],
        "military_events": [{"kind": "exercise", "actors": ["China"], "description": "drills", "evidence": [third]}],
    }


def _serve(conn: Connection, latency: float) -> None:
    from summarizer.testing.fakeserver import FakeOpenAI

    with FakeOpenAI(brief_responder, latency=latency) as fake:
        conn.send(fake.base_url)
        while True:
            command = conn.recv()
            if command == "calls":
                conn.send(fake.calls)
            elif command == "reset":
                fake.reset()
                conn.send(True)
            elif isinstance(command, tuple) and command[0] == "latency":
                fake.latency = float(command[1])
                conn.send(True)
            else:
                conn.send(True)
                return


class RemoteFake:
    """Handle on a FakeOpenAI running in a child process."""

    def __init__(self, conn: Connection, base_url: str) -> None:
        self._conn = conn
        self.base_url = base_url

    def _ask(self, command: object) -> Any:
        self._conn.send(command)
        return self._conn.recv()

    @property
    def calls(self) -> int:
        return int(self._ask("calls"))

    def reset(self) -> None:
        self._ask("reset")

    def set_latency(self, seconds: float) -> None:
        self._ask(("latency", seconds))


@contextmanager
def fake_server(latency: float) -> Iterator[RemoteFake]:
    """A FakeOpenAI in its own process, so its CPU (uvicorn, JSON) does not share our GIL.

    In production the endpoint is another machine; in-process, the server's work would be charged to
    the client and the concurrency numbers would measure one interpreter doing both jobs.
    """
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_serve, args=(child, latency), daemon=True)
    proc.start()
    try:
        if not parent.poll(60):
            raise RuntimeError("the fake server did not start within 60 s")
        yield RemoteFake(parent, parent.recv())
    finally:
        try:
            parent.send("stop")
            parent.poll(10)
        except (BrokenPipeError, OSError):
            pass
        proc.join(10)
        if proc.is_alive():
            proc.terminate()


def openai_backend(base_url: str) -> Any:
    from summarizer.backends.openai_compat import OpenAIBackend

    return OpenAIBackend("fake-model", base_url=base_url, api_key="bench", timeout=60.0)


# --------------------------------------------------------------------------- results


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": str(os.cpu_count() or "?"),
        "usable cores": str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }


def command_line() -> str:
    return "python " + " ".join(shlex.quote(a) for a in [os.path.relpath(sys.argv[0], ROOT), *sys.argv[1:]])


def record(title: str, table: list[dict[str, object]], notes: list[str] | None = None) -> str:
    """Print a markdown section and append it to bench/RESULTS.md."""
    info = machine()
    lines = [
        f"## {title}",
        "",
        f"- date: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- command: `{command_line()}`",
        f"- machine: {info['nproc']} CPUs ({info['usable cores']} usable), {info['cpu']}; "
        f"Python {info['python']}; {info['platform']}",
        *(f"- {n}" for n in notes or []),
        "",
    ]
    if table:
        cols = list(table[0])
        lines.append("| " + " | ".join(cols) + " |")
        lines.append("|" + "|".join("---" for _ in cols) + "|")
        lines.extend("| " + " | ".join(str(row.get(c, "")) for c in cols) + " |" for row in table)
    text = "\n".join(lines) + "\n\n"
    print(text, end="")
    if not RESULTS.exists():
        RESULTS.write_text("# Benchmark results\n\nAppended by the scripts in bench/ (see bench/README.md).\n\n")
    with RESULTS.open("a", encoding="utf-8") as f:
        f.write(text)
    return text


def median(values: list[float]) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def refuse_closed_split(split: str) -> None:
    """Stop a tool that opens errors when ``split`` holds held-out text (evals/SPLITS.md): only the ``dev`` splits may
    be read for rule writing; ``batch7``/``batch8`` hold both parts of their batch, so they are closed too."""
    if not split.startswith("dev"):
        raise SystemExit(
            f"split {split!r}: only dev splits are opened for rule writing; held-out errors are never opened "
            "(evals/SPLITS.md); run `summarizer eval --split` for figures"
        )
