"""The hand-audit verdicts of the corpus figures (bench/results/corpora-audit-test.yaml) stay ids and verdicts only.

The corpora's licences (RAMS CC BY-SA 4.0, GENEVA CC BY 3.0) keep their text out of the repository, so the file
may hold a record id, a trigger word and a few words of the auditor's own, never a sentence. Re-scoring the verdicts
against the finder is `bench/corpora_audit.py --verdicts` (it runs the whole corpus, so it is not a unit test).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
VERDICTS = ROOT / "bench" / "results" / "corpora-audit-test.yaml"
CORPORA = Path("/work/shared/corpora")

FIELDS = {
    "negatives": {"corpus", "split", "id", "category", "kind", "trigger", "start", "verdict", "error", "note"},
    "positives_found": {"corpus", "split", "id", "category", "kind", "trigger", "found_by", "verdict", "error", "note"},
    "positives_missed": {"corpus", "split", "id", "category", "kind", "trigger", "mapping_confidence", "side", "cause"},
}


def _load() -> dict:
    return yaml.safe_load(VERDICTS.read_text(encoding="utf-8"))


def test_entries_hold_only_ids_verdicts_and_short_words() -> None:
    data = _load()
    assert set(data) == set(FIELDS)
    for section, entries in data.items():
        assert entries, section
        for e in entries:
            assert set(e) <= FIELDS[section], (section, e["id"], set(e) - FIELDS[section])
            assert e["corpus"] in ("rams", "geneva") and e["split"] == "test"
            assert e["category"] in ("military_events", "proposals", "exchanges")
            words = [e["trigger"], *(e.get("found_by") or [])]
            assert all(len(w.split()) <= 3 for w in words), e["id"]  # a trigger, not a quote
            for key in ("error", "note", "cause"):
                if key in e:
                    assert len(e[key]) <= 100, (e["id"], e[key])
            if section == "positives_missed":
                assert e["side"] in ("finder", "mapping", "annotation", "unclear")
            else:
                assert e["verdict"] in ("real", "wrong", "unclear")
                # a wrong verdict says what the candidate is instead; the others say why it is (maybe) real
                assert ("error" in e) == (e["verdict"] == "wrong"), e["id"]


def test_each_candidate_and_record_is_judged_once() -> None:
    data = _load()
    negatives = [(e["corpus"], e["id"], e["category"], e["start"]) for e in data["negatives"]]
    assert len(negatives) == len(set(negatives))
    for section in ("positives_found", "positives_missed"):
        keys = [(e["corpus"], e["id"], e["category"]) for e in data[section]]
        assert len(keys) == len(set(keys)), section
    found = {(e["corpus"], e["id"], e["category"]) for e in data["positives_found"]}
    missed = {(e["corpus"], e["id"], e["category"]) for e in data["positives_missed"]}
    assert not found & missed


@pytest.mark.skipif(not CORPORA.exists(), reason="no ../shared/corpora in this checkout")
def test_ids_and_trigger_offsets_match_the_corpus() -> None:
    records = {}
    for corpus in ("rams", "geneva"):
        for line in (CORPORA / f"{corpus}.jsonl").read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            records[(corpus, r["id"])] = r
    data = _load()
    for e in data["negatives"]:
        r = records[(e["corpus"], e["id"])]
        assert r["label"] == "negative" and r["split"] == e["split"]
        assert r["text"][e["start"] : e["start"] + len(e["trigger"])] == e["trigger"], e["id"]
    for section in ("positives_found", "positives_missed"):
        for e in data[section]:
            r = records[(e["corpus"], e["id"])]
            assert r["label"] == "positive" and r["trigger"]["text"] == e["trigger"], e["id"]
