"""The article's temporal layer: tense, anchors, and dating an item from its words, evidence and context.

Articles are the fixtures' verbatim texts; single sentences are quoted from real articles (source noted)."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from pathlib import Path

from summarizer.evals.fixtures import Fixture, load_fixture
from summarizer.grounding import Aligner
from summarizer.pipeline import ground_draft, run_pipeline
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


def test_a_definite_reference_back_to_the_event_dates_it() -> None:
    # "Russia has proposed holding a trilateral naval exercise ..." is dated two sentences on: "The proposal came
    # when ... in late July." (told more finely next door: "Shoigu visited the North from Jul. 25 to 27.").
    f = _fixture("seed-russia-trilateral-naval-exercise")
    tl = Timeline.build(f.article.text, f.article.published)
    quote = "Russia has proposed holding a trilateral naval exercise with North Korea and China"
    when = tl.date_item(None, _evidence(f.article.text, quote), ["Russia", "North Korea", "China"])
    assert (when.start, when.end, when.source) == (D(2023, 7, 25), D(2023, 7, 27), "context")


def test_a_planned_event_is_not_dated_by_the_day_its_plan_was_announced() -> None:
    f = _fixture("aukus_submarine_deal_san_diego")
    tl = Timeline.build(f.article.text, f.article.published)
    ev = _evidence(
        f.article.text,
        "President Joe Biden and the leaders of Australia and the United Kingdom on Monday announced that Australia "
        "will purchase nuclear-powered attack submarines from the US",
        "From early in the next decade, Australia will take delivery of three US Virginia class nuclear-powered "
        "submarines.",
    )
    planned = tl.date_item("on Monday", ev, ["Australia"], planned=True)
    assert (planned.start, planned.end) == (D(2030, 1, 1), D(2033, 12, 31))
    assert planned.text == "From early in the next decade"
    # The deal itself was made that Monday.
    assert tl.date_item("on Monday", ev, ["Australia"]).start == D(2023, 3, 13)


def test_a_borrowed_date_is_not_another_events_or_an_anniversary() -> None:
    # i24NEWS, 2023-07-27: the sentences before the visit's carry "earlier this year" in an "After ..." clause
    # (another event: the accusation) and "July 27, 1953" (the armistice); the visit's day is the lede's Thursday.
    f = _fixture("shoigu_pyongyang_weapons_exhibition")
    tl = Timeline.build(f.article.text, f.article.published)
    other = next(e for e in tl.exprs if e.text == "earlier this year" and e.start > 200)
    assert other.other_event
    quote = 'Kim and Shoigu visited the "Weapons and Equipment Exhibition 2023"'
    when = tl.date_item(None, _evidence(f.article.text, quote), ["Kim Jong Un", "Sergei Shoigu"])
    assert (when.start, when.text) == (D(2023, 7, 27), "Thursday")


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


def test_the_rules_date_an_event_by_the_time_words_of_its_own_clause() -> None:
    # The Hill, 2023-06-24: "Prigozhin, whose army began advancing on Moscow on Friday, said that his troops would
    # return to their bases on Saturday": the advance is Friday's, whatever the rest of the sentence says.
    f = _fixture("wagner_prigozhin_belarus_deal")
    brief = asyncio.run(run_pipeline(f.to_article(), None, strategy="heuristic"))
    advance = next(e for e in brief.military_events if e.evidence[0].quote == "advancing on Moscow on Friday")
    assert (advance.when.start, advance.when.text) == (D(2023, 6, 23), "on Friday")


def test_a_chronology_keeps_each_dated_entry_as_its_own_event_with_its_own_date() -> None:
    # AP's chronology (KTAR News), verbatim: "_ Aug. 31, 1998: North Korea fires suspected missile over Japan ...".
    # Alike events dated apart are not merged into one, each is dated by its label, and the first entry's date
    # is not taken for the article's byline.
    from summarizer.inputs import read_article

    article = read_article(Path(__file__).parent / "data" / "chronology_ap_north_korea_missiles.txt")
    assert article.meta.published is None
    brief = asyncio.run(run_pipeline(article, None, strategy="heuristic"))
    labelled = [e for e in brief.military_events if e.evidence[0].quote.startswith("_ ")]
    assert len({e.when.start for e in labelled}) >= 6
    for e in labelled:
        label = e.evidence[0].quote[2:].split(":")[0]
        assert e.when.text == label and e.when.start is not None and str(e.when.start.year) in label


def test_the_models_date_is_cross_checked_against_the_evidences_own_words() -> None:
    # The recorded capable model dated Wagner's rebellion "on Friday"; its evidence also reads "on Saturday".
    f = _fixture("wagner_prigozhin_belarus_deal")
    tl = Timeline.build(f.article.text, f.article.published)
    quote = next(s.text for s in tl.sentences if "began advancing on Moscow on Friday" in s.text)
    when = tl.date_item("on Friday", _evidence(f.article.text, quote), ["Yevgeny Prigozhin"])
    assert when.start == D(2023, 6, 23) and when.check == "evidence 'on Saturday' reads 2023-06-24"
    # Words the evidence agrees with raise nothing.
    seed = _fixture("seed-russia-trilateral-naval-exercise")
    tl = Timeline.build(seed.article.text, seed.article.published)
    ev = _evidence(seed.article.text, "North Korea had launched two short-range ballistic missiles last Wednesday")
    assert tl.date_item("last Wednesday (Aug. 30)", ev).check is None


def test_an_event_that_lasts_runs_from_its_start_to_the_end_the_next_sentence_gives() -> None:
    # AP, 2023-07-21: "Russia and China on Thursday started joint military exercises in the Sea of Japan ...
    # The joint exercises are to run through Sunday."
    f = _fixture("china_russia_sea_of_japan_drills_july_2023")
    tl = Timeline.build(f.article.text, f.article.published)
    quote = "Russia and China on Thursday started joint military exercises in the Sea of Japan"
    when = tl.date_item("on Thursday", _evidence(f.article.text, quote), ["Russia", "China"], lasting=True)
    assert (when.start, when.end, when.precision) == (D(2023, 7, 20), D(2023, 7, 23), DatePrecision.range)
    assert "ends 'Sunday'" in (when.rule or "")
    # Not an event that lasts (a proposal, a trade): the start day stays a day.
    assert tl.date_item("on Thursday", _evidence(f.article.text, quote), ["Russia"]).end == D(2023, 7, 20)


def test_a_demand_in_the_lede_takes_its_speakers_dated_statement_just_after() -> None:
    # AP / TIME, 2019-09-28: "Syria is demanding the immediate withdrawal of all foreign forces ..." then
    # "... Syrian Foreign Minister Walid al-Moallem told the U.N. General Assembly on Saturday."
    f = _fixture("syria_demands_foreign_forces_withdraw_unga")
    tl = Timeline.build(f.article.text, f.article.published)
    quote = "Syria is demanding the immediate withdrawal of all foreign forces"
    when = tl.date_item(None, _evidence(f.article.text, quote), ["Syria"], statement=True)
    assert (when.start, when.source) == (D(2019, 9, 28), "context")


def test_a_lede_in_the_present_perfect_takes_its_speakers_words_past_the_captions() -> None:
    # CNN, 2009-01-06: "Egypt has put forward a plan for a truce in Gaza ..." then two photo captions, then
    # "Egyptian President Hosni Mubarak, speaking alongside French President Nicolas Sarkozy on Tuesday ...".
    f = _fixture("egypt_proposes_gaza_ceasefire_and_cairo_talks")
    tl = Timeline.build(f.article.text, f.article.published)
    quote = "Egypt has put forward a plan for a truce in Gaza"
    when = tl.date_item(None, _evidence(f.article.text, quote), ["Egypt"], statement=True)
    assert (when.start, when.source) == (D(2009, 1, 6), "context")
    # Background in the past perfect still borrows nothing, statement or not.
    w = _fixture("wagner_prigozhin_belarus_deal")
    tl = Timeline.build(w.article.text, w.article.published)
    quote = "Prigozhin had called for an armed rebellion to remove Russian Defense Minister Sergei Shoigu from power"
    assert tl.date_item(None, _evidence(w.article.text, quote), ["Yevgeny Prigozhin"], statement=True).start is None


def test_the_report_day_gives_way_to_the_event_told_again_by_another_noun() -> None:
    # "... have agreed a $5.76 billion deal ..., Seoul's arms procurement agency said on Saturday (August 27)" dates
    # the report; the next sentence names the deal again ("The contracts, signed in Poland on Friday (August 26)").
    f = _fixture("south_korea_poland_k2_k9_contracts_2022")
    tl = Timeline.build(f.article.text, f.article.published)
    ev = _evidence(f.article.text, f.article.text.split("\n")[0])
    when = tl.date_item(None, ev, ["South Korea", "Poland"])
    assert (when.start, when.precision, when.source) == (D(2022, 8, 26), DatePrecision.day, "context")
    assert "told again" in (when.rule or "")
    # A model that names the report's words keeps its reading (the design: the model's date is kept).
    assert tl.date_item("on Saturday (August 27)", ev, ["South Korea", "Poland"]).start == D(2022, 8, 27)


def test_a_visit_told_again_with_its_day_runs_as_long_as_the_article_says() -> None:
    # The lede in the present perfect has no date; two sentences on, the same visit is told with its day
    # ("... reached in Karachi on a four-day goodwill and training visit on Saturday"): 10 to 13 June.
    f = _fixture("chinese_warships_karachi_goodwill_visit_2017")
    tl = Timeline.build(f.article.text, f.article.published)
    ev = _evidence(f.article.text, "Three Chinese warships have arrived on a four-day goodwill and training visit")
    when = tl.date_item(None, ev, ["China", "Pakistan"], lasting=True)
    assert (when.start, when.end, when.precision) == (D(2017, 6, 10), D(2017, 6, 13), DatePrecision.range)
    # Not an event that lasts (a proposal, an exchange): the day alone.
    assert tl.date_item(None, ev, ["China", "Pakistan"]).end == D(2017, 6, 10)


def test_a_later_date_next_door_is_no_reason_to_leave_the_report_day() -> None:
    # "on Monday announced that Australia will purchase ...": the deal was made that Monday; "From early in the next
    # decade" tells the delivery to come, not an earlier day of the deal.
    f = _fixture("aukus_submarine_deal_san_diego")
    tl = Timeline.build(f.article.text, f.article.published)
    ev = _evidence(
        f.article.text,
        "President Joe Biden and the leaders of Australia and the United Kingdom on Monday announced that Australia "
        "will purchase nuclear-powered attack submarines from the US",
    )
    assert tl.date_item("on Monday", ev, ["Australia"]).start == D(2023, 3, 13)


def test_every_group_of_event_nouns_has_a_real_example_naming_the_event_twice() -> None:
    from summarizer.temporal import dating

    mentions = dating()
    for group in mentions.same_event:
        ex = group.example
        assert ex.source.startswith("fixture ") and "(dev)" in ex.source, ex.source
        fixture = _fixture(ex.source.split()[1])
        for sentence in (ex.first, ex.again):
            assert sentence in fixture.article.text, sentence
        index = mentions.same_event.index(group)

        def nouns(sentence: str, index: int = index) -> set[str]:
            return {w.lower() for w in re.findall(r"[A-Za-z-]+", sentence) if mentions.group_of(w) == index}

        # Each mention holds a noun of the group, and not the same noun: the group is what joins them.
        assert nouns(ex.first) and nouns(ex.again) and nouns(ex.first) != nouns(ex.again), group.nouns


def test_the_dating_rules_are_validated_at_load() -> None:
    import pytest

    from summarizer.errors import ConfigError
    from summarizer.temporal import parse_dating

    pair = "example: {source: x, first: a, again: b}"
    with pytest.raises(ConfigError, match="single lower-case words"):
        parse_dating(f"version: 1\nundated: []\nsame_event:\n- nouns: [Deal, air strike]\n  {pair}\n", "t")
    with pytest.raises(ConfigError, match="invalid dating rules"):
        parse_dating("version: 1\nundated: []\nsame_event:\n- nouns: [deal]\n", "t")
    with pytest.raises(ConfigError, match="holds none of"):
        parse_dating(
            "version: 1\nsame_event: []\nundated:\n- words: [soon]\n  example: {source: x, text: later}\n", "t"
        )


def test_every_undated_phrase_has_a_real_example() -> None:
    from summarizer.temporal import dating

    for entry in dating().undated:
        ex = entry.example
        assert ex.source.startswith("fixture ") and "(dev)" in ex.source, ex.source
        assert ex.text in _fixture(ex.source.split()[1]).article.text, ex.text
        assert dating().undated_in(ex.text) is not None


def test_an_item_its_article_leaves_undated_borrows_no_date_from_nearby() -> None:
    # "The majority of them were detained recently." Two sentences up, the presidents "pledged at a meeting in
    # Russia on March 5": another event's date, which the detentions used to borrow.
    f = _fixture("azerbaijan_armenia_exchange_prisoners_goodwill_2011")
    tl = Timeline.build(f.article.text, f.article.published)
    ev = _evidence(f.article.text, "The majority of them were detained recently.")
    when = tl.date_item(None, ev, ["Azerbaijan", "Armenia"], lasting=True)
    assert (when.start, when.precision, when.text, when.rule) == (None, DatePrecision.unknown, "recently", "undated")


def test_a_day_after_a_named_event_counts_from_that_events_day_told_next() -> None:
    # "The afternoon attack in Villa Rica came a day after an attack in the southern port city of Tumaco, the AP
    # reported. The bombing on Wednesday killed nine people ...": Wednesday 1 February + 1 = Thursday 2 February.
    f = _fixture("colombia_villa_rica_police_station_attack_2012")
    tl = Timeline.build(f.article.text, f.article.published)
    e = next(e for e in tl.exprs if e.text == "a day after")
    assert (e.when.start, e.when.precision, e.rule) == (D(2012, 2, 2), DatePrecision.day, "event_offset (+1 days)")


def test_hours_after_an_event_dated_nowhere_leaves_the_item_to_its_context() -> None:
    # "the missiles were launched hours after the U.S. flew long-range bombers for drills": the flight has no date
    # in the article, so the words date nothing and the launch keeps the date its neighbours give it.
    f = _fixture("seed-russia-trilateral-naval-exercise")
    tl = Timeline.build(f.article.text, f.article.published)
    assert _only(tl, "hours after") is DatePrecision.unknown
    quote = "the missiles were launched hours after the U.S. flew long-range bombers"
    assert tl.date_item("hours after", _evidence(f.article.text, quote), ["North Korea"]).start == D(2023, 8, 30)


def test_a_headline_takes_the_date_of_its_lede() -> None:
    # "Myanmar junta launches airstrike on own village: Over 100 feared dead" (no date); past the standfirst, the
    # lede: "An airstrike carried out by Myanmar's military on Tuesday is believed to have killed around 100 people".
    f = _fixture("myanmar_junta_airstrike_pazigyi_sagaing_2023")
    tl = Timeline.build(f.article.text, f.article.published)
    ev = _evidence(f.article.text, "Myanmar junta launches airstrike on own village: Over 100 feared dead")
    when = tl.date_item(None, ev, ["Myanmar"], lasting=True)
    assert (when.start, when.precision, when.source) == (D(2023, 4, 11), DatePrecision.day, "context")
    # A sentence of the body with no date of its own does not look ahead for one.
    body = _evidence(f.article.text, "The Myanmar military has moved to target symbols of defiance against its rule.")
    assert tl.date_item(None, body, ["Myanmar"]).start is None


def test_a_trade_under_an_agreement_in_force_runs_from_that_day_to_publication() -> None:
    # GUIDELINES §12 (third and seventh batches): "under an agreement that came into force on Friday" dates the swap
    # in rounds "under way since" that Friday, not by the Friday of its first round.
    f = _fixture("israel_releases_39_palestinians_under_hostage_deal")
    tl = Timeline.build(f.article.text, f.article.published)
    ev = _evidence(f.article.text, "The exchange, which took place on Saturday, followed an initial swap on Friday")
    when = tl.date_item("on Friday", ev, ["Israel", "Hamas"])
    assert (when.start, when.end, when.precision) == (D(2023, 11, 24), D(2023, 11, 26), DatePrecision.range)
    assert when.rule and when.rule.endswith("in force since")
    # "This exchange forms the second of such under the fragile ceasefire, which initially began on January 19": seven
    # sentences after the evidence, the trade named again by "This exchange"
    f = _fixture("hamas_frees_four_soldier_hostages_for_200_prisoners_2025")
    tl = Timeline.build(f.article.text, f.article.published)
    ev = _evidence(
        f.article.text,
        "In a significant prisoner exchange, Hamas released four Israeli soldier hostages",
    )
    when = tl.date_item(None, ev, ["Hamas", "Israel"])
    assert (when.start, when.end) == (D(2025, 1, 19), D(2025, 1, 25))
    # a military event or a proposal is not a trade under way: it keeps its own reading
    assert tl.date_item(None, ev, ["Hamas"], lasting=True).start != D(2025, 1, 19)


def test_every_in_force_example_is_a_real_sentence_the_rule_reads() -> None:
    from summarizer.temporal import dating

    rules = dating().in_force
    assert rules is not None
    for ex in rules.examples:
        assert ex.source.startswith("fixture ") and "(dev)" in ex.source, ex.source
        assert ex.text in _fixture(ex.source.split()[1]).article.text, ex.text
    assert not rules.opens("Hamas released four Israeli soldier hostages after the ceasefire, which began ")


def test_an_event_lasts_only_what_its_own_sentences_say() -> None:
    # The offensive's two quotes (a caption, then "ordered a military offensive ... 12 days ago") have "declared a
    # 10-day unilateral ceasefire" between them: the ceasefire's ten days are not the offensive's.
    f = _fixture("philippines_milf_rebels_declare_10_day_ceasefire_2003")
    tl = Timeline.build(f.article.text, f.article.published)
    ev = _evidence(
        f.article.text,
        "The army is waging a major offensive against MILF rebels",
        "President Arroyo ordered a military offensive against MILF fighters in Mindanao 12 days ago",
    )
    when = tl.date_item("12 days ago", ev, ["Philippines"], lasting=True)
    assert (when.start, when.end) == (D(2003, 5, 16), D(2003, 5, 16))
