"""The brief schema: the contract between the LLM, the pipeline, the CLI and the eval harness.

Two layers live here. ``Draft*`` models are what an LLM is asked to fill (plain strings, quotes without
offsets). The ``Brief`` and its items are what the pipeline returns after grounding and date
normalisation; only deterministic code fills offsets, ISO dates and provenance.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.0"


class ActorKind(str, Enum):
    state = "state"
    organization = "organization"
    person = "person"
    military = "military"
    other = "other"


class ProposalStatus(str, Enum):
    floated = "floated"
    proposed = "proposed"
    under_consideration = "under_consideration"
    accepted = "accepted"
    rejected = "rejected"
    withdrawn = "withdrawn"
    unknown = "unknown"


class ExchangeStatus(str, Enum):
    requested = "requested"
    offered = "offered"
    negotiating = "negotiating"
    agreed = "agreed"
    carried_out = "carried_out"
    alleged = "alleged"
    speculated = "speculated"


class EventKind(str, Enum):
    exercise = "exercise"
    missile_launch = "missile_launch"
    weapons_test = "weapons_test"
    deployment = "deployment"
    strike = "strike"
    arms_transfer = "arms_transfer"
    military_visit = "military_visit"
    parade = "parade"
    other = "other"


class EventStatus(str, Enum):
    occurred = "occurred"
    ongoing = "ongoing"
    planned = "planned"
    proposed = "proposed"
    cancelled = "cancelled"


class Certainty(str, Enum):
    confirmed = "confirmed"
    reported = "reported"
    claimed = "claimed"
    speculative = "speculative"
    opinion = "opinion"


class DatePrecision(str, Enum):
    day = "day"
    month = "month"
    year = "year"
    range = "range"
    unknown = "unknown"


class MatchKind(str, Enum):
    exact = "exact"
    fuzzy = "fuzzy"
    not_found = "not_found"


class Category(str, Enum):
    proposals = "proposals"
    exchanges = "exchanges"
    military_events = "military_events"


# --------------------------------------------------------------------------- shared parts


class When(BaseModel):
    """A time expression as written, and its normalisation against the publication date."""

    text: str | None = Field(None, description="The words the article uses, e.g. 'last Wednesday (Aug. 30)'.")
    start: dt.date | None = None
    end: dt.date | None = None
    precision: DatePrecision = DatePrecision.unknown
    rule: str | None = Field(None, description="The rule that resolved the words, e.g. 'weekday (future tense)'.")
    anchor: str | None = Field(
        None, description="What the words count from: 'published 2023-09-06', another dated expression, or None."
    )
    source: str | None = Field(
        None, description="Where the words were found: 'when' (the model's), 'evidence', or 'context' (nearby)."
    )
    check: str | None = Field(
        None,
        description="Set when the model's time words and the evidence's own disagree: the deterministic reading, "
        "e.g. \"evidence 'on Friday' reads 2023-06-23\". The model's reading is kept; a person decides.",
    )


class Evidence(BaseModel):
    """A verbatim quote and where it sits in the article (Python string indices, end exclusive)."""

    quote: str
    start: int | None = None
    end: int | None = None
    match: MatchKind = MatchKind.not_found
    score: float = Field(0.0, ge=0.0, le=1.0, description="Alignment confidence: 1.0 for an exact match.")


class ArticleMeta(BaseModel):
    title: str | None = None
    source: str | None = None
    author: str | None = None
    url: str | None = None
    published: dt.date | None = None
    published_source: str | None = Field(
        None,
        description="Where the publication date came from: header, html, url, dateline, byline, internal (the "
        "latest weekday-dated day in the text, an estimate), given, or None.",
    )
    chars: int = 0
    sha256: str = ""


class Actor(BaseModel):
    name: str = Field(description="Canonical name, e.g. 'North Korea'.")
    kind: ActorKind = ActorKind.other
    country: str | None = Field(None, description="ISO 3166-1 alpha-3 code where it applies, e.g. 'PRK'.")
    aliases: list[str] = Field(default_factory=list, description="Names as written in the article.")


class _Item(BaseModel):
    when: When = Field(default_factory=When)
    attributed_to: list[str] = Field(default_factory=list, description="Who says so.")
    certainty: Certainty = Certainty.reported
    evidence: list[Evidence] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list, description="e.g. 'ungrounded' under --grounding flag.")

    def grounded(self) -> bool:
        return any(e.match is not MatchKind.not_found for e in self.evidence)


class Proposal(_Item):
    proposer: list[str] = Field(default_factory=list)
    addressees: list[str] = Field(default_factory=list)
    what: str = ""
    status: ProposalStatus = ProposalStatus.unknown


class ExchangeSide(BaseModel):
    party: str = ""
    gives: list[str] = Field(default_factory=list)
    asks: list[str] = Field(default_factory=list)


class Exchange(_Item):
    side_a: ExchangeSide = Field(default_factory=ExchangeSide)
    side_b: ExchangeSide = Field(default_factory=ExchangeSide)
    status: ExchangeStatus = ExchangeStatus.alleged


class MilitaryEvent(_Item):
    kind: EventKind = EventKind.other
    actors: list[str] = Field(default_factory=list)
    description: str = ""
    location: str | None = None
    outcome: str | None = None
    status: EventStatus = EventStatus.occurred


class Dropped(BaseModel):
    category: Category
    item: dict = Field(default_factory=dict)
    reason: str


class Excluded(BaseModel):
    """A span of the article that is not news (an instruction to a model, markup, page furniture): rule-based
    strategies never see it, and an item whose only evidence lies in it is dropped."""

    start: int = Field(description="Python string index into the article text.")
    end: int = Field(description="End, exclusive.")
    kind: str = Field(description="instruction, markup or boilerplate.")
    rules: list[str] = Field(default_factory=list, description="Ids of the rules in data/instructions.yaml.")
    reason: str = ""
    preview: str = Field("", description="The start of the span, whitespace collapsed.")
    score: float | None = Field(
        None, description="The sentence classifier's probability that the span instructs a model, when it fired."
    )


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    cached_calls: int = 0

    def add(self, other: Usage) -> None:
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.calls += other.calls
        self.cached_calls += other.cached_calls


class Provenance(BaseModel):
    backend: str
    model: str
    strategy: str
    prompt_name: str
    prompt_sha256: str
    schema_version: str = SCHEMA_VERSION
    usage: Usage = Field(default_factory=Usage)
    attempts: int = 0
    latency_s: float = 0.0
    notes: list[str] = Field(default_factory=list, description="What went wrong but did not stop the brief.")
    created_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))


class Brief(BaseModel):
    """An evidence-grounded brief of one article."""

    model_config = ConfigDict(title="Brief")

    schema_version: str = SCHEMA_VERSION
    article: ArticleMeta = Field(default_factory=ArticleMeta)
    summary: str = ""
    actors: list[Actor] = Field(default_factory=list)
    proposals: list[Proposal] = Field(default_factory=list)
    exchanges: list[Exchange] = Field(default_factory=list)
    military_events: list[MilitaryEvent] = Field(default_factory=list)
    dropped: list[Dropped] = Field(default_factory=list)
    provenance: Provenance | None = None
    excluded: list[Excluded] = Field(
        default_factory=list, description="Spans left out as instructions, markup or boilerplate, and why."
    )

    def items(self, category: Category) -> list[Proposal] | list[Exchange] | list[MilitaryEvent]:
        return getattr(self, category.value)


# --------------------------------------------------------------------------- what the LLM fills


class _DraftItem(BaseModel):
    when: str | None = Field(None, description="The time words exactly as the article writes them, or null.")
    attributed_to: list[str] = Field(default_factory=list, description="Who the article says reports this.")
    certainty: Certainty = Certainty.reported
    evidence: list[str] = Field(
        default_factory=list,
        description="One or more sentences copied word for word from the article that support this item.",
    )


class DraftProposal(_DraftItem):
    proposer: list[str] = Field(default_factory=list, description="Who proposed it.")
    addressees: list[str] = Field(default_factory=list, description="To whom it was proposed.")
    what: str = Field("", description="What is proposed, in a few words.")
    status: ProposalStatus = ProposalStatus.proposed


class DraftExchange(_DraftItem):
    side_a: ExchangeSide = Field(default_factory=ExchangeSide)
    side_b: ExchangeSide = Field(default_factory=ExchangeSide)
    status: ExchangeStatus = ExchangeStatus.alleged


class DraftEvent(_DraftItem):
    kind: EventKind = EventKind.other
    actors: list[str] = Field(default_factory=list)
    description: str = ""
    location: str | None = None
    outcome: str | None = None
    status: EventStatus = EventStatus.occurred


class DraftBrief(BaseModel):
    """The structured output an LLM returns for one article (before grounding and dating)."""

    summary: str = Field("", description="2-4 neutral sentences.")
    actors: list[Actor] = Field(default_factory=list)
    proposals: list[DraftProposal] = Field(default_factory=list)
    exchanges: list[DraftExchange] = Field(default_factory=list)
    military_events: list[DraftEvent] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _reject_foreign_objects(cls, data: object) -> object:
        """JSON none of whose keys belong to a brief (``{"unexpected": 1}``) is not an empty brief but a
        wrong answer: failing validation sends it back to the model."""
        if isinstance(data, dict) and data and not (data.keys() & cls.model_fields.keys()):
            raise ValueError(f"not a brief: expected some of {', '.join(cls.model_fields)}; got {', '.join(data)}")
        return data


# --------------------------------------------------------------------------- brief-v2: time words beyond the evidence

_WHEN_V2 = (
    "The time words that date this item exactly as the article writes them, even when they stand outside the "
    "evidence (then give their sentence in when_source), or null."
)
_WHEN_SOURCE = "When the time words are not in the evidence: their sentence, copied word for word; else null."


class DraftProposalV2(DraftProposal):
    when: str | None = Field(None, description=_WHEN_V2)
    when_source: str | None = Field(None, description=_WHEN_SOURCE)


class DraftExchangeV2(DraftExchange):
    when: str | None = Field(None, description=_WHEN_V2)
    when_source: str | None = Field(None, description=_WHEN_SOURCE)


class DraftEventV2(DraftEvent):
    when: str | None = Field(None, description=_WHEN_V2)
    when_source: str | None = Field(None, description=_WHEN_SOURCE)


class DraftBriefV2(DraftBrief):
    """``DraftBrief`` as the ``brief-v2`` prompt asks for it: each item may say where its time words stand
    when they are outside its evidence. A separate model, so ``brief-v1``'s request schema stays unchanged."""

    model_config = ConfigDict(title="DraftBrief")

    proposals: list[DraftProposalV2] = Field(default_factory=list)  # type: ignore[assignment]
    exchanges: list[DraftExchangeV2] = Field(default_factory=list)  # type: ignore[assignment]
    military_events: list[DraftEventV2] = Field(default_factory=list)  # type: ignore[assignment]


def brief_json_schema() -> dict:
    return Brief.model_json_schema()
