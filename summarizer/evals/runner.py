"""Run a matrix of (model × strategy × prompt) over the fixtures, score, summarise and gate."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..backends import Backend
from ..cache import CachingBackend
from ..config import BackendConfig
from ..errors import CassetteMiss, SummarizerError
from ..pipeline import run_pipeline
from ..prompts import PromptLibrary
from ..schema import Category, Usage
from .fixtures import Fixture
from .report import Baseline, CategorySummary, EvalReport, FixtureResult, GateResult, MatchRecord, RunResult
from .scoring import Score, score_brief


@dataclass
class RunSpec:
    """``model`` is ``local``, ``local:NAME_OR_PATH``, ``openai:MODEL`` or ``none`` (the heuristic row)."""

    model: str
    strategy: str
    prompt: str | None = None
    #: The cassette this row replays (its directory name is part of the label: a replayed row is not a live one).
    replay: Path | None = None

    @property
    def label(self) -> str:
        label = f"{self.model}/{self.strategy}" + (f"/{self.prompt}" if self.prompt else "")
        return label + (f"@{self.replay.name}" if self.replay and self.strategy != "heuristic" else "")


def build_backend(
    spec: RunSpec,
    *,
    base_url: str | None,
    cache: bool,
    cache_dir: Path | None,
    record: Path | None = None,
) -> Backend | None:
    if spec.strategy == "heuristic":
        return None
    return BackendConfig.from_spec(
        spec.model, base_url=base_url, cache=cache, cache_dir=cache_dir, record=record, replay=spec.replay
    ).build()


def _mean(values: list[float]) -> float:
    return round(statistics.fmean(values), 4) if values else 0.0


def summarise(spec: RunSpec, backend: Backend | None, everything: list[FixtureResult], repeats: int) -> RunResult:
    # A fixture the cassette holds no answer for is not scored at all: counting it as an empty brief would
    # report a prompt change as a collapse of the model.
    results = [fr for fr in everything if fr.unrecorded is None]
    unrecorded = sorted({fr.fixture_id for fr in everything if fr.unrecorded is not None})
    per_repeat: list[dict[str, float]] = []
    for r in range(repeats):
        total = Score()
        for fr in results:
            if fr.repeat == r:
                total.merge(fr.score)
        per_repeat.append(total.headline())
    # Nothing scored (every fixture unrecorded) has no scores: not the free 1.0 of an empty Score.
    keys = per_repeat[0].keys() if per_repeat and results else []
    headline = {k: _mean([h[k] for h in per_repeat]) for k in keys}
    spread = {k: round(statistics.pstdev([h[k] for h in per_repeat]), 4) for k in keys}
    total = Score()
    for fr in results:
        total.merge(fr.score)
    categories = {}
    for c in Category:
        cs = total.categories[c.value]
        categories[c.value] = CategorySummary(
            detection=cs.detection.summary(),
            strict=cs.strict.summary(),
            kind_accuracy=cs.kind.value,
            status_accuracy=cs.status.value,
            certainty_accuracy=cs.certainty.value,
            actor_set_f1=cs.actors_f1.value,
            date_accuracy=cs.date.value,
            attribution_accuracy=cs.attribution.value,
            date_coverage=cs.date_coverage.value,
            location_accuracy=cs.location.value,
        )
    n = max(1, len(results))
    usage = Usage()
    for fr in results:
        usage.add(fr.usage)
    return RunResult(
        label=spec.label,
        backend=backend.kind if backend else "none",
        model=backend.model if backend else "none",
        strategy=spec.strategy,
        prompt=spec.prompt,
        repeats=repeats,
        headline=headline,
        spread=spread,
        categories=categories,
        seconds_per_article=round(sum(fr.seconds for fr in results) / n, 3),
        tokens_in_per_article=round(usage.prompt_tokens / n, 1),
        tokens_out_per_article=round(usage.completion_tokens / n, 1),
        calls_per_article=round(usage.calls / n, 2),
        cached_calls=usage.cached_calls,
        errors=sum(1 for fr in results if fr.error),
        fixtures=everything,
        attributes=total.attribute_accuracies(),
        unrecorded=unrecorded,
        not_scored=_not_scored(everything) if unrecorded and not results else None,
        replay_notes=sorted({n for fr in results if fr.brief and fr.brief.provenance for n in _replay_notes(fr)}),
    )


def _not_scored(results: list[FixtureResult]) -> str:
    return "; ".join(sorted({fr.unrecorded for fr in results if fr.unrecorded}))


def _replay_notes(fr: FixtureResult) -> list[str]:
    # A re-ask the cassette does not hold keeps the first answer (as a failed live re-ask does); say so.
    notes = fr.brief.provenance.notes if fr.brief and fr.brief.provenance else []
    return ["a grounding re-ask was not recorded; the first answer was kept" for n in notes if "cassette_miss" in n]


async def run_one(
    spec: RunSpec, backend: Backend | None, fixture: Fixture, prompts: PromptLibrary, repeat: int
) -> FixtureResult:
    article = fixture.to_article()
    started = time.perf_counter()
    if isinstance(backend, CachingBackend):
        backend.salt = f"repeat-{repeat}" if repeat else ""
    try:
        brief = await run_pipeline(article, backend, strategy=spec.strategy, prompts=prompts, prompt=spec.prompt)
    except CassetteMiss as e:
        return FixtureResult(
            fixture_id=fixture.id,
            repeat=repeat,
            seconds=round(time.perf_counter() - started, 3),
            error=f"{e.kind}: {e.message}",
            unrecorded=_unrecorded(e),
        )
    except SummarizerError as e:
        # A failed article scores as an empty brief: it costs recall, and the error is in the report.
        from ..schema import Brief

        brief, error = Brief(article=article.meta), f"{e.kind}: {e.message}"
    else:
        error = None
    seconds = time.perf_counter() - started
    score, matches = score_brief(brief, fixture)
    return FixtureResult(
        fixture_id=fixture.id,
        repeat=repeat,
        headline=score.headline(),
        score=score,
        seconds=round(seconds, 3),
        usage=brief.provenance.usage if brief.provenance else Usage(),
        error=error,
        brief=brief,
        matches={
            k: [MatchRecord(pred=m.pred, gold=m.gold, strict=m.strict) for m in v.matches] for k, v in matches.items()
        },
    )


def _unrecorded(e: CassetteMiss) -> str:
    """The per-row line for a fixture the cassette cannot answer: which prompt needs recording, or why."""
    if e.prompt and (e.reason.startswith(f"no recording for {e.prompt}") or "changed since" in e.reason):
        return f"no recording for {e.prompt}" + (" (it changed since it was recorded)" if "changed" in e.reason else "")
    return e.reason


def run_eval(
    fixtures: list[Fixture],
    specs: list[RunSpec],
    *,
    repeat: int = 1,
    base_url: str | None = None,
    cache: bool = True,
    cache_dir: Path | None = None,
    prompt_dir: Path | None = None,
    record: Path | None = None,
    on_progress: Callable[[str, str], None] | None = None,
    on_run: Callable[[EvalReport], None] | None = None,
) -> EvalReport:
    """Run every spec over every fixture. ``on_run`` sees the report after each finished row, so a long
    matrix that is stopped part-way still leaves the rows it finished."""
    started = time.perf_counter()
    report = EvalReport(fixture_ids=[f.id for f in fixtures])
    prompts = PromptLibrary(prompt_dir)
    for spec in specs:
        backend = build_backend(spec, base_url=base_url, cache=cache, cache_dir=cache_dir, record=record)
        results: list[FixtureResult] = []
        try:
            for r in range(repeat):
                for f in fixtures:
                    results.append(asyncio.run(run_one(spec, backend, f, prompts, r)))
                    if on_progress:
                        on_progress(spec.label, f.id)
        finally:
            if backend is not None:
                backend.close()
        report.runs.append(summarise(spec, backend, results, repeat))
        report.wall_seconds = round(time.perf_counter() - started, 2)
        if on_run:
            on_run(report)
    report.wall_seconds = round(time.perf_counter() - started, 2)
    return report


def gate(report: EvalReport, *, min_f1: float | None, baseline: Baseline | None) -> GateResult:
    reasons: list[str] = []
    for run in report.runs:
        if baseline and run.label in baseline.runs and run.unrecorded:
            # A gated row that cannot be replayed is a failure, not a pass on fewer fixtures.
            why = run.not_scored or next((fr.unrecorded for fr in run.fixtures if fr.unrecorded), "")
            reasons.append(f"{run.label}: {len(run.unrecorded)} fixture(s) not replayed ({why})")
            continue
        if min_f1 is not None and not run.not_scored:
            for metric in ("strict_macro_f1",):
                if run.headline.get(metric, 0.0) < min_f1:
                    reasons.append(f"{run.label}: {metric} {run.headline.get(metric, 0.0):.3f} < --min-f1 {min_f1:.3f}")
        if baseline and run.label in baseline.runs:
            for metric in baseline.metrics:
                want = baseline.runs[run.label].get(metric)
                got = run.headline.get(metric)
                if want is not None and got is not None and got < want - baseline.tolerance:
                    reasons.append(
                        f"{run.label}: {metric} {got:.3f} is below the baseline {want:.3f} "
                        f"by more than {baseline.tolerance}"
                    )
    return GateResult(passed=not reasons, reasons=reasons)


def updated_baseline(report: EvalReport, old: Baseline | None) -> Baseline:
    base = old.model_copy(deep=True) if old else Baseline()
    for run in report.runs:
        base.runs[run.label] = {m: run.headline[m] for m in base.metrics if m in run.headline}
    return base


def load_baseline(path: Path) -> Baseline | None:
    if not path.exists():
        return None
    return Baseline.model_validate_json(path.read_text(encoding="utf-8"))
