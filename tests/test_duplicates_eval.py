"""bench/duplicates_eval.py: it counts an event told twice, and it refuses the held-out splits (evals/SPLITS.md)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from summarizer.evals.fixtures import load_fixtures
from summarizer.pipeline import run_pipeline
from summarizer.strategies import heuristic

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import duplicates_eval  # noqa: E402


def _cases(monkeypatch: pytest.MonkeyPatch | None) -> dict:
    # somalia_al_shabaab_storms_el_salini_base_2020 (dev): one raid told in the lede and again in the next sentence
    (fixture,) = load_fixtures(ROOT / "evals/fixtures", only=["somalia_al_shabaab_storms_el_salini_base_2020"])
    if monkeypatch is not None:
        monkeypatch.setattr(heuristic, "merge", lambda candidates, published=None: list(candidates))
    brief = asyncio.run(run_pipeline(fixture.to_article(), None, strategy="heuristic"))
    return duplicates_eval.fixture_duplicates(brief, fixture)["military_events"]


def test_a_raid_told_twice_is_counted_when_nothing_merges_and_not_after_the_merge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _cases(None)["told_twice"] == []
    told = _cases(monkeypatch)["told_twice"]
    assert told and any("A suicide bomber detonated at the El Salini base" in q for c in told for q in c["pred"])


def test_held_out_splits_are_refused() -> None:
    for split in ("heldout", "heldout_batch6", "batch7"):
        with pytest.raises(SystemExit, match="held-out errors are never opened"):
            asyncio.run(duplicates_eval.run_fixtures(split, verbose=False))
