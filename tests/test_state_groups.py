"""A group that a state only qualifies ("Colombia's leading rebel group") is the one non-state group the article names
as a party, often only in a later sentence (issue 9, who5 pass of the round of 2026-12-03, fifth session, second
wave). Sentences from the dev fixtures."""

from __future__ import annotations

from summarizer.extractor import find
from summarizer.schema import Category

from .fixture_files import dev_fixture_text


def _agents(text: str, category: Category, lemma: str) -> list[list[str]]:
    return [f.agents for f in find(text) if f.category is category and f.lemma == lemma]


def _opening(fixture: str, first: str, last: str) -> str:
    text = dev_fixture_text(fixture)
    i = text.index(first)
    j = text.index(last, i)
    return text[i : text.index(".", j) + 1]


def test_a_states_rebel_group_is_the_group_the_article_names_after_it() -> None:
    # dev farc_offers_to_swap_captive_soldiers_for_jailed_leaders_1998: FARC is named three paragraphs on, and
    # "the rebels" who freed 70 soldiers in return for a demilitarized zone are FARC's side of that trade
    text = _opening(
        "farc_offers_to_swap_captive_soldiers_for_jailed_leaders_1998",
        "In an unprecedented move",
        "Last June, the rebels freed 70 captured soldiers",
    )
    assert _agents(text, Category.proposals, "offer") == [["Revolutionary Armed Forces of Colombia"]]


def test_no_named_group_leaves_the_state_qualified_noun_alone() -> None:
    # guard: with no group named anywhere, nothing is put in its place
    text = "Colombia's main leftist rebel group says it is willing to exchange hostages for jailed rebels."
    assert all("Revolutionary Armed Forces of Colombia" not in a for a in _agents(text, Category.exchanges, "exchange"))
