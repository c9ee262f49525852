"""article → prompt → LLM → validated draft → grounded, dated brief. The one place the steps meet."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from pathlib import Path
from typing import Any, Literal, TypedDict

from typing_extensions import Unpack

from .backends import Backend
from .cache import CachingBackend
from .config import BackendConfig
from .dates import find_when, normalize_when
from .errors import ConfigError, SummarizerError
from .exchange_context import exchange_context
from .gazetteer import canonical_actors, canonical_names
from .grounding import Aligner
from .inputs import Article, coerce_article
from .prompts import PromptLibrary
from .schema import (
    Brief,
    Category,
    DraftBrief,
    DraftEvent,
    DraftExchange,
    DraftProposal,
    Dropped,
    Evidence,
    Exchange,
    MilitaryEvent,
    Proposal,
    Provenance,
    Usage,
    When,
)
from .strategies import Extraction, get_strategy

GroundingMode = Literal["strict", "flag"]


class BriefOptions(TypedDict, total=False):
    """Keyword options of ``summarize`` / ``asummarize`` (all optional)."""

    backend: Backend | BackendConfig | Literal["auto", "local", "openai"]
    strategy: Literal["oneshot", "guided", "guided-all", "heuristic"] | None
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
    record: str | Path | None
    replay: str | Path | None


Item = Proposal | Exchange | MilitaryEvent
_FINAL = {DraftProposal: Proposal, DraftExchange: Exchange, DraftEvent: MilitaryEvent}


def _date_item(draft_when: str | None, evidence: list[Evidence], text: str, published: dt.date | None) -> When:
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
    brief = Brief(article=article.meta, summary=draft.summary, actors=canonical_actors(draft.actors))
    missing: list[str] = []
    for category in Category:
        for d in getattr(draft, category.value):
            evidence = [aligner.align(q) for q in d.evidence if q and q.strip()]
            fields = _settled_names(d.model_dump(exclude={"evidence", "when"}), article.meta.source)
            item: Item = _FINAL[type(d)](
                **fields,
                evidence=evidence,
                when=_date_item(d.when, evidence, article.text, article.meta.published),
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
    record: str | Path | None = None,
    replay: str | Path | None = None,
) -> Brief:
    """Summarize one article into a grounded ``Brief`` (async). See ``summarize`` for the options."""
    article = coerce_article(text_or_path)
    if published:
        article.meta.published = dt.date.fromisoformat(published) if isinstance(published, str) else published
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
            config = backend_config(
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
        llm = config.build()
    try:
        return await run_pipeline(
            article, llm, strategy=strategy, grounding=grounding, prompts=PromptLibrary(prompt_dir), prompt=prompt
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
) -> Brief:
    # Labels every LLM exchange of this article (a cassette records them, and names the article on a miss).
    label = article.meta.title or article.meta.source or article.meta.url
    with exchange_context(article=label, article_sha256=article.meta.sha256 or None):
        return await _run_pipeline(
            article, llm, strategy=strategy, grounding=grounding, prompts=prompts or PromptLibrary(), prompt=prompt
        )


async def _run_pipeline(
    article: Article,
    llm: Backend | None,
    *,
    strategy: str | None,
    grounding: GroundingMode,
    prompts: PromptLibrary,
    prompt: str | None,
) -> Brief:
    name = strategy or (llm.default_strategy if llm is not None else "heuristic")
    chosen = get_strategy(name, prompt)
    started = time.perf_counter()
    extraction: Extraction = await chosen.extract(article, llm, prompts)
    usage = Usage()
    usage.add(extraction.usage)
    attempts = extraction.attempts
    brief, missing = ground_draft(extraction.draft, article, grounding)
    notes: list[str] = []
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


def backend_config(backend: str = "auto", **options: Any) -> BackendConfig:
    """A ``BackendConfig`` from ``summarize``'s keyword options (``None`` means: not given)."""
    return BackendConfig(backend=backend, **{k: v for k, v in options.items() if v is not None})


def summarize(text_or_path: str | Path | Article, **options: Unpack[BriefOptions]) -> Brief:
    """Summarize one article into an evidence-grounded ``Brief``.

    ``text_or_path`` is article text, a path (``Path`` or an existing file's name), or an ``Article``.
    Options: ``backend`` ("auto" | "local" | "openai" | a ``BackendConfig`` | a ``Backend``), ``strategy``
    ("oneshot" | "guided" | "heuristic"; default: the backend's), ``grounding`` ("strict" drops items with no
    located evidence, "flag" keeps them flagged), ``published`` (date for relative dates), ``prompt_dir``, ``cache``,
    ``prompt`` (one-shot template name), ``cache_dir``, ``model``, ``base_url``, ``api_key``, ``model_path``,
    ``mode`` (instructor mode), ``timeout``, ``record`` (a cassette directory: write every LLM exchange there),
    ``replay`` (a cassette directory: answer every LLM request from it; no key, no endpoint, no network; a
    request it does not hold raises ``CassetteMiss``). Raises a ``SummarizerError`` subclass with a one-line message.

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
