"""Sentences that must yield no item, and the ones beside them that must (issue 9, false alarms): a proposal its own
proposer withholds. Corpus sentences are cited by record and span (tests/corpus.py); fixture sentences are quoted from
dev fixtures."""

from __future__ import annotations

from summarizer.extractor import find
from summarizer.inputs import Article
from summarizer.schema import ArticleMeta, Category
from summarizer.strategies.heuristic import _withheld, candidates_from

from .corpus import corpus_text


def _proposals(text: str) -> list:
    article = Article(text=text, meta=ArticleMeta(chars=len(text)), id="t")
    return [c for c in candidates_from(article, find(text)) if c.category is Category.proposals]


def test_a_proposal_its_proposer_declines_to_make_is_no_item() -> None:
    # "Comey ... declined to recommend criminal charges to the Justice Department": nothing is put forward
    # (GUIDELINES §4)
    text = corpus_text("RAMS dev nw_RCc7452e667ad5275555065bc4a7ea523b34ec8b5a8526bbde500d630b", (239, 428))
    assert any(f.category is Category.proposals and f.lemma == "recommend" for f in find(text))  # the finder sees it
    assert not _proposals(text)


def test_a_proposal_someone_else_does_not_support_stays_an_item() -> None:
    # a call answered by another party is still the caller's proposal (fixture
    # egypt_proposes_gaza_ceasefire_and_cairo_talks, dev): the negation is the reactor's, on a noun, not the proposer's
    text = (
        "Senior State Department officials late Tuesday said Rice still does not support the call for a temporary "
        "cease-fire."
    )
    found = [f for f in find(text) if f.category is Category.proposals and f.lemma == "call"]
    assert found and found[0].negated  # the reactor's "does not" reaches the noun
    assert not _withheld(found[0])


def _events(text: str) -> list:
    article = Article(text=text, meta=ArticleMeta(chars=len(text)), id="t")
    return [c for c in candidates_from(article, find(text)) if c.category is Category.military_events]


def test_an_attack_named_only_as_a_prospect_is_no_item() -> None:
    # "exposed to the consequences of a terrorist attack", "a key supply line in case of invasion": the finder sees the
    # attack word, the brief keeps no event (an indefinite event under a prospect noun is hypothetical)
    for source, span in (
        ("GENEVA val 135_23605_4099605_7745_6", (0, 261)),
        ("RAMS dev nw_RCa118baee76e2c513da0517f7b5f931698efb9cd7c5e8578ae88304e5", (323, 407)),
    ):
        text = corpus_text(source, span)
        assert [f for f in find(text) if f.category is Category.military_events and f.hypothetical], source
        assert not _events(text), source


def test_a_definite_event_under_a_prospect_noun_keeps_its_status() -> None:
    # "in the case of the Islamic attack at Ford Hood": "the case of" means "as for", and "the" attack happened
    text = corpus_text("RAMS dev nw_RC0f482fd339fd53c1c092fc0a952f0a79ec9aa3ca2e1ee3a3e8256d6d", (0, 328))
    attacks = [f for f in find(text) if f.category is Category.military_events and f.lemma == "attack"]
    assert attacks and not any(f.hypothetical for f in attacks)


def test_terrorism_named_as_a_kind_of_violence_is_no_item() -> None:
    # "Putin signed the International Convention for the Suppression of Acts of Nuclear Terrorism": the finder reports
    # the word, the brief keeps no attack by Putin (GUIDELINES §6: vague generalities are no items)
    text = corpus_text("GENEVA val 135_23621_4099790_10681_0", (0, 126))
    assert [f for f in find(text) if f.category is Category.military_events and f.lemma == "terrorism"]
    assert not _events(text)
