"""The labelled fixtures' article texts, for tests that run a rule on a real article (evals/fixtures)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from summarizer.evals.fixtures import load_split

EVALS = Path(__file__).resolve().parents[1] / "evals"


@cache
def fixture_text(fixture_id: str) -> str:
    """The article text of fixture ``fixture_id``, as labelled."""
    raw = yaml.safe_load((EVALS / "fixtures" / f"{fixture_id}.yaml").read_text(encoding="utf-8"))
    return raw["article"]["text"]


def dev_fixture_text(fixture_id: str) -> str:
    """The same, refused for a fixture outside the dev split: rules and their examples come from dev only
    (evals/SPLITS.md)."""
    assert fixture_id in load_split(EVALS / "splits.yaml", "dev"), "examples come from dev fixtures only"
    return fixture_text(fixture_id)
