"""Date accuracy and coverage on the fixtures, for the no-LLM floor and behind the recorded capable model.

The capable row feeds each recorded ``brief-v1`` answer (``/work/shared/recordings/brief-v1``) through the
same grounding and dating code the pipeline runs (``ground_draft``), without the grounding re-ask, then
scores it. Run: ``python bench/date_eval.py [--recordings DIR]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

from summarizer.evals.fixtures import Fixture, load_fixtures
from summarizer.evals.scoring import CategoryMatches, Score, date_right, score_brief
from summarizer.pipeline import ground_draft, run_pipeline
from summarizer.schema import Brief, Category, DraftBrief

ROOT = Path(__file__).resolve().parent.parent


def _row(name: str, total: Score) -> str:
    cells = []
    for cat, cs in total.categories.items():
        acc = cs.date.value
        cov = getattr(cs, "date_coverage", None)
        cells.append(
            f"{cat[:9]} {cs.date.right:g}/{cs.date.total}"
            + (f" acc {acc:.2f}" if acc is not None else "")
            + (f" cov {cov.right:g}/{cov.total}" if cov is not None and cov.total else "")
        )
    right = sum(c.date.right for c in total.categories.values())
    n = sum(c.date.total for c in total.categories.values())
    line = f"{name:10s} all {right:g}/{n} = {right / max(1, n):.3f} | " + " | ".join(cells)
    covs = [getattr(c, "date_coverage", None) for c in total.categories.values()]
    if all(c is not None for c in covs):
        cr = sum(c.right for c in covs)  # type: ignore[union-attr]
        ct = sum(c.total for c in covs)  # type: ignore[union-attr]
        line += f" | coverage {cr:g}/{ct} = {cr / max(1, ct):.3f}"
    return line


def _show(f: Fixture, brief: Brief, matches: dict[str, CategoryMatches]) -> None:
    for cat, cm in matches.items():
        for x in cm.matches:
            g = f.expected.items(Category(cat))[x.gold]
            p = brief.items(Category(cat))[x.pred]
            if g.when is None:
                continue
            ok = "OK " if date_right(p.when, g.when) else "BAD"
            print(
                f"{ok} {f.id[:28]:28s} {cat[:5]} gold {g.when.start}..{g.when.end} {g.when.precision} "
                f"| pred {p.when.start}..{p.when.end} {p.when.precision.value} {p.when.text!r} {p.when.rule} "
                f"{p.when.source}"
            )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--recordings", type=Path, default=Path("/work/shared/recordings/brief-v1"))
    ap.add_argument("--verbose", action="store_true", help="print every matched gold-dated item")
    args = ap.parse_args()
    fixtures = load_fixtures(ROOT / "evals" / "fixtures")
    heur, capable = Score(), Score()
    for f in fixtures:
        article = f.to_article()
        brief = asyncio.run(run_pipeline(article, None, strategy="heuristic"))
        s, _ = score_brief(brief, f)
        heur.merge(s)
        rec = args.recordings / f"{f.id}.json"
        if rec.exists():
            data = json.loads(rec.read_text())
            arguments = data["response"]["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
            draft = DraftBrief.model_validate_json(arguments)
            brief2, _ = ground_draft(draft, f.to_article())
            s2, m2 = score_brief(brief2, f)
            capable.merge(s2)
            if args.verbose:
                _show(f, brief2, m2)
    print(_row("heuristic", heur))
    print(_row("capable", capable))


if __name__ == "__main__":
    main()
