"""Throughput vs concurrency: N articles through the real pipeline against an endpoint with fixed latency.

Ideal wall time at concurrency c is N x latency / c (every slot always waiting on the network); the
ratio measured / ideal shows what our own CPU work, the HTTP client and scheduling add on top.

    python bench/concurrency.py                 # 500 articles, 100 ms, concurrency 1, 8, 32, 64
    python bench/concurrency.py --n 100 --levels 8,32
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import articles, fake_server, openai_backend, record

from summarizer.inputs import Article
from summarizer.pipeline import run_pipeline


def _batch_api() -> Any | None:
    try:
        from summarizer.batch import run_batch
    except ImportError:  # written concurrently by a colleague; the semaphore loop stands in meanwhile
        return None
    return run_batch


async def _semaphore_loop(items: list[Article], backend: Any, concurrency: int) -> int:
    """The fallback when summarizer.batch is not there: a plain bounded gather. Returns the failures."""
    gate = asyncio.Semaphore(concurrency)

    async def one(article: Article) -> None:
        async with gate:
            await run_pipeline(article, backend, strategy="oneshot", grounding="strict")

    results = await asyncio.gather(*(one(a) for a in items), return_exceptions=True)
    return sum(isinstance(r, BaseException) for r in results)


async def _run_level(items: list[Article], base_url: str, concurrency: int, use_batch: bool) -> tuple[float, str]:
    backend = openai_backend(base_url)  # cache off: a bare backend, no CachingBackend around it
    try:
        started = time.perf_counter()
        if use_batch:
            from summarizer.batch import run_batch

            # The real batch path, fsync'd JSONL output included: that is part of what a batch costs.
            with tempfile.TemporaryDirectory() as tmp:
                summary = await run_batch(
                    items,
                    Path(tmp) / "briefs.jsonl",
                    backend=backend,
                    strategy="oneshot",
                    grounding="strict",
                    concurrency=concurrency,
                    retry_failed=False,
                    tpm_budget=None,
                    progress=False,
                    handle_signals=False,
                )
            failures = str(summary.failed)
        else:
            failures = str(await _semaphore_loop(items, backend, concurrency))
        return time.perf_counter() - started, failures
    finally:
        await backend.aclient.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="articles per level (default 500)")
    parser.add_argument("--latency", type=float, default=0.1, help="server latency in seconds (default 0.1)")
    parser.add_argument("--levels", default="1,8,32,64", help="comma-separated concurrency levels")
    parser.add_argument("--semaphore", action="store_true", help="use the plain semaphore loop even if batch exists")
    parser.add_argument("--note", default="", help="free text added to the results (e.g. 'busy machine')")
    args = parser.parse_args()

    levels = [int(x) for x in args.levels.split(",") if x.strip()]
    items = articles(args.n)
    use_batch = _batch_api() is not None and not args.semaphore
    driver = "summarizer.batch.run_batch" if use_batch else "asyncio.Semaphore + gather over run_pipeline"

    rows: list[dict[str, object]] = []
    with fake_server(args.latency) as fake:
        # One warm-up article: imports, pydantic schema building and the first connection are not throughput.
        asyncio.run(_run_level(items[:1], fake.base_url, 1, False))
        for level in levels:
            fake.reset()
            wall, failures = asyncio.run(_run_level(items, fake.base_url, level, use_batch))
            ideal = args.n * args.latency / level
            rows.append(
                {
                    "concurrency": level,
                    "articles": args.n,
                    "wall s": f"{wall:.2f}",
                    "ideal s": f"{ideal:.2f}",
                    "ratio": f"{wall / ideal:.2f}",
                    "articles/s": f"{args.n / wall:.1f}",
                    "requests": fake.calls,
                    "failures": failures,
                }
            )
            print(rows[-1], flush=True)
    notes = [
        f"endpoint: FakeOpenAI in a child process, fixed latency {args.latency * 1000:.0f} ms, cheap responder",
        f"pipeline: run_pipeline, OpenAIBackend (tools mode), strategy oneshot, grounding strict, cache off; "
        f"driver: {driver}",
    ]
    if args.note:
        notes.append(f"note: {args.note}")
    record("concurrency", rows, notes)


if __name__ == "__main__":
    main()
