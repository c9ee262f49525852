"""The article's temporal layer: tense, anchors, and dating an item from its words, evidence and context.

Articles are the fixtures' verbatim texts; single sentences are quoted from real articles (source noted)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from summarizer.evals.fixtures import Fixture, load_fixture
from summarizer.grounding import Aligner
from summarizer.pipeline import ground_draft
from summarizer.prompts import PromptLibrary
from summarizer.schema import DatePrecision, DraftBrief, DraftBriefV2, DraftProposalV2, Evidence
from summarizer.strategies.oneshot import RESPONSE_MODELS
from summarizer.temporal import Timeline

D = dt.date
FIXTURES = Path(__file__).resolve().parents[1] / "evals" / "fixtures"


def _fixture(name: str) -> Fixture:
    return load_fixture(FIXTURES / f"{name}.yaml")


def _evidence(text: str, *quotes: str) -> list[Evidence]:
    aligner = Aligner(text)
    return [aligner.align(q) for q in quotes]


def _only(tl: Timeline, words: str) -> DatePrecision | tuple[dt.date | None, dt.date | None]:
    e = next(e for e in tl.exprs if e.text == words)
    return (e.when.start, e.when.end) if e.when.start else e.when.precision


def test_present_tense_of_a_scheduled_event_reads_forward() -> None:
    # Issue 10's example ("Freedom Edge 24-2 ends on Friday", in an article published on a Thursday).
    tl = Timeline.build("Freedom Edge 24-2 ends on Friday.", D(2024, 11, 14))
    e = tl.exprs[0]
    assert (e.when.start, e.when.precision) == (D(2024, 11, 15), DatePrecision.day)
    assert e.when.rule == "weekday (future tense)" and e.when.anchor == "published 2024-11-14"


def test_past_tense_reads_back_and_headlines_are_not_read_for_tense() -> None:
    # The Hill, 2023-06-24 (a Saturday): "whose army began advancing on Moscow on Friday".
    tl = Timeline.build("Prigozhin, whose army began advancing on Moscow on Friday, said so.", D(2023, 6, 24))
    assert _only(tl, "on Friday") == (D(2023, 6, 23), D(2023, 6, 23))


def test_later_that_year_counts_from_the_date_before_it() -> None:
    f = _fixture("us_expects_turkey_sweden_approval_before_f16")
    tl = Timeline.build(f.article.text, f.article.published)
    e = next(e for e in tl.exprs if e.text == "later that year")
    assert (e.when.start, e.when.end, e.when.precision) == (D(2021, 1, 1), D(2021, 12, 31), DatePrecision.year)
    assert e.when.anchor and "In April 2021" in e.when.anchor


def test_an_anaphor_with_nothing_to_count_from_stays_unknown() -> None:
    # Sputnik, 2022-12-31; "the next day" has no dated event before it here.
    tl = Timeline.build("The next day, the ministry said nothing more.", D(2022, 12, 31))
    assert tl.exprs[0].when.precision is DatePrecision.unknown


def test_the_same_day_when_a_future_event_happens_is_not_the_date_before_it() -> None:
    f = _fixture("us_expects_turkey_sweden_approval_before_f16")
    tl = Timeline.build(f.article.text, f.article.published)
    at = f.article.text.index("on the same day when the Turkish parliament ratifies")
    assert not [e for e in tl.exprs if e.start <= at < e.end and e.when.start is not None]


def test_an_item_takes_the_models_words_where_they_stand() -> None:
    f = _fixture("seed-russia-trilateral-naval-exercise")
    tl = Timeline.build(f.article.text, f.article.published)
    ev = _evidence(f.article.text, "North Korea had launched two short-range ballistic missiles last Wednesday")
    when = tl.date_item("last Wednesday (Aug. 30)", ev)
    assert (when.start, when.source) == (D(2023, 8, 30), "when")


def test_a_coarse_date_gives_way_to_the_finer_one_of_the_same_event_next_door() -> None:
    # "The proposal came when ... met ... in late July." then "Shoigu visited the North from Jul. 25 to 27."
    f = _fixture("seed-russia-trilateral-naval-exercise")
    tl = Timeline.build(f.article.text, f.article.published)
    quote = next(s.text for s in tl.sentences if s.text.startswith("The proposal came"))
    when = tl.date_item("in late July", _evidence(f.article.text, quote))
    assert (when.start, when.end, when.precision) == (D(2023, 7, 25), D(2023, 7, 27), DatePrecision.range)
    assert "refines 'in late July'" in (when.rule or "")


def test_a_statement_without_a_date_takes_its_speakers_dated_statement() -> None:
    f = _fixture("putin_ceasefire_offer_withdraw_four_regions")
    tl = Timeline.build(f.article.text, f.article.published)
    quote = "all Western sanctions against Russia should be lifted, Putin said."
    when = tl.date_item(None, _evidence(f.article.text, quote), ["Vladimir Putin"])
    assert (when.start, when.source) == (D(2024, 6, 14), "context")  # "Putin promised Friday", the lede


def test_background_in_the_perfect_borrows_no_date() -> None:
    f = _fixture("wagner_prigozhin_belarus_deal")
    tl = Timeline.build(f.article.text, f.article.published)
    quote = "Prigozhin had called for an armed rebellion to remove Russian Defense Minister Sergei Shoigu from power"
    assert tl.date_item(None, _evidence(f.article.text, quote), ["Yevgeny Prigozhin"]).start is None


def test_vague_words_from_the_model_are_not_replaced_by_a_borrowed_date() -> None:
    f = _fixture("erdogan_signs_sweden_nato_protocol_f16_request")
    tl = Timeline.build(f.article.text, f.article.published)
    quote = next(s.text for s in tl.sentences if s.text.startswith("Earlier"))
    assert tl.date_item("Earlier", _evidence(f.article.text, quote)).start is None


def test_brief_v2_dates_an_item_from_the_sentence_that_holds_its_time_words() -> None:
    f = _fixture("putin_ceasefire_offer_withdraw_four_regions")
    lede = next(s for s in Timeline.build(f.article.text, None).sentences if "promised Friday" in s.text).text
    draft = DraftBriefV2(
        proposals=[
            DraftProposalV2(
                proposer=["Vladimir Putin"],
                what="lift all Western sanctions",
                evidence=["all Western sanctions against Russia should be lifted, Putin said."],
                when="Friday",
                when_source=lede,
            )
        ]
    )
    brief, missing = ground_draft(draft, f.to_article())
    assert not missing
    when = brief.proposals[0].when
    assert (when.start, when.precision, when.source) == (D(2024, 6, 14), DatePrecision.day, "when")


def test_brief_v2_asks_for_when_source_and_brief_v1_is_unchanged() -> None:
    assert {"brief-v2": DraftBriefV2} == RESPONSE_MODELS
    assert "when_source" in DraftBriefV2.model_json_schema()["$defs"]["DraftProposalV2"]["properties"]
    assert "when_source" not in str(DraftBrief.model_json_schema())
    system = PromptLibrary().get("brief-v2").messages(text="x", title=None, published=None)[0]["content"]
    assert "when_source" in system
