"""bench/item_gate.py: its labels are the eval's, its features hold no word of the text, and a gate that drops every
item is scored as the eval would score an empty brief."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import item_gate  # noqa: E402
import item_groups  # noqa: E402

from summarizer.evals.fixtures import load_fixtures  # noqa: E402
from summarizer.evals.scoring import score_brief  # noqa: E402
from summarizer.schema import Category  # noqa: E402

SEED = "seed-russia-trilateral-naval-exercise"


@pytest.fixture(scope="module")
def seed() -> item_groups.Scored:
    # the seed article's heuristic brief, run as the round runs every fixture
    return item_groups._run(load_fixtures(ROOT / "evals" / "fixtures", only=[SEED]))[0]


def test_rows_are_the_emitted_items_labelled_as_the_eval_scores_them(seed: item_groups.Scored) -> None:
    data = item_gate.rows([seed])
    score, _ = score_brief(seed.brief, seed.fixture)
    assert len(data) == sum(len(seed.brief.items(c)) for c in Category) > 0
    assert sum(r.strict for r in data) == sum(score.categories[c.value].strict.tp for c in Category)


def test_features_name_properties_not_words(seed: item_groups.Scored) -> None:
    names = {a.name.casefold() for a in seed.brief.actors}
    assert names  # the seed's brief names Russia, Pakistan, ... so the check below can fail
    for r in item_gate.rows([seed]):
        assert all(k.startswith(r.category.value) or k == f"category={r.category.value}" for k in r.x)
        assert all(isinstance(v, float) for v in r.x.values())
        # a party's name or a quote never becomes a feature: only the gazetteer's kind of the first party
        assert not any(w in k.casefold() for k in r.x for w in names)


def test_dropping_every_item_scores_as_an_empty_brief(seed: item_groups.Scored) -> None:
    data = item_gate.rows([seed])
    everything = item_gate._dropped(data, [0.0] * len(data), 0.5)
    after = item_gate.counts([seed], everything)[seed.fixture.id]
    before = item_gate.counts([seed], set())[seed.fixture.id]
    for c in Category:
        assert after[c.value]["strict"]["tp"] == after[c.value]["strict"]["fp"] == 0
        # an optional gold item is no miss when left out (evals/GUIDELINES.md §8)
        required = [g for g in getattr(seed.fixture.expected, c.value) if not g.optional]
        assert after[c.value]["strict"]["fn"] == len(required) >= before[c.value]["strict"]["fn"]


def test_out_of_fold_probabilities_come_from_the_other_fixtures() -> None:
    pytest.importorskip("sklearn")
    # fixture n's items are right exactly when they carry feature "a": every fold can learn it from the others
    data = [
        item_gate.Row(n, Category.military_events, i, {"a": 1.0} if right else {"b": 1.0}, right)
        for n in range(10)
        for i, right in enumerate((True, False))
    ]
    probs = item_gate.out_of_fold(data, 10)
    assert all((p > 0.5) == r.strict for r, p in zip(data, probs, strict=True))
    assert len(item_gate._dropped(data, probs, 0.5)) == 10
