"""article → prompt → LLM → validated draft → grounded, dated brief. The one place the steps meet."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypedDict

from typing_extensions import Unpack

from .backends import Backend
from .budget import BUDGETED_STRATEGIES, DEFAULT_MAX_LLM_CALLS, DEFAULT_TIME_BUDGET, Budget, with_budget
from .cache import CachingBackend
from .config import BackendConfig
from .dates import find_when, normalize_when
from .errors import ConfigError, SummarizerError
from .exchange_context import exchange_context
from .gazetteer import canonical_actors, canonical_names
from .grounding import Aligner
from .inputs import Article, coerce_article, infer_published
from .instructions import addressed_at, blank, find_excluded, framing_of, inside_excluded, load_classifier
from .progress import reporting
from .prompts import PromptLibrary
from .schema import (
    Brief,
    Category,
    DraftBrief,
    DraftEvent,
    DraftExchange,
    DraftProposal,
    Dropped,
    EventStatus,
    Evidence,
    Exchange,
    Excluded,
    MilitaryEvent,
    Proposal,
    Provenance,
    Usage,
    When,
)
from .strategies import Extraction, get_strategy
from .temporal import Timeline

GroundingMode = Literal["strict", "flag"]
#: The names in ``strategies.STRATEGIES`` (tests/test_layout.py keeps the two equal), for type checkers.
StrategyChoice = Literal["oneshot", "guided", "guided-all", "heuristic"]


class BriefOptions(TypedDict, total=False):
    """Keyword options of ``summarize`` / ``asummarize`` (all optional)."""

    backend: Backend | BackendConfig | Literal["auto", "local", "openai"]
    strategy: StrategyChoice | None
    grounding: GroundingMode
    published: dt.date | str | None
    prompt_dir: str | Path | None
    prompt: str | None
    cache: bool
    cache_dir: str | Path | None
    model: str | None
    base_url: str | None
    api_key: str | None
    model_path: str | Path | None
    mode: str | None
    timeout: float | None
    max_llm_calls: int | None
    time_budget: float | None
    on_progress: Callable[[str], None] | None
    record: str | Path | None
    replay: str | Path | None


Item = Proposal | Exchange | MilitaryEvent
_FINAL = {DraftProposal: Proposal, DraftExchange: Exchange, DraftEvent: MilitaryEvent}


def _item_actors(d: DraftProposal | DraftExchange | DraftEvent) -> list[str]:
    # Who acts or speaks: addressees are left out, since naming them does not tie a sentence to the event.
    names: list[str] = list(d.attributed_to)
    if isinstance(d, DraftProposal):
        names += d.proposer
    elif isinstance(d, DraftExchange):
        names += [d.side_a.party, d.side_b.party]
    else:
        names += d.actors
    return [n for n in names if n]


def _date_item(
    draft_when: str | None,
    evidence: list[Evidence],
    text: str,
    published: dt.date | None,
    timeline: Timeline | None = None,
    actors: list[str] | None = None,
    source: Evidence | None = None,
    planned: bool = False,
    lasting: bool = False,
    statement: bool = False,
) -> When:
    """The item's own time words first, then its evidence, then the nearest words of the same event
    (see ``temporal.Timeline.date_item``). Without a timeline: the words, then the evidence, out of context."""
    if timeline is not None:
        return timeline.date_item(draft_when, evidence, actors or [], source, planned, lasting, statement)
    when = normalize_when(draft_when, published) if draft_when else When()
    if when.precision.value != "unknown":
        return when
    # The model gave no usable time words: look for them in the located evidence itself.
    for ev in evidence:
        if ev.start is not None and ev.end is not None:
            found = find_when(text[ev.start : ev.end], published)
            if found.precision.value != "unknown":
                return found
    return when if draft_when else When()


def _planned(d: Any) -> bool:
    # A military event still to come: the day its plan was announced is not its date.
    return isinstance(d, DraftEvent) and d.status in (EventStatus.planned, EventStatus.proposed)


def _settled_names(fields: dict[str, Any], outlet: str | None) -> dict[str, Any]:
    """Model-given names as the gazetteer's canonical ones, and the outlet as the source of an item that
    credits no one (GUIDELINES §7.2: the article's own outlet when it credits no one else)."""
    for key in ("proposer", "addressees", "actors", "attributed_to"):
        if key in fields:
            fields[key] = canonical_names(fields[key])
    for side in ("side_a", "side_b"):
        if isinstance(fields.get(side), dict) and fields[side].get("party"):
            fields[side]["party"] = (canonical_names([fields[side]["party"]]) or [fields[side]["party"]])[0]
    if "attributed_to" in fields and not fields["attributed_to"] and outlet:
        fields["attributed_to"] = [outlet]
    return fields


def ground_draft(draft: DraftBrief, article: Article, mode: GroundingMode = "strict") -> tuple[Brief, list[str]]:
    """Locate every evidence quote, normalise dates, and sort items into kept and dropped.

    Returns the brief and the quotes that could not be found (the feedback for a re-ask).
    """
    aligner = Aligner(article.text)
    timeline = Timeline.build(article.text, article.meta.published)
    brief = Brief(article=article.meta, summary=draft.summary, actors=canonical_actors(draft.actors))
    missing: list[str] = []
    for category in Category:
        for d in getattr(draft, category.value):
            evidence = [aligner.align(q) for q in d.evidence if q and q.strip()]
            fields = _settled_names(d.model_dump(exclude={"evidence", "when", "when_source"}), article.meta.source)
            # brief-v2: the sentence holding the time words when they are outside the evidence.
            when_source = getattr(d, "when_source", None)
            source = aligner.align(when_source) if when_source and when_source.strip() else None
            final = next(v for k, v in _FINAL.items() if isinstance(d, k))
            item: Item = final(
                **fields,
                evidence=evidence,
                when=_date_item(
                    d.when,
                    evidence,
                    article.text,
                    article.meta.published,
                    timeline,
                    _item_actors(d),
                    source,
                    planned=_planned(d),
                    lasting=category is Category.military_events,
                    statement=category is Category.proposals,
                ),
            )
            if item.grounded():
                getattr(brief, category.value).append(item)
                continue
            missing.extend(e.quote for e in evidence)
            if mode == "flag":
                item.flags.append("ungrounded")
                getattr(brief, category.value).append(item)
            else:
                reason = "no evidence given" if not evidence else "none of its evidence was found in the article"
                brief.dropped.append(Dropped(category=category, item=item.model_dump(mode="json"), reason=reason))
    return brief, missing


def _spans(items: list[Item]) -> list[tuple[int, int]]:
    return [(e.start, e.end) for it in items for e in it.evidence if e.start is not None and e.end is not None]


def _overlaps(item: Item, spans: list[tuple[int, int]]) -> bool:
    return any(
        e.start is not None and e.end is not None and e.start < b and a < e.end for e in item.evidence for a, b in spans
    )


def _merge_retry(first: Brief, second: Brief) -> Brief:
    """Keep what the first answer grounded; add what the re-ask grounded that the first did not cover."""
    for category in Category:
        kept: list[Item] = getattr(first, category.value)
        spans = _spans(kept)
        kept.extend(it for it in getattr(second, category.value) if not _overlaps(it, spans))
    first.dropped = second.dropped + [d for d in first.dropped if d.reason == "no evidence given"]
    return first


def drop_excluded(brief: Brief, spans: list[Excluded], text: str) -> int:
    """Evidence lying in text that is not news (an instruction to a model, markup, a caption) supports
    nothing: such quotes are removed, and an item left with no located evidence goes to ``brief.dropped``.
    Returns how many quotes were removed from items that stay."""
    if not spans:
        return 0
    removed = 0
    for category in Category:
        kept: list[Item] = []
        for item in getattr(brief, category.value):
            located = [e for e in item.evidence if e.start is not None and e.end is not None]
            hits = {id(e): inside_excluded(e.start, e.end, spans, text) for e in located}  # type: ignore[arg-type]
            if not located or not any(hits.values()):
                kept.append(item)
                continue
            outside = [e for e in located if hits[id(e)] is None]
            if outside:
                removed += len(located) - len(outside)
                item.evidence = [e for e in item.evidence if hits.get(id(e)) is None]
                kept.append(item)
                continue
            why = "; ".join(dict.fromkeys(s.reason for s in hits.values() if s is not None))
            brief.dropped.append(
                Dropped(
                    category=category,
                    item=item.model_dump(mode="json"),
                    reason=f"its only evidence lies in text excluded as not news ({why})",
                )
            )
        setattr(brief, category.value, kept)
    return removed


#: An item whose every quote reads as an instruction at this classifier score or above is dropped, even where no
#: span was excluded (the exclusion threshold is higher, set for whole text). Chosen from news text alone: 0.26 %
#: of the 7,184 RAMS/GENEVA sentences (mostly page furniture, "READ MORE : ...") and no gold evidence quote of
#: the dev fixtures (highest 0.34) reach it. docs/INSTRUCTIONS.md.
ITEM_INSTRUCTION_SCORE = 0.6


def drop_instruction_like(brief: Brief, text: str) -> int:
    """Items resting only on words that read as orders to a model go to ``brief.dropped``; returns how many."""
    model = load_classifier()
    if model is None:
        return 0
    dropped = 0
    for category in Category:
        kept: list[Item] = []
        for item in getattr(brief, category.value):
            located = [e for e in item.evidence if e.start is not None and e.end is not None]
            scores = [model.score(text[e.start : e.end]) for e in located]  # type: ignore[misc]
            if not scores or min(scores) < ITEM_INSTRUCTION_SCORE:
                kept.append(item)
                continue
            # A score is a guess from vocabulary: news about a missile system or a commander's instructions scores
            # high without speaking to anyone. The quote must also show a sign of addressing (docs/INSTRUCTIONS.md,
            # round 5).
            if not all(addressed_at(text, e.start, e.end) for e in located):  # type: ignore[arg-type]
                kept.append(item)
                continue
            dropped += 1
            brief.dropped.append(
                Dropped(
                    category=category,
                    item=item.model_dump(mode="json"),
                    reason=f"every quote reads as an instruction to a model (classifier score {min(scores):.2f} "
                    f"≥ {ITEM_INSTRUCTION_SCORE})",
                )
            )
        setattr(brief, category.value, kept)
    return dropped


def drop_framed_claims(brief: Brief, text: str) -> int:
    """Items whose every quote lies in a sentence that frames the claim as what a summary or other output must
    say ("the condensed version needs to say that …": ``framing`` in data/instructions.yaml) go to
    ``brief.dropped``, whatever the classifier scores them; returns how many. A sentence that reports an event and
    orders the brief to carry it is an order, and the item it yields is the order obeyed."""
    dropped = 0
    for category in Category:
        kept: list[Item] = []
        for item in getattr(brief, category.value):
            located = [e for e in item.evidence if e.start is not None and e.end is not None]
            framed = [framing_of(text, e.start, e.end) for e in located]  # type: ignore[arg-type]
            if not located or any(f is None for f in framed):
                kept.append(item)
                continue
            dropped += 1
            pid, reason = framed[0]  # type: ignore[misc]
            brief.dropped.append(
                Dropped(category=category, item=item.model_dump(mode="json"), reason=f"{reason} ({pid})")
            )
        setattr(brief, category.value, kept)
    return dropped


def merge_restated_events(brief: Brief) -> int:
    """Fold each *proposed* military event that quotes a proposal's or an exchange's evidence into that item.

    A capable model often lists one offer three times: a proposal, an exchange and a proposed event (a
    requested F-16 sale as an ``arms_transfer`` with status ``proposed``). The labelling rules put a proposed
    activity under proposals (GUIDELINES §6), so the event adds nothing but a duplicate; it is removed and the
    count goes in the provenance notes. Events that happened, or that nothing else in the brief covers, stay.
    """
    offers = _spans([*brief.proposals, *brief.exchanges])
    kept = [e for e in brief.military_events if e.status.value != "proposed" or not _overlaps(e, offers)]
    merged = len(brief.military_events) - len(kept)
    brief.military_events = kept
    return merged


FEEDBACK = (
    "Some evidence you gave is not in the article: {quotes}. Evidence must be copied word for word from the "
    "article. Answer again: copy the evidence exactly, or leave out any item you cannot support."
)


async def asummarize(
    text_or_path: str | Path | Article,
    *,
    backend: Backend | BackendConfig | str = "auto",
    strategy: str | None = None,
    grounding: GroundingMode = "strict",
    published: dt.date | str | None = None,
    prompt_dir: str | Path | None = None,
    prompt: str | None = None,
    cache: bool = True,
    cache_dir: str | Path | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    model_path: str | Path | None = None,
    mode: str | None = None,
    timeout: float | None = None,
    max_llm_calls: int | None = DEFAULT_MAX_LLM_CALLS,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
    on_progress: Callable[[str], None] | None = None,
    record: str | Path | None = None,
    replay: str | Path | None = None,
) -> Brief:
    """Summarize one article into a grounded ``Brief`` (async). See ``summarize`` for the options."""
    article = coerce_article(text_or_path)
    if published:
        article.meta.published = dt.date.fromisoformat(published) if isinstance(published, str) else published
        article.meta.published_source = "given"
    owns_backend = not isinstance(backend, Backend)
    llm: Backend | None
    if strategy == "heuristic":
        llm = None
    elif isinstance(backend, Backend):
        if record or replay:
            raise ConfigError("record/replay need a backend name or a BackendConfig, not a ready-made Backend")
        llm = CachingBackend(backend, cache_dir) if cache and not isinstance(backend, CachingBackend) else backend
    else:
        cassette = {"record": Path(record) if record else None, "replay": Path(replay) if replay else None}
        if isinstance(backend, BackendConfig):
            config = backend.model_copy(update=cassette) if record or replay else backend
        else:
            config = BackendConfig.from_options(
                backend,
                model=model,
                base_url=base_url,
                api_key=api_key,
                model_path=model_path,
                mode=mode,
                timeout=timeout,
                cache=cache,
                cache_dir=cache_dir,
                **cassette,
            )
        strategy = strategy or config.default_strategy()
        llm = None if strategy == "heuristic" else config.build()
    try:
        return await run_pipeline(
            article,
            llm,
            strategy=strategy,
            grounding=grounding,
            prompts=PromptLibrary(prompt_dir),
            prompt=prompt,
            max_llm_calls=max_llm_calls,
            time_budget=time_budget,
            on_progress=on_progress,
        )
    finally:
        if owns_backend and llm is not None and isinstance(llm, CachingBackend):
            llm.store.close()


async def run_pipeline(
    article: Article,
    llm: Backend | None,
    *,
    strategy: str | None = None,
    grounding: GroundingMode = "strict",
    prompts: PromptLibrary | None = None,
    prompt: str | None = None,
    max_llm_calls: int | None = DEFAULT_MAX_LLM_CALLS,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
    on_progress: Callable[[str], None] | None = None,
) -> Brief:
    """Extract, ground and date one article. ``max_llm_calls`` and ``time_budget`` (seconds from the start
    of this call) bound the guided strategies' LLM calls; None lifts a limit."""
    # Labels every LLM exchange of this article (a cassette records them, and names the article on a miss).
    label = article.meta.title or article.meta.source or article.meta.url
    with exchange_context(article=label, article_sha256=article.meta.sha256 or None):
        return await _run_pipeline(
            article,
            llm,
            strategy=strategy,
            grounding=grounding,
            prompts=prompts or PromptLibrary(),
            prompt=prompt,
            max_llm_calls=max_llm_calls,
            time_budget=time_budget,
            on_progress=on_progress,
        )


async def _run_pipeline(
    article: Article,
    llm: Backend | None,
    *,
    strategy: str | None,
    grounding: GroundingMode,
    prompts: PromptLibrary,
    prompt: str | None,
    max_llm_calls: int | None,
    time_budget: float | None,
    on_progress: Callable[[str], None] | None,
) -> Brief:
    notes: list[str] = []
    if article.meta.published is not None and article.meta.published_source is None:
        article.meta.published_source = "given"  # set by the caller (an Article built in code, a fixture)
    if article.meta.published is None:
        # An Article built in code (not read by inputs) may still carry a dated URL or byline.
        article.meta.published, article.meta.published_source = infer_published(article.text, article.meta.url)
        if article.meta.published is None:
            notes.append(
                "no publication date (no header, dated URL, byline or dateline): relative dates such as "
                "'Friday' or 'last month' are left unknown; pass --published to resolve them"
            )
    if article.meta.published_source == "internal":
        notes.append(
            f"publication date estimated as {article.meta.published} from the latest weekday-dated day in the "
            "text (no header, dated URL, byline or dateline): relative dates are read against it; pass "
            "--published to set it"
        )
    name = strategy or (llm.default_strategy if llm is not None else "heuristic")
    chosen = get_strategy(name, prompt)
    started = time.perf_counter()
    report = on_progress or (lambda _msg: None)
    # Text addressed to a model, markup and page furniture: found once, recorded in the brief, hidden from the
    # rules. The one-shot prompt keeps the article as written (recorded requests stay byte-identical); its
    # items are checked against the spans after grounding instead.
    if on_progress is not None:
        report(f"screening {len(article.text.split()):,} words for instructions and boilerplate")
    excluded = find_excluded(article.text)
    seen = article
    if excluded and name != "oneshot":
        seen = dataclasses.replace(article, text=blank(article.text, excluded))
    budget: Budget | None = None
    if llm is not None and name in BUDGETED_STRATEGIES:
        budget = Budget(max_calls=max_llm_calls, seconds=time_budget, started=started, on_progress=on_progress)
        llm = with_budget(llm, budget)
    report(f"extracting ({name})")
    with reporting(on_progress):
        extraction: Extraction = await chosen.extract(seen, llm, prompts)
    report("grounding evidence")
    usage = Usage()
    usage.add(extraction.usage)
    attempts = extraction.attempts
    brief, missing = ground_draft(extraction.draft, article, grounding)
    if missing and grounding == "strict" and name == "oneshot":
        quotes = "; ".join(f'"{q[:120]}"' for q in missing[:8])
        try:
            retry = await chosen.extract(article, llm, prompts, feedback=FEEDBACK.format(quotes=quotes))
        except SummarizerError as e:
            # The first answer is already grounded and paid for: a failed re-ask must not lose it.
            notes.append(f"grounding re-ask failed ({e.kind}: {e.message}); kept the first answer")
        else:
            usage.add(retry.usage)
            attempts += retry.attempts
            second, _ = ground_draft(retry.draft, article, grounding)
            brief = _merge_retry(brief, second)
    removed = drop_excluded(brief, excluded, article.text)
    drop_instruction_like(brief, article.text)
    drop_framed_claims(brief, article.text)
    if removed:
        notes.append(f"removed {removed} evidence quote(s) lying in text excluded as not news")
    if budget is not None and (note := budget.note()):
        notes.append(note)
    brief.excluded = excluded
    merged = merge_restated_events(brief)
    if merged:
        notes.append(f"{merged} proposed military event(s) restating a proposal or exchange merged into it")
    brief.provenance = Provenance(
        backend=llm.kind if llm is not None else "none",
        model=llm.model if llm is not None else "none",
        strategy=name,
        prompt_name=extraction.prompt_name,
        prompt_sha256=extraction.prompt_sha256,
        usage=usage,
        attempts=attempts,
        latency_s=round(time.perf_counter() - started, 4),
        notes=notes,
    )
    return brief


def summarize(text_or_path: str | Path | Article, **options: Unpack[BriefOptions]) -> Brief:
    """Summarize one article into an evidence-grounded ``Brief``.

    ``text_or_path`` is article text, a path (``Path`` or an existing file's name), or an ``Article``.
    Options: ``backend`` ("auto" | "local" | "openai" | a ``BackendConfig`` | a ``Backend``), ``strategy``
    ("oneshot" | "guided" | "heuristic"; default: the backend's), ``grounding`` ("strict" drops items with no
    located evidence, "flag" keeps them flagged), ``published`` (date for relative dates), ``prompt_dir``, ``cache``,
    ``prompt`` (one-shot template name), ``cache_dir``, ``model``, ``base_url``, ``api_key``, ``model_path``,
    ``mode`` (instructor mode), ``timeout``, ``max_llm_calls`` and ``time_budget`` (per-article bounds on
    the guided strategies' LLM calls: once spent, the rules' answer stands; None lifts a limit),
    ``on_progress`` (called with a short status line), ``record`` (a cassette directory: write every LLM
    exchange there), ``replay`` (a cassette directory: answer every LLM request from it; no key, no endpoint,
    no network; a request it does not hold raises ``CassetteMiss``). Text addressed to a model or page
    furniture is excluded from extraction and listed in ``brief.excluded``. Raises a ``SummarizerError``
    subclass with a one-line message.

    >>> brief = summarize("Russia has proposed holding a naval exercise with China.", strategy="heuristic")
    >>> brief.proposals[0].proposer
    ['Russia']
    """
    coro = asummarize(text_or_path, **options)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    # Called from inside a running loop (a notebook): run ours on a worker thread instead.
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()
