"""bench/gazetteer_ablation.py removes kinds of curated actor from the real actors.yaml and leaves a file the
gazetteer's own loader accepts: no link to a removed parent, no title-case or contextual entry naming a removed
actor. The states stay."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import gazetteer_ablation  # noqa: E402

from summarizer import gazetteer  # noqa: E402
from summarizer.data_files import read_data  # noqa: E402

REAL = yaml.safe_load(read_data("actors.yaml"))


@pytest.mark.parametrize("drop", [{"person"}, {"person", "military"}, {"person", "military", "organization"}])
def test_stripped_file_loads_and_keeps_states(drop: set[str]) -> None:
    stripped = gazetteer_ablation.stripped_actors(REAL, drop)
    assert not any(a["kind"] in drop for a in stripped["actors"])
    assert stripped["states"] == REAL["states"]
    entries = gazetteer._build_entries(stripped)  # the loader's own checks: dangling links raise
    assert "Russia" in entries and "North Korea" in entries


def test_an_actor_whose_parent_is_removed_loses_the_link_not_its_entry() -> None:
    kinds = {a["name"]: a["kind"] for a in REAL["actors"]}
    # a child of another kind than its curated parent ("PLA News Media Center" under "PLA")
    child = next(a for a in REAL["actors"] if kinds.get(a.get("affiliation")) not in (None, a["kind"]))
    parent_kind = kinds[child["affiliation"]]
    stripped = gazetteer_ablation.stripped_actors(REAL, {parent_kind})
    kept = {a["name"]: a for a in stripped["actors"]}
    assert child["name"] in kept and "affiliation" not in kept[child["name"]]
    assert child.get("affiliation") in kinds  # the input is untouched
