"""The run: schedule the articles, bounded and resumable, and write each result as it ends."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import signal
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..backends.base import Backend
from ..errors import ConfigError, SummarizerError
from ..inputs import Article
from ..pipeline import GroundingMode
from ..prompts import PromptLibrary
from ..schema import Brief
from .article import _CURRENT, _CallState, _on_event, _secrets_of, brief_or_error, make_record
from .inputs import BatchInput, _from_article
from .journal import ResultWriter, _Outcome, _outcome, _scan_outcomes, already_done
from .limits import AdaptiveLimiter, TokenBucket, _estimate_tokens
from .progress import BatchSummary, _Progress
from .records import BatchError, BatchRecord


async def run_batch(
    articles: Iterable[BatchInput | Article],
    out_path: str | Path,
    *,
    backend: Backend | None,
    strategy: str | None = None,
    grounding: GroundingMode = "strict",
    concurrency: int = 8,
    retry_failed: bool = False,
    tpm_budget: int | None = None,
    progress: bool = True,
    prompts: PromptLibrary | None = None,
    increase_after: int | None = None,
    handle_signals: bool = True,
    console: Any | None = None,
) -> BatchSummary:
    """Run every article through ``run_pipeline`` and append one ``BatchRecord`` line each to ``out_path``.

    Never raises for a bad article: each becomes an error record. SIGINT (or SIGTERM) stops launching new
    articles and lets those in flight finish; a second one abandons them (they re-run on resume). The
    returned summary then says ``interrupted``, and its ``exit_code`` is 130. Raises only for what stops
    the whole batch: an output file that cannot be written or is in use, duplicate ids, bad options.
    """
    items = [a if isinstance(a, BatchInput) else _from_article(a) for a in articles]
    dupes = sorted(i for i, n in collections.Counter(i.id for i in items).items() if n > 1)
    if dupes:
        raise ConfigError(f"duplicate article ids: {', '.join(dupes[:5])}")
    limiter = AdaptiveLimiter(concurrency, increase_after=increase_after)
    bucket = TokenBucket(tpm_budget) if tpm_budget else None
    writer = ResultWriter(out_path)
    try:
        batch = _Batch(
            items,
            writer,
            backend=backend,
            strategy=strategy,
            grounding=grounding,
            retry_failed=retry_failed,
            limiter=limiter,
            bucket=bucket,
            prompts=prompts or PromptLibrary(),
        )
        return await batch.execute(progress=progress, console=console, handle_signals=handle_signals)
    finally:
        writer.close()


class _Batch:
    """One run's state: what to do, what is in flight, and what has been written."""

    def __init__(
        self,
        items: list[BatchInput],
        writer: ResultWriter,
        *,
        backend: Backend | None,
        strategy: str | None,
        grounding: GroundingMode,
        retry_failed: bool,
        limiter: AdaptiveLimiter,
        bucket: TokenBucket | None,
        prompts: PromptLibrary,
    ) -> None:
        self.started = time.perf_counter()
        self.items = items
        self.writer = writer
        self.backend = backend
        self.strategy = strategy or (backend.default_strategy if backend is not None else "heuristic")
        self.grounding = grounding
        self.limiter = limiter
        self.bucket = bucket
        self.prompts = prompts
        self.secrets = _secrets_of(backend)
        if backend is not None:
            backend.add_listener(_on_event)
        self.summary = BatchSummary(out_path=str(writer.path), total=len(items), repaired_bytes=writer.repaired)
        self.final: dict[str, _Outcome] = {}
        self.todo: list[BatchInput] = []
        previous = _scan_outcomes(writer.path)
        for item in items:
            last = previous.get(item.id)
            if already_done(last, item.content_sha256, retry_failed):
                self.final[item.id] = last
                self.summary.skipped += 1
            else:
                self.todo.append(item)
        self.workers: set[asyncio.Task[None]] = set()
        self.dispatcher: asyncio.Task[None] | None = None
        self.fatal: SummarizerError | None = None
        self.interrupts = 0
        self.bar = _Progress(False, 0, None)
        self.done = {"ok": 0, "failed": 0}

    # ----------------------------------------------------------------- one article

    def _record(self, item: BatchInput, seconds: float, brief: Brief | None, error: BatchError | None) -> BatchRecord:
        return make_record(item, seconds, brief, error, backend=self.backend, strategy=self.strategy)

    async def _work(self, item: BatchInput, epoch: int, reserved: int) -> None:
        state = _CallState(epoch=epoch, limiter=self.limiter)
        _CURRENT.set(state)  # this task's own context: the backend's events find it there
        t0 = time.perf_counter()
        brief: Brief | None = None
        error: BatchError | None = None
        try:
            brief, error = await brief_or_error(
                item,
                backend=self.backend,
                strategy=self.strategy,
                grounding=self.grounding,
                prompts=self.prompts,
                secrets=self.secrets,
                requests=lambda: state.requests,
            )
        finally:
            self.limiter.release()
        rec = self._record(item, time.perf_counter() - t0, brief, error)
        usage = brief.provenance.usage if brief is not None and brief.provenance is not None else None
        if self.bucket is not None:
            # An error's usage is unknown: its estimate stays charged, erring on the side of the budget.
            actual = usage.prompt_tokens + usage.completion_tokens if usage is not None else reserved
            self.bucket.settle(reserved, actual)
        if error is not None and error.kind == "rate_limited":
            self.limiter.on_rate_limited(epoch)
        elif usage is not None and usage.calls > 0 and state.rate_limited == 0:
            self.limiter.on_success()
        try:
            # Shielded: a line that has started to be written is finished, even if this task is abandoned.
            await asyncio.shield(asyncio.to_thread(self.writer.write, rec))
        except OSError as e:
            self._stop_fatal(SummarizerError(f"cannot write {self.writer.path}: {e.strerror or e}"))
            return
        self.final[item.id] = _outcome(rec)
        self.summary.count_run(usage)
        self.done["ok" if brief is not None else "failed"] += 1
        self._refresh()

    # ----------------------------------------------------------------- scheduling

    async def _dispatch(self) -> None:
        for item in self.todo:
            epoch = await self.limiter.acquire()
            reserved = 0
            try:
                if self.bucket is not None:
                    reserved = _estimate_tokens(item)
                    await self.bucket.reserve(reserved)
            except BaseException:
                self.limiter.release()
                raise
            task = asyncio.create_task(self._work(item, epoch, reserved), name=f"batch:{item.id}")
            self.workers.add(task)
            task.add_done_callback(self.workers.discard)

    def _stop_fatal(self, error: SummarizerError) -> None:
        if self.fatal is None:
            self.fatal = error
        if self.dispatcher is not None:
            self.dispatcher.cancel()
        for t in list(self.workers):
            t.cancel()

    def _on_signal(self) -> None:
        self.interrupts += 1
        self.summary.interrupted = True
        if self.interrupts == 1:
            if self.dispatcher is not None:
                self.dispatcher.cancel()
            self.bar.note(
                f"interrupted: starting no more articles; waiting for {len(self.workers)} in flight "
                "(interrupt again to abandon them)"
            )
        else:
            self.bar.note(f"abandoning {len(self.workers)} in flight; they will run again on resume")
            for t in list(self.workers):
                t.cancel()

    def _refresh(self) -> None:
        self.bar.update(
            done=self.done["ok"] + self.done["failed"],
            ok=self.done["ok"],
            failed=self.done["failed"],
            skipped=self.summary.skipped,
            cached=self.summary.cached_calls,
            started=self.started,
        )

    async def execute(self, *, progress: bool, console: Any | None, handle_signals: bool) -> BatchSummary:
        loop = asyncio.get_running_loop()
        installed: list[tuple[int, Any]] = []
        if handle_signals and threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                try:
                    before = signal.getsignal(sig)
                    loop.add_signal_handler(sig, self._on_signal)
                    installed.append((sig, before))
                except (NotImplementedError, RuntimeError, ValueError):  # pragma: no cover - Windows
                    pass
        self.bar = _Progress(progress, len(self.todo), console)
        self._refresh()
        self.dispatcher = asyncio.create_task(self._dispatch(), name="batch:dispatch")
        try:
            await asyncio.wait({self.dispatcher})
            if not self.dispatcher.cancelled() and self.dispatcher.exception() is not None:
                raise self.dispatcher.exception()  # type: ignore[misc]
            while self.workers:
                await asyncio.wait(set(self.workers))
        finally:
            # Reached normally, or because our caller was cancelled: nothing may outlive the writer.
            self.dispatcher.cancel()
            for t in list(self.workers):
                t.cancel()
            if self.workers:
                await asyncio.wait(set(self.workers))
            for sig, before in installed:
                with contextlib.suppress(Exception):
                    loop.remove_signal_handler(sig)
                    signal.signal(sig, before)
            self.bar.stop()
        if self.fatal is not None:
            raise self.fatal
        return self._finish()

    def _finish(self) -> BatchSummary:
        s = self.summary
        for item in self.items:
            outcome = self.final.get(item.id)
            if outcome is None:
                s.not_done += 1
            elif outcome.status == "ok":
                s.ok += 1
            else:
                kind, message = (outcome.error.kind, outcome.error.message) if outcome.error else ("error", "")
                s.failed += 1
                s.failed_by_kind[kind] = s.failed_by_kind.get(kind, 0) + 1
                s.failures.append((item.id, kind, message))
        s.rate_limit_decreases = self.limiter.decreases
        s.lowest_concurrency = self.limiter.lowest
        s.wall_s = round(time.perf_counter() - self.started, 3)
        return s
