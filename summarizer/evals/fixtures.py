"""Hand-labelled fixtures: one YAML file per article, validated at load, gold evidence aligned to the text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ConfigError
from ..grounding import Aligner
from ..inputs import Article
from ..schema import (
    ArticleMeta,
    Category,
    Certainty,
    DatePrecision,
    EventKind,
    EventStatus,
    ExchangeStatus,
    MatchKind,
    ProposalStatus,
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldWhen(_Strict):
    text: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    precision: DatePrecision | None = None


class GoldItem(_Strict):
    """Any field left out is not scored; ``optional`` items earn credit when found and cost nothing when not."""

    evidence: list[str] = Field(min_length=1)
    optional: bool = False
    when: GoldWhen | None = None
    attributed_to: list[str] | None = None
    certainty: Certainty | None = None
    #: Offsets of each evidence quote in the article, filled at load.
    spans: list[tuple[int, int]] = Field(default_factory=list, exclude=True)


class GoldProposal(GoldItem):
    proposer: list[str] | None = None
    addressees: list[str] | None = None
    what: str | None = None
    status: ProposalStatus | None = None


class GoldSide(_Strict):
    party: str
    gives: list[str] | None = None
    asks: list[str] | None = None


class GoldExchange(GoldItem):
    side_a: GoldSide | None = None
    side_b: GoldSide | None = None
    status: ExchangeStatus | None = None


class GoldEvent(GoldItem):
    kind: EventKind | None = None
    actors: list[str] | None = None
    description: str | None = None
    location: str | None = None
    outcome: str | None = None
    status: EventStatus | None = None


class Expected(_Strict):
    proposals: list[GoldProposal] = Field(default_factory=list)
    exchanges: list[GoldExchange] = Field(default_factory=list)
    military_events: list[GoldEvent] = Field(default_factory=list)

    def items(self, category: Category) -> list[GoldItem]:
        return getattr(self, category.value)


class FixtureArticle(_Strict):
    title: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    published: dt.date | None = None
    text: str


class Fixture(_Strict):
    id: str
    article: FixtureArticle
    expected: Expected

    def to_article(self) -> Article:
        import hashlib

        a = self.article
        meta = ArticleMeta(
            title=a.title,
            source=a.source,
            url=a.url,
            author=a.author,
            published=a.published,
            chars=len(a.text),
            sha256=hashlib.sha256(a.text.encode()).hexdigest(),
        )
        return Article(text=a.text, meta=meta, id=self.id)


class FixtureError(ConfigError):
    pass


def load_fixture(path: Path) -> Fixture:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        fixture = Fixture.model_validate(raw)
    except (yaml.YAMLError, ValidationError) as e:
        raise FixtureError(f"{path}: invalid fixture: {e}") from None
    aligner = Aligner(fixture.article.text)
    for category in Category:
        for n, item in enumerate(fixture.expected.items(category)):
            item.spans = []
            for quote in item.evidence:
                ev = aligner.align(quote)
                if ev.match is not MatchKind.exact or ev.start is None or ev.end is None:
                    raise FixtureError(f"{path}: {category.value}[{n}] evidence not in the article text: {quote!r}")
                item.spans.append((ev.start, ev.end))
                # A quote that the article repeats (a headline and its body, GUIDELINES §9) may be cited at
                # any occurrence: each one is a span of the gold item.
                text, found = fixture.article.text, fixture.article.text[ev.start : ev.end]
                at = text.find(found)
                while at != -1:
                    if at != ev.start:
                        item.spans.append((at, at + len(found)))
                    at = text.find(found, at + 1)
    return fixture


def load_fixtures(directory: Path, only: list[str] | None = None) -> list[Fixture]:
    files = sorted(Path(directory).glob("*.yaml")) + sorted(Path(directory).glob("*.yml"))
    if not files:
        raise FixtureError(f"no fixtures (*.yaml) in {directory}")
    fixtures = [load_fixture(f) for f in files]
    if only:
        fixtures = [f for f in fixtures if f.id in only]
    return fixtures


def load_split(path: Path, name: str) -> list[str]:
    """The fixture ids of one split (``dev`` or ``heldout``) of ``evals/splits.yaml`` (see evals/SPLITS.md)."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise FixtureError(f"{path}: cannot read the fixture splits: {e}") from None
    if not isinstance(raw, dict) or name not in raw or not isinstance(raw[name], list):
        known = ", ".join(raw) if isinstance(raw, dict) else "none"
        raise FixtureError(f"{path}: no split {name!r} (splits: {known})")
    return [str(x) for x in raw[name]]
