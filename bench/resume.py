"""What re-running a finished batch costs: every article already ``ok`` in OUT must be skipped, no LLM call.

Runs N articles once into a fresh JSONL (zero-latency fake endpoint), then runs the same command again
and times it; then cuts the file to half its lines and times the resume that redoes the other half.

    python bench/resume.py                    # 500 articles
    python bench/resume.py --n 100
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import RemoteFake, articles, fake_server, openai_backend, record

from summarizer.inputs import Article


async def _batch(items: list[Article], out: Path, base_url: str, concurrency: int) -> tuple[float, Any]:
    from summarizer.batch import run_batch

    backend = openai_backend(base_url)
    try:
        started = time.perf_counter()
        summary = await run_batch(
            items,
            out,
            backend=backend,
            strategy="oneshot",
            grounding="strict",
            concurrency=concurrency,
            retry_failed=False,
            tpm_budget=None,
            progress=False,
            handle_signals=False,
        )
        return time.perf_counter() - started, summary
    finally:
        await backend.aclient.close()


def _step(name: str, items: list[Article], out: Path, fake: RemoteFake, concurrency: int) -> dict[str, object]:
    before = fake.calls
    wall, summary = asyncio.run(_batch(items, out, fake.base_url, concurrency))
    row: dict[str, object] = {
        "run": name,
        "articles": len(items),
        "skipped": summary.skipped,
        "ran": summary.ran,
        "LLM requests": fake.calls - before,
        "wall s": f"{wall:.3f}",
        "ms per article": f"{wall * 1000 / len(items):.3f}",
        "output MB": f"{out.stat().st_size / 1e6:.1f}",
    }
    print(row, flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="articles in the batch (default 500)")
    parser.add_argument("--concurrency", type=int, default=32, help="batch concurrency (default 32)")
    parser.add_argument("--note", default="", help="free text added to the results (e.g. 'busy machine')")
    args = parser.parse_args()
    try:
        import summarizer.batch  # noqa: F401
    except ImportError:
        raise SystemExit("summarizer.batch is not importable yet; this benchmark needs run_batch") from None

    items = articles(args.n)
    rows: list[dict[str, object]] = []
    with fake_server(0.0) as fake, tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "briefs.jsonl"
        rows.append(_step("first run (fresh OUT)", items, out, fake, args.concurrency))
        rows.append(_step("re-run, all done", items, out, fake, args.concurrency))
        rows.append(_step("re-run again", items, out, fake, args.concurrency))
        lines = out.read_bytes().splitlines(keepends=True)
        out.write_bytes(b"".join(lines[: len(lines) // 2]))
        rows.append(_step("resume after losing half the lines", items, out, fake, args.concurrency))

    notes = [
        "endpoint: FakeOpenAI in a child process, zero latency; run_batch with OpenAIBackend, strategy "
        f"oneshot, cache off, concurrency {args.concurrency}",
        "a re-run of a finished batch should make 0 LLM requests; its time is reading and checking OUT",
    ]
    if args.note:
        notes.append(f"note: {args.note}")
    record("resume cost", rows, notes)


if __name__ == "__main__":
    main()
