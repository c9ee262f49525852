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


def test_a_snapshot_without_corpus_windows_is_named_once_not_as_every_window(tmp_path: Path) -> None:
    for name, windows in (("full", ["rams:1", "rams:2"]), ("bare", [])):
        (tmp_path / name).mkdir()
        (tmp_path / name / "fixtures.jsonl").write_text(json.dumps({"id": "one", "found": []}), encoding="utf-8")
        (tmp_path / name / "corpora.jsonl").write_text(
            "\n".join(json.dumps({"id": w, "found": []}) for w in windows), encoding="utf-8"
        )
    assert finder_snapshot.compare(tmp_path / "full", tmp_path / "bare") == 1


def test_write_refuses_a_corpora_folder_with_no_windows(tmp_path: Path) -> None:
    assert finder_snapshot.write(tmp_path / "out", tmp_path / "no-fixtures", tmp_path / "nowhere") == 2
    assert not (tmp_path / "out").exists()
