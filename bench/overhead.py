"""Our own cost per article, with the model's time taken out.

1. Over HTTP against a zero-latency fake endpoint (its own process): prompt rendering, the openai client
   and instructor, HTTP on loopback, validation, grounding, dating. Median wall and CPU ms per article.
2. The same pipeline in process, with a Backend that answers at once with a validated DraftBrief: the
   difference to (1) is what HTTP and the client stack cost.
3. The pieces alone: prompt rendering, validating the answer JSON, ground_draft.
4. Growth with article length (1k, 5k, 10k, 50k words) through ChunkedOneShot over HTTP.

    python bench/overhead.py
    python bench/overhead.py --n 50 --lengths 1000,10000 --reps 1
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from typing import Any

from _common import (
    articles,
    brief_responder,
    fake_server,
    long_article,
    median,
    openai_backend,
    percentile,
    record,
)

import summarizer.pipeline as pipeline
from summarizer import chunking
from summarizer.backends.base import Backend, Completion
from summarizer.chunking import ChunkedOneShot
from summarizer.inputs import Article
from summarizer.pipeline import ground_draft, run_pipeline
from summarizer.prompts import PromptLibrary
from summarizer.schema import DraftBrief, Usage


class InstantBackend(Backend):
    """Answers every call at once with the fake endpoint's brief, validated as a real answer would be."""

    kind = "instant"
    model = "instant"

    def structured(self, messages, response_model, **kw):  # type: ignore[no-untyped-def,override]
        payload = json.dumps(brief_responder({"messages": messages}))
        return Completion(response_model.model_validate_json(payload), Usage(calls=1), attempts=1)

    async def astructured(self, messages, response_model, **kw):  # type: ignore[no-untyped-def,override]
        # Not the base class's to_thread: a thread hop per call would be our cost too, but not this one.
        return self.structured(messages, response_model, **kw)


async def _per_article(items: list[Article], backend: Backend) -> tuple[list[float], list[float]]:
    walls: list[float] = []
    cpus: list[float] = []
    prompts = PromptLibrary()
    for article in items:
        w, c = time.perf_counter(), time.process_time()
        await run_pipeline(article, backend, strategy="oneshot", grounding="strict", prompts=prompts)
        walls.append((time.perf_counter() - w) * 1000)
        cpus.append((time.process_time() - c) * 1000)
    return walls, cpus


def _row(what: str, walls: list[float], cpus: list[float]) -> dict[str, object]:
    return {
        "what": what,
        "articles": len(walls),
        "median ms": f"{median(walls):.2f}",
        "p90 ms": f"{percentile(walls, 0.9):.2f}",
        "median CPU ms (this process)": f"{median(cpus):.2f}",
    }


def _pieces(items: list[Article]) -> list[dict[str, object]]:
    prompts = PromptLibrary()
    prompt = prompts.get("brief-v1")
    render: list[float] = []
    validate: list[float] = []
    ground: list[float] = []
    for article in items:
        t = time.perf_counter()
        messages = prompt.messages(text=article.text, title=article.meta.title, published=None)
        render.append((time.perf_counter() - t) * 1000)
        raw = json.dumps(brief_responder({"messages": messages}))
        t = time.perf_counter()
        draft = DraftBrief.model_validate_json(raw)
        validate.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        ground_draft(draft, article, "strict")
        ground.append((time.perf_counter() - t) * 1000)
    return [
        {"what": f"piece: {name}", "articles": len(v), "median ms": f"{median(v):.3f}", "p90 ms": ""}
        for name, v in (
            ("render prompt", render),
            ("validate answer JSON", validate),
            ("ground_draft", ground),
        )
    ]


def _use_chunked() -> None:
    """Make run_pipeline's "oneshot" the chunked one, unless get_strategy already returns it."""
    original = pipeline.get_strategy
    if isinstance(original("oneshot"), ChunkedOneShot):
        return

    def get_strategy(name: str, *args: Any, **kwargs: Any) -> Any:
        chosen = original(name, *args, **kwargs)
        return ChunkedOneShot(chosen) if name == "oneshot" else chosen  # type: ignore[arg-type]

    pipeline.get_strategy = get_strategy  # type: ignore[assignment]


async def _length_growth(base_url: str, lengths: list[int], reps: int) -> list[dict[str, object]]:
    _use_chunked()
    rows: list[dict[str, object]] = []
    backend = openai_backend(base_url)
    try:
        for words in lengths:
            article = long_article(words)
            walls: list[float] = []
            calls = 0
            for _ in range(reps):
                chunking._chunks_cached.cache_clear()  # each rep pays for segmenting, as a new article would
                t = time.perf_counter()
                brief = await run_pipeline(article, backend, strategy="oneshot", grounding="strict")
                walls.append((time.perf_counter() - t) * 1000)
                calls = brief.provenance.usage.calls if brief.provenance else 0
            ms = median(walls)
            real_words = len(article.text.split())
            rows.append(
                {
                    "words": real_words,
                    "chars": len(article.text),
                    "LLM calls (chunks)": calls,
                    "median ms": f"{ms:.0f}",
                    "ms per 1k words": f"{ms / (real_words / 1000):.1f}",
                    "reps": reps,
                }
            )
            print(rows[-1], flush=True)
    finally:
        await backend.aclient.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="articles for the per-article medians (default 200)")
    parser.add_argument("--lengths", default="1000,5000,10000,50000", help="article lengths in words")
    parser.add_argument("--reps", type=int, default=3, help="repetitions per length (default 3)")
    parser.add_argument("--note", default="", help="free text added to the results (e.g. 'busy machine')")
    args = parser.parse_args()
    items = articles(args.n)
    lengths = [int(x) for x in args.lengths.split(",") if x.strip()]

    rows: list[dict[str, object]] = []
    with fake_server(0.0) as fake:
        asyncio.run(_warm(items[:3], fake.base_url))
        walls, cpus = asyncio.run(_http(items, fake.base_url))
        rows.append(_row("pipeline over HTTP (zero-latency fake)", walls, cpus))
        print(rows[-1], flush=True)
        walls, cpus = asyncio.run(_per_article(items, InstantBackend()))
        rows.append(_row("pipeline in process (no HTTP)", walls, cpus))
        print(rows[-1], flush=True)
        rows.extend(_pieces(items))
        growth = asyncio.run(_length_growth(fake.base_url, lengths, args.reps)) if lengths else []

    http_ms, local_ms = float(rows[0]["median ms"]), float(rows[1]["median ms"])  # type: ignore[arg-type]
    notes = [
        "endpoint: FakeOpenAI in a child process, zero latency; concurrency 1 (one article at a time)",
        f"HTTP + openai client + instructor ≈ {http_ms - local_ms:.2f} ms of the {http_ms:.2f} ms per article",
    ]
    if args.note:
        notes.append(f"note: {args.note}")
    record("overhead per article", rows, notes)
    if growth:
        record(
            "overhead vs article length (ChunkedOneShot, zero-latency fake)",
            growth,
            ["chunks of at most 12,000 chars, 1 sentence overlap, 4 chunk calls in flight"]
            + ([f"note: {args.note}"] if args.note else []),
        )


async def _warm(items: list[Article], base_url: str) -> None:
    await _http(items, base_url)
    await _per_article(items, InstantBackend())


async def _http(items: list[Article], base_url: str) -> tuple[list[float], list[float]]:
    backend = openai_backend(base_url)
    try:
        return await _per_article(items, backend)
    finally:
        await backend.aclient.close()


if __name__ == "__main__":
    main()
