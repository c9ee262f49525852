"""One event told twice, two events told as one: how the no-LLM brief splits and merges what news tells several times.

    python bench/duplicates_eval.py                      # dev fixtures, then the tuning corpora
    python bench/duplicates_eval.py --split dev_batch6 -v  # list every case with its quotes
    python bench/duplicates_eval.py --no-corpora --json /tmp/dup.json

**Fixtures** (dev splits only: held-out errors are never opened, evals/SPLITS.md), scored as `summarizer eval`
scores (``score_brief``'s matching), per category:

* **told twice**: a predicted item that matches no gold item but whose evidence overlaps a gold item that another
  predicted item already matched: the same item made twice (a false positive under both scorings);
* **swallowed by a merge**: a gold item matched by no prediction whose evidence overlaps the evidence of a prediction
  that matched another gold item and that has several quotes (the merge put two items into one); ``one sentence``
  counts the same when that prediction has a single quote (two gold items told in one sentence, one found).

**Tuning corpora** (RAMS dev, GENEVA val; `bench/corpora.py`'s data, read in place): each positive record is a window
with one annotated event. For the record's category, the brief's items in the window before merging (what
``candidates_from`` returns, what `bench/corpora.py` scores as "brief") and after (``merge``, as the brief has them),
and how many of them cite the trigger's sentence; "found" is an item of the category citing it (recall before and
after the merge, which must not fall). Other events of a window are not annotated, so more than one item per window is
not always an error; the count in the trigger's sentence is the tighter figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from _common import refuse_closed_split
from corpora import CORPORA, TUNE, load_records, trigger_sentence

from summarizer.evals.fixtures import Fixture, load_fixtures, load_split
from summarizer.evals.scoring import _pred_spans, score_brief, span_overlap
from summarizer.extractor import find
from summarizer.inputs import Article
from summarizer.pipeline import run_pipeline
from summarizer.schema import ArticleMeta, Brief, Category
from summarizer.strategies.heuristic import candidates_from, merge

ROOT = Path(__file__).resolve().parent.parent


def _quotes(item: Any) -> list[str]:
    return [e if isinstance(e, str) else e.quote.strip() for e in item.evidence]


def fixture_duplicates(brief: Brief, fixture: Fixture) -> dict[str, dict[str, list[dict]]]:
    """Per category, the cases of one fixture: ``told_twice``, ``swallowed`` and ``one_sentence`` (module docstring)."""
    _, matches = score_brief(brief, fixture)
    out: dict[str, dict[str, list[dict]]] = {}
    for category in Category:
        preds, golds, m = brief.items(category), fixture.expected.items(category), matches[category.value]
        by_gold = {x.gold: x.pred for x in m.matches}
        cases: dict[str, list[dict]] = {"told_twice": [], "swallowed": [], "one_sentence": []}
        for i in m.unmatched_pred:
            spans = _pred_spans(preds[i])
            hit = [j for j in by_gold if span_overlap(spans, golds[j].spans) > 0]
            if hit:
                cases["told_twice"].append(
                    {
                        "pred": _quotes(preds[i]),
                        "gold": _quotes(golds[hit[0]]),
                        "other": _quotes(preds[by_gold[hit[0]]]),
                    }
                )
        for j in m.unmatched_gold:
            for g2, i in by_gold.items():
                if span_overlap(_pred_spans(preds[i]), golds[j].spans) <= 0:
                    continue
                which = "swallowed" if len(preds[i].evidence) > 1 else "one_sentence"
                cases[which].append(
                    {
                        "gold": _quotes(golds[j]),
                        "optional": golds[j].optional,
                        "pred": _quotes(preds[i]),
                        "matched": _quotes(golds[g2]),
                    }
                )
                break
        out[category.value] = cases
    return out


async def run_fixtures(split: str, verbose: bool) -> dict:
    refuse_closed_split(split)
    fixtures = load_fixtures(ROOT / "evals/fixtures", only=load_split(ROOT / "evals/splits.yaml", split))
    totals: dict[str, Counter] = defaultdict(Counter)
    per_fixture: dict[str, dict] = {}
    for fixture in fixtures:
        brief = await run_pipeline(fixture.to_article(), None, strategy="heuristic")
        cases = fixture_duplicates(brief, fixture)
        per_fixture[fixture.id] = cases
        for category, kinds in cases.items():
            totals[category]["predicted"] += len(brief.items(Category(category)))
            for which, found in kinds.items():
                totals[category][which] += len(found)
                totals[category][f"{which} (gold optional)"] += sum(1 for c in found if c.get("optional"))
                if verbose:
                    for c in found:
                        print(f"{fixture.id} [{category}] {which.upper()}: {json.dumps(c, ensure_ascii=False)}")
    return {"split": split, "fixtures": len(fixtures), "totals": {c: dict(t) for c, t in totals.items()}}


def _cites(text: str, quotes: list[str], s0: int, s1: int) -> bool:
    """Whether a quote of the item lies (even in part) in the sentence [s0, s1) of the record's text."""
    for q in quotes:
        at = text.find(q)
        if at >= 0 and at < s1 and s0 < at + len(q):
            return True
    return False


def _brief(text: str) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    """The brief's items of a window, before and after ``merge``: (category, evidence quotes) each."""
    article = Article(text=text, meta=ArticleMeta(chars=len(text)), id="corpus")
    before = candidates_from(article, find(text))
    listed = [(c.category.value, list(c.draft.evidence)) for c in before]
    return listed, [(c.category.value, list(c.draft.evidence)) for c in merge(before)]


def run_corpus(corpus: str, split: str) -> dict:
    records = [r for r in load_records(corpus, split) if r["label"] == "positive"]
    stats: dict[str, Counter] = defaultdict(Counter)
    for r in records:
        cat = r["our_category"]
        s0, s1 = trigger_sentence(r)
        before, after = _brief(r["text"])
        b_window = [q for c, q in before if c == cat]
        b_sentence = [q for q in b_window if _cites(r["text"], q, s0, s1)]
        a_window = [q for c, q in after if c == cat]
        a_sentence = [q for q in a_window if _cites(r["text"], q, s0, s1)]
        st = stats[cat]
        st["windows"] += 1
        st["items before merge"] += len(b_window)
        st["items after merge"] += len(a_window)
        st["in trigger sentence before"] += len(b_sentence)
        st["in trigger sentence after"] += len(a_sentence)
        st["found before"] += bool(b_sentence)
        st["found after"] += bool(a_sentence)
        st["windows with 2+ items before"] += len(b_window) > 1
        st["windows with 2+ items after"] += len(a_window) > 1
        st["2+ in trigger sentence before"] += len(b_sentence) > 1
        st["2+ in trigger sentence after"] += len(a_sentence) > 1
    out: dict = {"corpus": corpus, "split": split, "positives": len(records)}
    for cat, st in sorted(stats.items()):
        n = st["windows"]
        row = dict(st)
        row["items per window before"] = round(st["items before merge"] / n, 3)
        row["items per window after"] = round(st["items after merge"] / n, 3)
        out[cat] = row
    return out


def _print_fixtures(res: dict) -> None:
    print(f"\n## fixtures, split {res['split']} ({res['fixtures']})\n")
    print(
        "| category | predicted | told twice | swallowed by a merge (optional gold) | two in one sentence, one found |"
    )
    print("|---|---|---|---|---|")
    for c, t in res["totals"].items():
        print(
            f"| {c} | {t.get('predicted', 0)} | {t.get('told_twice', 0)} | {t.get('swallowed', 0)} "
            f"({t.get('swallowed (gold optional)', 0)}) | {t.get('one_sentence', 0)} |"
        )


def _print_corpus(res: dict) -> None:
    print(f"\n## {res['corpus']} {res['split']} ({res['positives']} positive windows)\n")
    print("| category | windows | items/window before → after | 2+ items before → after | in trigger sentence: "
          "2+ before → after | found before → after |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for c in ("proposals", "exchanges", "military_events"):
        if c not in res:
            continue
        r = res[c]
        print(
            f"| {c} | {r['windows']} | {r['items per window before']} → {r['items per window after']} | "
            f"{r['windows with 2+ items before']} → {r['windows with 2+ items after']} | "
            f"{r['2+ in trigger sentence before']} → {r['2+ in trigger sentence after']} | "
            f"{r['found before']} → {r['found after']} |"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="dev", help="A dev split of evals/splits.yaml (default dev).")
    ap.add_argument("--no-corpora", action="store_true", help="Skip RAMS dev and GENEVA val.")
    ap.add_argument("--no-fixtures", action="store_true", help="Skip the fixtures.")
    ap.add_argument("-v", "--verbose", action="store_true", help="Print every fixture case with its quotes.")
    ap.add_argument("--json", type=Path, help="Also write the figures here.")
    args = ap.parse_args(argv)
    out: dict = {}
    if not args.no_fixtures:
        out["fixtures"] = asyncio.run(run_fixtures(args.split, args.verbose))
        _print_fixtures(out["fixtures"])
    if not args.no_corpora:
        if not CORPORA.exists():
            print(f"no corpora at {CORPORA}", file=sys.stderr)
            return 2
        out["corpora"] = [run_corpus(c, s) for c, s in TUNE.items()]
        for res in out["corpora"]:
            _print_corpus(res)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
