"""Long articles: split at sentence boundaries, extract each chunk, merge the per-chunk drafts.

Evidence quotes are verbatim copies of a chunk's text, and a chunk's text is a verbatim slice of the
article, so the pipeline's ``ground_draft`` against the WHOLE article maps every quote back to
whole-article offsets. Nothing here needs to shift offsets; ``Chunk.start``/``end`` are kept for
callers that want to know where a chunk sits (and for the tests that check the slicing).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .backends.base import Backend
from .errors import ConfigError
from .prompts import PromptLibrary
from .schema import Actor, ActorKind, DraftBrief, DraftEvent, DraftExchange, DraftProposal
from .sentences import split_sentences

__all__ = ["Chunk", "chunk_article", "chunks_cached", "merge_drafts", "max_chars_for"]

#: Used when the backend reports no context size (API models): a quality limit, not a context one.
#: Extraction recall of one call over a very long input drops well before the context window is full.
DEFAULT_MAX_CHARS = 12_000
#: Rough English average; the budget below only has to be safe, not exact.
CHARS_PER_TOKEN = 4
#: Minimum useful chunk: below this the prompt dwarfs the text and a context too small to fit it is a
#: configuration error better reported than worked around with hundreds of calls.
MIN_CHARS = 500


@dataclass(frozen=True)
class Chunk:
    index: int
    start: int
    end: int
    text: str


# --------------------------------------------------------------------------- splitting


def _units(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Spans that together cover every non-whitespace character, each at most ``max_chars`` long.

    A unit runs from one sentence start to the next (trailing whitespace trimmed), so text the
    segmenter skipped still lands in some chunk; an over-long unit is cut at whitespace.
    """
    starts = [s.start for s in split_sentences(text)]
    first = len(text) - len(text.lstrip())
    if not starts or starts[0] > first:
        starts.insert(0, first)
    bounds = starts + [len(text.rstrip())]
    out: list[tuple[int, int]] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        b = a + len(text[a:b].rstrip())
        if b > a:
            out.extend(_cut(text, a, b, max_chars))
    return out


def _cut(text: str, a: int, b: int, max_chars: int) -> Iterable[tuple[int, int]]:
    """Split ``text[a:b]`` into pieces of at most ``max_chars``, at the last whitespace that fits."""
    while b - a > max_chars:
        limit = a + max_chars
        cut = limit
        while cut > a and not text[cut].isspace():
            cut -= 1
        if cut <= a:
            cut = limit  # one unbroken run longer than a chunk: a hard cut is all that is left
        end = a + len(text[a:cut].rstrip())
        yield a, end
        a = cut
        while a < b and text[a].isspace():
            a += 1
    if b > a:
        yield a, b


def chunk_article(text: str, *, max_chars: int, overlap_sentences: int = 1) -> list[Chunk]:
    """Split ``text`` into chunks of at most ``max_chars`` characters at sentence boundaries.

    Consecutive chunks share up to ``overlap_sentences`` sentences, so a fact stated across a boundary
    (a proposal in one sentence, its addressee in the next) is seen whole by at least one call. The
    overlap is dropped where it would not leave room for new text. ``text[c.start:c.end] == c.text``.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    if overlap_sentences < 0:
        raise ValueError("overlap_sentences must be >= 0")
    if not text.strip():
        return []
    units = _units(text, max_chars)
    chunks: list[Chunk] = []
    i = 0
    while i < len(units):
        j = i
        while j + 1 < len(units) and units[j + 1][1] - units[i][0] <= max_chars:
            j += 1
        start, end = units[i][0], units[j][1]
        chunks.append(Chunk(len(chunks), start, end, text[start:end]))
        if j + 1 >= len(units):
            break
        # Step back for the overlap, but always past the previous start, and never so far that the
        # next chunk could not take at least one new unit.
        nxt = max(i + 1, j + 1 - overlap_sentences)
        while nxt <= j and units[j + 1][1] - units[nxt][0] > max_chars:
            nxt += 1
        i = nxt
    return chunks


@lru_cache(maxsize=8)
def chunks_cached(text: str, max_chars: int, overlap_sentences: int) -> tuple[Chunk, ...]:
    # The pipeline's re-ask extracts the same article again; segmenting it twice would double the cost.
    return tuple(chunk_article(text, max_chars=max_chars, overlap_sentences=overlap_sentences))


# --------------------------------------------------------------------------- merging


def _norm(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


def _quote_key(quote: str) -> str:
    # The same quote copied from two overlapping chunks may differ only in the final full stop or a
    # surrounding quotation mark the model added; those must not make it two pieces of evidence.
    return _norm(quote).strip(" '\"\u2018\u2019\u201c\u201d.,;:!?\u2026")


def _names(values: Iterable[str]) -> frozenset[str]:
    return frozenset(n for n in (_norm(v) for v in values) if n)


DraftItem = DraftProposal | DraftExchange | DraftEvent


def _item_key(item: DraftItem) -> tuple[Any, ...] | None:
    """What makes two items from different chunks the same fact; None where the fields are too empty.

    An item with no proposer and no "what" (or an exchange missing a party, an event with no actors)
    would match every other such item, so only its evidence can identify it.
    """
    if isinstance(item, DraftProposal):
        proposers, what = _names(item.proposer), _norm(item.what)
        return ("proposal", proposers, what) if proposers and what else None
    if isinstance(item, DraftExchange):
        a, b = _norm(item.side_a.party), _norm(item.side_b.party)
        return ("exchange", frozenset((a, b))) if a and b else None
    actors = _names(item.actors)
    return ("event", item.kind.value, actors, _norm(item.when)) if actors else None


@dataclass
class _Entry:
    item: DraftItem
    chunk: int
    key: tuple[Any, ...] | None
    quotes: set[str] = field(default_factory=set)


def _absorb(entry: _Entry, other: DraftItem) -> None:
    """Fold a duplicate into its first sighting: evidence unioned, gaps filled, nothing overwritten."""
    item = entry.item
    for quote in other.evidence:
        key = _quote_key(quote)
        if key and key not in entry.quotes:
            entry.quotes.add(key)
            item.evidence.append(quote)
    item.attributed_to.extend(a for a in other.attributed_to if _norm(a) not in _names(item.attributed_to))
    if not item.when and other.when:
        item.when = other.when
    names = ("what",) if isinstance(item, DraftProposal) else ("description", "location", "outcome")
    for name in names:
        if not getattr(item, name, None) and getattr(other, name, None):
            setattr(item, name, getattr(other, name))
    if isinstance(item, DraftProposal) and isinstance(other, DraftProposal):
        item.addressees.extend(a for a in other.addressees if _norm(a) not in _names(item.addressees))


def _merge_items(per_chunk: list[list[DraftItem]]) -> list[DraftItem]:
    entries: list[_Entry] = []
    for chunk, items in enumerate(per_chunk):
        earlier = len(entries)
        for item in items:
            quotes = {k for k in map(_quote_key, item.evidence) if k}
            key = _item_key(item)
            # Only entries from EARLIER chunks are candidates: within one chunk the model saw both
            # items side by side and chose to list them apart, exactly as one call over a short article
            # would, so merging only undoes what the splitting caused.
            match = next(
                (e for e in entries[:earlier] if (quotes & e.quotes) or (key is not None and key == e.key)),
                None,
            )
            if match is not None:
                _absorb(match, item)
                continue
            copy = item.model_copy(deep=True)
            copy.evidence = []
            entry = _Entry(copy, chunk, key)
            _absorb(entry, item)
            entries.append(entry)
    return [e.item for e in entries]


def _merge_actors(groups: Iterable[list[Actor]]) -> list[Actor]:
    merged: dict[str, Actor] = {}
    for actors in groups:
        for actor in actors:
            key = _norm(actor.name)
            if not key:
                continue
            seen = merged.get(key)
            if seen is None:
                merged[key] = actor.model_copy(deep=True)
                continue
            known = {_norm(a) for a in seen.aliases}
            for alias in actor.aliases:
                if _norm(alias) not in known:
                    known.add(_norm(alias))
                    seen.aliases.append(alias)
            if seen.kind is ActorKind.other and actor.kind is not ActorKind.other:
                seen.kind = actor.kind
            seen.country = seen.country or actor.country
    return list(merged.values())


def merge_drafts(drafts: list[DraftBrief]) -> DraftBrief:
    """One draft from the per-chunk drafts of one article, in chunk order.

    Items that are the same fact seen from two chunks (same category and a shared evidence quote, or
    the same normalised key: proposer set + what, exchange party pair, event kind + actors + when
    words) become one item carrying the union of their evidence. Actors merge by name, aliases unioned.

    The summary is the first chunk's (the first non-empty one): news is written as an inverted pyramid,
    so the headline and lede carry the story, and joining per-chunk summaries would give a long list of
    details rather than the 2-4 sentences the brief promises.
    """
    if not drafts:
        return DraftBrief()
    return DraftBrief(
        summary=next((d.summary for d in drafts if d.summary.strip()), ""),
        actors=_merge_actors(d.actors for d in drafts),
        proposals=_merge_items([list(d.proposals) for d in drafts]),  # type: ignore[arg-type]
        exchanges=_merge_items([list(d.exchanges) for d in drafts]),  # type: ignore[arg-type]
        military_events=_merge_items([list(d.military_events) for d in drafts]),  # type: ignore[arg-type]
    )


# --------------------------------------------------------------------------- the strategy


def max_chars_for(
    backend: Backend | None, prompts: PromptLibrary, prompt: str, output_tokens: int, ceiling: int
) -> int:
    """Article characters one call can take: ~4 chars/token x (context - prompt overhead - output).

    Backends that report no context size (API models, whose windows are far larger) get ``ceiling``.
    The overhead is measured, not guessed: the prompt rendered around an empty article. The JSON schema
    is not counted: the one backend that reports ``n_ctx`` (the embedded model) enforces it with a
    grammar instead of sending it in the prompt.
    """
    n_ctx = backend.context_size() if backend is not None else None
    if n_ctx is None:
        return ceiling
    rendered = prompts.get(prompt).messages(text="", title=None, published=None)
    overhead_chars = sum(len(m["content"]) for m in rendered)
    # Title and date lines and the chat template's own tokens: a small fixed margin.
    overhead_tokens = overhead_chars // CHARS_PER_TOKEN + 64
    budget = (n_ctx - overhead_tokens - output_tokens) * CHARS_PER_TOKEN
    if budget < MIN_CHARS:
        raise ConfigError(
            f"a context of {n_ctx} tokens leaves no room for the article after the prompt "
            f"(~{overhead_tokens} tokens) and the answer ({output_tokens}); use a larger n_ctx"
        )
    return min(ceiling, budget)
