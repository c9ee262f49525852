"""What `summarizer batch` costs on top of the bare `openai` client, for the very same HTTP calls.

For each concurrency level, in one run against one endpoint with fixed latency:
1. the bare client: ``AsyncOpenAI.chat.completions.create(**body)`` for each request body the batch sends
   (captured in a first, unmeasured pass), bounded by a semaphore;
2. ``summarizer.batch.run_batch`` over the same articles (oneshot, grounding, fsynced JSONL output).
The ratio batch / bare is the pipeline's own price. With ``--profile`` the batch pass at the last level
runs under cProfile and the top functions by own time are printed.

    python bench/batch_vs_client.py                     # 900 articles, 100 ms, levels 8,32,64
    python bench/batch_vs_client.py --n 300 --levels 32 --profile
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import pstats
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from _common import articles, fake_server, record

from summarizer.backends.openai_compat import OpenAIBackend
from summarizer.batch import run_batch
from summarizer.inputs import Article


class _Capture(httpx.AsyncBaseTransport):
    """Passes requests to the network and keeps each chat-completion body."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.bodies: list[dict[str, Any]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        if request.url.path.endswith("/chat/completions"):
            self.bodies.append(json.loads(request.content))
        return await self.inner.handle_async_request(request)


async def _batch(items: list[Article], base_url: str, level: int, transport: Any = None) -> float:
    backend = OpenAIBackend("fake-model", base_url=base_url, api_key="bench", timeout=60.0, async_transport=transport)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            summary = await run_batch(
                items,
                Path(tmp) / "briefs.jsonl",
                backend=backend,
                strategy="oneshot",
                grounding="strict",
                concurrency=level,
                progress=False,
                handle_signals=False,
            )
            wall = time.perf_counter() - started
        if summary.failed:
            raise SystemExit(f"batch had {summary.failed} failures")
        return wall
    finally:
        await backend.aclose()


async def _bare(bodies: list[dict[str, Any]], base_url: str, level: int) -> float:
    import openai

    client = openai.AsyncOpenAI(base_url=base_url, api_key="bench", max_retries=0, timeout=60.0)
    gate = asyncio.Semaphore(level)

    async def one(body: dict[str, Any]) -> None:
        async with gate:
            await client.chat.completions.create(**body)

    try:
        started = time.perf_counter()
        await asyncio.gather(*(one(b) for b in bodies))
        return time.perf_counter() - started
    finally:
        await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=900, help="articles (default 900)")
    parser.add_argument("--latency", type=float, default=0.1, help="server latency in seconds (default 0.1)")
    parser.add_argument("--levels", default="8,32,64", help="comma-separated concurrency levels")
    parser.add_argument("--profile", action="store_true", help="profile the batch pass of the last level")
    parser.add_argument("--note", default="", help="free text added to the results (e.g. 'busy machine')")
    parser.add_argument("--rounds", type=int, default=3, help="alternating bare/batch rounds, best of each")
    parser.add_argument("--sort", default="tottime", help="profile order: tottime or cumulative")
    parser.add_argument("--top", type=int, default=18, help="profile rows")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",") if x.strip()]
    items = articles(args.n)

    rows: list[dict[str, object]] = []
    profile_text = ""
    with fake_server(args.latency) as fake:
        capture = _Capture()
        asyncio.run(_batch(items, fake.base_url, 64, capture))  # unmeasured: warm-up and the bodies to replay
        bodies = capture.bodies
        for n, level in enumerate(levels):
            # Alternating rounds, best of each: a busy neighbour slows whichever pass it lands on.
            bares: list[float] = []
            batches: list[float] = []
            for _ in range(args.rounds):
                bares.append(asyncio.run(_bare(bodies, fake.base_url, level)))
                batches.append(asyncio.run(_batch(items, fake.base_url, level)))
            bare, batch = min(bares), min(batches)
            if args.profile and n == len(levels) - 1:
                prof = cProfile.Profile()
                prof.enable()
                asyncio.run(_batch(items, fake.base_url, level))
                prof.disable()
                out = io.StringIO()
                pstats.Stats(prof, stream=out).sort_stats(args.sort).print_stats(args.top)
                profile_text = out.getvalue()
            rows.append(
                {
                    "concurrency": level,
                    "calls": len(bodies),
                    "bare client s": f"{bare:.2f}",
                    "batch s": f"{batch:.2f}",
                    "ratio": f"{batch / bare:.2f}",
                    "rounds": args.rounds,
                    "ideal s": f"{len(bodies) * args.latency / level:.2f}",
                }
            )
            print(rows[-1], flush=True)
    notes = [
        f"endpoint: FakeOpenAI in a child process, fixed latency {args.latency * 1000:.0f} ms",
        "bare: AsyncOpenAI.chat.completions.create(**body) with the batch's own request bodies; batch: run_batch, "
        "oneshot, grounding strict, cache off, fsynced JSONL",
    ]
    if args.note:
        notes.append(f"note: {args.note}")
    record("batch vs bare openai client", rows, notes)
    if profile_text:
        print(profile_text)


if __name__ == "__main__":
    main()
