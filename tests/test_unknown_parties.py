"""Proposers and trade parties the gazetteer does not know: the party an official's title names, wherever the parser
hangs the title, and the content of a proposal noun (evals/GUIDELINES.md §3: an official acting for a state, the state
first, then the person). Sentences from dev fixtures only (evals/SPLITS.md, the second wave of 2026-12-03)."""

from __future__ import annotations

from summarizer.extractor import find
from summarizer.extractor.passes import _title_party
from summarizer.nlp import parse
from summarizer.schema import Category

from .fixture_files import dev_fixture_text


def _sentence(fixture_id: str, start: str) -> str:
    text = dev_fixture_text(fixture_id)
    i = text.index(start)
    return text[i : text.index(".", i + len(start)) + 1]


def _title_parties(text: str) -> dict[str, str | None]:
    return {e.text: _title_party(e) for p in parse(text) for e in p.span.ents if e.label_ == "PERSON"}


def test_a_title_before_the_name_names_the_state_however_deep() -> None:
    boucher = _sentence("pakistan_ghaznavi_test_us_urges_dialogue_2003", "US State Department spokesman")
    assert _title_parties(boucher)["Richard Boucher"] == "United States"
    blinken = _sentence("nato_invites_russia_to_council_as_moscow_awaits_answers", "Today, Tuesday, US Secretary")
    assert _title_parties(blinken)["Anthony Blinken"] == "United States"


def test_a_title_in_apposition_names_the_state() -> None:
    text = _sentence("nato_invites_russia_to_council_as_moscow_awaits_answers", "Today, Tuesday, US Secretary")
    assert _title_parties(text)["Sergei Lavrov"] == "Russia"  # "his Russian counterpart, Sergei Lavrov"


def test_an_organisation_in_the_title_is_the_party_when_no_state_is() -> None:
    text = _sentence("nato_invites_russia_to_council_as_moscow_awaits_answers", "NATO Secretary General")
    assert _title_parties(text)["Jens Stoltenberg"] == "NATO"


def test_a_name_without_a_title_names_no_party() -> None:
    # "with German Chancellor Olaf Scholz" has a title; "Stoltenberg added" (a surname, no entity of two words) none
    text = _sentence("nato_invites_russia_to_council_as_moscow_awaits_answers", "“Today I invited Russia")
    parties = _title_parties(text)
    assert parties.get("Olaf Scholz") == "Germany"
    assert all(v is None for k, v in parties.items() if k != "Olaf Scholz")


def test_a_proposal_noun_puts_forward_its_that_clause() -> None:
    text = _sentence("pakistan_ghaznavi_test_us_urges_dialogue_2003", "US State Department spokesman")
    advice = [f for f in find(text) if f.category is Category.proposals]
    assert advice and "restrain their missile programs" in advice[0].what


def test_an_organisation_the_gazetteer_does_not_know_is_a_party_of_a_trade_as_a_subject(unknown_actors: None) -> None:
    text = _sentence("israel_releases_39_palestinians_under_hostage_deal", "The exchange, which took place")
    swap = [f for f in find(text) if f.category is Category.exchanges]
    assert swap and "Hamas" in swap[0].parties and "Israel" in swap[0].parties
    assert swap[0].parties.index("Hamas") < swap[0].parties.index("Israel")  # in the order the sentence names them


def test_an_unknown_official_is_listed_after_the_party_of_the_title(unknown_actors: None) -> None:
    # "US State Department spokesman Richard Boucher ... he repeated": the proposal of the quote that follows is the
    # state's and the spokesman's (GUIDELINES §3)
    text = dev_fixture_text("pakistan_ghaznavi_test_us_urges_dialogue_2003")
    i = text.index("US State Department spokesman")
    asks = [f for f in find(text[i : text.index("he told reporters", i) + 18]) if f.category is Category.proposals]
    assert any(f.agents[:2] == ["United States", "Richard Boucher"] for f in asks)


def test_the_nearest_party_guess_takes_an_unknown_organisation_named_last(unknown_actors: None) -> None:
    text = _sentence("egypt_proposes_gaza_ceasefire_and_cairo_talks", "Syria: Hamas ready")
    offer = [f for f in find(text) if f.category is Category.proposals]
    assert offer and offer[0].agents == ["Hamas"]


def test_a_title_word_tagged_as_an_organisation_names_no_party() -> None:
    # "as Defence Minister Rajnath Singh was handed over the fighter jet": "Defence" is the office, not a body
    text = _sentence("india_receives_first_rafale_in_bordeaux_2019", "India has officially received")
    assert _title_parties(text).get("Rajnath Singh") is None
