"""Every matched item of the **dev** fixtures with a gold date: gold against the brief, and the words behind both.

For reading why dates go wrong on the rules' row (no LLM, ``run_pipeline(..., strategy="heuristic")``, the
eval's own matching). Per item: the gold ``when`` (text, start..end, precision), the brief's ``when`` (text,
start..end, precision, rule, anchor, source), and the brief's first evidence sentence, so a wrong anchor,
a date from the wrong clause or a missing year shows at a glance.

Held-out splits are refused: their errors must not be read (evals/SPLITS.md, "The rule").
Run: ``python bench/date_errors.py [--split dev|dev_batch4|dev_batch5 ...] [--wrong]``.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from summarizer.evals.fixtures import GoldWhen, load_fixtures, load_split
from summarizer.evals.scoring import date_right, matched_pairs, score_brief
from summarizer.pipeline import run_pipeline
from summarizer.schema import When

ROOT = Path(__file__).resolve().parent.parent
SPLITS = ROOT / "evals" / "splits.yaml"


def _gold(w: GoldWhen) -> str:
    prec = w.precision.value if w.precision else "day"
    return f"{w.start}..{w.end or ''} {prec} {w.text!r}"


def _pred(w: When) -> str:
    return f"{w.start}..{w.end or ''} {w.precision.value} {w.text!r} [{w.rule}; {w.anchor}; {w.source}]"


def _sentence(text: str, start: int | None, end: int | None) -> str:
    if start is None or end is None:
        return "(evidence not located)"
    a = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start) + 1, 0)
    b = min(x for x in (text.find("\n", end), text.find(". ", end), len(text)) if x >= 0)
    return " ".join(text[a : b + 1].split())[:400]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", action="append", help="dev splits only (default: dev)")
    ap.add_argument("--wrong", action="store_true", help="print only the items dated wrong")
    args = ap.parse_args()
    names = args.split or ["dev"]
    if any(not n.startswith("dev") for n in names):
        ap.error("only dev splits: held-out errors are not read (evals/SPLITS.md)")
    ids = {i for n in names for i in load_split(SPLITS, n)}
    right = total = covered = dated = 0
    for f in load_fixtures(ROOT / "evals" / "fixtures", only=sorted(ids)):
        brief = asyncio.run(run_pipeline(f.to_article(), None, strategy="heuristic"))
        _, matches = score_brief(brief, f)
        for category, _x, p, g in matched_pairs(brief, f, matches):
            if g.when is None:
                continue
            ok = bool(date_right(p.when, g.when))
            right += ok
            total += 1
            if g.when.start is not None:
                dated += 1
                covered += p.when.start is not None
            if args.wrong and ok:
                continue
            print(f"{'ok ' if ok else 'BAD'} {f.id} [{category.value}] (published {f.article.published})")
            print(f"    gold: {_gold(g.when)}")
            print(f"    got:  {_pred(p.when)}")
            for ev in p.evidence:
                print(f"    evidence: {_sentence(f.article.text, ev.start, ev.end)}")
    print(f"accuracy {right}/{total} = {right / max(1, total):.3f}; coverage {covered}/{dated}")


if __name__ == "__main__":
    main()
