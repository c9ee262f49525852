"""Span-aware scoring of a predicted brief against a fixture.

Within each category, predicted and gold items are matched one-to-one, best pair first. A pair is only
possible when their evidence spans overlap in the article; among those, actor overlap and description
similarity break ties. Detection counts every matched pair; strict counts a pair only when the key
fields are right too (who proposed; both parties of an exchange; an event's kind and an actor).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from ..schema import Brief, Category, Exchange, MatchKind, MilitaryEvent, Proposal, When
from .aliases import NO_ALIASES, ArticleAliases, article_aliases
from .fixtures import Fixture, GoldEvent, GoldExchange, GoldItem, GoldProposal, GoldWhen

Pred = Proposal | Exchange | MilitaryEvent


class PRF(BaseModel):
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def summary(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


class Accuracy(BaseModel):
    right: float = 0.0
    total: int = 0

    def add(self, value: float) -> None:
        self.right += value
        self.total += 1

    def merge(self, other: Accuracy) -> None:
        self.right += other.right
        self.total += other.total

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None


ATTRIBUTES = ("kind", "status", "certainty", "actors_f1", "date", "attribution", "location")


class CategoryScore(BaseModel):
    detection: PRF = Field(default_factory=PRF)
    strict: PRF = Field(default_factory=PRF)
    kind: Accuracy = Field(default_factory=Accuracy)
    status: Accuracy = Field(default_factory=Accuracy)
    certainty: Accuracy = Field(default_factory=Accuracy)
    actors_f1: Accuracy = Field(default_factory=Accuracy)
    date: Accuracy = Field(default_factory=Accuracy)
    attribution: Accuracy = Field(default_factory=Accuracy)
    #: Matched gold items that carry a date: the share whose prediction has any date at all.
    date_coverage: Accuracy = Field(default_factory=Accuracy)
    location: Accuracy = Field(default_factory=Accuracy)

    def merge(self, other: CategoryScore) -> None:
        self.detection.add(other.detection)
        self.strict.add(other.strict)
        for name in (*ATTRIBUTES, "date_coverage"):
            getattr(self, name).merge(getattr(other, name))


class Score(BaseModel):
    """Scores of one brief, or of many added together (counts add, so micro averages fall out)."""

    categories: dict[str, CategoryScore] = Field(default_factory=lambda: {c.value: CategoryScore() for c in Category})
    evidence_total: int = 0
    evidence_located: int = 0
    items_total: int = 0
    items_hallucinated: int = 0

    def merge(self, other: Score) -> None:
        for k, v in other.categories.items():
            self.categories[k].merge(v)
        self.evidence_total += other.evidence_total
        self.evidence_located += other.evidence_located
        self.items_total += other.items_total
        self.items_hallucinated += other.items_hallucinated

    def attribute_accuracies(self) -> dict[str, float | None]:
        """Each attribute's accuracy on matched items, every category together (``actors`` is the mean actor-set F1)."""
        out: dict[str, float | None] = {}
        for name in ATTRIBUTES:
            total = Accuracy()
            for c in self.categories.values():
                total.merge(getattr(c, name))
            out["actors" if name == "actors_f1" else name] = round(total.value, 4) if total.value is not None else None
        return out

    def _micro(self, which: str) -> PRF:
        total = PRF()
        for c in self.categories.values():
            total.add(getattr(c, which))
        return total

    def headline(self) -> dict[str, float]:
        # Macro averages only over categories with something to score: a category with neither gold nor
        # predictions would otherwise add a free 1.0.
        cats = [c for c in self.categories.values() if c.detection.tp + c.detection.fp + c.detection.fn] or [
            CategoryScore()
        ]
        return {
            "strict_macro_f1": round(sum(c.strict.f1 for c in cats) / len(cats), 4),
            "detection_macro_f1": round(sum(c.detection.f1 for c in cats) / len(cats), 4),
            "strict_micro_f1": round(self._micro("strict").f1, 4),
            "detection_micro_f1": round(self._micro("detection").f1, 4),
            "grounding_rate": round(self.evidence_located / self.evidence_total, 4) if self.evidence_total else 1.0,
            "hallucination_rate": round(self.items_hallucinated / self.items_total, 4) if self.items_total else 0.0,
            **self.date_headline(),
        }

    def date_headline(self) -> dict[str, float]:
        """Micro date accuracy at gold precision and date coverage over every matched, date-labelled item;
        absent (not a free 1.0) when nothing was dated in the gold."""
        out: dict[str, float] = {}
        for key, name in (("date_accuracy", "date"), ("date_coverage", "date_coverage")):
            total = Accuracy()
            for c in self.categories.values():
                total.merge(getattr(c, name))
            if total.value is not None:
                out[key] = round(total.value, 4)
        return out


# --------------------------------------------------------------------------- key fields


def _any_same(a: list[str], b: list[str], aliases: ArticleAliases) -> bool:
    return any(aliases.same(x, y) for x in a for y in b)


def actor_f1(pred: list[str], gold: list[str], aliases: ArticleAliases = NO_ALIASES) -> float:
    if not pred and not gold:
        return 1.0
    if not pred or not gold:
        return 0.0
    p = sum(1 for x in pred if any(aliases.same(x, y) for y in gold)) / len(pred)
    r = sum(1 for y in gold if any(aliases.same(x, y) for x in pred)) / len(gold)
    return 2 * p * r / (p + r) if p + r else 0.0


def key_actors(item: Pred | GoldItem) -> list[str]:
    if isinstance(item, (Proposal, GoldProposal)):
        return list(item.proposer or [])
    if isinstance(item, (Exchange, GoldExchange)):
        return [s.party for s in (item.side_a, item.side_b) if s is not None and s.party]
    return list(item.actors or [])  # type: ignore[union-attr]


def key_fields_right(pred: Pred, gold: GoldItem, aliases: ArticleAliases = NO_ALIASES) -> bool:
    """Who proposed; both parties of an exchange; an event's kind and an actor. Names are compared by the
    gazetteer and by the pairs the article itself defines (``aliases``)."""
    if isinstance(gold, GoldProposal):
        return gold.proposer is None or _any_same(pred.proposer, gold.proposer, aliases)  # type: ignore[union-attr]
    if isinstance(gold, GoldExchange):
        parties = key_actors(pred)
        gold_parties = key_actors(gold)
        return all(any(aliases.same(p, g) for p in parties) for g in gold_parties) and len(parties) >= len(gold_parties)
    assert isinstance(gold, GoldEvent) and isinstance(pred, MilitaryEvent)
    kind_ok = gold.kind is None or pred.kind == gold.kind
    return kind_ok and (gold.actors is None or _any_same(pred.actors, gold.actors, aliases))


def _description(item: Pred | GoldItem) -> str:
    return str(getattr(item, "what", None) or getattr(item, "description", None) or "")


def date_right(pred: When, gold: GoldWhen) -> float:
    if gold.start is None:
        return 1.0 if pred.start is None else 0.0
    if pred.start is None:
        return 0.0
    precision = gold.precision.value if gold.precision else "day"
    if precision == "year":
        return float(pred.start.year == gold.start.year)
    if precision == "month":
        return float((pred.start.year, pred.start.month) == (gold.start.year, gold.start.month))
    if precision == "range":
        return float(pred.start == gold.start and (pred.end or pred.start) == (gold.end or gold.start))
    return float(pred.start == gold.start)


_PLACE_WORD = re.compile(r"\b[A-Z][\w-]*")


def _place_words(text: str) -> set[str]:
    # Capitalised words carry the place ("Sunan", "Pyongyang", "Hokkaido", "EEZ"); the rest is phrasing.
    plain = text.replace("’", "'").replace("'s", "")
    return {w.casefold() for w in _PLACE_WORD.findall(plain)} - {"the", "a", "an"}


def location_right(pred: str | None, gold: str) -> float:
    """The gold place is in the predicted location: the two read alike, or at least half of the gold's place
    names (capitalised words) appear in the prediction. Locations are free text, so wording is not scored."""
    if not pred:
        return 0.0
    if fuzz.token_set_ratio(pred, gold) >= 80:
        return 1.0
    gold_words = _place_words(gold)
    if not gold_words:
        return 0.0
    return float(len(gold_words & _place_words(pred)) / len(gold_words) >= 0.5)


def attribution_right(pred: list[str], gold: list[str], aliases: ArticleAliases = NO_ALIASES) -> float:
    if not gold:
        return float(not pred)
    for g in gold:
        for p in pred:
            if aliases.same(p, g) or fuzz.token_set_ratio(p, g) >= 80:
                return 1.0
    return 0.0


# --------------------------------------------------------------------------- matching


def _pred_spans(item: Pred) -> list[tuple[int, int]]:
    return [(e.start, e.end) for e in item.evidence if e.start is not None and e.end is not None]


def span_overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> float:
    """Largest overlap of any two spans, relative to the shorter of the two (1.0 when one contains the other)."""
    best = 0.0
    for s1, e1 in a:
        for s2, e2 in b:
            inter = min(e1, e2) - max(s1, s2)
            if inter > 0:
                best = max(best, inter / max(1, min(e1 - s1, e2 - s2)))
    return best


def pair_score(pred: Pred, gold: GoldItem, aliases: ArticleAliases = NO_ALIASES) -> float:
    overlap = span_overlap(_pred_spans(pred), gold.spans)
    if overlap <= 0:
        return 0.0
    actors = actor_f1(key_actors(pred), key_actors(gold), aliases)
    desc = fuzz.token_set_ratio(_description(pred), _description(gold)) / 100 if _description(gold) else 0.0
    return overlap + 0.5 * actors + 0.25 * desc


@dataclass
class Match:
    pred: int
    gold: int
    score: float
    strict: bool


@dataclass
class CategoryMatches:
    matches: list[Match] = field(default_factory=list)
    unmatched_pred: list[int] = field(default_factory=list)
    unmatched_gold: list[int] = field(default_factory=list)


def match_items(preds: list[Pred], golds: list[GoldItem], aliases: ArticleAliases = NO_ALIASES) -> CategoryMatches:
    pairs = sorted(
        ((pair_score(p, g, aliases), i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = CategoryMatches()
    for s, i, j in pairs:
        if s <= 0:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.matches.append(Match(i, j, s, key_fields_right(preds[i], golds[j], aliases)))
    out.unmatched_pred = [i for i in range(len(preds)) if i not in used_p]
    out.unmatched_gold = [j for j in range(len(golds)) if j not in used_g]
    return out


def score_category(
    preds: list[Pred], golds: list[GoldItem], aliases: ArticleAliases = NO_ALIASES
) -> tuple[CategoryScore, CategoryMatches]:
    m = match_items(preds, golds, aliases)
    cs = CategoryScore()
    missed_required = sum(1 for j in m.unmatched_gold if not golds[j].optional)
    cs.detection = PRF(tp=len(m.matches), fp=len(m.unmatched_pred), fn=missed_required)
    strict_tp = sum(1 for x in m.matches if x.strict)
    # A matched pair with wrong key fields is both a wrong prediction and a miss (unless the gold was optional).
    strict_fn = missed_required + sum(1 for x in m.matches if not x.strict and not golds[x.gold].optional)
    cs.strict = PRF(tp=strict_tp, fp=len(preds) - strict_tp, fn=strict_fn)
    for x in m.matches:
        p, g = preds[x.pred], golds[x.gold]
        if isinstance(g, GoldEvent) and g.kind is not None:
            cs.kind.add(float(p.kind == g.kind))  # type: ignore[union-attr]
        gs = getattr(g, "status", None)
        if gs is not None:
            cs.status.add(float(p.status == gs))
        if g.certainty is not None:
            cs.certainty.add(float(p.certainty == g.certainty))
        if key_actors(g):
            cs.actors_f1.add(actor_f1(key_actors(p), key_actors(g), aliases))
        if g.when is not None:
            cs.date.add(date_right(p.when, g.when))
            if g.when.start is not None:
                cs.date_coverage.add(float(p.when.start is not None))
        if g.attributed_to is not None:
            cs.attribution.add(attribution_right(p.attributed_to, g.attributed_to, aliases))
        if isinstance(g, GoldEvent) and g.location:
            cs.location.add(location_right(getattr(p, "location", None), g.location))
    return cs, m


def score_brief(brief: Brief, fixture: Fixture) -> tuple[Score, dict[str, CategoryMatches]]:
    score = Score()
    matches: dict[str, CategoryMatches] = {}
    aliases = article_aliases(fixture.article.text)
    for category in Category:
        preds: list[Pred] = list(brief.items(category))
        cs, m = score_category(preds, fixture.expected.items(category), aliases)
        score.categories[category.value] = cs
        matches[category.value] = m
        for p in preds:
            score.items_total += 1
            score.evidence_total += len(p.evidence)
            located = sum(1 for e in p.evidence if e.match is not MatchKind.not_found)
            score.evidence_located += located
            if not located:
                score.items_hallucinated += 1
    # Items the pipeline dropped for missing evidence are hallucinations the model made.
    score.items_total += len(brief.dropped)
    score.items_hallucinated += len(brief.dropped)
    return score, matches


def matched_pairs(
    brief: Brief, fixture: Fixture, matches: dict[str, CategoryMatches], categories: Iterable[Category] = Category
) -> Iterator[tuple[Category, Match, Pred, GoldItem]]:
    """Every matched pair of :func:`score_brief`'s ``matches``, category by category: the match, the predicted item
    and the gold one (for reports that look at the attributes of matched items)."""
    for category in categories:
        preds, golds = brief.items(category), fixture.expected.items(category)
        for x in matches[category.value].matches:
            yield category, x, preds[x.pred], golds[x.gold]
