"""Who is asking the LLM: labels that follow a request from the pipeline down to the HTTP transport.

The pipeline sets the article and each prompt rendering sets the prompt; the cassette transport reads them to
label what it records and to explain a replay miss. A ContextVar follows the request into asyncio tasks and
``to_thread`` workers without a parameter threaded through every layer in between, and costs no import.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

_context: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "summarizer_exchange_context", default=None
)


def set_context(**fields: str | None) -> contextvars.Token[dict[str, str] | None]:
    """Add fields to the current exchange context (``None`` values are ignored)."""
    merged = {**(_context.get() or {}), **{k: v for k, v in fields.items() if v is not None}}
    return _context.set(merged)


@contextlib.contextmanager
def exchange_context(**fields: str | None) -> Iterator[None]:
    """Label the LLM exchanges made inside the block (``prompt``, ``prompt_sha256``, ``article``, …)."""
    token = set_context(**fields)
    try:
        yield
    finally:
        _context.reset(token)


def current_context() -> dict[str, str]:
    return dict(_context.get() or {})
