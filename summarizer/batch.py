"""Many articles → one JSONL of results: bounded concurrency, resumable, cached, fault-tolerant.

The output file is an append-only log with one ``BatchRecord`` per line. An article may appear on
several lines (a failure, then a retry; an edit to the article, then a re-run): **the last line for
an id is its result**. ``load_results`` applies that rule; so does
``jq -s 'group_by(.id) | map(last)' OUT.jsonl``.

Durability: every line is written with one ``write`` on an ``O_APPEND`` descriptor, then fsync'd, by
one writer at a time, so lines never interleave and a SIGKILL at any moment leaves every complete line
readable. The only damage a crash can do is a torn last line, which the next run cuts away before it
appends.

Resume: a re-run with the same OUT skips every id whose last record is ``ok`` for the same content
(``content_sha256``); failed ids are skipped too unless ``retry_failed``; changed content re-runs.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import contextvars
import datetime as dt
import hashlib
import json
import logging
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .backends.base import Backend, HttpEvent
from .errors import ConfigError, InputError, InputNotFound, SummarizerError
from .inputs import DEFAULT_MAX_BYTES, Article, article_from_bytes, read_article
from .pipeline import GroundingMode, run_pipeline
from .prompts import PromptLibrary
from .schema import Brief, Usage

__all__ = [
    "AdaptiveLimiter",
    "BatchError",
    "BatchInput",
    "BatchRecord",
    "BatchSummary",
    "TokenBucket",
    "batch_record_json_schema",
    "load_inputs",
    "load_results",
    "repair_tail",
    "run_batch",
]

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")


# --------------------------------------------------------------------------- the record


class BatchError(BaseModel):
    kind: str = Field(description="The error's kind, e.g. 'backend', 'rate_limited', 'invalid_output', 'input'.")
    message: str = Field(description="One line; never contains an API key.")
    attempts: int = Field(0, description="HTTP requests sent to the endpoint for this article.")


class BatchRecord(BaseModel):
    """One line of a batch's output file: an article's brief, or why there is none."""

    model_config = ConfigDict(title="BatchRecord")

    id: str
    content_sha256: str = Field(
        description="sha256 of the input as given (a file's bytes; a JSONL record's canonical JSON, so a changed "
        "title or date counts too); a different hash means the article changed and runs again."
    )
    status: Literal["ok", "error"]
    brief: Brief | None = None
    error: BatchError | None = None
    seconds: float = Field(0.0, description="Wall time spent on this article in this run.")
    backend: str
    model: str
    strategy: str


def batch_record_json_schema() -> dict[str, Any]:
    return BatchRecord.model_json_schema()


# --------------------------------------------------------------------------- inputs


@dataclass
class BatchInput:
    """One article to run, not yet read: ``load`` reads and parses it (and raises for a bad record)."""

    id: str
    content_sha256: str
    load: Callable[[], Article]
    origin: str = ""
    size: int = 0


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _canonical(record: Any) -> bytes:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _raiser(error: SummarizerError) -> Callable[[], Article]:
    def load() -> Article:
        raise error

    return load


def _parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _record_loader(record: dict[str, Any], text: str, origin: str, rid: str, max_bytes: int) -> Callable[[], Article]:
    def load() -> Article:
        article = article_from_bytes(text.encode("utf-8"), origin=origin, max_bytes=max_bytes, id=rid)
        # The record's own fields are better metadata than anything guessed from the text.
        meta = article.meta
        meta.title = record.get("title") or meta.title
        meta.source = record.get("source") or meta.source
        meta.url = record.get("url") or meta.url
        meta.published = _parse_date(record.get("published")) or meta.published
        article.id = rid
        return article

    return load


def input_from_record(
    record: dict[str, Any], origin: str, max_bytes: int, *, fallback_id: str, size: int = 0
) -> BatchInput:
    """One ``{"id", "text", "title"?, "published"?, ...}`` record as a batch input (both engines use it).

    The content hash is over the record's canonical JSON with null fields left out, so a line read by the
    asyncio engine and the same row read by Ray (which fills absent columns with nulls) hash alike.
    """
    present = {k: v for k, v in record.items() if v is not None}
    sha = _sha256(_canonical(present))
    rid = record.get("id")
    if isinstance(rid, (int, float)) and not isinstance(rid, bool):
        rid = str(rid)
    if not isinstance(rid, str) or not rid.strip():
        return BatchInput(fallback_id, sha, _raiser(InputError(f"{origin}: the record has no id")), origin, size)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        what = (
            "no text" if text is None else "an empty text" if isinstance(text, str) else "a text that is not a string"
        )
        return BatchInput(rid, sha, _raiser(InputError(f"{origin} ({rid}): the record has {what}")), origin, size)
    return BatchInput(rid, sha, _record_loader(record, text, f"{origin} ({rid})", rid, max_bytes), origin, size)


def _jsonl_inputs(lines: Iterable[bytes], name: str, max_bytes: int) -> list[BatchInput]:
    out: list[BatchInput] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        origin = f"{name}:{number}"
        try:
            record = json.loads(raw)
        except ValueError as e:
            msg = f"{origin}: not a valid JSON line ({e.__class__.__name__}: {e})"
            out.append(BatchInput(f"line-{number}", _sha256(raw), _raiser(InputError(msg)), origin, len(raw)))
            continue
        if not isinstance(record, dict):
            msg = f"{origin}: expected a JSON object with id and text, got {type(record).__name__}"
            out.append(BatchInput(f"line-{number}", _sha256(raw), _raiser(InputError(msg)), origin, len(raw)))
            continue
        out.append(input_from_record(record, origin, max_bytes, fallback_id=f"line-{number}", size=len(raw)))
    return out


def _file_loader(path: Path, encoding: str, max_bytes: int) -> Callable[[], Article]:
    def load() -> Article:
        article = read_article(path, encoding=encoding, max_bytes=max_bytes)
        article.id = path.stem
        return article

    return load


def _file_sha(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _dir_inputs(directory: Path, encoding: str, max_bytes: int) -> list[BatchInput]:
    files = sorted(
        p
        for p in directory.iterdir()
        if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith(".")
    )
    out: list[BatchInput] = []
    for p in files:
        try:
            sha = _file_sha(p)
        except OSError as e:
            err = InputNotFound(f"{p}: cannot read ({e.strerror})")
            out.append(BatchInput(p.stem, "", _raiser(err), str(p)))
            continue
        out.append(BatchInput(p.stem, sha, _file_loader(p, encoding, max_bytes), str(p), p.stat().st_size))
    return out


def _dedupe(items: list[BatchInput]) -> list[BatchInput]:
    """A repeated id is a bad record: it gets an error under ``id@origin`` and never clobbers the first."""
    seen: set[str] = set()
    out: list[BatchInput] = []
    for item in items:
        if item.id in seen:
            new_id = f"{item.id}@{item.origin}"
            err = InputError(f"{item.origin}: duplicate id {item.id!r} (the first record with it is used)")
            out.append(BatchInput(new_id, item.content_sha256, _raiser(err), item.origin, item.size))
            seen.add(new_id)
            continue
        seen.add(item.id)
        out.append(item)
    return out


def load_inputs(
    source: str | Path,
    *,
    encoding: str = "utf-8",
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: IO[bytes] | None = None,
) -> list[BatchInput]:
    """A directory of .txt/.html files (id = file stem), a JSONL file, or ``-`` for JSONL on stdin.

    JSONL lines are ``{"id", "text", "title"?, "published"?, "source"?, "url"?}``. Bad lines and records
    become inputs whose ``load`` raises, so each ends up as an error record instead of stopping the batch.
    """
    if str(source) == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return _dedupe(_jsonl_inputs(stream.read().splitlines(), "<stdin>", max_bytes))
    path = Path(source)
    if path.is_dir():
        return _dedupe(_dir_inputs(path, encoding, max_bytes))
    if not path.exists():
        raise InputNotFound(f"{path}: no such file or directory")
    if path.suffix.lower() not in JSONL_SUFFIXES:
        raise ConfigError(
            f"{path}: batch takes a directory of .txt/.html files, a .jsonl file, or - for JSONL on stdin "
            "(use `summarizer brief` for one article)"
        )
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputNotFound(f"{path}: cannot read ({e.strerror})") from None
    return _dedupe(_jsonl_inputs(data.splitlines(), str(path), max_bytes))


def _from_article(article: Article) -> BatchInput:
    meta = article.meta.model_dump(mode="json", exclude={"chars", "sha256"})
    sha = _sha256(_canonical({"text": article.text, "meta": meta}))
    rid = article.id or sha[:16]
    return BatchInput(rid, sha, lambda: article, rid, len(article.text))


# --------------------------------------------------------------------------- the output file


def repair_tail(path: str | Path) -> int:
    """Cut a torn last line (no trailing newline, or not valid JSON) off the file; return bytes removed.

    Only the end of the file can be damaged by a crash, since complete lines are fsync'd one by one.
    """
    path = Path(path)
    if not path.exists():
        return 0
    with path.open("r+b") as f:
        size = f.seek(0, os.SEEK_END)
        end = size
        while end > 0:
            start = _last_line_start(f, end)
            f.seek(start)
            line = f.read(end - start)
            if line.endswith(b"\n") and _valid_json_line(line):
                break
            end = start
        if end != size:
            f.truncate(end)
            f.flush()
            os.fsync(f.fileno())
        return size - end


def _last_line_start(f: IO[bytes], end: int) -> int:
    """Offset where the line ending at ``end`` starts (the byte after the previous newline)."""
    pos = end - 1  # skip the line's own newline, if it has one
    block = 1 << 16
    while pos > 0:
        lo = max(0, pos - block)
        f.seek(lo)
        chunk = f.read(pos - lo)
        i = chunk.rfind(b"\n")
        if i >= 0:
            return lo + i + 1
        pos = lo
    return 0


def _valid_json_line(line: bytes) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


def load_results(path: str | Path) -> dict[str, BatchRecord]:
    """The batch's results: the last record per id. Unreadable lines (a torn tail) are skipped."""
    results: dict[str, BatchRecord] = {}
    path = Path(path)
    if not path.exists():
        return results
    for number, line in _lines(path):
        try:
            record = BatchRecord.model_validate_json(line)
        except ValidationError:
            log.warning("%s:%d: skipping an unreadable line", path, number)
            continue
        results[record.id] = record
    return results


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """Non-blank lines of a results file with their 1-based numbers (for messages)."""
    with path.open("rb") as f:
        for number, line in enumerate(f, start=1):
            if line.strip():
                yield number, line


@dataclass(frozen=True)
class _Outcome:
    """What resuming needs from a record, without holding every brief in memory."""

    content_sha256: str
    status: str
    error: BatchError | None = None


def _scan_outcomes(path: Path) -> dict[str, _Outcome]:
    seen: dict[str, _Outcome] = {}
    for number, line in _lines(path):
        try:
            raw = json.loads(line)
            error = BatchError.model_validate(raw["error"]) if raw.get("error") else None
            seen[str(raw["id"])] = _Outcome(str(raw["content_sha256"]), str(raw["status"]), error)
        except (ValueError, KeyError, TypeError, AttributeError):
            log.warning("%s:%d: skipping an unreadable line", path, number)
    return seen


def already_done(last: _Outcome | None, content_sha256: str, retry_failed: bool) -> bool:
    """Resume rule shared by both engines: the same content already has a result (an error counts as a
    result unless ``--retry-failed``)."""
    return last is not None and last.content_sha256 == content_sha256 and (last.status == "ok" or not retry_failed)


def scan_outcomes(path: str | Path) -> dict[str, _Outcome]:
    path = Path(path)
    return _scan_outcomes(path) if path.exists() else {}


def _outcome(record: BatchRecord) -> _Outcome:
    return _Outcome(record.content_sha256, record.status, record.error)


class ResultWriter:
    """Appends records as whole lines, one writer at a time, each fsync'd before the next.

    Thread-safe on purpose: writes run in a worker thread so fsync never stalls the event loop, and a
    write whose awaiting task is cancelled still finishes under the lock instead of racing the next one.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as e:
            raise ConfigError(f"cannot write {self.path}: {e.strerror}") from None
        try:
            _lock_exclusive(self._fd, self.path)
            self.repaired = repair_tail(self.path)
        except BaseException:
            os.close(self._fd)
            raise

    def write(self, record: BatchRecord) -> None:
        data = (record.model_dump_json() + "\n").encode("utf-8")
        with self._lock:
            if self._fd < 0:
                return  # closed while an abandoned article was finishing: it simply re-runs on resume
            view = memoryview(data)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            os.fsync(self._fd)

    def close(self) -> None:
        with self._lock:
            if self._fd >= 0:
                os.close(self._fd)
                self._fd = -1


def _lock_exclusive(fd: int, path: Path) -> None:
    # Two batches appending to one file would each resume from a stale view and duplicate the work.
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        raise ConfigError(f"{path} is being written by another batch; wait for it or choose another --out") from None


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


@dataclass
class BatchSummary:
    """What a run did. ``ok``/``failed`` count the final state of every input, including skipped ones."""

    out_path: str
    total: int = 0
    ran: int = 0
    skipped: int = 0
    ok: int = 0
    failed: int = 0
    not_done: int = 0
    failed_by_kind: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    llm_calls: int = 0
    cached_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    rate_limit_decreases: int = 0
    lowest_concurrency: int = 0
    repaired_bytes: int = 0
    wall_s: float = 0.0
    interrupted: bool = False

    def count_run(self, usage: Usage | None) -> None:
        """One article ran; add what its LLM calls cost (both engines report through this)."""
        self.ran += 1
        if usage is not None:
            self.llm_calls += usage.calls
            self.cached_calls += usage.cached_calls
            self.prompt_tokens += usage.prompt_tokens
            self.completion_tokens += usage.completion_tokens

    @property
    def articles_per_s(self) -> float:
        return self.ran / self.wall_s if self.wall_s > 0 else 0.0

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 12 if self.failed else 0

    def lines(self, max_failures: int = 5) -> list[str]:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.failed_by_kind.items()))
        out = [
            f"{self.ok} ok, {self.failed} failed"
            + (f" ({kinds})" if kinds else "")
            + f", {self.skipped} already done of {self.total}; {self.ran} run in {self.wall_s:.1f} s"
            f" ({self.articles_per_s:.1f} articles/s); LLM calls {self.llm_calls},"
            f" cached {self.cached_calls};"
            f" tokens {self.prompt_tokens}+{self.completion_tokens} → {self.out_path}"
        ]
        if self.repaired_bytes:
            out.append(f"cut a torn last line ({self.repaired_bytes} bytes) left by a crash from {self.out_path}")
        if self.rate_limit_decreases:
            out.append(
                f"rate limited: concurrency lowered {self.rate_limit_decreases} time(s),"
                f" down to {self.lowest_concurrency} at the lowest"
            )
        for rid, kind, message in self.failures[:max_failures]:
            out.append(f"failed {rid}: {kind}: {message}")
        if len(self.failures) > max_failures:
            out.append(f'… and {len(self.failures) - max_failures} more failures (status "error" in {self.out_path})')
        if self.interrupted:
            out.append(
                f"interrupted: {self.ok + self.failed} of {self.total} done, {self.not_done} not done; "
                "run the same command again to resume"
            )
        return out


class _Progress:
    """A rich progress bar on stderr when it is a terminal; otherwise nothing."""

    def __init__(self, enabled: bool, total: int, console: Any | None) -> None:
        self.bar: Any = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = console or Console(stderr=True)
        if not console.is_terminal:
            return
        self.bar = Progress(
            TextColumn("[bold]batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[stats]}"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self.task = self.bar.add_task("batch", total=total, stats="")
        self.bar.start()

    def update(self, *, done: int, ok: int, failed: int, skipped: int, cached: int, started: float) -> None:
        if self.bar is None:
            return
        elapsed = time.perf_counter() - started
        rate = done / elapsed if elapsed > 0 else 0.0
        stats = f"ok {ok} · failed {failed} · skipped {skipped} · cached {cached} · {rate:.1f}/s"
        self.bar.update(self.task, completed=done, stats=stats)

    def note(self, message: str) -> None:
        if self.bar is not None:
            self.bar.console.print(message, highlight=False)
        else:
            print(message, file=sys.stderr, flush=True)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


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
