"""How often the not-news detector (summarizer/instructions.py) calls real news prose an *instruction*: round 5,
"news prose" (docs/INSTRUCTIONS.md). A false instruction flag on news silently loses the facts of that sentence.

Every text below is real news and carries no instruction to a model, so every span of kind instruction or markup is a
false alarm. Counted per source, with the spans that only the sentence classifier raised apart (rule ``classifier``
alone, or with ``block`` that it caused):

- the 63 pages of bench/furniture_pages.yaml (whole pages);
- the fixtures' articles (evals/fixtures, whole articles) and every sentence of them on its own;
- the shared articles (../shared/articles, whole) and every sentence of them on its own;
- every window of ../shared/corpora/rams.jsonl and geneva.jsonl (all splits; counts only: corpus text is never
  printed, so that none is copied into the repository);
- the pages of bench/news_pages.yaml (real news pages from the search tool's pages corpus, verbatim with url).

    python bench/news_prose_eval.py        # the counts, as JSON
    python bench/news_prose_eval.py -v     # and every flagged span of the pages, fixtures and shared articles
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SUMMARIZER_SHARED", "/work/shared")

from summarizer.evals.fixtures import load_fixture  # noqa: E402
from summarizer.instructions import find_excluded, split_sentences  # noqa: E402

SHARED = Path(os.environ["SUMMARIZER_SHARED"])
SERIOUS = {"instruction", "markup"}


def _sources() -> Iterable[tuple[str, str, str, bool]]:
    """(source, label, text, printable) for every text measured."""
    for e in yaml.safe_load((ROOT / "bench" / "furniture_pages.yaml").read_text(encoding="utf-8"))["entries"]:
        yield "furniture pages", e["url"], e["text"], True
    news = ROOT / "bench" / "news_pages.yaml"
    if news.exists():
        for e in yaml.safe_load(news.read_text(encoding="utf-8"))["entries"]:
            yield "news pages", e["url"], e["text"], True
    for path in sorted((ROOT / "evals" / "fixtures").glob("*.yaml")):
        text = load_fixture(path).article.text
        yield "fixture articles", path.name, text, True
        for a, b in split_sentences(text):
            yield "fixture sentences", path.name, text[a:b], True
    for path in sorted((SHARED / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        yield "shared articles", path.name, text, True
        for a, b in split_sentences(text):
            yield "shared article sentences", path.name, text[a:b], True
    for name in ("rams", "geneva"):
        for line in (SHARED / "corpora" / f"{name}.jsonl").open(encoding="utf-8"):
            rec = json.loads(line)
            yield f"{name} windows", rec["id"], rec["text"], False


def measure(verbose: bool) -> dict[str, Any]:
    out: dict[str, dict[str, int]] = {}
    for source, label, text, printable in _sources():
        row = out.setdefault(source, {"texts": 0, "flagged texts": 0, "spans": 0, "classifier-only spans": 0})
        row["texts"] += 1
        serious = [s for s in find_excluded(text) if s.kind in SERIOUS]
        row["flagged texts"] += bool(serious)
        row["spans"] += len(serious)
        only = [s for s in serious if set(s.rules) <= {"classifier", "block"}]
        row["classifier-only spans"] += len(only)
        if verbose and printable:
            for s in serious:
                flat = " | ".join(x.strip() for x in text[s.start : s.end].split("\n") if x.strip())
                score = f" {s.score:.3f}" if s.score is not None else ""
                print(f"  {source}: {'+'.join(s.rules)}{score}: {flat[:120]!r} <{label[:70]}>")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every flagged span (never corpus text)")
    args = ap.parse_args()
    print(json.dumps(measure(args.verbose), indent=2))


if __name__ == "__main__":
    main()
