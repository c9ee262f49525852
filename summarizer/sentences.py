"""Sentence spans with offsets into the article, the unit the guided strategy and grounding work on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


_PARA = re.compile(r"[^\n]+")

#: How a sentence ends; headlines, captions and other stories' titles drop the final stop.
_SENTENCE_ENDS = (".", "!", "?", '"', "”", "’", "'", ")")


def ends_like_a_sentence(text: str) -> bool:
    """Whether ``text`` ends as a sentence does: a line that does not is a headline, a caption or a label."""
    return text.rstrip().endswith(_SENTENCE_ENDS)


def split_sentences(text: str) -> list[Sentence]:
    """Paragraph lines first (headlines and captions end without a full stop), then pysbd inside each.

    Offsets are recovered by searching forward in the original text, so they are right even where the
    segmenter's own spans drift.
    """
    out: list[Sentence] = []
    seg = _segmenter()
    for para in _PARA.finditer(text):
        chunk = para.group(0)
        if not chunk.strip():
            continue
        pos = 0
        for piece in seg.segment(chunk):
            piece = piece.strip()
            if not piece:
                continue
            at = chunk.find(piece, pos)
            if at < 0:
                continue
            start = para.start() + at
            out.append(Sentence(len(out), start, start + len(piece), piece))
            pos = at + len(piece)
    return out
