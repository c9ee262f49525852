"""Per dev fixture, every matched military event whose gold item names a place: the predicted location beside the
gold one and whether `summarizer eval` counts it right (its ``location_right``). Dev splits only.

    python bench/dev_places.py            # dev
    python bench/dev_places.py dev_batch4 -v   # with the evidence of each wrong one

Refuses any held-out split: their errors are never opened (evals/SPLITS.md).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from summarizer.evals.fixtures import load_fixtures, load_split
from summarizer.evals.scoring import location_right, matched_pairs, score_brief
from summarizer.pipeline import run_pipeline
from summarizer.schema import Category

ROOT = Path(__file__).resolve().parent.parent


async def main(split: str, verbose: bool) -> None:
    if "heldout" in split:
        raise SystemExit("held-out errors are not opened (evals/SPLITS.md); run `summarizer eval --split` for figures")
    fixtures = load_fixtures(ROOT / "evals/fixtures", only=load_split(ROOT / "evals/splits.yaml", split))
    filled = right = total = 0
    for fixture in fixtures:
        brief = await run_pipeline(fixture.to_article(), None, strategy="heuristic")
        _, matches = score_brief(brief, fixture)
        for _c, _x, p, g in matched_pairs(brief, fixture, matches, [Category.military_events]):
            if not g.location:
                continue
            ok = location_right(p.location, g.location)
            total += 1
            filled += p.location is not None
            right += int(ok)
            mark = "ok " if ok else "BAD"
            print(f"{mark} {fixture.id}: {g.kind} {g.actors}  gold={g.location!r}  pred={p.location!r}")
            if not ok and verbose:
                for e in p.evidence:
                    print(f"      {e.quote.strip()!r}")
    print(f"\nlocation filled {filled}/{total}, right {right}/{total}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    asyncio.run(main(args[0] if args else "dev", "-v" in sys.argv))
