"""bench/finder_snapshot.py: a snapshot compares equal to itself and names what differs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import finder_snapshot  # noqa: E402

from summarizer.extractor import find  # noqa: E402


def test_a_found_record_is_json_with_every_field() -> None:
    text = "Russia, China and Iran will hold joint naval drills in the Gulf of Oman next week."
    records = [finder_snapshot.found_record(f) for f in find(text)]
    assert records and all(json.loads(json.dumps(r, default=str)) for r in records)
    assert {"category", "kind", "agents", "location", "future", "background"} <= set(records[0])


def test_compare_names_the_record_that_differs(tmp_path: Path) -> None:
    for name, agents in (("a", ["Russia"]), ("b", ["China"])):
        (tmp_path / name).mkdir()
        rows = [{"id": "one", "found": [{"agents": ["Iran"]}]}, {"id": "two", "found": [{"agents": agents}]}]
        (tmp_path / name / "fixtures.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert finder_snapshot.compare(tmp_path / "a", tmp_path / "a") == 0
    assert finder_snapshot.compare(tmp_path / "a", tmp_path / "b") == 1
