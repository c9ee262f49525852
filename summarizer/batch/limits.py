"""Rate control: concurrency that backs off on 429s (AIMD) and a token-per-minute budget."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import time
from collections.abc import Awaitable, Callable
from typing import Any

from ..errors import ConfigError
from .inputs import BatchInput

# --------------------------------------------------------------------------- rate control


class AdaptiveLimiter:
    """AIMD concurrency: halve on a rate limit (down to ``min_limit``), +1 after ``increase_after`` successes.

    Calls launched before the last decrease belong to the old, higher limit: a 429 they report was caused
    by that congestion, already answered by the decrease, so it is ignored (``epoch``). Without this, one
    burst of 429s from N parallel calls would halve the limit N times.
    """

    def __init__(self, max_limit: int, *, min_limit: int = 1, increase_after: int | None = None) -> None:
        if max_limit < 1:
            raise ConfigError("concurrency must be at least 1")
        self.max_limit = max_limit
        self.min_limit = max(1, min(min_limit, max_limit))
        self.limit = max_limit
        #: None: one window's worth (the current limit), which is AIMD's classic additive increase.
        self.increase_after = increase_after
        self.in_flight = 0
        self.epoch = 0
        self.decreases = 0
        self.lowest = max_limit
        self._successes = 0
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    async def acquire(self) -> int:
        """Wait for a free slot; return the epoch the call runs under."""
        while self.in_flight >= self.limit:
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            finally:
                with contextlib.suppress(ValueError):
                    self._waiters.remove(waiter)
        self.in_flight += 1
        return self.epoch

    def release(self) -> None:
        self.in_flight = max(0, self.in_flight - 1)
        self._wake()

    def on_rate_limited(self, epoch: int | None = None) -> bool:
        """Report a 429; return whether it lowered the limit."""
        if epoch is not None and epoch < self.epoch:
            return False
        # The epoch moves even at the floor: calls already in flight must not count as new congestion.
        self.epoch += 1
        self._successes = 0
        lowered = max(self.min_limit, self.limit // 2)
        if lowered == self.limit:
            return False
        self.limit = lowered
        self.lowest = min(self.lowest, lowered)
        self.decreases += 1
        return True

    def on_success(self) -> None:
        self._successes += 1
        needed = self.increase_after or self.limit
        if self._successes >= needed:
            self._successes = 0
            if self.limit < self.max_limit:
                self.limit += 1
                self._wake()

    def _wake(self) -> None:
        # Waiters re-check the limit themselves, so waking all of them is always safe.
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)


class TokenBucket:
    """A tokens-per-minute budget, refilled continuously; it may go into debt, which delays the next launch.

    Each article reserves an estimate before it starts and settles with its real usage when it ends.
    """

    def __init__(
        self,
        tokens_per_minute: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        if tokens_per_minute <= 0:
            raise ConfigError("--tpm must be a positive number of tokens per minute")
        self.capacity = float(tokens_per_minute)
        self.rate = tokens_per_minute / 60.0
        self.level = self.capacity
        self._clock = clock
        self._sleep = sleep
        self._at = clock()
        self.waited = 0.0

    def _refill(self) -> None:
        now = self._clock()
        self.level = min(self.capacity, self.level + (now - self._at) * self.rate)
        self._at = now

    async def reserve(self, tokens: int) -> None:
        # An estimate larger than the whole budget could never fit: wait for a full bucket instead.
        need = min(float(tokens), self.capacity)
        while True:
            self._refill()
            if self.level >= need:
                self.level -= tokens
                return
            delay = (need - self.level) / self.rate
            self.waited += delay
            await self._sleep(delay)

    def settle(self, reserved: int, actual: int) -> None:
        self._refill()
        self.level = min(self.capacity, self.level - (actual - reserved))


def _estimate_tokens(item: BatchInput) -> int:
    # ~4 characters a token, plus the prompt's instructions and a typical answer.
    return item.size // 4 + 1500
