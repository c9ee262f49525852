"""What a batch reads: a directory of articles, JSONL records or stdin, each as a not-yet-read ``BatchInput``."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import ConfigError, InputError, InputNotFound, SummarizerError
from ..inputs import DEFAULT_MAX_BYTES, Article, article_from_bytes, read_article

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")

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
