"""bench/item_groups.py: counts per group of emitted items agree with the eval, a group of false items is found to
cost both headlines, and a gate's bypass is undone after its run."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import item_groups  # noqa: E402

from summarizer.evals.fixtures import load_fixtures  # noqa: E402
from summarizer.evals.scoring import score_brief  # noqa: E402
from summarizer.pipeline import run_pipeline  # noqa: E402
from summarizer.schema import Category, EventKind, Evidence, MatchKind, MilitaryEvent  # noqa: E402
from summarizer.strategies import heuristic  # noqa: E402

SEED = "seed-russia-trilateral-naval-exercise"


@pytest.fixture(scope="module")
def seed() -> item_groups.Scored:
    fx = load_fixtures(ROOT / "evals" / "fixtures", only=[SEED])[0]
    return item_groups.Scored(fx, asyncio.run(run_pipeline(fx.to_article(), None, strategy="heuristic")))


def test_the_base_headline_is_the_evals(seed: item_groups.Scored) -> None:
    result = item_groups.table([seed], min_items=8)
    headline = score_brief(seed.brief, seed.fixture)[0].headline()
    assert round(result["base"]["strict"]["headline"], 4) == headline["strict_macro_f1"]
    assert round(result["base"]["detection"]["headline"], 4) == headline["detection_macro_f1"]
    # every property splits its category's items into groups that add up to them
    for category in Category:
        n = len(seed.brief.items(category))
        for prop in item_groups.GROUPS:
            rows = [r for r in result["groups"] if r["category"] == category.value and r["property"] == prop]
            assert sum(r["items"] for r in rows) in (0, n)


def _false_events(seed: item_groups.Scored, n: int) -> list[MilitaryEvent]:
    """``n`` events quoting a stretch of the article no gold item's evidence touches."""
    text = seed.fixture.article.text
    taken = [span for c in Category for g in seed.fixture.expected.items(c) for span in g.spans]
    start = next(i for i in range(0, len(text) - 40, 10) if all(b <= i or i + 40 <= a for a, b in taken))
    quote = Evidence(quote=text[start : start + 40], start=start, end=start + 40, match=MatchKind.exact, score=1.0)
    return [MilitaryEvent(kind=EventKind.other, actors=["Ruritania"], evidence=[quote]) for _ in range(n)]


def test_a_group_of_false_items_costs_both_headlines(seed: item_groups.Scored) -> None:
    brief = seed.brief.model_copy(update={"military_events": seed.brief.military_events + _false_events(seed, 3)})
    result = item_groups.table([item_groups.Scored(seed.fixture, brief)], min_items=3)
    other = next(r for r in result["groups"] if r["category"] == "military_events" and r["group"] == "kind other")
    assert other["items"] >= 3 and other["strict_right"] == 0
    assert other["costs_both"] and other["strict_change"] > 0 and other["detection_change"] > 0
    # a group of right items does not
    assert not any(r["costs_both"] for r in item_groups.table([seed], min_items=1)["groups"])


def test_a_gates_bypass_is_undone() -> None:
    before = (heuristic._event, heuristic._exchange, heuristic._withheld, heuristic.background_setting)
    for bypass in item_groups.GATES.values():
        with bypass():
            assert (heuristic._event, heuristic._exchange, heuristic._withheld, heuristic.background_setting) != before
        assert (heuristic._event, heuristic._exchange, heuristic._withheld, heuristic.background_setting) == before


def test_key_error_classes_name_no_party() -> None:
    from summarizer.evals.aliases import NO_ALIASES
    from summarizer.evals.fixtures import GoldEvent, GoldProposal
    from summarizer.schema import Proposal

    quote = Evidence(quote="Al-Shabaab fighters stormed the base", start=0, end=36, match=MatchKind.exact, score=1.0)
    event = MilitaryEvent(kind=EventKind.strike, actors=["Somalia"], evidence=[quote])
    gold = GoldEvent(kind=EventKind.strike, actors=["Al-Shabaab"], evidence=[quote.quote])
    assert item_groups.key_error(event, gold, NO_ALIASES) == [
        "event actor: emitted state, gold organization, gold in its quotes"
    ]
    wrong_kind = GoldEvent(kind=EventKind.exercise, actors=["Somalia"], evidence=[quote.quote])
    assert item_groups.key_error(event, wrong_kind, NO_ALIASES) == ["event kind strike -> exercise"]
    swapped = Proposal(proposer=["Kenya"], evidence=[quote])
    offer = GoldProposal(proposer=["Somalia"], addressees=["Kenya"], evidence=[quote.quote])
    assert item_groups.key_error(swapped, offer, NO_ALIASES) == [
        "proposer: a gold addressee emitted as proposer; gold state, not in its quotes"
    ]
