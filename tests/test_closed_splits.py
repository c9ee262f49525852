"""The bench tools that open errors (dev_errors, duplicates_eval, brief_losses) read dev splits only: a held-out part,
or a whole batch that holds one (batch7, batch8; the ninth to twelfth batches, all held out: heldout_batch9 = batch9,
heldout_batch10 = batch10, heldout_batch11 = batch11, heldout_batch12 = batch12; the thirteenth: heldout_batch13 =
batch13; the fourteenth: heldout_batch14 = batch14), is refused before any brief is made (evals/SPLITS.md).
brief_losses's ``--counts-only`` is the one exception: it keeps counts by step and generic reason, no row, text or
id."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import brief_losses  # noqa: E402
import dev_errors  # noqa: E402
import duplicates_eval  # noqa: E402
from _common import refuse_closed_split  # noqa: E402

CLOSED = (
    "heldout",
    "heldout_78",
    "heldout_batch8",
    "batch7",
    "batch8",
    "heldout_batch9",
    "batch9",
    "heldout_batch10",
    "batch10",
    "heldout_batch11",
    "batch11",
    "heldout_batch12",
    "batch12",
    "heldout_batch13",
    "batch13",
    "heldout_batch14",
    "batch14",
    "heldout_9to12",
    "heldout_1112",
    "heldout_910",
    "heldout_select",
)


@pytest.mark.parametrize("split", CLOSED)
def test_every_error_tool_refuses_a_closed_split(split: str) -> None:
    with pytest.raises(SystemExit, match="held-out errors are never opened"):
        asyncio.run(dev_errors.main(split, []))
    with pytest.raises(SystemExit, match="held-out errors are never opened"):
        asyncio.run(duplicates_eval.run_fixtures(split, verbose=False))
    with pytest.raises(SystemExit, match="held-out errors are never opened"):
        brief_losses.run_fixtures(split, brief_losses.Tally())


@pytest.mark.parametrize("split", ("dev", "dev_1to6", "dev_78", "dev_batch8"))
def test_dev_splits_are_open(split: str) -> None:
    refuse_closed_split(split)  # returns: nothing refused


def test_brief_losses_counts_only_keeps_no_row_of_a_closed_split() -> None:
    tally = brief_losses.Tally()
    brief_losses.run_fixtures("heldout_batch3", tally, counts_only=True)
    assert not tally.rows  # no text, no id: only the counts
    assert sum(tally.hit.values()) + sum(tally.unhit.values()) > 0
    unreached = sum(n for (_group, step, _why), n in tally.losses.items() if step == "finder")
    assert unreached == sum(tally.unhit.values())
    # the listing of losses holds text: never with a held-out split
    assert brief_losses.main(["--no-corpora", "--fixtures", "heldout_batch3", "--counts-only", "--out", "/tmp/x"]) == 2
