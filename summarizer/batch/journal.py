"""The output file: an append-only, fsynced JSONL log; the last line for an id is its result."""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from ..errors import ConfigError
from .records import BatchError, BatchRecord

log = logging.getLogger("summarizer.batch")

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
