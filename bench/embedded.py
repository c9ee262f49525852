"""Embedded model throughput: articles per minute through ``summarize(..., backend="local")``, and CPU use.

CPU utilisation is (user + sys CPU seconds of this process, llama.cpp's threads included) / wall
seconds / usable cores: 1.0 means every core busy the whole time. The model is loaded once before the
clock starts (its load time is reported on its own); the response cache is off.

    python bench/embedded.py                          # the 14 real articles, strategy guided
    python bench/embedded.py --n 2 --strategies guided,oneshot
"""

from __future__ import annotations

import argparse
import os
import resource
import time

from _common import median, real_articles, record

from summarizer.config import make_backend
from summarizer.pipeline import summarize


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=0, help="articles to run (default: all real articles)")
    parser.add_argument("--strategies", default="guided", help="comma-separated, e.g. guided,oneshot")
    parser.add_argument("--model", default=None, help="embedded model name (default: the first installed)")
    parser.add_argument("--note", default="", help="free text added to the results (e.g. 'busy machine')")
    args = parser.parse_args()

    items = real_articles()
    if args.n:
        items = items[: args.n]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

    backend = make_backend("local", model=args.model)
    started = time.perf_counter()
    _ = backend.llm  # type: ignore[attr-defined]  # loads the weights (cached process-wide) before the clock
    load_s = time.perf_counter() - started

    rows: list[dict[str, object]] = []
    for strategy in [s.strip() for s in args.strategies.split(",") if s.strip()]:
        per_article: list[float] = []
        calls = tokens_in = tokens_out = failures = 0
        cpu0, wall0 = _cpu_seconds(), time.perf_counter()
        for article in items:
            t = time.perf_counter()
            try:
                # backend="local" as a user would call it; the loaded weights are shared process-wide.
                brief = summarize(article, backend="local", model=args.model, strategy=strategy, cache=False)
            except Exception as e:  # noqa: BLE001 - a throughput run counts failures, it does not stop
                failures += 1
                print(f"{article.id}: {type(e).__name__}: {e}", flush=True)
                continue
            finally:
                per_article.append(time.perf_counter() - t)
            if brief.provenance is not None:
                calls += brief.provenance.usage.calls
                tokens_in += brief.provenance.usage.prompt_tokens
                tokens_out += brief.provenance.usage.completion_tokens
            print(f"  {strategy} {article.id}: {per_article[-1]:.1f} s", flush=True)
        wall = time.perf_counter() - wall0
        cpu = _cpu_seconds() - cpu0
        rows.append(
            {
                "strategy": strategy,
                "articles": len(items),
                "failures": failures,
                "wall s": f"{wall:.1f}",
                "articles/min": f"{len(items) / wall * 60:.2f}",
                "median s/article": f"{median(per_article):.1f}",
                "LLM calls": calls,
                "tokens in+out": f"{tokens_in}+{tokens_out}",
                "completion tok/s": f"{tokens_out / wall:.1f}",
                "CPU s": f"{cpu:.1f}",
                "CPU utilisation": f"{cpu / wall / cores:.2f}",
            }
        )
        print(rows[-1], flush=True)

    notes = [
        f"model: {backend.model} (load {load_s:.1f} s, not counted), n_ctx {getattr(backend, 'n_ctx', '?')}, "
        f"llama.cpp threads: default ({os.cpu_count()}); usable cores {cores}",
        "articles: /work/shared/articles (or evals/fixtures); summarize(..., backend='local', cache=False)",
        "CPU utilisation = (user+sys CPU s, all threads) / wall s / usable cores",
    ]
    if args.note:
        notes.append(f"note: {args.note}")
    record("embedded model throughput", rows, notes)


if __name__ == "__main__":
    main()
