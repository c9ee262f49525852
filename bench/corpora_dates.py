"""Which time words the brief attaches to an event, measured on third-party labels: GENEVA's ``Time`` role.

    python bench/corpora_dates.py                       # GENEVA val (tuning split): figures
    python bench/corpora_dates.py --split test          # the report split: figures only
    python bench/corpora_dates.py --show                # val only: each record's gold Time and the brief's words

GENEVA (FrameNet-derived, ``/work/shared/corpora/geneva.jsonl``) marks, for some events, the words that say when they
happened ("on 18 December 2003", "by April 1995", "20 years ago"). RAMS has no time role. Each positive record's
sentence is run through the whole no-LLM pipeline (``run_pipeline(..., strategy="heuristic")``, no publication date,
so relative words stay words); the brief's item of the record's category whose evidence lies in the trigger's
sentence is the one read. Per record with a gold Time:

* ``item``: the brief has such an item;
* ``dated``: the item has time words (``when.text``);
* ``right words``: they overlap the gold Time span (a shared content word other than prepositions and articles);
* ``wrong words``: they do not (another expression of the sentence, or a date from elsewhere).

And, for positives **without** a gold Time, how many items carry time words anyway (``dated, no gold time``): an upper
bound on dates the labels do not support, since FrameNet annotates only some frames' times.

Dates cannot be normalised here (no publication date, and GENEVA's Time is text), so this checks attachment, the part
of dating the fixtures measure least: which words belong to which event. The report split's records are never listed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
from collections import Counter
from pathlib import Path

from corpora import load_records, trigger_sentence

from summarizer.inputs import Article
from summarizer.pipeline import run_pipeline
from summarizer.schema import ArticleMeta, Brief

_FUNCTION_WORDS = frozenset(
    ["the", "a", "an", "of", "in", "on", "at", "by", "to", "for", "from", "during", "since", "until", "about", "around"]
)


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if w not in _FUNCTION_WORDS}


def same_time_words(gold: str, predicted: str) -> bool:
    """The brief's words name the gold time when they share a content word ("18 December" in "on 18 December 2003";
    "20 years ago" and "some 20 years ago")."""
    return bool(_content_words(gold) & _content_words(predicted))


def item_in_sentence(brief: Brief, category: str, span: tuple[int, int]) -> object | None:
    """The brief's first item of ``category`` with a located quote inside the trigger's sentence."""
    for item in getattr(brief, category):
        for ev in item.evidence:
            if ev.start is not None and ev.end is not None and ev.start < span[1] and ev.end > span[0]:
                return item
    return None


async def measure(split: str, show: bool) -> tuple[Counter[str], list[str]]:
    tally: Counter[str] = Counter()
    rows: list[str] = []
    for r in load_records("geneva", split):
        if r["label"] != "positive" or r["our_category"] is None:
            continue
        times = [a["text"] for a in r["arguments"] if a["role"] == "Time"]
        article = Article(text=r["text"], meta=ArticleMeta(chars=len(r["text"])), id=r["id"])
        brief = await run_pipeline(article, None, strategy="heuristic")
        item = item_in_sentence(brief, r["our_category"], trigger_sentence(r))
        words = item.when.text if item is not None and item.when is not None else None  # type: ignore[attr-defined]
        if not times:
            tally["positives, no gold time"] += 1
            tally["item, no gold time"] += item is not None
            tally["dated, no gold time"] += words is not None
            continue
        tally["with gold time"] += 1
        tally["item"] += item is not None
        tally["dated"] += words is not None
        right = words is not None and any(same_time_words(t, words) for t in times)
        tally["right words"] += right
        tally["wrong words"] += words is not None and not right
        if show:
            verdict = "right" if right else ("wrong" if words else ("undated" if item else "no item"))
            rows.append(f"{verdict:<8} gold {times!r:<40} brief {words!r}\n         {r['text'][:300]}")
    return tally, rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="val", choices=["val", "test"])
    ap.add_argument("--show", action="store_true", help="list each record (tuning split only)")
    ap.add_argument("--json", type=Path, help="write the counts here too")
    args = ap.parse_args(argv)
    if args.show and args.split != "val":
        ap.error("the report split's records are never listed (evals/SPLITS.md): run --split test for figures")
    tally, rows = asyncio.run(measure(args.split, args.show))
    for row in rows:
        print(row)
    n = tally["with gold time"]
    print(f"geneva {args.split}: {n} positives with a gold Time")
    for key in ("item", "dated", "right words", "wrong words"):
        print(f"  {key:<12} {tally[key]:>3} / {n}")
    print(
        f"  positives without a gold Time: {tally['positives, no gold time']}, items {tally['item, no gold time']}, "
        f"dated anyway {tally['dated, no gold time']}"
    )
    if args.json:
        args.json.write_text(json.dumps({"split": args.split, **tally}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
