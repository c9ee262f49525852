"""Labeller agreement (summarizer/evals/agreement.py, bench/agreement.py): one labeller's fixture read as a brief
and scored by the eval's scorer against the other's. Real fixtures of the first batches, not the seventh."""

from __future__ import annotations

import json
import shutil
import sys
from functools import cache
from pathlib import Path

import pytest
import yaml

from summarizer.evals.agreement import ArticleMismatch, brief_from_fixture, score_agreement
from summarizer.evals.fixtures import Fixture, load_fixture
from summarizer.schema import Category, MatchKind

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "evals" / "fixtures"
IDS = (
    "seed-russia-trilateral-naval-exercise",
    "kashmir_militants_ambush_army_convoy_kathua_2024",
    "argentina_buys_24_danish_f16s_2024",
)
sys.path.insert(0, str(ROOT / "bench"))

import agreement as bench_agreement  # noqa: E402


@cache
def _loaded(fixture_id: str) -> Fixture:
    return load_fixture(FIXTURES / f"{fixture_id}.yaml")


def _fixture(fixture_id: str) -> Fixture:
    fx = _loaded(fixture_id)
    copy = fx.model_copy(deep=True)
    for c in Category:  # ``spans`` is excluded from dumps; keep it on the copy
        for mine, theirs in zip(copy.expected.items(c), fx.expected.items(c), strict=True):
            mine.spans = list(theirs.spans)
    return copy


@pytest.mark.parametrize("with_optional", [False, True])
@pytest.mark.parametrize("fixture_id", IDS)
def test_a_fixture_scored_against_itself_agrees_fully(fixture_id: str, with_optional: bool) -> None:
    fx = _fixture(fixture_id)
    result = score_agreement([fx], [fx], with_optional=with_optional)
    head = result.total().headline()
    assert head["strict_macro_f1"] == 1.0 and head["detection_macro_f1"] == 1.0
    assert head["strict_micro_f1"] == 1.0
    attrs = result.total().attribute_accuracies()
    assert all(v == 1.0 for v in attrs.values() if v is not None), attrs


def test_the_brief_quotes_are_located_by_the_aligner_and_optional_items_are_left_out_unless_asked() -> None:
    fx = _fixture("seed-russia-trilateral-naval-exercise")
    required = brief_from_fixture(fx)
    every = brief_from_fixture(fx, with_optional=True)
    n_required = sum(1 for c in Category for g in fx.expected.items(c) if not g.optional)
    n_all = sum(len(fx.expected.items(c)) for c in Category)
    assert sum(len(required.items(c)) for c in Category) == n_required < n_all
    assert sum(len(every.items(c)) for c in Category) == n_all
    for c in Category:
        for item in every.items(c):
            for e in item.evidence:
                assert e.match is MatchKind.exact and fx.article.text[e.start : e.end] == e.quote


def test_removing_a_required_item_lowers_recall_and_only_recall() -> None:
    gold = _fixture("seed-russia-trilateral-naval-exercise")
    fewer = _fixture("seed-russia-trilateral-naval-exercise")
    events = fewer.expected.military_events
    drop = next(i for i, g in enumerate(events) if not g.optional)
    del events[drop]
    strict = score_agreement([fewer], [gold]).total().categories["military_events"].strict
    assert strict.recall < 1.0 and strict.precision == 1.0
    # The other way round the removed item is a prediction the gold lacks: precision falls instead.
    back = score_agreement([gold], [fewer]).total().categories["military_events"].strict
    assert back.precision < 1.0 and back.recall == 1.0


def test_a_wrong_key_field_is_a_detection_but_not_a_strict_match() -> None:
    gold = _fixture("kashmir_militants_ambush_army_convoy_kathua_2024")
    other = _fixture("kashmir_militants_ambush_army_convoy_kathua_2024")
    ambush = next(g for g in other.expected.military_events if not g.optional)
    ambush.actors = ["Pakistan"]  # same evidence, another actor
    cs = score_agreement([other], [gold]).total().categories["military_events"]
    assert cs.detection.f1 == 1.0 and cs.strict.tp == 0 and cs.strict.fn == 1


def test_fixtures_of_different_article_texts_are_refused() -> None:
    a = _fixture("argentina_buys_24_danish_f16s_2024")
    b = _fixture("argentina_buys_24_danish_f16s_2024")
    b.article.text = b.article.text + "\nA different page."
    with pytest.raises(ArticleMismatch):
        score_agreement([b], [a])


def test_the_bench_tool_scores_both_directions_and_writes_every_mismatch(tmp_path: Path) -> None:
    b_dir = tmp_path / "b"
    b_dir.mkdir()
    shutil.copy(FIXTURES / "argentina_buys_24_danish_f16s_2024.yaml", b_dir)
    raw = yaml.safe_load((FIXTURES / "kashmir_militants_ambush_army_convoy_kathua_2024.yaml").read_text("utf-8"))
    raw["expected"]["military_events"] = [g for g in raw["expected"]["military_events"] if g["optional"]]
    (b_dir / "kashmir_militants_ambush_army_convoy_kathua_2024.yaml").write_text(
        yaml.safe_dump(raw, allow_unicode=True, width=1000), encoding="utf-8"
    )
    out, mismatches = tmp_path / "agreement.json", tmp_path / "mismatches.md"
    assert (
        bench_agreement.main([str(FIXTURES), str(b_dir), "--json", str(out), "--disagreements", str(mismatches)]) == 0
    )
    rows = {(r["part"], r["direction"], r["predicted_items"]): r for r in json.loads(out.read_text("utf-8"))["rows"]}
    b_vs_a = rows[("all", "B vs A gold", "required")]
    a_vs_b = rows[("all", "A vs B gold", "required")]
    # B left out the ambush A requires: B's recall falls; A's ambush is a prediction B's gold lacks.
    assert b_vs_a["counts"]["military_events"]["strict"]["fn"] == 1
    assert a_vs_b["counts"]["military_events"]["strict"]["fp"] == 1
    assert rows[("all", "mean", "required")]["strict_micro_f1"] == round(
        (b_vs_a["strict_micro_f1"] + a_vs_b["strict_micro_f1"]) / 2, 4
    )
    text = mismatches.read_text("utf-8")
    assert "A's required item matches nothing of B's" in text and "Gunmen fired at the convoy" in text
    assert "argentina_buys_24_danish_f16s_2024" not in text  # identical copies: nothing to list


def test_the_bench_tool_reports_a_missing_fixture_as_an_error(tmp_path: Path) -> None:
    (tmp_path / "nowhere.yaml").write_text("id: nowhere\n", encoding="utf-8")
    assert bench_agreement.main([str(FIXTURES), str(tmp_path)]) == 2
