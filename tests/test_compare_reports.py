"""bench/compare_reports.py: the headline it recomputes, and its paired interval."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import compare_reports  # noqa: E402

from summarizer.evals.scoring import PRF, CategoryScore, Score  # noqa: E402


def _score(counts: dict[str, tuple[int, int, int]]) -> Score:
    score = Score()
    for category, (tp, fp, fn) in counts.items():
        score.categories[category] = CategoryScore(
            detection=PRF(tp=tp + fp, fp=0, fn=fn), strict=PRF(tp=tp, fp=fp, fn=fn)
        )
    return score


def _report(tmp: Path, name: str, fixtures: dict[str, Score]) -> Path:
    rows = [{"fixture_id": i, "score": json.loads(s.model_dump_json())} for i, s in fixtures.items()]
    (tmp / name).mkdir()
    (tmp / name / "report.json").write_text(json.dumps({"runs": [{"fixtures": rows}]}), encoding="utf-8")
    return tmp / name


BEFORE = {
    "a": {"proposals": (1, 1, 0), "exchanges": (0, 0, 1), "military_events": (2, 0, 1)},
    "b": {"proposals": (0, 0, 2), "exchanges": (1, 0, 0), "military_events": (1, 1, 1)},
    "c": {"proposals": (2, 0, 0), "exchanges": (0, 0, 0), "military_events": (0, 2, 0)},
}


def test_the_headline_is_the_scorers_own(tmp_path: Path) -> None:
    scores = {i: _score(c) for i, c in BEFORE.items()}
    pooled = Score()
    for s in scores.values():
        pooled.merge(s)
    counts = compare_reports.load_counts(_report(tmp_path, "r", scores))
    assert round(compare_reports.macro_f1(list(counts.values()), "strict"), 4) == pooled.headline()["strict_macro_f1"]


def test_an_unchanged_report_has_no_change_and_a_better_one_a_positive_interval(tmp_path: Path) -> None:
    before = compare_reports.load_counts(_report(tmp_path, "b", {i: _score(c) for i, c in BEFORE.items()}))
    same = compare_reports.compare(before, before, resamples=200)
    assert same["strict"]["change"] == 0 and same["strict"]["interval90"] == [0, 0] and not same["moved"]

    # Every fixture loses its false events and finds its missed proposals ("a" had neither to lose or find).
    better = {i: dict(c) for i, c in BEFORE.items()}
    for c in better.values():
        tp, fp, fn = c["military_events"]
        c["military_events"] = (tp, 0, fn)
        tp, fp, fn = c["proposals"]
        c["proposals"] = (tp + fn, fp, 0)
    after = compare_reports.load_counts(_report(tmp_path, "a", {i: _score(c) for i, c in better.items()}))
    result = compare_reports.compare(before, after, resamples=200)
    assert result["strict"]["change"] > 0 and result["strict"]["interval90"][0] >= 0
    assert {m["fixture"] for m in result["moved"]} == {"b", "c"} and all(m["better"] for m in result["moved"])
    assert "2 better, 0 worse" in compare_reports.render(result, "t")
