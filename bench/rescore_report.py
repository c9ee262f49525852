"""Score the briefs an eval report already holds again, with the scorer and gazetteer of the code that runs this.

The gazetteer is two things at once: the extractor's knowledge of names and the scorer's alias table
(``gazetteer.same_actor``: "FARC" and "Revolutionary Armed Forces of Colombia" are one party). A change to it moves both
the briefs and how they are scored. Rescoring the *old* briefs with the *new* code isolates the scorer's share:

    summarizer eval -m none --no-cache --split heldout --out /tmp/start     # on the old code
    python bench/rescore_report.py /tmp/start /tmp/start-rescored           # on the new code: old briefs, new scorer
    summarizer eval -m none --no-cache --split heldout --out /tmp/end       # on the new code: new briefs, new scorer
    python bench/compare_reports.py /tmp/start /tmp/start-rescored          # the scorer's share
    python bench/compare_reports.py /tmp/start-rescored /tmp/end            # the extractor's share

Only the first run of the report is rescored (the no-LLM row under ``-m none``); a fixture without a brief (an error, or
unrecorded under replay) keeps its old score. The output is a report directory ``bench/compare_reports.py`` reads.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compare_reports import ReportError, read_report  # noqa: E402

from summarizer.evals.fixtures import load_fixtures  # noqa: E402
from summarizer.evals.scoring import score_brief  # noqa: E402
from summarizer.schema import Brief  # noqa: E402


def rescore(report: dict[str, Any], fixtures_dir: Path) -> tuple[dict[str, Any], int]:
    """The report with its first run's per-fixture scores recomputed; and how many fixtures' scores changed."""
    run = report["runs"][0]
    ids = [f["fixture_id"] for f in run["fixtures"]]
    by_id = {fx.id: fx for fx in load_fixtures(fixtures_dir, only=ids)}
    changed = 0
    for fr in run["fixtures"]:
        if fr.get("brief") is None or fr["fixture_id"] not in by_id:
            continue
        score, _ = score_brief(Brief.model_validate(fr["brief"]), by_id[fr["fixture_id"]])
        new = score.model_dump(mode="json")
        changed += new != fr["score"]
        fr["score"] = new
    return report, changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("report", type=Path, help="an eval --out directory, or its report.json")
    ap.add_argument("out", type=Path, help="directory to write the rescored report.json into")
    ap.add_argument("--fixtures", type=Path, default=ROOT / "evals" / "fixtures")
    args = ap.parse_args(argv)
    try:
        report = read_report(args.report)
    except ReportError as e:
        print(e, file=sys.stderr)
        return 2
    report, changed = rescore(report, args.fixtures)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(json.dumps(report), encoding="utf-8")
    n = len(report["runs"][0]["fixtures"])
    print(f"rescored {n} fixtures ({changed} scores changed) -> {args.out}/report.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
