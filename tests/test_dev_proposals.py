"""Proposals from dev errors behind a validation gate (issue 9, devprops pass of the round of 2026-12-03, third
session, second wave). Sentences quoted from the dev fixtures (evals/splits.yaml) or cited from the tuning corpora."""

from __future__ import annotations

from summarizer.extractor import Found
from summarizer.schema import Category

from .brief_items import found_of


def _of(text: str, lemma: str) -> Found:
    return found_of(text, Category.proposals, lemma)


def test_a_verb_conjoined_before_a_request_does_not_cancel_it() -> None:
    # fixture eln_proposes_90_day_ceasefire_duque_rejects_2020 (dev): "suspended" is the ELN's other act
    text = (
        "The ELN suspended its operations during April and asked Duque to return to the negotiation table to discuss "
        "a bilateral ceasefire, but said that was ignored."
    )
    f = _of(text, "ask")
    assert not f.cancelled and f.agents == ["National Liberation Army"]


def test_a_verb_of_mandating_with_a_that_clause_is_a_demand() -> None:
    # fixture india_requires_fighter_makers_to_transfer_technology_2017 (dev); evals/GUIDELINES.md §12, "A buyer's
    # terms for bidding"
    text = (
        "India has mandated that global aircraft makers such as and Co get approvals of their governments to transfer "
        "technology and build jets with a local partner in India, if they have to bid for the single engine fighter "
        "requirement for the country."
    )
    f = _of(text, "mandate")
    assert f.kind == "demand" and f.agents == ["India"]


def test_where_a_side_moves_in_a_deal_is_no_side_of_it() -> None:
    # the headline of fixture wagner_prigozhin_belarus_deal (dev): Belarus is where Prigozhin goes, not a party
    text = "Wagner chief to move to Belarus in deal to defuse rebellion as Russia drops charges"
    assert "Belarus" not in found_of(text, Category.exchanges, "deal").others
