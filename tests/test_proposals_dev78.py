"""Proposals on the dev parts of the seventh and eighth batches (dev_78): who asks, when the parse or a description
hides it, and a "call on" that asks nothing. Every sentence is a dev fixture's (tests/fixture_files.py refuses others).
"""

from __future__ import annotations

import asyncio

from summarizer.evals.fixtures import load_fixtures
from summarizer.extractor import find
from summarizer.pipeline import run_pipeline
from summarizer.schema import Category

from .fixture_files import EVALS, dev_fixture_text

MILF = "philippines_milf_rebels_declare_10_day_ceasefire_2003"


def _proposals(text: str, lemma: str) -> list[tuple[list[str], list[str], str]]:
    return [
        (f.agents, f.others, f.sentence.span.text)
        for f in find(text)
        if f.category is Category.proposals and f.lemma == lemma
    ]


def _paragraphs(fixture_id: str, first: str, last: str) -> str:
    text = dev_fixture_text(fixture_id)
    return text[text.index(first) : text.index(last) + len(last)]


def test_a_courtesy_call_on_an_officer_is_no_request() -> None:
    # "called on" with nothing asked (no infinitive, no for-phrase) is a visit (GUIDELINES, seventh batch: the
    # commanding officer calling on the host's area commander is a side visit), not a proposal
    sentence = (
        "The ship's Commanding Officer called on Commander Western Naval Area, Rear Admiral Suresh De Silva, at the "
        "Western Naval Command Headquarters early on Friday."
    )
    assert sentence in dev_fixture_text("ins_delhi_port_call_colombo_passex_2023")
    assert _proposals(sentence, "call") == []


def test_called_on_with_a_for_phrase_hung_on_the_object_still_asks() -> None:
    sentence = (
        "NATO Secretary General Jens Stoltenberg said on Tuesday he had called on Russia and NATO allies for more "
        "discussions on Ukraine as diplomatic efforts intensified in recent weeks."
    )
    assert sentence in dev_fixture_text("nato_invites_russia_to_council_as_moscow_awaits_answers")
    ((agents, others, _),) = _proposals(sentence, "call")
    assert agents == ["Jens Stoltenberg"] and "Russia" in others


def test_a_past_verb_the_parser_joins_to_a_modal_clause_is_the_speakers() -> None:
    # "said the ceasefire would come into effect ... and urged": "urged" cannot share "would"; it is the MILF's act
    sentence = (
        "The Moro Islamic Liberation Front (MILF) said the ceasefire would come into effect next Tuesday and urged the "
        "government to reciprocate."
    )
    text = _paragraphs(MILF, sentence, sentence)
    ((agents, _, _),) = _proposals(text, "urge")
    assert agents == ["MILF"]


def test_they_through_the_rebels_is_the_named_group() -> None:
    # "MILF spokesman Eid Kabalu said the group ... The rebels said they would halt attacks ... They urged the
    # government": "They" stops at "The rebels", a description, which stands for the MILF (not for its spokesman,
    # whom the small model tags ORG under his title)
    text = _paragraphs(MILF, "MILF spokesman Eid Kabalu said", "or face renewed fighting.")
    assert [a for a, _, s in _proposals(text, "urge") if s.startswith("They urged")] == [["MILF"]]


def test_they_with_no_description_before_names_nobody() -> None:
    # the same request without the sentences before it: nothing to stand for, so no proposer is guessed
    text = _paragraphs(MILF, "They urged the government", "or face renewed fighting.")
    assert [a for a, _, _ in _proposals(text, "urge")] == [[]]


def test_two_asks_of_one_proposer_with_nothing_in_common_are_two_proposals() -> None:
    # "... urged the government to reciprocate" and "They urged the government to withdraw its troops within the 10-day
    # period or face renewed fighting": GUIDELINES (eighth batch) labels the second a proposal of its own
    (fixture,) = load_fixtures(EVALS / "fixtures", only=[MILF])
    brief = asyncio.run(run_pipeline(fixture.to_article(), None, strategy="heuristic"))
    urged = [p for p in brief.proposals if p.proposer == ["MILF"]]
    assert len(urged) == 2
    assert any("withdraw its troops" in e.quote for e in urged[1].evidence)


def test_a_surname_the_ner_tags_as_a_place_still_makes_the_offer() -> None:
    # "Pinzon has offered a $670,000 ... reward": the small model tags the surname LOC; the subject who offers is the
    # minister the article named before ("Defense Minister Juan Carlos Pinzon"), listed after his state
    text = dev_fixture_text("colombia_villa_rica_police_station_attack_2012")
    offers = [a for a, _, s in _proposals(text, "offer") if s.startswith("Pinzon has offered")]
    assert offers == [["Colombia", "Juan Carlos Pinzon"]]


def test_the_nationality_of_a_news_agency_is_no_antecedent() -> None:
    # '"We hope the government will reciprocate this offer," Mr Kabalu told French news agency AFP. ... The government
    # has not officially responded to the ceasefire offer': "French" says where the agency is from; "the government"
    # (and so the offer, which the small model reads as a verb) is not France's
    text = _paragraphs(MILF, '"We hope the government', "the Associated Press news agency reported.")
    assert [a for a, _, s in _proposals(text, "offer") if s.startswith("The government")] == [[]]
