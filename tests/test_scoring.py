"""The scorer is the yardstick for every model and prompt, so it gets tests of its own."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.evals.agreement import prediction_from_gold
from summarizer.evals.fixtures import (
    Expected,
    Fixture,
    FixtureArticle,
    GoldEvent,
    GoldExchange,
    GoldItem,
    GoldProposal,
    GoldSide,
    GoldWhen,
    load_fixture,
)
from summarizer.evals.scoring import PRF, Score, actor_f1, date_right, score_brief, span_overlap
from summarizer.schema import (
    Brief,
    Category,
    DatePrecision,
    Dropped,
    EventKind,
    Evidence,
    Exchange,
    ExchangeSide,
    MatchKind,
    MilitaryEvent,
    Proposal,
    When,
)

ROOT = Path(__file__).resolve().parents[1]
SEED_FIXTURE = ROOT / "evals" / "fixtures" / "seed-russia-trilateral-naval-exercise.yaml"

Pred = Proposal | Exchange | MilitaryEvent


@lru_cache(maxsize=1)
def _seed_cached() -> Fixture:
    return load_fixture(SEED_FIXTURE)


@pytest.fixture
def seed() -> Fixture:
    # Tests may mutate what they get, so each gets its own copy of the (slow-ish to align) fixture.
    fx = _seed_cached()
    copy = fx.model_copy(deep=True)
    # ``spans`` is excluded from dumps; make sure the deep copy kept it anyway.
    for c in Category:
        for mine, theirs in zip(copy.expected.items(c), fx.expected.items(c), strict=True):
            mine.spans = list(theirs.spans)
    return copy


# --------------------------------------------------------------------------- builders


def _evidence(text: str, spans: list[tuple[int, int]]) -> list[Evidence]:
    return [Evidence(quote=text[a:b], start=a, end=b, match=MatchKind.exact, score=1.0) for a, b in spans]


def pred_from_gold(gold: GoldItem, text: str) -> Pred:
    """What a perfect system would output for this gold item: same spans and the same key fields."""
    return prediction_from_gold(gold, _evidence(text, gold.spans))


def perfect_brief(fixture: Fixture, *, with_optional: bool = True) -> Brief:
    brief = Brief()
    for c in Category:
        items = [
            pred_from_gold(g, fixture.article.text)
            for g in fixture.expected.items(c)
            if with_optional or not g.optional
        ]
        getattr(brief, c.value).extend(items)
    return brief


# A small synthetic article: each sentence is one obvious item, and the last supports nothing.
TEXT = (
    "Russia proposed a joint naval exercise with China. "
    "North Korea fired two ballistic missiles on Monday. "
    "Iran freed five Americans in exchange for five Iranians held in the US. "
    "Japan held a military parade in Tokyo. "
    "The weather in the region was fine."
)
S_PROPOSAL = "Russia proposed a joint naval exercise with China."
S_MISSILE = "North Korea fired two ballistic missiles on Monday."
S_SWAP = "Iran freed five Americans in exchange for five Iranians held in the US."
S_PARADE = "Japan held a military parade in Tokyo."
S_NOTHING = "The weather in the region was fine."


def span(quote: str) -> tuple[int, int]:
    i = TEXT.index(quote)
    return i, i + len(quote)


def synthetic(
    proposals: list[GoldProposal] | None = None,
    exchanges: list[GoldExchange] | None = None,
    events: list[GoldEvent] | None = None,
) -> Fixture:
    return Fixture(
        id="synthetic",
        article=FixtureArticle(text=TEXT, published=dt.date(2024, 3, 6)),
        expected=Expected(proposals=proposals or [], exchanges=exchanges or [], military_events=events or []),
    )


def g_proposal(quote: str = S_PROPOSAL, **kw: object) -> GoldProposal:
    kw.setdefault("proposer", ["Russia"])
    return GoldProposal(evidence=[quote], spans=[span(quote)], **kw)


def g_event(quote: str, **kw: object) -> GoldEvent:
    return GoldEvent(evidence=[quote], spans=[span(quote)], **kw)


def g_exchange(quote: str = S_SWAP, a: str = "Iran", b: str = "United States", **kw: object) -> GoldExchange:
    sides = {"side_a": GoldSide(party=a), "side_b": GoldSide(party=b)}
    return GoldExchange(evidence=[quote], spans=[span(quote)], **sides, **kw)


def p_event(quote: str, kind: EventKind, actors: list[str]) -> MilitaryEvent:
    return MilitaryEvent(evidence=_evidence(TEXT, [span(quote)]), kind=kind, actors=actors)


def g_missile(**kw: object) -> GoldEvent:
    return g_event(S_MISSILE, kind=EventKind.missile_launch, actors=["North Korea"], **kw)


def p_missile() -> MilitaryEvent:
    return p_event(S_MISSILE, EventKind.missile_launch, ["North Korea"])


def cat(score: Score, c: Category | str):
    return score.categories[c.value if isinstance(c, Category) else c]


# --------------------------------------------------------------------------- PRF itself


def test_prf_conventions() -> None:
    # No predictions: precision is vacuously perfect, recall carries the cost.
    assert PRF(tp=0, fp=0, fn=3).precision == 1.0
    assert PRF(tp=0, fp=0, fn=3).recall == 0.0
    assert PRF(tp=0, fp=0, fn=3).f1 == 0.0
    # Nothing to find and nothing claimed: a perfect (empty) answer.
    assert PRF().f1 == 1.0
    assert PRF(tp=0, fp=2, fn=0).precision == 0.0
    assert PRF(tp=0, fp=2, fn=0).recall == 1.0
    assert PRF(tp=1, fp=1, fn=1).f1 == pytest.approx(0.5)
    total = PRF(tp=1)
    total.add(PRF(fp=2, fn=3))
    assert (total.tp, total.fp, total.fn) == (1, 2, 3)


# --------------------------------------------------------------------------- the real seed fixture


def test_perfect_prediction_scores_one(seed: Fixture) -> None:
    score, matches = score_brief(perfect_brief(seed), seed)
    for c in Category:
        cs = cat(score, c)
        golds = seed.expected.items(c)
        assert cs.detection.f1 == 1.0, c
        assert cs.strict.f1 == 1.0, c
        assert cs.detection.tp == len(golds)
        assert (cs.detection.fp, cs.detection.fn, cs.strict.fp, cs.strict.fn) == (0, 0, 0, 0)
        # Each prediction was built from one gold item and must be paired back with exactly that one.
        pairs = sorted((m.pred, m.gold) for m in matches[c.value].matches)
        assert pairs == [(i, i) for i in range(len(golds))]
        for name in ("kind", "status", "certainty", "actors_f1", "date", "attribution"):
            acc = getattr(cs, name)
            assert acc.value in (None, 1.0), (c, name, acc)
    h = score.headline()
    assert h["strict_macro_f1"] == h["detection_macro_f1"] == 1.0
    assert h["grounding_rate"] == 1.0
    assert h["hallucination_rate"] == 0.0


def test_perfect_without_optional_items_still_scores_one(seed: Fixture) -> None:
    score, _ = score_brief(perfect_brief(seed, with_optional=False), seed)
    h = score.headline()
    assert h["strict_macro_f1"] == h["detection_macro_f1"] == 1.0


def test_empty_prediction_has_zero_recall(seed: Fixture) -> None:
    score, matches = score_brief(Brief(), seed)
    for c in Category:
        cs = cat(score, c)
        required = sum(1 for g in seed.expected.items(c) if not g.optional)
        assert required > 0
        assert cs.detection.recall == 0.0
        assert cs.detection.precision == 1.0  # zero predictions: precision is defined as 1.0
        assert cs.detection.f1 == 0.0
        assert cs.detection.fn == required  # optional golds are not counted as misses
        assert cs.strict.recall == 0.0
        assert matches[c.value].matches == []
    h = score.headline()
    assert h["strict_macro_f1"] == h["detection_macro_f1"] == 0.0
    # Nothing was claimed, so nothing was ungrounded or hallucinated.
    assert h["grounding_rate"] == 1.0
    assert h["hallucination_rate"] == 0.0


def test_hallucinated_item_lowers_precision_not_recall(seed: Fixture) -> None:
    brief = perfect_brief(seed)
    text = seed.article.text
    quote = "Top image by Gamma-Rapho/API via Getty Images."
    start = text.index(quote)
    brief.military_events.append(
        MilitaryEvent(
            kind=EventKind.strike,
            actors=["China"],
            description="an invented strike",
            evidence=_evidence(text, [(start, start + len(quote))]),
        )
    )
    score, matches = score_brief(brief, seed)
    ev = cat(score, Category.military_events)
    assert ev.detection.recall == 1.0
    assert ev.strict.recall == 1.0
    assert ev.detection.fp == 1
    assert ev.detection.precision < 1.0
    assert ev.strict.precision < 1.0
    assert matches["military_events"].unmatched_pred == [len(brief.military_events) - 1]
    # The other categories are untouched.
    assert cat(score, Category.proposals).strict.f1 == 1.0


def test_ungrounded_and_dropped_items_count_as_hallucinations(seed: Fixture) -> None:
    brief = perfect_brief(seed, with_optional=False)
    n = sum(len(brief.items(c)) for c in Category)
    brief.proposals.append(Proposal(proposer=["China"], evidence=[Evidence(quote="made up")]))
    brief.dropped.append(Dropped(category=Category.exchanges, reason="none of its evidence was found"))
    score, _ = score_brief(brief, seed)
    assert score.items_total == n + 2
    assert score.items_hallucinated == 2
    h = score.headline()
    assert h["hallucination_rate"] == pytest.approx(round(2 / (n + 2), 4))
    assert h["grounding_rate"] < 1.0
    # A quote that was never located cannot overlap any gold span, so it is a false positive too.
    assert cat(score, Category.proposals).detection.fp == 1


def test_right_span_wrong_proposer_is_a_detection_hit_but_a_strict_miss(seed: Fixture) -> None:
    brief = perfect_brief(seed, with_optional=False)
    assert brief.proposals[0].proposer == ["Russia", "Sergei Shoigu"]
    brief.proposals[0].proposer = ["Japan"]
    score, matches = score_brief(brief, seed)
    p = cat(score, Category.proposals)
    assert (p.detection.tp, p.detection.fp, p.detection.fn) == (1, 0, 0)
    assert (p.strict.tp, p.strict.fp, p.strict.fn) == (0, 1, 1)
    assert [m.strict for m in matches["proposals"].matches] == [False]


# --------------------------------------------------------------------------- synthetic fixtures


def test_wrong_proposer_on_synthetic_fixture() -> None:
    fx = synthetic(proposals=[g_proposal()])
    right = Proposal(proposer=["Russia"], evidence=_evidence(TEXT, [span(S_PROPOSAL)]))
    wrong = Proposal(proposer=["China"], evidence=_evidence(TEXT, [span(S_PROPOSAL)]))
    s_right, _ = score_brief(Brief(proposals=[right]), fx)
    s_wrong, _ = score_brief(Brief(proposals=[wrong]), fx)
    assert cat(s_right, "proposals").strict.f1 == 1.0
    assert cat(s_wrong, "proposals").detection.f1 == 1.0
    assert cat(s_wrong, "proposals").strict.f1 == 0.0


def test_unscored_key_field_is_not_held_against_the_prediction() -> None:
    # A gold item that leaves the proposer out does not score it.
    fx = synthetic(proposals=[g_proposal(proposer=None)])
    pred = Proposal(proposer=["Japan"], evidence=_evidence(TEXT, [span(S_PROPOSAL)]))
    score, _ = score_brief(Brief(proposals=[pred]), fx)
    assert cat(score, "proposals").strict.f1 == 1.0


def test_prediction_without_overlap_is_not_matched() -> None:
    fx = synthetic(proposals=[g_proposal()])
    pred = Proposal(proposer=["Russia"], what="naval exercise", evidence=_evidence(TEXT, [span(S_NOTHING)]))
    score, matches = score_brief(Brief(proposals=[pred]), fx)
    p = cat(score, "proposals")
    assert (p.detection.tp, p.detection.fp, p.detection.fn) == (0, 1, 1)
    assert matches["proposals"].unmatched_gold == [0]


def test_matching_is_one_to_one() -> None:
    fx = synthetic(events=[g_missile()])
    twice = [p_missile() for _ in range(2)]
    score, matches = score_brief(Brief(military_events=twice), fx)
    ev = cat(score, "military_events")
    assert (ev.detection.tp, ev.detection.fp, ev.detection.fn) == (1, 1, 0)
    assert len(matches["military_events"].matches) == 1


def test_best_pair_wins_when_two_golds_share_a_span() -> None:
    # Two gold events on one sentence; the actors decide which prediction pairs with which gold.
    fx = synthetic(
        events=[
            g_event(S_SWAP, kind=EventKind.other, actors=["Iran"]),
            g_event(S_SWAP, kind=EventKind.other, actors=["United States"]),
        ]
    )
    preds = [p_event(S_SWAP, EventKind.other, ["United States"]), p_event(S_SWAP, EventKind.other, ["Iran"])]
    score, matches = score_brief(Brief(military_events=preds), fx)
    assert sorted((m.pred, m.gold) for m in matches["military_events"].matches) == [(0, 1), (1, 0)]
    assert cat(score, "military_events").strict.f1 == 1.0


def test_event_kind_is_a_key_field() -> None:
    fx = synthetic(events=[g_missile()])
    wrong_kind = p_event(S_MISSILE, EventKind.exercise, ["North Korea"])
    score, _ = score_brief(Brief(military_events=[wrong_kind]), fx)
    ev = cat(score, "military_events")
    assert ev.detection.f1 == 1.0
    assert ev.strict.f1 == 0.0
    assert ev.kind.value == 0.0


@pytest.mark.parametrize(
    ("a", "b", "strict"),
    [
        ("Iran", "United States", True),
        ("United States", "Iran", True),  # sides swapped: still the same deal
        ("Tehran", "Washington", True),  # capitals stand for their states
        ("Iran", "", False),  # one party missing
        ("Iran", "Japan", False),  # one party wrong
    ],
)
def test_exchange_parties_are_order_insensitive(a: str, b: str, strict: bool) -> None:
    fx = synthetic(exchanges=[g_exchange()])
    pred = Exchange(
        side_a=ExchangeSide(party=a), side_b=ExchangeSide(party=b), evidence=_evidence(TEXT, [span(S_SWAP)])
    )
    score, _ = score_brief(Brief(exchanges=[pred]), fx)
    ex = cat(score, "exchanges")
    assert ex.detection.f1 == 1.0
    assert (ex.strict.f1 == 1.0) is strict


def test_optional_gold_missed_costs_nothing_and_found_earns_credit() -> None:
    fx = synthetic(
        events=[
            g_missile(),
            g_event(S_PARADE, kind=EventKind.parade, actors=["Japan"], optional=True),
        ]
    )
    missile = p_missile()
    parade = p_event(S_PARADE, EventKind.parade, ["Japan"])

    only_required, _ = score_brief(Brief(military_events=[missile]), fx)
    ev = cat(only_required, "military_events")
    assert (ev.detection.tp, ev.detection.fp, ev.detection.fn) == (1, 0, 0)
    assert ev.strict.f1 == 1.0

    both, _ = score_brief(Brief(military_events=[missile, parade]), fx)
    ev = cat(both, "military_events")
    assert (ev.detection.tp, ev.detection.fp, ev.detection.fn) == (2, 0, 0)
    assert (ev.strict.tp, ev.strict.fp, ev.strict.fn) == (2, 0, 0)

    only_optional, _ = score_brief(Brief(military_events=[parade]), fx)
    ev = cat(only_optional, "military_events")
    assert (ev.detection.tp, ev.detection.fp, ev.detection.fn) == (1, 0, 1)


def test_optional_gold_with_wrong_key_fields_costs_precision_only() -> None:
    fx = synthetic(events=[g_event(S_PARADE, kind=EventKind.parade, actors=["Japan"], optional=True)])
    score, _ = score_brief(Brief(military_events=[p_event(S_PARADE, EventKind.exercise, ["Japan"])]), fx)
    ev = cat(score, "military_events")
    assert (ev.detection.tp, ev.detection.fp, ev.detection.fn) == (1, 0, 0)
    assert (ev.strict.tp, ev.strict.fp, ev.strict.fn) == (0, 1, 0)


def test_category_with_nothing_to_find_and_nothing_found_scores_one() -> None:
    fx = synthetic(proposals=[g_proposal()])
    pred = Proposal(proposer=["Russia"], evidence=_evidence(TEXT, [span(S_PROPOSAL)]))
    score, _ = score_brief(Brief(proposals=[pred]), fx)
    # Exchanges and events have no gold and no predictions: vacuously perfect, which the macro F1 includes.
    assert cat(score, "exchanges").strict.f1 == 1.0
    assert cat(score, "military_events").strict.f1 == 1.0
    assert score.headline()["strict_macro_f1"] == 1.0


def test_score_merge_adds_counts() -> None:
    fx = synthetic(events=[g_missile()])
    hit, _ = score_brief(Brief(military_events=[p_missile()]), fx)
    miss, _ = score_brief(Brief(), fx)
    total = Score()
    total.merge(hit)
    total.merge(miss)
    ev = cat(total, "military_events")
    assert (ev.detection.tp, ev.detection.fp, ev.detection.fn) == (1, 0, 1)
    assert ev.detection.f1 == pytest.approx(2 / 3)


# --------------------------------------------------------------------------- dates


D = dt.date


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        # day (also the default when the gold gives no precision)
        (When(start=D(2023, 8, 30)), GoldWhen(start=D(2023, 8, 30), precision=DatePrecision.day), 1.0),
        (When(start=D(2023, 8, 31)), GoldWhen(start=D(2023, 8, 30), precision=DatePrecision.day), 0.0),
        (When(start=D(2023, 8, 30)), GoldWhen(start=D(2023, 8, 30)), 1.0),
        (When(start=D(2023, 8, 29)), GoldWhen(start=D(2023, 8, 30)), 0.0),
        # month: any day in the right month
        (When(start=D(2023, 7, 1)), GoldWhen(start=D(2023, 7, 25), precision=DatePrecision.month), 1.0),
        (When(start=D(2023, 8, 25)), GoldWhen(start=D(2023, 7, 25), precision=DatePrecision.month), 0.0),
        (When(start=D(2022, 7, 25)), GoldWhen(start=D(2023, 7, 25), precision=DatePrecision.month), 0.0),
        # year
        (When(start=D(2023, 12, 31)), GoldWhen(start=D(2023, 1, 1), precision=DatePrecision.year), 1.0),
        (When(start=D(2024, 1, 1)), GoldWhen(start=D(2023, 1, 1), precision=DatePrecision.year), 0.0),
        # range: both ends must agree
        (
            When(start=D(2023, 7, 25), end=D(2023, 7, 27)),
            GoldWhen(start=D(2023, 7, 25), end=D(2023, 7, 27), precision=DatePrecision.range),
            1.0,
        ),
        (
            When(start=D(2023, 7, 25), end=D(2023, 7, 28)),
            GoldWhen(start=D(2023, 7, 25), end=D(2023, 7, 27), precision=DatePrecision.range),
            0.0,
        ),
        (
            When(start=D(2023, 7, 25)),
            GoldWhen(start=D(2023, 7, 25), end=D(2023, 7, 27), precision=DatePrecision.range),
            0.0,
        ),
        (When(start=D(2023, 7, 25)), GoldWhen(start=D(2023, 7, 25), precision=DatePrecision.range), 1.0),
        # no date on either side
        (When(), GoldWhen(text="Monday", precision=DatePrecision.unknown), 1.0),
        (When(start=D(2023, 9, 18)), GoldWhen(text="Monday", precision=DatePrecision.unknown), 0.0),
        (When(), GoldWhen(start=D(2023, 8, 30), precision=DatePrecision.day), 0.0),
    ],
)
def test_date_right(pred: When, gold: GoldWhen, expected: float) -> None:
    assert date_right(pred, gold) == expected


def test_date_accuracy_is_recorded_for_matched_items() -> None:
    gold_when = GoldWhen(start=D(2024, 3, 4), precision=DatePrecision.day)
    fx = synthetic(events=[g_missile(when=gold_when)])
    pred = p_missile()
    pred.when = When(start=D(2024, 3, 5), precision=DatePrecision.day)
    score, _ = score_brief(Brief(military_events=[pred]), fx)
    ev = cat(score, "military_events")
    assert ev.date.value == 0.0
    # A wrong date is reported, but it does not turn a strict hit into a miss.
    assert ev.strict.f1 == 1.0


# --------------------------------------------------------------------------- properties

ACTORS = ["Russia", "China", "North Korea", "Kim Jong Un", "Sergei Shoigu", "Iran", "United States", "Acme"]
N = len(TEXT)

spans_st = st.lists(
    st.tuples(st.integers(0, N - 1), st.integers(1, 60)).map(lambda t: (t[0], min(N, t[0] + t[1]))),
    min_size=1,
    max_size=3,
)
actors_st = st.lists(st.sampled_from(ACTORS), max_size=3)
kinds_st = st.sampled_from([EventKind.exercise, EventKind.missile_launch, EventKind.parade, EventKind.other])


@st.composite
def gold_events(draw: st.DrawFn) -> GoldEvent:
    spans = draw(spans_st)
    return GoldEvent(
        evidence=[TEXT[a:b] for a, b in spans],
        spans=spans,
        kind=draw(st.none() | kinds_st),
        actors=draw(st.none() | actors_st),
        optional=draw(st.booleans()),
    )


@st.composite
def pred_events(draw: st.DrawFn) -> MilitaryEvent:
    spans = draw(spans_st)
    evidence = _evidence(TEXT, spans)
    if draw(st.booleans()):
        evidence.append(Evidence(quote="not in the article"))
    return MilitaryEvent(evidence=evidence, kind=draw(kinds_st), actors=draw(actors_st))


@st.composite
def gold_proposals(draw: st.DrawFn) -> GoldProposal:
    spans = draw(spans_st)
    return GoldProposal(
        evidence=[TEXT[a:b] for a, b in spans],
        spans=spans,
        proposer=draw(st.none() | actors_st),
        optional=draw(st.booleans()),
    )


@st.composite
def pred_proposals(draw: st.DrawFn) -> Proposal:
    return Proposal(evidence=_evidence(TEXT, draw(spans_st)), proposer=draw(actors_st))


def _in_unit(x: float) -> bool:
    return 0.0 <= x <= 1.0


@settings(max_examples=120, deadline=None)
@given(
    preds=st.lists(pred_events(), max_size=5),
    golds=st.lists(gold_events(), max_size=5),
    p_preds=st.lists(pred_proposals(), max_size=4),
    p_golds=st.lists(gold_proposals(), max_size=4),
)
def test_scores_stay_in_unit_interval(
    preds: list[MilitaryEvent], golds: list[GoldEvent], p_preds: list[Proposal], p_golds: list[GoldProposal]
) -> None:
    fx = synthetic(proposals=p_golds, events=golds)
    score, matches = score_brief(Brief(military_events=preds, proposals=p_preds), fx)
    sizes = (("military_events", len(preds), len(golds)), ("proposals", len(p_preds), len(p_golds)))
    for name, n_pred, n_gold in sizes:
        cs = cat(score, name)
        for prf in (cs.detection, cs.strict):
            assert _in_unit(prf.precision) and _in_unit(prf.recall) and _in_unit(prf.f1)
        assert cs.detection.tp + cs.detection.fp == n_pred
        assert cs.strict.tp + cs.strict.fp == n_pred
        assert cs.strict.tp <= cs.detection.tp <= min(n_pred, n_gold)
        assert cs.detection.fn <= cs.strict.fn
        m = matches[name]
        assert len({x.pred for x in m.matches}) == len({x.gold for x in m.matches}) == len(m.matches)
        for acc in (cs.kind, cs.status, cs.certainty, cs.actors_f1, cs.date, cs.attribution):
            assert acc.value is None or _in_unit(acc.value)
    for value in score.headline().values():
        assert _in_unit(value)


@settings(max_examples=150, deadline=None)
@given(a=actors_st, b=actors_st)
def test_actor_f1_is_symmetric_and_bounded(a: list[str], b: list[str]) -> None:
    ab, ba = actor_f1(a, b), actor_f1(b, a)
    assert ab == pytest.approx(ba)
    assert _in_unit(ab)
    assert actor_f1(a, a) == 1.0


@settings(max_examples=200, deadline=None)
@given(a=spans_st, b=spans_st)
def test_span_overlap_is_symmetric_and_bounded(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> None:
    ab, ba = span_overlap(a, b), span_overlap(b, a)
    assert ab == pytest.approx(ba)
    assert _in_unit(ab)
    assert span_overlap(a, a) == 1.0


def test_date_coverage_tells_unknown_from_wrong(seed: Fixture) -> None:
    perfect, _ = score_brief(perfect_brief(seed), seed)
    assert perfect.headline()["date_accuracy"] == perfect.headline()["date_coverage"] == 1.0
    undated = perfect_brief(seed)
    wrong = perfect_brief(seed)
    for c in Category:
        for item in undated.items(c):
            item.when = When()
        for item in wrong.items(c):
            if item.when.start is not None:
                item.when = When(start=dt.date(1999, 1, 1), end=dt.date(1999, 1, 1), precision=DatePrecision.day)
    h_undated = score_brief(undated, seed)[0].headline()
    h_wrong = score_brief(wrong, seed)[0].headline()
    assert h_undated["date_coverage"] == 0.0 and h_wrong["date_coverage"] == 1.0
    assert h_undated["date_accuracy"] == h_wrong["date_accuracy"] < 1.0


def test_date_headline_is_absent_without_dated_gold() -> None:
    assert "date_accuracy" not in Score().headline() and "date_coverage" not in Score().headline()


def test_the_gate_catches_a_drop_in_date_accuracy() -> None:
    from summarizer.evals.report import Baseline, EvalReport, RunResult
    from summarizer.evals.runner import gate

    base = Baseline(
        metrics=["strict_macro_f1", "date_accuracy", "date_coverage"],
        runs={"none/heuristic": {"strict_macro_f1": 0.65, "date_accuracy": 0.95, "date_coverage": 1.0}},
    )
    row = RunResult(label="none/heuristic", backend="none", model="none", strategy="heuristic")
    row.headline = {"strict_macro_f1": 0.65, "date_accuracy": 0.80, "date_coverage": 1.0}
    result = gate(EvalReport(runs=[row]), min_f1=None, baseline=base)
    assert not result.passed and "date_accuracy" in result.reasons[0]
