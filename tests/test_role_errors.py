"""bench/role_errors.py: the listing of wrong roles keeps corpus text out of the repository, and its causes read real
records as documented (docs/EXTRACTOR.md, the roles pass)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = Path("/work/shared/corpora")
sys.path.insert(0, str(ROOT / "bench"))

import role_errors  # noqa: E402


def _record(corpus: str, rid: str) -> dict:
    for line in (CORPORA / f"{corpus}.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if r["id"] == rid:
            return r
    raise KeyError(rid)


def test_the_listing_refuses_to_write_corpus_text_into_the_repository(capsys: pytest.CaptureFixture[str]) -> None:
    out = ROOT / "role-errors.jsonl"
    assert role_errors.main(["--corpus", "geneva", "--out", str(out)]) == 2
    assert not out.exists()
    assert "stays out of the repository" in capsys.readouterr().err


@pytest.mark.skipif(not CORPORA.exists(), reason="needs ../shared/corpora")
def test_a_sales_buyer_filed_as_agent_and_a_pronoun_gold_are_the_scorers_causes() -> None:
    # GENEVA val: "... several other sales to Iran ...": the corpus's only agent-listed argument is the Buyer
    sale = _record("geneva", "135_23514_4097022_8745_1")
    gold = [a for a in sale["arguments"] if a["role"] in role_errors.AGENT_ROLES]
    assert role_errors.cause(sale, [], gold, []) == "scorer role map"
    # GENEVA val: "He also sold the XYZ-11": the gold seller is the pronoun itself
    sold = _record("geneva", "185_23577_4098771_2986_0")
    gold = [a for a in sold["arguments"] if a["role"] in role_errors.AGENT_ROLES]
    assert role_errors.cause(sold, [], gold, []) == "gold pronoun"
