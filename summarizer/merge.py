"""Cross-article resolution: many briefs in, one list of merged items (events, proposals, exchanges) out.

The same missile launch reported by ten outlets becomes one merged item whose ``sources`` keep each
outlet's own reading and its evidence, with offsets into *that* article. Nothing is merged across
categories, and a wrong merge costs more than a missed one, so every link needs a shared party, compatible
dates and similar words, and each threshold errs on the side of keeping items apart.

How it scales: items are first *blocked* by (category, kind, party, two-week date bucket); only items that
share a block are compared, and each pair is scored once (in the first block they share). Memory holds one
small feature record per item plus its JSON; the pairs are streamed, never stored, and only links above
the threshold are kept. ``docs/TIMELINE.md`` says when a corpus outgrows one process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ConfigError, InputError, InputNotFound
from .gazetteer import affiliation, canonical, find_actors, is_media
from .schema import (
    Category,
    Certainty,
    DatePrecision,
    Exchange,
    MilitaryEvent,
    Proposal,
    When,
)

__all__ = [
    "Conflict",
    "MergeOptions",
    "MergeStats",
    "MergedItem",
    "Reading",
    "SourceRef",
    "StatusStep",
    "merge_briefs",
    "merge_file",
    "merged_json_schema",
    "read_merged",
]

MERGED_SCHEMA_VERSION = "1.0"

# --------------------------------------------------------------------------- the merged model (the contract)


class SourceRef(BaseModel):
    """One article's report of a merged item: who said it, when, and the item as that source reported it."""

    article_id: str = Field(description="The batch record id of the article.")
    title: str | None = None
    outlet: str | None = Field(None, description="The article's source (outlet) header.")
    url: str | None = None
    published: dt.date | None = None
    index: int = Field(0, description="Position of the item in its brief's list for this category.")
    item: Proposal | Exchange | MilitaryEvent = Field(
        description="The item exactly as the source's brief has it; its evidence offsets index into that article."
    )


class StatusStep(BaseModel):
    """One step of a proposal's or exchange's history, with the source that reports it."""

    status: str
    date: dt.date | None = Field(None, description="The item's own date if it has one, else the article's.")
    article_id: str
    outlet: str | None = None
    quote: str | None = Field(None, description="The first evidence quote of that source's item.")


class Reading(BaseModel):
    value: str
    article_ids: list[str] = Field(default_factory=list)


class Conflict(BaseModel):
    """Sources that disagree on one field: every reading is kept, none is chosen."""

    field: str = Field(description="date, status, outcome or location.")
    readings: list[Reading]


class MergedItem(BaseModel):
    """One event, proposal or exchange, as reported by one or more articles."""

    model_config = ConfigDict(title="MergedItem")

    schema_version: str = MERGED_SCHEMA_VERSION
    id: str = Field(description="Stable id: a hash of the (article id, category, index) of its members.")
    category: Category
    kind: str | None = Field(None, description="The event kind for military events; null for the others.")
    label: str = Field("", description="A short description taken from the best-evidenced source.")
    actors: list[str] = Field(default_factory=list, description="Canonical actors, most reported first.")
    parties: list[str] = Field(default_factory=list, description="States (or bodies) the actors act for.")
    when: When = Field(default_factory=When)
    location: str | None = None
    status: str | None = Field(None, description="Events: the agreed status; proposals/exchanges: the latest step.")
    certainty: Certainty = Certainty.reported
    status_history: list[StatusStep] = Field(
        default_factory=list, description="Proposals and exchanges: status over time, oldest first."
    )
    conflicts: list[Conflict] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list, description="e.g. 'conflict:date', 'ungrounded'.")
    n_articles: int = Field(1, description="Distinct articles reporting it.")
    cohesion: float = Field(1.0, description="Lowest link score that joined the members (1.0 for one member).")
    sources: list[SourceRef]


def merged_json_schema() -> dict[str, Any]:
    return MergedItem.model_json_schema()


# --------------------------------------------------------------------------- options and statistics


class MergeOptions(BaseModel):
    """The thresholds. Raising ``threshold`` trades missed merges (recall) for fewer wrong ones (precision)."""

    threshold: float = Field(0.55, ge=0.0, le=1.0, description="Least link score that merges two items.")
    actor_weight: float = 0.35
    text_weight: float = 0.45
    date_weight: float = 0.20
    min_text: float = Field(0.12, description="Least word similarity whatever the other scores.")
    date_tolerance_days: int = Field(2, description="Day-precise dates this far apart may still be one event.")
    undated_window_days: int = Field(
        30, description="Items without their own date: articles published this far apart may report one event."
    )
    deal_window_days: int = Field(
        120,
        description="Proposals and exchanges live for months (floated → rejected): reports this far apart may "
        "be one, whatever their own dates.",
    )
    bucket_days: int = Field(14, description="Width of a date block.")
    max_range_days: int = Field(120, description="A date range longer than this is too vague to block on.")
    small_group: int = Field(
        64, description="Undated, unpublished items are compared with a whole party group only up to this size."
    )


@dataclass
class MergeStats:
    records: int = 0
    failed_records: int = 0
    items: int = 0
    blocks: int = 0
    comparisons: int = 0
    links: int = 0
    merged_items: int = 0
    multi_source_items: int = 0
    conflicts: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"{self.items} items from {self.records} briefs → {self.merged_items} merged "
            f"({self.multi_source_items} with 2+ sources, {self.conflicts} with conflicts); "
            f"{self.comparisons} comparisons in {self.blocks} blocks, {self.links} links; {self.seconds:.2f} s"
        )


# --------------------------------------------------------------------------- features of one item

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
# Function words and the words every report of anything uses: they say nothing about *which* event it is.
_STOP = frozenset(
    """a an the and or but of to in on at by for from with as is are was were be been being has have had
    that this these those it its their his her they them he she we our you your not no will would could should
    may might can said says say told according also after before over into about than then there which who
    whom whose what when where while more most such other some any all each one two three new last first
    monday tuesday wednesday thursday friday saturday sunday today yesterday week month year years""".split()  # noqa: SIM905
)
_CERTAINTY_RANK = {c: i for i, c in enumerate(["opinion", "speculative", "claimed", "reported", "confirmed"])}


@lru_cache(maxsize=65536)
def _canon(name: str) -> str:
    return canonical(name)


@lru_cache(maxsize=65536)
def _party(name: str) -> str:
    return affiliation(name) or _canon(name)


@lru_cache(maxsize=65536)
def _media(name: str) -> bool:
    return is_media(name)


@lru_cache(maxsize=65536)
def _quote_actors(quote: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.name for m in find_actors(quote)))


def _tokens(texts: Iterable[str]) -> frozenset[str]:
    out: set[str] = set()
    for t in texts:
        for w in _WORD.findall(t.casefold()):
            if len(w) > 2 and w not in _STOP:
                out.add(w)
            elif w.isdigit():
                out.add(w)  # "69 minutes", "23 missiles": numbers identify an event
    return frozenset(out)


def _item_actors(category: Category, item: dict[str, Any]) -> list[str]:
    if category is Category.military_events:
        names = item.get("actors") or []
    elif category is Category.proposals:
        names = [*(item.get("proposer") or []), *(item.get("addressees") or [])]
    else:
        names = [(item.get("side_a") or {}).get("party") or "", (item.get("side_b") or {}).get("party") or ""]
    out: list[str] = []
    for n in names:
        if n and n.strip() and not _media(n):
            c = _canon(n)
            if c not in out:
                out.append(c)
    return out


def _item_texts(category: Category, item: dict[str, Any]) -> list[str]:
    texts = [e.get("quote") or "" for e in item.get("evidence") or []]
    if category is Category.military_events:
        texts += [item.get("description") or "", item.get("location") or "", item.get("outcome") or ""]
    elif category is Category.proposals:
        texts.append(item.get("what") or "")
    else:
        for side in ("side_a", "side_b"):
            s = item.get(side) or {}
            texts += [*(s.get("gives") or []), *(s.get("asks") or [])]
    return texts


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


@dataclass
class _Feat:
    """What the comparison needs of one item, kept small so 10,000 briefs fit in memory."""

    n: int
    article_id: str
    category: Category
    kind: str
    index: int
    parties: frozenset[str]
    tokens: frozenset[str]
    start: dt.date | None  # the item's own date interval, if it has one
    end: dt.date | None
    day_precise: bool
    published: dt.date | None
    raw: str  # the item's JSON, parsed again only when its merged item is written
    meta: dict[str, Any] = field(default_factory=dict)
    wsum: float = 0.0  # total idf weight of its words, set once the corpus is read
    proposers: frozenset[str] = frozenset()  # proposals: the parties of who proposed
    anchor: dt.date | None = None  # its own start date, else its article's publication date

    def __post_init__(self) -> None:
        self.anchor = self.start or self.published


def _features(
    n: int, article_id: str, meta: dict[str, Any], category: Category, index: int, item: dict[str, Any]
) -> _Feat:
    when = item.get("when") or {}
    start, end = _date(when.get("start")), _date(when.get("end"))
    if start and not end:
        end = start
    actors = _item_actors(category, item)
    # The actors the evidence names count too: extractors (the heuristic floor above all) often list only
    # some of the parties a sentence names, and two outlets rarely pick the same ones.
    for e in item.get("evidence") or []:
        for name in _quote_actors(e.get("quote") or ""):
            if name not in actors and not _media(name):
                actors.append(name)
    parties = frozenset({_party(a) for a in actors} | set(actors))
    kind = item.get("kind") or "other" if category is Category.military_events else category.value
    proposers = frozenset(
        _party(n) for n in item.get("proposer") or [] if category is Category.proposals and n.strip() and not _media(n)
    )
    return _Feat(
        proposers=proposers,
        n=n,
        article_id=article_id,
        category=category,
        kind=kind,
        index=index,
        parties=parties,
        tokens=_tokens(_item_texts(category, item)),
        start=start,
        end=end,
        day_precise=when.get("precision") == DatePrecision.day.value,
        published=_date(meta.get("published")),
        raw=json.dumps(item, ensure_ascii=False, separators=(",", ":")),
        meta=meta,
    )


# --------------------------------------------------------------------------- reading batch output


def iter_items(records: Iterable[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any], Category, int, dict]]:
    """(article id, article meta, category, index, item) for every item of every ok record."""
    for rec in records:
        brief = rec.get("brief") or {}
        meta = brief.get("article") or {}
        for category in Category:
            for i, item in enumerate(brief.get(category.value) or []):
                yield rec["id"], meta, category, i, item


def _read_records(path: Path, stats: MergeStats) -> Iterator[dict[str, Any]]:
    """The last valid record per id of a batch results file (as the batch's own resume reads it).

    Two passes keep memory flat: the first validates every line against ``BatchRecord`` and notes where
    each id's last record starts; the second reads only those lines back, one at a time.
    """
    from .batch import BatchRecord

    if not path.exists():
        raise InputNotFound(f"{path}: no such file")
    last: dict[str, tuple[int, bool]] = {}
    bad = 0
    with path.open("rb") as f:
        offset = 0
        for number, line in enumerate(f, start=1):
            here, offset = offset, offset + len(line)
            if not line.strip():
                continue
            try:
                record = BatchRecord.model_validate_json(line)
            except ValidationError as e:
                bad += 1
                if bad == 1 and number == 1:
                    raise InputError(
                        f"{path}:1: not a `summarizer batch` results line ({e.error_count()} validation errors); "
                        "merge reads the output of `summarizer batch`"
                    ) from None
                continue
            last[record.id] = (here, record.status == "ok" and record.brief is not None)
    stats.records = sum(1 for _, ok in last.values() if ok)
    stats.failed_records = len(last) - stats.records
    wanted = sorted(off for off, ok in last.values() if ok)
    with path.open("rb") as f:
        for off in wanted:
            f.seek(off)
            yield json.loads(f.readline())


# --------------------------------------------------------------------------- blocking and scoring


def _block_keys(f: _Feat, opt: MergeOptions) -> list[tuple[Any, ...]]:
    """Blocks the item joins: one per party and date bucket its (widened) date touches."""
    head = (f.category.value, f.kind)
    if f.category is not Category.military_events:
        # A deal is one thing over months: block on when it was reported, with the deal window.
        anchor = f.anchor
        if anchor is None:
            return [(*head, p, None) for p in sorted(f.parties)]
        half = dt.timedelta(days=opt.deal_window_days // 2)
        buckets = range(
            (anchor - half).toordinal() // opt.bucket_days, (anchor + half).toordinal() // opt.bucket_days + 1
        )
        return [(*head, p, b) for p in sorted(f.parties) for b in buckets]
    if f.start and f.end and (f.end - f.start).days <= opt.max_range_days:
        lo = f.start - dt.timedelta(days=opt.date_tolerance_days)
        hi = f.end + dt.timedelta(days=opt.date_tolerance_days)
    elif f.start:
        lo = hi = None  # a range of months says too little to block on: the wide block
    elif f.published:
        lo = f.published - dt.timedelta(days=opt.undated_window_days)
        hi = f.published + dt.timedelta(days=opt.undated_window_days)
    else:
        return [(*head, p, None) for p in sorted(f.parties)]
    if lo is None or hi is None:
        return [(*head, p, "wide") for p in sorted(f.parties)]
    buckets = range(lo.toordinal() // opt.bucket_days, hi.toordinal() // opt.bucket_days + 1)
    return [(*head, p, b) for p in sorted(f.parties) for b in buckets]


def _dates_compatible(a: _Feat, b: _Feat, opt: MergeOptions) -> tuple[bool, float]:
    """(may these be one event, date score in 0..1)."""
    if a.category is not Category.military_events:
        pa, pb = a.anchor, b.anchor
        if pa and pb:
            gap = abs((pa - pb).days)
            if gap > opt.deal_window_days:
                return False, 0.0
            return True, 1.0 - 0.5 * gap / (opt.deal_window_days + 1)
        return True, 0.5
    tol = dt.timedelta(days=opt.date_tolerance_days)
    if a.start and b.start and a.end and b.end:
        if a.start > b.end + tol or b.start > a.end + tol:
            return False, 0.0
        if a.day_precise and b.day_precise:
            return True, 1.0 if a.start == b.start else 0.6
        return True, 0.7
    # At least one side has no date of its own: fall back on when the articles appeared.
    pa, pb = a.anchor, b.anchor
    if pa and pb:
        gap = abs((pa - pb).days)
        if gap > opt.undated_window_days:
            return False, 0.0
        return True, 0.5 * (1 - gap / (opt.undated_window_days + 1))
    return True, 0.3


def _similarity(a: _Feat, b: _Feat, idf: dict[str, float], opt: MergeOptions) -> float:
    if a.category is not b.category or a.kind != b.kind:
        return 0.0
    shared = a.parties & b.parties
    if not shared:
        return 0.0
    if a.proposers and b.proposers and not a.proposers & b.proposers:
        return 0.0  # one side's offer and the other side's counter-offer are two proposals
    ok, date_score = _dates_compatible(a, b, opt)
    if not ok:
        return 0.0
    # Overlap, not Jaccard: one outlet names three parties where another names one; sharing it is agreement.
    actor_score = len(shared) / min(len(a.parties), len(b.parties))
    inter = a.tokens & b.tokens
    if not inter:
        return 0.0
    w_inter = sum(map(idf.__getitem__, inter))  # every word of the category has a weight
    wa, wb = a.wsum, b.wsum
    # Cosine of idf-weighted binary vectors: two outlets rarely share a sentence, but they share the rare
    # words of the event ("ICBM", "Hokkaido", "Joint Sword-2024B").
    text_score = w_inter / math.sqrt(wa * wb) if wa and wb else 0.0
    if text_score < opt.min_text:
        return 0.0
    return opt.actor_weight * actor_score + opt.text_weight * min(1.0, text_score * 1.5) + opt.date_weight * date_score


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x


# --------------------------------------------------------------------------- building merged items


def _label(category: Category, item: dict[str, Any]) -> str:
    if category is Category.military_events:
        text = item.get("description") or ""
    elif category is Category.proposals:
        who = ", ".join(item.get("proposer") or []) or "?"
        text = f"{who}: {item.get('what') or ''}"
    else:
        a, b = item.get("side_a") or {}, item.get("side_b") or {}
        text = f"{a.get('party') or '?'} ↔ {b.get('party') or '?'}"
        gives = [*(a.get("gives") or []), *(b.get("gives") or [])]
        if gives:
            text += ": " + "; ".join(gives)
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:199] + "…"


def _conflict(field_name: str, values: list[tuple[str | None, str]]) -> Conflict | None:
    by: dict[str, list[str]] = defaultdict(list)
    for value, aid in values:
        if value and aid not in by[value]:
            by[value].append(aid)
    if len(by) < 2:
        return None
    return Conflict(field=field_name, readings=[Reading(value=v, article_ids=ids) for v, ids in by.items()])


def _contains_each_other(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    return a in b or b in a


# Statuses that may follow each other without contradiction (an event planned, then under way, then over).
_EVENT_STATUS_COMPATIBLE = [{"planned", "proposed"}, {"ongoing", "occurred"}]


def _build(members: list[_Feat], cohesion: float) -> MergedItem:
    members = sorted(members, key=lambda f: (f.anchor or dt.date.max, f.article_id, f.index))
    items = [json.loads(f.raw) for f in members]
    category = members[0].category
    sources = [
        SourceRef(
            article_id=f.article_id,
            title=f.meta.get("title"),
            outlet=f.meta.get("source"),
            url=f.meta.get("url"),
            published=f.published,
            index=f.index,
            item={Category.proposals: Proposal, Category.exchanges: Exchange}.get(
                category, MilitaryEvent
            ).model_validate(it),
        )
        for f, it in zip(members, items, strict=True)
    ]
    actor_count: Counter[str] = Counter()
    for it in items:
        actor_count.update(_item_actors(category, it))
    actors = [a for a, _ in actor_count.most_common()]
    parties = sorted({_party(a) for a in actors})

    # The representative: most grounded evidence, then most certain, then earliest.
    def weight(k: int) -> tuple[int, int]:
        it = items[k]
        grounded = sum(1 for e in it.get("evidence") or [] if e.get("match") != "not_found")
        return grounded, _CERTAINTY_RANK.get(it.get("certainty") or "reported", 0)

    rep = max(range(len(items)), key=weight)
    conflicts: list[Conflict] = []
    # Dates: the day most day-precise sources give; every other reading is kept as a conflict.
    day_values = [(f.start.isoformat(), f.article_id) for f in members if f.day_precise and f.start is not None]
    date_conflict = _conflict("date", day_values)
    if date_conflict:
        conflicts.append(date_conflict)
    dated = [(f, it) for f, it in zip(members, items, strict=True) if f.start]
    if day_values:
        top = Counter(v for v, _ in day_values).most_common(1)[0][0]
        f0, it0 = next((f, it) for f, it in dated if f.day_precise and f.start and f.start.isoformat() == top)
        when = When.model_validate(it0.get("when") or {})
    elif dated:
        f0, it0 = min(dated, key=lambda p: ((p[0].end or p[0].start) - p[0].start).days)  # type: ignore[operator]
        when = When.model_validate(it0.get("when") or {})
    else:
        when = When()

    location = None
    if category is Category.military_events:
        locs = [(it.get("location"), f.article_id) for f, it in zip(members, items, strict=True) if it.get("location")]
        if locs:
            location = Counter(v for v, _ in locs).most_common(1)[0][0]
            distinct = {v for v, _ in locs}
            # "Pyongyang" and "North Korea" agree (a capital lies in its state); "Hokkaido" and "Sea of Japan"
            # do not, unless one names the other.
            if any(not _contains_each_other(x, y) and _party(x) != _party(y) for x in distinct for y in distinct):
                c = _conflict("location", locs)  # type: ignore[arg-type]
                if c:
                    conflicts.append(c)
        outcomes = [(it.get("outcome"), f.article_id) for f, it in zip(members, items, strict=True)]
        c = _conflict("outcome", outcomes)
        if c:
            conflicts.append(c)
        statuses = [(it.get("status") or "occurred", f.article_id) for f, it in zip(members, items, strict=True)]
        distinct_status = {s for s, _ in statuses}
        if len(distinct_status) > 1 and not any(distinct_status <= g for g in _EVENT_STATUS_COMPATIBLE):
            c = _conflict("status", statuses)  # type: ignore[arg-type]
            if c:
                conflicts.append(c)
        status = Counter(s for s, _ in statuses).most_common(1)[0][0]
        history: list[StatusStep] = []
    else:
        history = []
        for f, it in zip(members, items, strict=True):
            ev = it.get("evidence") or []
            step = StatusStep(
                status=it.get("status") or "unknown",
                date=f.start or f.published,
                article_id=f.article_id,
                outlet=f.meta.get("source"),
                quote=ev[0].get("quote") if ev else None,
            )
            history.append(step)
        history.sort(key=lambda s: (s.date or dt.date.max, s.article_id))
        # Two sources of the same day that disagree are a conflict; a change between days is history.
        same_day: dict[dt.date | None, list[tuple[str | None, str]]] = defaultdict(list)
        for s in history:
            if s.status != "unknown":
                same_day[s.date].append((s.status, s.article_id))
        for values in same_day.values():
            c = _conflict("status", values)
            if c:
                conflicts.append(c)
                break
        known = [s for s in history if s.status != "unknown"]
        status = (known or history)[-1].status if history else None

    certainty = max((it.get("certainty") or "reported" for it in items), key=lambda c: _CERTAINTY_RANK.get(c, 0))
    flags = sorted({f"conflict:{c.field}" for c in conflicts} | {fl for it in items for fl in it.get("flags") or []})
    key = "|".join(
        f"{f.article_id}:{category.value}:{f.index}" for f in sorted(members, key=lambda f: (f.article_id, f.index))
    )
    return MergedItem(
        id="m-" + hashlib.sha1(key.encode()).hexdigest()[:12],
        category=category,
        kind=members[0].kind if category is Category.military_events else None,
        label=_label(category, items[rep]),
        actors=actors,
        parties=parties,
        when=when,
        location=location,
        status=status,
        certainty=Certainty(certainty),
        status_history=history if len(history) > 1 or category is not Category.military_events else [],
        conflicts=conflicts,
        flags=flags,
        n_articles=len({f.article_id for f in members}),
        cohesion=round(cohesion, 4),
        sources=sources,
    )


# --------------------------------------------------------------------------- the merge


_Blocks = dict[tuple[Any, ...], list[int]]


def _score_range(
    feats: list[_Feat],
    keys_of: list[list[tuple[Any, ...]]],
    blocks: _Blocks,
    groups: dict[tuple[Any, ...], set[int]],
    idf: dict[Category, dict[str, float]],
    opt: MergeOptions,
    lo: int,
    hi: int,
) -> tuple[list[tuple[float, int, int]], int]:
    """Links above the threshold found from the items ``lo``..``hi`` (each pair is scored by exactly one
    of its items, so disjoint ranges together score every candidate pair once)."""
    edges: list[tuple[float, int, int]] = []
    comparisons = 0
    for f in feats[lo:hi]:
        i = f.n
        # Every item sharing a block with i, once, however many blocks they share (the union runs in C).
        cands: set[int] = set()
        for k in keys_of[i]:
            cands.update(blocks[k])
        if f.anchor is None:
            for k in keys_of[i]:
                group = groups[k[:3]]
                if len(group) <= opt.small_group:
                    cands.update(group)
        for j in cands:
            if j == i:
                continue
            # Each pair once: from the lower index, except that a dated item reaches an undated one only
            # through the undated item's own scan of its group.
            undated_j = feats[j].anchor is None
            if f.anchor is not None and undated_j:
                continue
            if j < i and not (f.anchor is None and feats[j].anchor is not None):
                continue
            comparisons += 1
            s = _similarity(f, feats[j], idf[f.category], opt)
            if s >= opt.threshold:
                edges.append((s, min(i, j), max(i, j)))
    return edges, comparisons


def _score_on_ray(
    feats: list[_Feat],
    keys_of: list[list[tuple[Any, ...]]],
    blocks: _Blocks,
    groups: dict[tuple[Any, ...], set[int]],
    idf: dict[Category, dict[str, float]],
    opt: MergeOptions,
    address: str | None,
) -> tuple[list[tuple[float, int, int]], int]:
    """The comparisons, spread over Ray tasks: the features go to the object store once (without the
    items' JSON, which scoring never reads), each task scores a range of items, the driver gathers links."""
    try:
        import ray
    except ImportError:
        raise ConfigError("the Ray engine needs the extra: pip install 'summarizer[ray]'") from None
    import dataclasses

    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, ignore_reinit_error=True, log_to_driver=False)
    light = [dataclasses.replace(f, raw="", meta={}) for f in feats]
    shared = ray.put((light, keys_of, blocks, groups, idf, opt))
    task = ray.remote(_score_task)
    cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
    step = max(256, -(-len(feats) // (4 * cpus)))  # a few tasks per CPU, so a slow one does not hold the rest
    futures = [task.remote(shared, lo, min(lo + step, len(feats))) for lo in range(0, len(feats), step)]
    edges: list[tuple[float, int, int]] = []
    comparisons = 0
    for part, n in ray.get(futures):
        edges.extend(part)
        comparisons += n
    return edges, comparisons


def _score_task(shared: tuple[Any, ...], lo: int, hi: int) -> tuple[list[tuple[float, int, int]], int]:
    feats, keys_of, blocks, groups, idf, opt = shared
    return _score_range(feats, keys_of, blocks, groups, idf, opt, lo, hi)


def merge_records(
    records: Iterable[dict[str, Any]],
    options: MergeOptions | None = None,
    stats: MergeStats | None = None,
    on_progress: Callable[[str], None] | None = None,
    *,
    engine: str = "local",
    ray_address: str | None = None,
) -> list[MergedItem]:
    """Merge the items of batch records (dicts as in the JSONL: ``id``, ``brief``) into merged items.

    ``engine="ray"`` scores the candidate pairs in Ray tasks (a local Ray, or the cluster at
    ``ray_address``); the result is the same as the local engine's."""
    import time

    opt = options or MergeOptions()
    st = stats if stats is not None else MergeStats()
    t0 = time.perf_counter()
    feats: list[_Feat] = []
    df: dict[Category, Counter[str]] = defaultdict(Counter)
    for aid, meta, category, index, item in iter_items(records):
        f = _features(len(feats), aid, meta, category, index, item)
        feats.append(f)
        df[category].update(f.tokens)
    st.items = len(feats)
    # Word weights per category (a word common among events may be rare among proposals); log(1 + N/df)
    # stays positive, so a small corpus does not zero out the words every item shares.
    sizes = Counter(f.category for f in feats)
    idf = {c: {t: math.log(1 + sizes[c] / k) for t, k in counts.items()} for c, counts in df.items()}
    for f in feats:
        weights = idf[f.category]
        f.wsum = sum(map(weights.__getitem__, f.tokens))
    if on_progress:
        on_progress(f"{len(feats)} items read")

    blocks: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    keys_of: list[list[tuple[Any, ...]]] = []
    for f in feats:
        ks = _block_keys(f, opt)
        keys_of.append(ks)
        for k in ks:
            blocks[k].append(f.n)
    # Items with neither a date nor a publication date meet a whole party group, while it is small.
    groups: dict[tuple[Any, ...], set[int]] = defaultdict(set)
    for k, members in blocks.items():
        groups[k[:3]].update(members)
    st.blocks = len(blocks)

    if engine == "ray":
        edges, comparisons = _score_on_ray(feats, keys_of, blocks, groups, idf, opt, ray_address)
    elif engine == "local":
        edges, comparisons = _score_range(feats, keys_of, blocks, groups, idf, opt, 0, len(feats))
    else:
        raise ConfigError(f"unknown merge engine {engine!r}: local or ray")
    st.comparisons = comparisons
    st.links = len(edges)

    # Strongest links first; a link that would stretch a cluster's day-precise dates past the tolerance
    # is refused, so a chain of near-misses cannot glue a week of launches into one.
    uf = _UnionFind(len(feats))
    span: dict[int, tuple[dt.date, dt.date] | None] = {
        f.n: (f.start, f.start) if f.day_precise and f.start and f.category is Category.military_events else None
        for f in feats
    }
    cohesion: dict[int, float] = {}
    articles: dict[int, set[str]] = {f.n: {f.article_id} for f in feats}
    hull: dict[int, tuple[dt.date, dt.date] | None] = {f.n: (f.anchor, f.anchor) if f.anchor else None for f in feats}

    # Ties break on the items' own keys, not their position in the input: the same briefs in any order
    # give the same merged items.
    def tie(n: int) -> tuple[str, str, int]:
        return (feats[n].article_id, feats[n].category.value, feats[n].index)

    for s, i, j in sorted(edges, key=lambda e: (-e[0], min(tie(e[1]), tie(e[2])), max(tie(e[1]), tie(e[2])))):
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj:
            continue
        # Two items of one brief stay two: the extractor already judged them different, and an article
        # reports an event once. This also stops a chain from running through one article's items.
        if articles[ri] & articles[rj]:
            continue
        si, sj = span[ri], span[rj]
        if si and sj:
            lo, hi = min(si[0], sj[0]), max(si[1], sj[1])
            if (hi - lo).days > opt.date_tolerance_days:
                continue
            merged_span: tuple[dt.date, dt.date] | None = (lo, hi)
        else:
            merged_span = si or sj
        # However strong each link, one cluster may not stretch (by its dates or, undated, its reports) past
        # the window an event or a deal can span: this is what stops a chain of look-alike stories.
        hi_, hj_ = hull[ri], hull[rj]
        if hi_ and hj_:
            lo2, hi2 = min(hi_[0], hj_[0]), max(hi_[1], hj_[1])
            deal = feats[i].category is not Category.military_events
            if (hi2 - lo2).days > (opt.deal_window_days if deal else opt.undated_window_days):
                continue
            merged_hull: tuple[dt.date, dt.date] | None = (lo2, hi2)
        else:
            merged_hull = hi_ or hj_
        uf.parent[rj] = ri
        span[ri] = merged_span
        hull[ri] = merged_hull
        articles[ri] |= articles.pop(rj)
        cohesion[ri] = min(s, cohesion.get(ri, 1.0), cohesion.get(rj, 1.0))

    clusters: dict[int, list[_Feat]] = defaultdict(list)
    for f in feats:
        clusters[uf.find(f.n)].append(f)
    out = [_build(members, cohesion.get(root, 1.0)) for root, members in clusters.items()]
    out.sort(key=lambda m: (m.when.start or dt.date.max, m.category.value, m.kind or "", m.id))
    st.merged_items = len(out)
    st.multi_source_items = sum(1 for m in out if m.n_articles > 1)
    st.conflicts = sum(1 for m in out if m.conflicts)
    st.seconds = time.perf_counter() - t0
    return out


def merge_briefs(
    briefs: Iterable[Any], options: MergeOptions | None = None, stats: MergeStats | None = None
) -> list[MergedItem]:
    """Merge ``Brief`` objects (or ``(article_id, Brief)`` pairs) from Python."""
    records = []
    for k, b in enumerate(briefs):
        aid, brief = b if isinstance(b, tuple) else (b.article.sha256[:12] or f"a{k}", b)
        records.append({"id": aid, "status": "ok", "brief": brief.model_dump(mode="json")})
    return merge_records(records, options, stats)


def merge_file(
    path: str | Path | Iterable[str | Path],
    options: MergeOptions | None = None,
    stats: MergeStats | None = None,
    on_progress: Callable[[str], None] | None = None,
    *,
    engine: str = "local",
    ray_address: str | None = None,
) -> list[MergedItem]:
    """Merge one or more ``summarizer batch`` results files (in each, the last record per id; failed records
    are skipped). Several files are merged as one corpus, e.g. this week's batch with last week's."""
    st = stats if stats is not None else MergeStats()
    paths = [Path(path)] if isinstance(path, (str, Path)) else [Path(p) for p in path]
    seen: set[str] = set()

    def records() -> Iterator[dict[str, Any]]:
        for p in paths:
            one = MergeStats()
            for rec in _read_records(p, one):
                if rec["id"] in seen:
                    raise InputError(f"{p}: article id {rec['id']!r} is also in an earlier file; ids must be unique")
                seen.add(rec["id"])
                yield rec
            st.records += one.records
            st.failed_records += one.failed_records

    return merge_records(records(), options, st, on_progress, engine=engine, ray_address=ray_address)


def read_merged(path: str | Path) -> list[MergedItem]:
    """Read a merged-items JSONL file back."""
    out = []
    with Path(path).open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                out.append(MergedItem.model_validate_json(line))
    return out
