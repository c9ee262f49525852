"""Bounded work per article: a cap on LLM calls and on wall time, enforced where calls leave the program.

The guided strategies ask the model once per ambiguous candidate, so a long article means many calls (a
1.4 MB article ran for over 11 minutes). ``BudgetedBackend`` wraps the backend for one article and refuses
calls once the budget is spent; the strategy treats a refused call like a failed one and keeps its rules'
answer for that slot. Cached answers cost nothing and do not count. The brief says in
``provenance.notes`` when a budget was reached.
"""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .backends.base import Backend, Completion, Listener, T
from .cache import CachingBackend
from .errors import SummarizerError

__all__ = [
    "BUDGETED_STRATEGIES",
    "DEFAULT_MAX_LLM_CALLS",
    "DEFAULT_TIME_BUDGET",
    "Budget",
    "BudgetExhausted",
    "BudgetedBackend",
    "with_budget",
]

#: Measured: the 14 fixtures need 13 guided calls in all (bench/RESULTS.md), a long feature a few dozen; at
#: about 0.3 s a call with the embedded model, 200 calls is about a minute of model time.
DEFAULT_MAX_LLM_CALLS = 200
#: Seconds of wall time per article, counted from the start of its pipeline run, rules included.
DEFAULT_TIME_BUDGET = 300.0
#: One call per candidate: the strategies a budget applies to. One-shot makes one call per chunk and has no
#: rules' answer to fall back on, so a refused call there would lose the brief.
BUDGETED_STRATEGIES = frozenset({"guided", "guided-all"})


class BudgetExhausted(SummarizerError):
    """A call was refused because the article's LLM budget is spent (the rules' answer stands)."""

    exit_code = 9
    kind = "budget"


@dataclass
class Budget:
    """Limits for one article; ``None`` lifts a limit. ``started`` is a ``time.perf_counter()`` value."""

    max_calls: int | None = DEFAULT_MAX_LLM_CALLS
    seconds: float | None = DEFAULT_TIME_BUDGET
    started: float = field(default_factory=time.perf_counter)
    on_progress: Callable[[str], None] | None = None
    admitted: int = 0
    done: int = 0
    refused: int = 0
    reasons: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.max_calls is not None and self.max_calls < 0:
            raise ValueError("max_calls must be 0 or more")
        if self.seconds is not None and self.seconds <= 0:
            raise ValueError("the time budget must be more than 0 seconds")

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def remaining(self) -> float | None:
        return None if self.seconds is None else self.seconds - self.elapsed()

    def admit(self) -> None:
        """Count one call in, or raise ``BudgetExhausted``."""
        if self.max_calls is not None and self.admitted >= self.max_calls:
            self._refuse(f"the limit of {self.max_calls} LLM calls")
        left = self.remaining()
        if left is not None and left <= 0:
            self._refuse(f"the time budget of {self.seconds:g} s")
        self.admitted += 1

    def _spent(self, what: str) -> None:
        self.refused += 1
        if what not in self.reasons:
            self.reasons.append(what)
        self._tell()

    def _refuse(self, what: str) -> None:
        self._spent(what)
        raise BudgetExhausted(f"LLM budget spent: {what}")

    def finished(self, cached: bool) -> None:
        if cached:
            # A cache hit took no model time: it gives its slot back.
            self.admitted -= 1
        else:
            self.done += 1
        self._tell()

    def timed_out(self) -> None:
        self._spent(f"the time budget of {self.seconds:g} s")

    def _tell(self) -> None:
        if self.on_progress is None:
            return
        cap = f"/{self.max_calls}" if self.max_calls is not None else ""
        clock = f" · {self.elapsed():.0f} s of {self.seconds:g} s" if self.seconds is not None else ""
        spent = f" · budget reached, {self.refused} call(s) left to the rules" if self.refused else ""
        self.on_progress(f"asking the model: {self.done}{cap} calls{clock}{spent}")

    def note(self) -> str | None:
        if not self.refused:
            return None
        return (
            f"LLM budget reached ({' and '.join(self.reasons)}): {self.done} call(s) answered, {self.refused} refused "
            "or cut off; "
            "those candidates keep the rules' answer"
        )


class BudgetedBackend(Backend):
    """Wraps a backend for one article: calls beyond the budget raise ``BudgetExhausted`` at once, and a
    call still running when the time budget ends is cut off (cancelled) and counted as refused."""

    def __init__(self, inner: Backend, budget: Budget) -> None:
        self.inner = inner
        self.budget = budget
        self.kind = inner.kind
        self.model = inner.model
        self.base_url = inner.base_url
        self.default_strategy = inner.default_strategy
        # A backend without its own async path runs each call on a worker thread; there the deadline is
        # checked again when the thread starts, since calls queue for the executor (and the model's lock).
        self._threaded = type(inner).astructured is Backend.astructured

    def identity(self) -> dict:
        return self.inner.identity()

    def structured(self, messages, response_model: type[T], *, max_tokens=None, temperature=0.0, reasks=2):
        self.budget.admit()
        done = self.inner.structured(
            messages, response_model, max_tokens=max_tokens, temperature=temperature, reasks=reasks
        )
        self.budget.finished(done.cached)
        return done

    def _late_start(self, messages, response_model: type[T], max_tokens, temperature, reasks) -> Completion[T]:
        left = self.budget.remaining()
        if left is not None and left <= 0:
            raise BudgetExhausted(f"LLM budget spent: the time budget of {self.budget.seconds:g} s")
        return self.inner.structured(
            messages, response_model, max_tokens=max_tokens, temperature=temperature, reasks=reasks
        )

    async def astructured(self, messages, response_model: type[T], *, max_tokens=None, temperature=0.0, reasks=2):
        self.budget.admit()
        if self._threaded:
            call = asyncio.to_thread(self._late_start, messages, response_model, max_tokens, temperature, reasks)
        else:
            call = self.inner.astructured(
                messages, response_model, max_tokens=max_tokens, temperature=temperature, reasks=reasks
            )
        left = self.budget.remaining()
        try:
            done = await (call if left is None else asyncio.wait_for(call, timeout=max(left, 0.0)))
        except (asyncio.TimeoutError, BudgetExhausted):
            self.budget.timed_out()
            raise BudgetExhausted(f"LLM budget spent: the time budget of {self.budget.seconds:g} s") from None
        self.budget.finished(done.cached)
        return done

    # What callers need to know belongs to the wrapped backend.
    def context_size(self) -> int | None:
        return self.inner.context_size()

    def secrets(self) -> list[str]:
        return self.inner.secrets()

    def add_listener(self, listener: Listener) -> None:
        self.inner.add_listener(listener)

    def close(self) -> None:
        self.inner.close()

    async def aclose(self) -> None:
        await self.inner.aclose()


def with_budget(llm: Backend, budget: Budget) -> Backend:
    """``llm`` bounded by ``budget``. Under a response cache the budget goes beneath it (a copy of the cache
    wrapper over the bounded backend, same store), so answers from disk stay free."""
    if isinstance(llm, CachingBackend):
        view = copy.copy(llm)
        view.inner = BudgetedBackend(llm.inner, budget)
        return view
    return BudgetedBackend(llm, budget)
