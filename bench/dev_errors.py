"""Per dev fixture, what the no-LLM rules get wrong: missed gold items, false items, matched items with wrong key
fields (proposer; both parties of an exchange; kind and actors of an event), scored as `summarizer eval` scores.

    python bench/dev_errors.py                       # dev split, proposals and exchanges
    python bench/dev_errors.py dev_batch3 proposals,exchanges,military_events

Refuses any held-out split: their errors are never opened (evals/SPLITS.md).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from _common import refuse_closed_split

from summarizer.evals.fixtures import Fixture, load_fixtures, load_split
from summarizer.evals.scoring import score_brief
from summarizer.pipeline import run_pipeline
from summarizer.schema import Brief, Category

ROOT = Path(__file__).resolve().parent.parent


def _describe(item: object) -> str:
    if hasattr(item, "proposer"):
        return f"proposer={item.proposer} addressees={getattr(item, 'addressees', None)} what={item.what!r}"
    if hasattr(item, "side_a"):
        a, b = item.side_a, item.side_b
        return f"side_a={a.party if a else None} side_b={b.party if b else None} status={item.status}"
    return f"kind={item.kind} actors={item.actors} location={getattr(item, 'location', None)}"


def _quotes(item: object) -> list[str]:
    return [e if isinstance(e, str) else e.quote.strip() for e in item.evidence]  # gold: str, brief: Evidence


def print_errors(fixture: Fixture, brief: Brief, categories: list[Category]) -> None:
    """One fixture's missed, false and wrong-key items, scored as `summarizer eval` scores them."""
    score, matches = score_brief(brief, fixture)
    print(f"\n=== {fixture.id}  strict {score.headline()['strict_macro_f1']}")
    for c in categories:
        preds, golds, m = brief.items(c), fixture.expected.items(c), matches[c.value]
        for x in m.matches:
            if not x.strict:
                print(f"  [{c.value}] WRONG KEY  {_describe(preds[x.pred])}")
                print(f"      gold: {_describe(golds[x.gold])} optional={golds[x.gold].optional}")
        for j in m.unmatched_gold:
            g = golds[j]
            print(f"  [{c.value}] MISSED{' (optional)' if g.optional else ''}: {_describe(g)}  {_quotes(g)}")
        for i in m.unmatched_pred:
            print(f"  [{c.value}] FALSE: {_describe(preds[i])}  {_quotes(preds[i])}")


async def main(split: str, categories: list[Category]) -> None:
    refuse_closed_split(split)
    fixtures = load_fixtures(ROOT / "evals/fixtures", only=load_split(ROOT / "evals/splits.yaml", split))
    for fixture in fixtures:
        brief = await run_pipeline(fixture.to_article(), None, strategy="heuristic")
        print_errors(fixture, brief, categories)


if __name__ == "__main__":
    chosen = sys.argv[2].split(",") if len(sys.argv) > 2 else ["proposals", "exchanges"]
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "dev", [Category(c) for c in chosen]))
