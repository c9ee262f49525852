"""bench/corpora_dates.py: the brief's time words name GENEVA's Time when they share a content word, and the item
read is the one whose located quote lies in the trigger's sentence."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import corpora_dates  # noqa: E402

from summarizer.schema import Brief, Evidence, MilitaryEvent  # noqa: E402


def test_time_words_match_on_content_words_not_prepositions() -> None:
    assert corpora_dates.same_time_words("on 18 December 2003", "18 December")
    assert corpora_dates.same_time_words("beginning in 1986", "in 1986")
    assert not corpora_dates.same_time_words("in June", "in early May 2005")
    assert not corpora_dates.same_time_words("on Friday", "on the")


def test_the_item_read_is_the_one_quoted_in_the_trigger_sentence() -> None:
    def event(start: int, end: int, what: str) -> MilitaryEvent:
        quote = Evidence(quote=what, start=start, end=end)
        return MilitaryEvent(kind="strike", actors=["X"], description=what, evidence=[quote])

    brief = Brief(military_events=[event(0, 10, "first"), event(40, 50, "second")])
    assert corpora_dates.item_in_sentence(brief, "military_events", (30, 60)).description == "second"
    assert corpora_dates.item_in_sentence(brief, "military_events", (12, 30)) is None
    assert corpora_dates.item_in_sentence(brief, "proposals", (0, 60)) is None
