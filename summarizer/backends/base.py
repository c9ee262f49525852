"""The one interface every LLM backend offers: messages + a pydantic model in, a validated object out."""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel

from ..schema import Usage

T = TypeVar("T", bound=BaseModel)


@dataclass
class Completion(Generic[T]):
    value: T
    usage: Usage = field(default_factory=Usage)
    attempts: int = 1
    cached: bool = False


@dataclass(frozen=True)
class HttpEvent:
    """What a backend tells its listeners about the wire: each request sent, and each transient failure
    it is about to retry (with the server's Retry-After, when given). A batch's rate limiter listens."""

    kind: Literal["request", "retry"]
    status: int | None = None
    retry_after: float | None = None


Listener = Callable[[HttpEvent], None]


class Backend(ABC):
    """An LLM that returns structured output. Subclasses say how; callers never see transport details."""

    kind: str = "base"
    model: str = ""
    base_url: str | None = None
    #: Small models get small constrained calls; capable API models get the whole brief in one call.
    default_strategy: str = "oneshot"

    def identity(self) -> dict[str, Any]:
        """What makes two backends answer differently: part of every response-cache key."""
        return {"backend": self.kind, "base_url": self.base_url, "model": self.model}

    @abstractmethod
    def structured(
        self,
        messages: list[dict[str, str]],
        response_model: type[T],
        *,
        max_tokens: int | None = None,
        temperature: float = 0.0,
        reasks: int = 2,
    ) -> Completion[T]:
        """Return ``response_model`` filled by the model, re-asking up to ``reasks`` times on invalid output."""

    async def astructured(
        self,
        messages: list[dict[str, str]],
        response_model: type[T],
        *,
        max_tokens: int | None = None,
        temperature: float = 0.0,
        reasks: int = 2,
    ) -> Completion[T]:
        return await asyncio.to_thread(
            self.structured,
            messages,
            response_model,
            max_tokens=max_tokens,
            temperature=temperature,
            reasks=reasks,
        )

    def context_size(self) -> int | None:
        """Tokens one call may use (prompt + answer), where the backend knows it; API models: ``None``."""
        return None

    def secrets(self) -> list[str]:
        """Strings (API keys) that must never appear in output, logs, errors or recordings."""
        return []

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener`` on every ``HttpEvent``, in the task that made the request."""
        listeners: list[Listener] = self.__dict__.setdefault("_listeners", [])
        if listener not in listeners:
            listeners.append(listener)

    def emit(self, event: HttpEvent) -> None:
        for listener in self.__dict__.get("_listeners", ()):
            listener(event)

    def close(self) -> None:  # noqa: B027 - optional hook
        pass

    async def aclose(self) -> None:
        """Close what the backend holds, async clients included, while their event loop still runs."""
        self.close()
