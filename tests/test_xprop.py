"""A proposer or a trade's sides named only in another sentence (docs/EXTRACTOR.md, xprop pass)."""

from __future__ import annotations

from summarizer.extractor import find
from summarizer.schema import Category

from .corpus import corpus_text
from .fixture_files import dev_fixture_text


def _cut(fixture: str, first: str, last: str) -> str:
    text = dev_fixture_text(fixture)
    start = text.index(first)
    return text[start : text.index(last, start) + len(last)]


def test_a_proposal_named_again_by_a_definite_noun_is_made_by_whoever_made_the_one_told_before() -> None:
    # fixture seed-russia-trilateral-naval-exercise (dev): "Russia has proposed holding a trilateral naval exercise ..."
    # / "The proposal came when Russia's defence minister Sergei Shoigu met with North Korea's leader"
    text = _cut("seed-russia-trilateral-naval-exercise", "Russia has proposed holding", "in late July.")
    (again,) = [f for f in find(text) if f.category is Category.proposals and f.lemma == "proposal"]
    assert again.agents == ["Russia"] and not again.has_subject and again.retells is not None
    assert again.retells.lemma == "propose"


def test_a_trade_named_again_takes_both_sides_of_the_trade_told_before() -> None:
    # fixture azerbaijan_armenia_exchange_prisoners_goodwill_2011 (dev): "Azerbaijan and Armenia on Thursday exchanged
    # prisoners ..." / "She said the exchange, the first one this year, took place in Azerbaijan's Agdam region"
    text = _cut("azerbaijan_armenia_exchange_prisoners_goodwill_2011", "BAKU (Reuters)", "since the conflict.")
    (again,) = [
        f for f in find(text) if f.category is Category.exchanges and "the first one this year" in f.sentence.text
    ]
    assert set(again.agents + again.others) == {"Azerbaijan", "Armenia"} and again.retells is not None


def test_an_offer_named_again_is_not_a_request_of_another_party_told_before() -> None:
    # fixture rouhani_says_us_offered_to_lift_sanctions_for_talks (dev): Trump's "Iran wanted me to lift the sanctions"
    # is Iran's request; "the 'framework' of the offer" Rouhani rejects is the US offer, not Iran's
    text = dev_fixture_text("rouhani_says_us_offered_to_lift_sanctions_for_talks")
    offers = [f for f in find(text) if f.category is Category.proposals and "framework" in f.sentence.text]
    assert offers and all("Iran" not in f.agents and f.retells is None for f in offers)


def test_a_that_clause_asks_whom_its_pronoun_subject_stands_for() -> None:
    # RAMS dev nw_RC543d8adee858312d77e9e8c7bc6cb7b7ed14cacccc31800592335a05: "The White House insisted today that Mrs.
    # Clinton received no improper financial assistance ... from the lawyer, James B. Blair ... Mr. Blair has said that
    # he had suggested that she get into the commodities market": she, asked to act, is Mrs. Clinton
    text = corpus_text("RAMS dev nw_RC543d8adee858312d77e9e8c7bc6cb7b7ed14cacccc31800592335a05", (73, 496))
    (suggested,) = [f for f in find(text) if f.category is Category.proposals and f.lemma == "suggest"]
    assert suggested.others == ["Clinton"] and "Clinton" not in suggested.agents


def test_a_that_clause_pronoun_takes_no_party_named_further_back_than_the_sentence_before() -> None:
    # fixture eln_proposes_90_day_ceasefire_duque_rejects_2020 (dev): in '"Colombia demands that they free the
    # hostages ..."' "they" is the ELN, which the tagger does not tag in the sentence before; the United Nations, named
    # three sentences back, is not guessed instead
    text = _cut("eln_proposes_90_day_ceasefire_duque_rejects_2020", "Colombia's leftist", "their criminal acts.")
    (demands,) = [f for f in find(text) if f.category is Category.proposals and "demands that they" in f.sentence.text]
    assert "United Nations" not in demands.others
