"""Agreement between two labellers of the same articles, scored by the eval's own scorer.

One labeller's fixture is read as a prediction: each gold item becomes the brief item a perfect system
would output for it, its evidence quotes located in the article by the pipeline's aligner
(:class:`~summarizer.grounding.Aligner`), and :func:`~summarizer.evals.scoring.score_brief` scores that brief
against the other labeller's fixture exactly as it scores a model's brief: the same matching, the same strict
key fields, the other fixture's ``optional`` items costing nothing when missed. Swapping the two gives the
other direction; the scorer is not symmetric (optional items count on the gold side only).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..grounding import Aligner
from ..schema import (
    Brief,
    Category,
    Certainty,
    DatePrecision,
    EventKind,
    Evidence,
    Exchange,
    ExchangeSide,
    MilitaryEvent,
    Proposal,
    ProposalStatus,
    When,
)
from .fixtures import Fixture, GoldEvent, GoldExchange, GoldItem, GoldProposal, GoldSide, GoldWhen
from .scoring import CategoryMatches, Pred, Score, score_brief


def _when(gold: GoldWhen | None) -> When:
    if gold is None:
        return When()
    return When(text=gold.text, start=gold.start, end=gold.end, precision=gold.precision or DatePrecision.unknown)


def _side(gold: GoldSide | None) -> ExchangeSide:
    if gold is None:
        return ExchangeSide()
    return ExchangeSide(party=gold.party, gives=list(gold.gives or []), asks=list(gold.asks or []))


def prediction_from_gold(item: GoldItem, evidence: list[Evidence]) -> Pred:
    """The brief item that says what ``item`` says, citing ``evidence``. A field the labeller left out takes the
    brief's default (the scorer reads only the gold side's fields, so a default can cost the prediction, never help
    it). The scorer's own tests build their perfect briefs with it too."""
    common = {
        "evidence": evidence,
        "when": _when(item.when),
        "attributed_to": list(item.attributed_to or []),
        "certainty": item.certainty or Certainty.reported,
    }
    if isinstance(item, GoldProposal):
        return Proposal(
            **common,
            proposer=list(item.proposer or []),
            addressees=list(item.addressees or []),
            what=item.what or "",
            status=item.status or ProposalStatus.unknown,
        )
    if isinstance(item, GoldExchange):
        status = {"status": item.status} if item.status else {}
        return Exchange(**common, side_a=_side(item.side_a), side_b=_side(item.side_b), **status)
    if not isinstance(item, GoldEvent):
        raise TypeError(f"not a gold item: {type(item).__name__}")
    status = {"status": item.status} if item.status else {}
    return MilitaryEvent(
        **common,
        kind=item.kind or EventKind.other,
        actors=list(item.actors or []),
        description=item.description or "",
        location=item.location,
        outcome=item.outcome,
        **status,
    )


def brief_from_fixture(fixture: Fixture, *, with_optional: bool = False) -> Brief:
    """One labeller's fixture as the brief it describes: its required items, or every item with
    ``with_optional`` (an optional item is one the labeller would not fault a system for leaving out)."""
    aligner = Aligner(fixture.article.text)
    brief = Brief(article=fixture.to_article().meta)
    for category in Category:
        items = [g for g in fixture.expected.items(category) if with_optional or not g.optional]
        getattr(brief, category.value).extend(
            prediction_from_gold(g, [aligner.align(q) for q in g.evidence]) for g in items
        )
    return brief


@dataclass
class PairResult:
    """One article: the predicting labeller's brief scored against the other's fixture."""

    fixture_id: str
    score: Score
    matches: dict[str, CategoryMatches]
    brief: Brief


@dataclass
class AgreementResult:
    """Every article of one direction (who predicts, who is gold) and one choice of predicted items."""

    results: list[PairResult] = field(default_factory=list)

    def total(self, ids: Iterable[str] | None = None) -> Score:
        """Counts of the chosen articles added together, as the eval adds them (its headline is this)."""
        wanted = set(ids) if ids is not None else None
        total = Score()
        for r in self.results:
            if wanted is None or r.fixture_id in wanted:
                total.merge(r.score)
        return total

    def fixture_mean(self, key: str, ids: Iterable[str] | None = None) -> float:
        """The mean over articles of one per-article headline figure (each article's own macro F1)."""
        wanted = set(ids) if ids is not None else None
        values = [r.score.headline()[key] for r in self.results if wanted is None or r.fixture_id in wanted]
        return round(statistics.fmean(values), 4) if values else 0.0


class ArticleMismatch(ValueError):
    """The two labellers' fixtures of one id are not of the same article text."""


def score_agreement(predicting: list[Fixture], gold: list[Fixture], *, with_optional: bool = False) -> AgreementResult:
    """Score each fixture of ``predicting`` as a prediction against the ``gold`` fixture of the same id."""
    by_id = {f.id: f for f in gold}
    out = AgreementResult()
    for fx in predicting:
        if fx.id not in by_id:
            raise KeyError(f"no gold fixture {fx.id!r}")
        other = by_id[fx.id]
        if fx.article.text.strip() != other.article.text.strip():
            raise ArticleMismatch(f"{fx.id}: the two fixtures hold different article texts")
        brief = brief_from_fixture(fx, with_optional=with_optional)
        score, matches = score_brief(brief, other)
        out.results.append(PairResult(fx.id, score, matches, brief))
    return out
