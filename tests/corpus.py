"""Sentences of the third-party corpora (RAMS, GENEVA in ../shared/corpora), read in place.

The corpora are evaluation data under their own licences (RAMS CC BY-SA 4.0, GENEVA from FrameNet CC BY 3.0;
../shared/corpora/README.md): the repository cites their sentences by record id and character span and never
copies them. Where the corpora are absent a test that needs one is skipped, with the reason (``pytest -rs``).
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_REF = re.compile(r"^(RAMS|GENEVA) (\w+) (\S+)$")


def corpora_dir() -> Path | None:
    for cand in (os.environ.get("SUMMARIZER_SHARED"), ROOT.parent / "shared", "/work/shared"):
        if cand and (Path(cand) / "corpora" / "rams.jsonl").exists():
            return Path(cand) / "corpora"
    return None


@lru_cache(maxsize=2)
def _records(name: str) -> dict[tuple[str, str], str]:
    d = corpora_dir()
    if d is None:
        pytest.skip("../shared/corpora is not beside this checkout")
    out: dict[tuple[str, str], str] = {}
    for line in (d / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        out[(r["split"], r["id"])] = r["text"]
    return out


def corpus_text(source: str, span: tuple[int, int] | list[int] | None = None) -> str:
    """The text of record ``source`` ("RAMS dev <doc_key>", "GENEVA val <id>"), or its ``span``."""
    m = _REF.match(source)
    if not m:
        raise ValueError(f"not a corpus record: {source!r}")
    text = _records(m.group(1).lower())[(m.group(2), m.group(3))]
    return text[span[0] : span[1]] if span else text


def example_text(ex: object) -> str:
    """A lexicon example's sentence: quoted in the lexicon, or read from the corpus record it cites."""
    text = getattr(ex, "text", None)
    return text if text is not None else corpus_text(ex.source, ex.span)  # type: ignore[attr-defined]
