"""One article of a batch: brief it or record why not, with secrets redacted and wire events routed."""

from __future__ import annotations

import asyncio
import contextvars
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..backends.base import Backend, HttpEvent
from ..errors import SummarizerError
from ..pipeline import GroundingMode, run_pipeline
from ..prompts import PromptLibrary
from ..schema import Brief
from .inputs import BatchInput
from .limits import AdaptiveLimiter
from .records import BatchError, BatchRecord

log = logging.getLogger("summarizer.batch")

# --------------------------------------------------------------------------- observing the transport


@dataclass
class _CallState:
    epoch: int
    limiter: AdaptiveLimiter
    requests: int = 0
    rate_limited: int = 0


_CURRENT: contextvars.ContextVar[_CallState | None] = contextvars.ContextVar("summarizer_batch_call", default=None)


def _on_event(event: HttpEvent) -> None:
    """A backend's wire events, routed to the article task that caused them (they run in its context):
    every 429 reaches the limiter as it happens, not only after the retries have absorbed it."""
    state = _CURRENT.get()
    if state is None:
        return
    if event.kind == "request":
        state.requests += 1
    elif event.status == 429:
        state.rate_limited += 1
        state.limiter.on_rate_limited(state.epoch)


_SECRET_PATTERN = re.compile(r"\b(sk-[A-Za-z0-9_\-]{6,}|Bearer\s+\S+)")


def _secrets_of(backend: Backend | None) -> list[str]:
    found = {os.environ.get("OPENAI_API_KEY") or "", *(backend.secrets() if backend is not None else [])}
    return sorted((s for s in found if len(s) >= 8 and s != "not-needed"), key=len, reverse=True)


def _redact(text: str, secrets: list[str]) -> str:
    for s in secrets:
        text = text.replace(s, "***")
    return _SECRET_PATTERN.sub("***", text)


def _one_line(text: str, limit: int = 500) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- the run


async def brief_or_error(
    item: BatchInput,
    *,
    backend: Backend | None,
    strategy: str | None,
    grounding: GroundingMode,
    prompts: PromptLibrary,
    secrets: list[str],
    requests: Callable[[], int] = lambda: 0,
) -> tuple[Brief | None, BatchError | None]:
    """The per-article function every engine shares (asyncio here, Ray in ``distributed``): a brief, or a
    one-line error with the API key scrubbed out. Never raises for the article's own failure."""
    try:
        article = await asyncio.to_thread(item.load)
        brief = await run_pipeline(article, backend, strategy=strategy, grounding=grounding, prompts=prompts)
    except SummarizerError as e:
        message = _one_line(_redact(e.message, secrets))
        return None, BatchError(kind=e.kind, message=message, attempts=max(e.attempts, requests()))
    except Exception as e:  # noqa: BLE001 - one broken article must not stop the others
        log.debug("article %s failed unexpectedly", item.id, exc_info=True)
        message = _one_line(_redact(f"{type(e).__name__}: {e}", secrets))
        return None, BatchError(kind="internal", message=message, attempts=requests())
    return brief, None


def make_record(
    item: BatchInput,
    seconds: float,
    brief: Brief | None,
    error: BatchError | None,
    *,
    backend: Backend | None,
    strategy: str | None,
) -> BatchRecord:
    return BatchRecord(
        id=item.id,
        content_sha256=item.content_sha256,
        status="ok" if brief is not None else "error",
        brief=brief,
        error=error,
        seconds=round(seconds, 4),
        backend=backend.kind if backend is not None else "none",
        model=backend.model if backend is not None else "none",
        strategy=strategy or (backend.default_strategy if backend is not None else "heuristic"),
    )
