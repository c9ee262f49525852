"""Per dev fixture, the attributes of matched items that the no-LLM rules get wrong: ``when``, ``location``,
``attributed_to`` and ``certainty``, each scored as `summarizer eval` scores it (``date_right``, ``location_right``,
``attribution_right``, equality of certainty), with the item's first evidence quote.

    python bench/attr_errors.py dev_78                  # every wrong attribute
    python bench/attr_errors.py dev_78 attribution,certainty --all   # also the right ones

Counts per attribute are printed at the end. Refuses any held-out split: their errors are never opened
(evals/SPLITS.md).
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from pathlib import Path

from _common import refuse_closed_split

from summarizer.evals.fixtures import GoldEvent, load_fixtures, load_split
from summarizer.evals.scoring import attribution_right, date_right, location_right, matched_pairs, score_brief
from summarizer.pipeline import run_pipeline

ROOT = Path(__file__).resolve().parent.parent
ATTRS = ("date", "location", "attribution", "certainty")


def _when(w: object) -> str:
    if w is None:
        return "None"
    prec = getattr(w, "precision", None)
    prec = prec.value if prec is not None else "day"
    extra = f" [{w.rule}; {w.anchor}; {w.source}]" if hasattr(w, "rule") else ""
    return f"{w.start}..{w.end or ''} {prec} {w.text!r}{extra}"


async def main(split: str, attrs: list[str], show_all: bool) -> None:
    refuse_closed_split(split)
    fixtures = load_fixtures(ROOT / "evals/fixtures", only=load_split(ROOT / "evals/splits.yaml", split))
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for fixture in fixtures:
        brief = await run_pipeline(fixture.to_article(), None, strategy="heuristic")
        _, matches = score_brief(brief, fixture)
        lines: list[str] = []
        for category, _x, p, g in matched_pairs(brief, fixture, matches):
            checks: dict[str, tuple[bool, str, str]] = {}
            if g.when is not None:
                checks["date"] = (bool(date_right(p.when, g.when)), _when(g.when), _when(p.when))
            if isinstance(g, GoldEvent) and g.location:
                loc = getattr(p, "location", None)
                checks["location"] = (bool(location_right(loc, g.location)), g.location, str(loc))
            if g.attributed_to is not None:
                ok = bool(attribution_right(p.attributed_to, g.attributed_to))
                checks["attribution"] = (ok, str(g.attributed_to), str(p.attributed_to))
            if g.certainty is not None:
                checks["certainty"] = (p.certainty == g.certainty, g.certainty.value, p.certainty.value)
            shown = False
            for name in attrs:
                if name not in checks:
                    continue
                ok, gold, pred = checks[name]
                total[name] += 1
                right[name] += ok
                if ok and not show_all:
                    continue
                if not shown:
                    quote = p.evidence[0].quote.strip().replace("\n", " ")[:200] if p.evidence else ""
                    what = getattr(g, "kind", None) or ""
                    lines.append(f"  [{category.value}] {what} {p.status.value if p.status else ''}: {quote!r}")
                    shown = True
                lines.append(f"      {'ok ' if ok else 'BAD'} {name}: gold={gold}  pred={pred}")
        if lines:
            print(f"\n=== {fixture.id} (published {fixture.article.published})")
            print("\n".join(lines))
    print()
    for name in attrs:
        print(f"{name}: {right[name]}/{total[name]}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("split", nargs="?", default="dev")
    ap.add_argument("attrs", nargs="?", default=",".join(ATTRS), help="comma-separated: " + ",".join(ATTRS))
    ap.add_argument("--all", action="store_true", help="print the right attributes too")
    args = ap.parse_args()
    asyncio.run(main(args.split, args.attrs.split(","), args.all))
