"""Progress lines from deep inside a step (the parse of a long article) to whoever runs the pipeline.

The pipeline sets a reporter for the duration of one article (``reporting``); code that takes long calls
``report`` now and then. With no reporter set, nothing happens, so library callers pay nothing. A context
variable rather than a parameter, because the step that is slow (spaCy's parse) sits several calls below the
strategy interface, which has no place for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["Throttle", "report", "reporting"]

_current: ContextVar[Callable[[str], None] | None] = ContextVar("summarizer_progress", default=None)


@contextmanager
def reporting(callback: Callable[[str], None] | None) -> Iterator[None]:
    token = _current.set(callback)
    try:
        yield
    finally:
        _current.reset(token)


def report(message: str) -> None:
    callback = _current.get()
    if callback is not None:
        callback(message)


class Throttle:
    """At most one line every ``every`` seconds (a 5 MB parse would otherwise print thousands)."""

    def __init__(self, every: float = 2.0) -> None:
        self.every = every
        self._last = time.perf_counter()

    def due(self) -> bool:
        now = time.perf_counter()
        if now - self._last >= self.every:
            self._last = now
            return True
        return False
