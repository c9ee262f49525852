"""Cost of the non-LLM extractor per 1,000 words: model load, spaCy parse, candidate finding, whole heuristic brief.

    python bench/extractor_speed.py                        # the fixture articles, best of 3
    python bench/extractor_speed.py --repeat 5 a.txt b.txt

Times are wall-clock seconds on whatever else the machine is doing; the best of N runs is reported.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

import yaml

from summarizer.extractor import find_in
from summarizer.inputs import Article
from summarizer.nlp import parse, pipeline
from summarizer.schema import ArticleMeta
from summarizer.strategies.heuristic import HeuristicStrategy


def _texts(paths: list[Path]) -> list[str]:
    if paths:
        return [p.read_text(encoding="utf-8") for p in paths]
    return [
        yaml.safe_load(p.read_text(encoding="utf-8"))["article"]["text"]
        for p in sorted(Path("evals/fixtures").glob("*.yaml"))
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    texts = _texts(args.files)
    words = sum(len(t.split()) for t in texts)

    started = time.perf_counter()
    pipeline()
    load = time.perf_counter() - started

    def best(fn) -> float:  # noqa: ANN001
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    parsed = [parse(t) for t in texts]
    t_parse = best(lambda: [parse(t) for t in texts])
    t_find = best(lambda: [find_in(p) for p in parsed])
    strategy = HeuristicStrategy()
    articles = [Article(text=t, meta=ArticleMeta(chars=len(t)), id=str(i)) for i, t in enumerate(texts)]
    t_brief = best(lambda: [asyncio.run(strategy.extract(a, None, None)) for a in articles])
    per = 1000 / words
    print(f"{len(texts)} articles, {words} words; model load {load:.2f} s (once per process)")
    print("| step | s per 1,000 words |")
    print("|---|---|")
    print(f"| spaCy parse (tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner) | {t_parse * per:.3f} |")
    print(f"| candidate finding on the parse (lexicon, roles, gazetteer, status) | {t_find * per:.3f} |")
    print(f"| whole heuristic extraction (parse + find + dates + summary) | {t_brief * per:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
