"""bench/rescore_report.py: old briefs scored again by the code that runs it (a gazetteer change's scorer share)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import compare_reports  # noqa: E402
import rescore_report  # noqa: E402

from summarizer.evals.fixtures import load_fixtures  # noqa: E402
from summarizer.evals.scoring import Score, score_brief  # noqa: E402
from summarizer.schema import Brief  # noqa: E402

FIXTURE = "seed-russia-trilateral-naval-exercise"


def _report(tmp: Path, score: Score, brief: Brief | None) -> Path:
    row = {
        "fixture_id": FIXTURE,
        "score": json.loads(score.model_dump_json()),
        "brief": None if brief is None else json.loads(brief.model_dump_json()),
    }
    (tmp / "before").mkdir()
    (tmp / "before" / "report.json").write_text(json.dumps({"runs": [{"fixtures": [row]}]}), encoding="utf-8")
    return tmp / "before"


def test_a_stale_score_is_replaced_by_the_scorers_verdict_on_the_same_brief(tmp_path: Path) -> None:
    fixture = load_fixtures(ROOT / "evals" / "fixtures", only=[FIXTURE])[0]
    brief = Brief()  # nothing found: every gold item is a miss
    expected, _ = score_brief(brief, fixture)
    before = _report(tmp_path, Score(), brief)  # an empty Score: what an older scorer might have said
    assert rescore_report.main([str(before), str(tmp_path / "after")]) == 0
    after = compare_reports.load_counts(tmp_path / "after")[FIXTURE]
    assert after["military_events"]["strict"]["fn"] == expected.categories["military_events"].strict.fn > 0
    assert compare_reports.load_counts(before)[FIXTURE]["military_events"]["strict"]["fn"] == 0


def test_a_fixture_without_a_brief_keeps_its_score(tmp_path: Path) -> None:
    before = _report(tmp_path, Score(), None)
    assert rescore_report.main([str(before), str(tmp_path / "after")]) == 0
    assert compare_reports.load_counts(tmp_path / "after") == compare_reports.load_counts(before)


def test_a_file_that_is_no_report_is_refused(tmp_path: Path) -> None:
    (tmp_path / "report.json").write_text("{}", encoding="utf-8")
    assert rescore_report.main([str(tmp_path), str(tmp_path / "after")]) == 2
