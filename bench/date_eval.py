"""Date accuracy (at gold precision) and date coverage on the fixtures, per category, for three rows.

- ``heuristic``: the no-LLM floor, through ``run_pipeline``;
- ``capable``: each recorded ``brief-v1`` answer of a frontier-class model (``/work/shared/recordings``)
  fed through the same grounding and dating code the pipeline runs (``ground_draft``, no re-ask);
- ``local`` (with ``--local``): the embedded default (guided, SmolLM2) through ``run_pipeline``.

Accuracy and coverage are computed here from the matches, so the script also measures an older checkout
(``PYTHONPATH=/path/to/old python bench/date_eval.py``). Run: ``python bench/date_eval.py [--local] [-v]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

from summarizer.evals.fixtures import Fixture, load_fixtures
from summarizer.evals.scoring import date_right, matched_pairs, score_brief
from summarizer.pipeline import ground_draft, run_pipeline
from summarizer.schema import Brief, Category, DraftBrief

ROOT = Path(__file__).resolve().parent.parent


class Tally:
    def __init__(self) -> None:
        self.acc = {c.value: [0.0, 0] for c in Category}
        self.cov = {c.value: [0.0, 0] for c in Category}
        self.bad: list[str] = []

    def add(self, f: Fixture, brief: Brief) -> None:
        _, matches = score_brief(brief, f)
        for category, _x, p, g in matched_pairs(brief, f, matches):
            cat = category.value
            if g.when is None:
                continue
            ok = date_right(p.when, g.when)
            self.acc[cat][0] += ok
            self.acc[cat][1] += 1
            if g.when.start is not None:
                self.cov[cat][0] += p.when.start is not None
                self.cov[cat][1] += 1
            if not ok:
                self.bad.append(
                    f"{f.id[:30]:30s} {cat[:5]} gold {g.when.start}..{g.when.end} {(g.when.precision or 'day')}"
                    f" | got {p.when.start}..{p.when.end} {p.when.precision.value} {p.when.text!r}"
                    f" {getattr(p.when, 'rule', '')} {getattr(p.when, 'source', '')}"
                )

    def line(self, name: str) -> str:
        def pct(d: dict[str, list]) -> str:
            r, n = sum(v[0] for v in d.values()), sum(v[1] for v in d.values())
            return f"{r:g}/{n} = {r / max(1, n):.3f}"

        cats = " | ".join(
            f"{c[:9]} acc {self.acc[c][0]:g}/{self.acc[c][1]} cov {self.cov[c][0]:g}/{self.cov[c][1]}" for c in self.acc
        )
        return f"{name:9s} accuracy {pct(self.acc)} | coverage {pct(self.cov)} | {cats}"


def _recorded(rec: Path) -> DraftBrief:
    data = json.loads(rec.read_text())
    return DraftBrief.model_validate_json(
        data["response"]["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--recordings", type=Path, default=Path("/work/shared/recordings/brief-v1"))
    ap.add_argument("--local", action="store_true", help="also run the embedded default (guided, SmolLM2)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every matched item dated wrong")
    args = ap.parse_args()
    fixtures = load_fixtures(ROOT / "evals" / "fixtures")
    rows: dict[str, Tally] = {"heuristic": Tally(), "capable": Tally()}
    llm = None
    if args.local:
        from summarizer.backends import make_backend

        llm = make_backend("local")
        rows["local"] = Tally()
    for f in fixtures:
        rows["heuristic"].add(f, asyncio.run(run_pipeline(f.to_article(), None, strategy="heuristic")))
        rec = args.recordings / f"{f.id}.json"
        if rec.exists():
            rows["capable"].add(f, ground_draft(_recorded(rec), f.to_article())[0])
        if llm is not None:
            rows["local"].add(f, asyncio.run(run_pipeline(f.to_article(), llm, strategy="guided")))
    for name, t in rows.items():
        print(t.line(name))
        if args.verbose:
            print("\n".join("   " + b for b in t.bad))


if __name__ == "__main__":
    main()
