"""The two sides of a trade (issue 9, trades pass of the round of 2026-12-03, third session): sentences of the dev
fixtures quoted, and of the tuning corpora (RAMS dev) cited by record and span."""

from __future__ import annotations

from summarizer.extractor import Found
from summarizer.schema import Category, DraftExchange

from .brief_items import found_of, merged_drafts
from .corpus import corpus_text


def _of(text: str, lemma: str) -> Found:
    return found_of(text, Category.exchanges, lemma)


def test_whoever_signs_the_deal_a_trade_completes_makes_the_trade() -> None:
    # dev argentina_buys_24_danish_f16s_2024: the buyer is the subject of "signed", two phrases above "to buy"
    text = (
        "Argentina’s defence minister signed a deal on Tuesday worth about 2.1 billion kroner (£241 million) to buy 24 "
        "of Denmark’s ageing F-16 fighter jets."
    )
    assert "Argentina" in _of(text, "buy").agents
    # ... and through a letter's of-phrase ("a letter of intent to sell"), the subject of the verb conjoined above
    text = "In March, Mr Poulsen visited Argentina and signed a letter of intent to sell some of Denmark’s F-16 jets."
    assert _of(text, "sell").agents == ["Poulsen"]


def test_money_found_to_buy_with_is_no_deal_and_gives_no_buyer() -> None:
    # "struggle to find the money to buy food": the subject of "revealed" (a study) bought nothing
    text = corpus_text("RAMS dev nw_RC304ece4cc004efa7b86aa344c6b43652221f723852c08e7cc597a30d", (0, 169))
    assert not _of(text, "buy").agents


def test_whom_one_has_a_loan_with_is_its_other_side() -> None:
    text = corpus_text("RAMS dev nw_RCab5b51297df00eb71d9415c2ad4f32be17c0437d5c7f5089bdcc5845", (78, 219))
    assert _of(text, "loan").others == ["Russia"]


def _sides(text: str) -> list[set[str]]:
    drafts = merged_drafts(text, Category.exchanges)
    return [{d.side_a.party, d.side_b.party} for d in drafts if isinstance(d, DraftExchange)]


def test_the_demonym_of_freed_people_is_their_group_not_their_state() -> None:
    # dev qatar_mediated_gaza_truce_hostages_for_prisoners: "Palestinian women ... detained" are whom Israel frees;
    # Hamas, named in the article, bargains for them (lexicon term list freed_people)
    text = (
        "Israel and Hamas agreed to a four-day truce. The Ministry of Foreign Affairs said in a statement that the "
        "agreement includes the release of 50 civilian women and children hostages currently held in the Gaza Strip "
        "in exchange for the release of a number of Palestinian women and children detained in Israeli prisons."
    )
    assert {"Israel", "Hamas"} in _sides(text)
    # dev white_house_gaza_peace_plan_hostages_within_72_hours: "Israeli and Palestinian prisoner exchanges"
    text = (
        "The plan requires Hamas to free all hostages within 72 hours. If accepted, the plan mandates Israeli and "
        "Palestinian prisoner exchanges and a withdrawal of Israeli forces to establish peace. In return, Israel is "
        "expected to free 250 Palestinian prisoners serving life sentences."
    )
    sides = _sides(text)
    assert {"Israel", "Hamas"} in sides and not any("Palestine" in s for s in sides)


def test_a_state_named_as_a_side_stays_when_the_article_names_no_group_of_its_people() -> None:
    # the same sentence with no Palestinian group named: the state stays a side
    text = (
        "The agreement includes the release of 50 civilian women and children hostages currently held in the Gaza "
        "Strip in exchange for the release of a number of Palestinian women and children detained in Israeli prisons."
    )
    assert {"Palestine", "Israel"} in _sides(text)
