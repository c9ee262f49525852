"""Who proposed and to whom, when the trigger's own sentence names them: a proposal answered by its addressee, and a
subject that names nobody (issue 9, proposer pass of the round of 2026-12-03, third session). Sentences from the tuning
corpora (RAMS dev, GENEVA val), cited by record and span, and from the dev fixtures."""

from __future__ import annotations

from summarizer.extractor import Found
from summarizer.schema import Category

from .brief_items import found_of
from .corpus import corpus_text


def _of(text: str, lemma: str) -> Found:
    return found_of(text, Category.proposals, lemma)


def test_who_rejects_a_call_is_whom_it_was_put_to() -> None:
    # Abbas called on the militant groups to end their attacks; Hamas rejected it (not Israel, named inside the raid)
    f = _of(corpus_text("GENEVA val 205_23726_4101835_14693_8", (0, 141)), "call")
    assert f.agents == ["Abbas"]
    assert f.others[0] == "Hamas" and "Israel" not in f.others


def test_who_ignores_an_appeal_is_its_addressee() -> None:
    text = corpus_text("RAMS dev nw_RC89989a0ee281bada5536ee6b1503b8cae6ed5a6b924f316d2eb0b44b", (0, 363))
    f = _of(text, "appeal")
    assert "Russia" in f.others and "Syria" not in f.others


def test_who_turns_a_request_down_did_not_make_it() -> None:
    text = corpus_text("RAMS dev nw_RC11faf1da830d9353dd511cda95daddc43096c3661c6576e51900acab", (69, 158))
    f = _of(text, "request")
    assert not f.agents and "Chris Benge" in f.others


def test_who_has_not_responded_to_an_offer_is_its_addressee() -> None:
    f = _of(corpus_text("GENEVA val 135_23521_4097159_668_0", (0, 60)), "offer")
    assert f.others == ["United States"] and not f.agents


def test_the_subject_of_an_answer_is_resolved_like_any_party() -> None:
    # "asked permission from President Vladimir Putin ..., but he denied the request": he is Putin
    text = corpus_text("RAMS dev nw_RC9a121807989c00842211612013d6d2a7987c71e66ea3894c99c60729", (0, 179))
    f = _of(text, "request")
    assert "Vladimir Putin" in f.others


def test_a_rejected_demand_in_a_dev_fixture_names_its_addressee() -> None:
    # fixture colombian_rebels_seek_prisoner_swap_with_government_2009 (dev)
    f = _of("Mr. Uribe has rejected that demand.", "demand")
    assert not f.agents and f.others and "Uribe" in f.others[0]


def test_an_unresolved_pronoun_subject_takes_no_guess_from_the_sentence() -> None:
    # "As for his policy to defeat ISIS, he proposed leading a coalition": ISIS is what the policy is against
    text = corpus_text("RAMS dev nw_RC8a3838d8487d3557a0d8653c1e4313d27924fd397029c21dfd81386e", (104, 241))
    f = _of(text, "propose")
    assert "Islamic State" not in f.agents


def test_a_noun_subject_whose_phrase_names_a_party_still_takes_it() -> None:
    # guards: the guess stays where the subject's own phrase names the party
    text = corpus_text("RAMS dev nw_RCc046e398f16f060a23ad7af4beac4165f1d53b8c761b71cd47398929", (746, 930))
    assert _of(text, "request").agents
    text = corpus_text("RAMS dev nw_RC50e1d81d47fd8b1a1eb30ae840bc13c4ddbd9b861df2263051bd1c6c", (261, 534))
    assert "United States" in _of(text, "urge").agents


def test_a_portfolio_in_a_title_is_no_party() -> None:
    # "Oklahoma Secretary of State Chris Benge": the small model tags "State" ORG; it is the office's portfolio
    text = corpus_text("RAMS dev nw_RC11faf1da830d9353dd511cda95daddc43096c3661c6576e51900acab", (69, 158))
    f = _of(text, "request")
    assert "State" not in f.others + f.agents
    text = corpus_text("RAMS dev nw_RC89989a0ee281bada5536ee6b1503b8cae6ed5a6b924f316d2eb0b44b", (0, 363))
    assert "State" not in _of(text, "appeal").agents
