"""Requests and demands whose maker the sentence names only through a document or a first-person possessive.

Corpus sentences are cited by record and span (tests/corpus.py); their text is never in the repository.
"""

from __future__ import annotations

from summarizer.extractor import find
from summarizer.schema import Category

from .corpus import corpus_text

DCCC = "RAMS dev nw_RCd79942f07b3db5c8c088918511fb20fe52a9f75176d361dc1b66c5f1"


def _proposals(text: str) -> list[tuple[str, list[str]]]:
    return [(f.lemma, f.agents) for f in find(text) if f.category is Category.proposals]


def test_our_demand_said_the_statement_is_the_issuers_demand() -> None:
    # "Black Lives Matter responded Wednesday with a statement ... '... our demand to value all Black life,' said the
    # statement": the statement speaks for who issued it, and "our" is the speaker's
    assert _proposals(corpus_text(DCCC, (104, 382))) == [("demand", ["Black Lives Matter"])]


def test_a_statement_with_no_issuer_named_before_names_nobody() -> None:
    # the same sentence without the one before it: nobody issued "the statement" in view, so no proposer is guessed
    assert _proposals(corpus_text(DCCC, (263, 382))) == [("demand", [])]


QUARTET = "RAMS dev nw_RC1e345a28d84e21a7ed3e4f06707a4982b8fb6f795fdd522368d3a4f4"


def test_a_reporting_clause_after_what_it_asks_names_who_asks() -> None:
    # "Israel should stop building settlements ..., the Middle East peace quartet – the US, Russia, the EU and the UN
    # – recommended today": the parser leaves "recommended" subjectless; the phrase before it after the comma asks
    assert _proposals(corpus_text(QUARTET, (0, 285))) == [
        ("recommend", ["United States", "Russia", "European Union", "United Nations"])
    ]
