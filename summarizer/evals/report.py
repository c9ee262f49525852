"""Eval report models (the JSON contract of report.json and evals/baseline.json)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from ..schema import Brief, Usage
from .scoring import Score


class MatchRecord(BaseModel):
    pred: int
    gold: int
    strict: bool


class FixtureResult(BaseModel):
    fixture_id: str
    repeat: int = 0
    headline: dict[str, float] = Field(default_factory=dict)
    score: Score = Field(default_factory=Score)
    seconds: float = 0.0
    usage: Usage = Field(default_factory=Usage)
    error: str | None = None
    brief: Brief | None = None
    matches: dict[str, list[MatchRecord]] = Field(default_factory=dict)
    unrecorded: str | None = Field(
        None, description="Replay only: why the cassette holds no answer for this fixture (it is not scored)."
    )


class CategorySummary(BaseModel):
    detection: dict[str, float]
    strict: dict[str, float]
    kind_accuracy: float | None = None
    status_accuracy: float | None = None
    certainty_accuracy: float | None = None
    actor_set_f1: float | None = None
    date_accuracy: float | None = None
    attribution_accuracy: float | None = None
    date_coverage: float | None = Field(None, description="Matched gold-dated items whose prediction has a date.")
    location_accuracy: float | None = None


class RunResult(BaseModel):
    """One row of the matrix: a backend/model, a strategy and a prompt, over every fixture."""

    label: str
    backend: str
    model: str
    strategy: str
    prompt: str | None = None
    repeats: int = 1
    headline: dict[str, float] = Field(default_factory=dict, description="Mean over repeats.")
    spread: dict[str, float] = Field(default_factory=dict, description="Standard deviation over repeats.")
    categories: dict[str, CategorySummary] = Field(default_factory=dict)
    seconds_per_article: float = 0.0
    tokens_in_per_article: float = 0.0
    tokens_out_per_article: float = 0.0
    calls_per_article: float = 0.0
    cached_calls: int = 0
    errors: int = 0
    fixtures: list[FixtureResult] = Field(default_factory=list)
    attributes: dict[str, float | None] = Field(
        default_factory=dict,
        description="Accuracy of each attribute on matched items, all categories together (status, certainty, "
        "attribution, date, location, actors = mean actor-set F1).",
    )
    unrecorded: list[str] = Field(default_factory=list, description="Fixtures the replayed cassette has no answer for.")
    not_scored: str | None = Field(
        None, description="Why the row has no scores at all (e.g. no recording for brief-v2)."
    )
    replay_notes: list[str] = Field(default_factory=list)


class GateResult(BaseModel):
    passed: bool
    reasons: list[str] = Field(default_factory=list)


class Baseline(BaseModel):
    """Committed scores per run label; a run falling below by more than ``tolerance`` fails the gate."""

    tolerance: float = 0.02
    metrics: list[str] = Field(default_factory=lambda: ["strict_macro_f1", "detection_macro_f1"])
    runs: dict[str, dict[str, float]] = Field(default_factory=dict)


class EvalReport(BaseModel):
    created_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    fixtures_dir: str = ""
    fixture_ids: list[str] = Field(default_factory=list)
    wall_seconds: float = 0.0
    runs: list[RunResult] = Field(default_factory=list)
    gate: GateResult | None = None
