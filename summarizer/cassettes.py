"""Cassettes: LLM exchanges recorded once at the HTTP boundary and replayed through the real client.

A cassette is a directory with one JSON file per exchange: the chat-completion request body as sent and
the response body as received, plus a little context (prompt name and hash, article title and hash) that
lets a replay miss say what changed. ``RecordingTransport`` sits under the ``openai`` client and writes an
exchange after each successful answer; ``ReplayTransport`` answers from the directory and never opens a
socket. Everything above the transport (``openai``, ``instructor``, the retries, the pipeline) runs as it
does against a live endpoint. docs/CASSETTES.md explains the choices (why not vcrpy, what a request is
matched on, what is never written).

Matching: a request is found by the sha256 of its ``messages`` and its *answer form* (which tool, or which
response format kind, the client asked for), then by ``model``; the model name ``recorded`` matches
whatever model the cassette holds. The tool's JSON Schema, ``max_tokens`` and ``temperature`` are not part
of the key, so an added optional schema field keeps old answers usable (they validate without it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from .errors import CassetteMiss, ConfigError
from .exchange_context import current_context, exchange_context, set_context

__all__ = [
    "ANY_MODEL",
    "FORMAT",
    "AsyncRecordingTransport",
    "AsyncReplayTransport",
    "Cassette",
    "Recording",
    "RecordingTransport",
    "ReplayTransport",
    "answer_form",
    "exchange_context",
    "match_key",
    "set_context",
]

FORMAT = "summarizer-cassette/1"
#: The model name that replays whatever model a cassette recorded (``-m openai:recorded``).
ANY_MODEL = "recorded"
CHAT_PATH = "/chat/completions"


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _sha(value: Any) -> str:
    return hashlib.sha256(_canonical(value)).hexdigest()


def answer_form(body: dict[str, Any]) -> str:
    """What shape of answer the request asks for: a named tool call, a response format, or plain text.

    Part of the key because a tool-call answer cannot answer a JSON-schema request (another instructor
    mode), even when the messages are the same.
    """
    choice = body.get("tool_choice")
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name")
        if name:
            return f"tool:{name}"
    if body.get("tools"):
        names = sorted(str((t.get("function") or {}).get("name")) for t in body["tools"] if isinstance(t, dict))
        return "tools:" + ",".join(names)
    fmt = body.get("response_format")
    if isinstance(fmt, dict):
        name = (fmt.get("json_schema") or {}).get("name") if isinstance(fmt.get("json_schema"), dict) else None
        return f"response_format:{fmt.get('type')}" + (f":{name}" if name else "")
    return "text"


def match_key(body: dict[str, Any]) -> str:
    """The recording key of a chat-completion body: its messages and answer form (the model is matched apart)."""
    return _sha({"messages": body.get("messages"), "answer": answer_form(body)})


def _message_sha(body: dict[str, Any], role: str) -> str | None:
    for m in body.get("messages") or []:
        if isinstance(m, dict) and m.get("role") == role:
            return _sha(m.get("content"))
    return None


def _title_of(body: dict[str, Any]) -> str | None:
    """The article title a brief prompt carries on its user message's first line, for requests with no context."""
    for m in body.get("messages") or []:
        if isinstance(m, dict) and m.get("role") == "user" and isinstance(m.get("content"), str):
            first = m["content"].split("\n", 1)[0]
            return first[len("Title: ") :] if first.startswith("Title: ") else None
    return None


@dataclass
class Recording:
    """One exchange on disk."""

    path: Path
    context: dict[str, str]
    body: dict[str, Any]
    status: int
    content_type: str
    response: Any
    key: str = ""
    model: str | None = None
    system_sha: str | None = None
    user_sha: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Recording:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"format is {data.get('format')!r}, expected {FORMAT!r}")
            body = data["request"]["body"]
            response = data["response"]
            rec = cls(
                path=path,
                context={str(k): str(v) for k, v in (data.get("context") or {}).items()},
                body=body,
                status=int(response.get("status", 200)),
                content_type=str(response.get("content_type", "application/json")),
                response=response["body"],
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
            raise ConfigError(f"cassette file {path} is not a recording: {e}") from None
        # The key is derived from the request each time, never trusted from the file: an edited request
        # matches what it now says.
        rec.key = match_key(body)
        rec.model = body.get("model")
        rec.system_sha = _message_sha(body, "system")
        rec.user_sha = _message_sha(body, "user")
        return rec

    def response_bytes(self) -> bytes:
        if isinstance(self.response, str):
            return self.response.encode("utf-8")
        return json.dumps(self.response, ensure_ascii=False).encode("utf-8")

    @property
    def prompt(self) -> str | None:
        return self.context.get("prompt")


def _slug(text: str, limit: int = 48) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "exchange"


def _short(sha: str | None) -> str:
    return sha[:12] if sha else "?"


class Cassette:
    """A directory of recorded exchanges, for replay (``mode="replay"``) or recording (``mode="record"``)."""

    def __init__(self, directory: str | Path, *, mode: str = "replay", secrets: list[str] | None = None) -> None:
        self.directory = Path(directory)
        self.mode = mode
        self.secrets = [s for s in (secrets or []) if s]
        self._lock = threading.Lock()
        self.recordings: list[Recording] = []
        self.by_key: dict[str, list[Recording]] = {}
        if mode == "replay":
            if not self.directory.is_dir():
                raise ConfigError(f"cassette {self.directory} does not exist (record one with --record DIR)")
            for path in sorted(self.directory.glob("*.json")):
                self._add(Recording.load(path))
            if not self.recordings:
                raise ConfigError(f"cassette {self.directory} holds no recordings (*.json)")
        elif mode == "record":
            self.directory.mkdir(parents=True, exist_ok=True)
        else:
            raise ConfigError(f"unknown cassette mode {mode!r}")

    def _add(self, rec: Recording) -> None:
        self.recordings.append(rec)
        self.by_key.setdefault(rec.key, []).append(rec)

    # ------------------------------------------------------------------ replay

    def find(self, body: dict[str, Any]) -> Recording | None:
        candidates = self.by_key.get(match_key(body), [])
        model = body.get("model")
        if model == ANY_MODEL:
            models = {r.model for r in candidates}
            if len(models) > 1:
                listed = ", ".join(sorted(map(str, models)))
                reason = f"model {ANY_MODEL!r} is ambiguous: this request is recorded for {listed}; name one with -m"
                raise self.miss(body, reason)
            return candidates[-1] if candidates else None
        same_model = [r for r in candidates if r.model == model]
        return same_model[-1] if same_model else None

    def answer(self, request: httpx.Request) -> httpx.Response:
        body = _request_body(request)
        if body is None or not request.url.path.endswith(CHAT_PATH):
            raise CassetteMiss(
                f"replay miss in {self.directory}: only chat completions are recorded, not "
                f"{request.method} {request.url.path}",
                cassette=str(self.directory),
                reason="not a chat completion",
            )
        rec = self.find(body)
        if rec is None:
            raise self.miss(body, self.diagnose(body))
        return httpx.Response(
            rec.status, headers={"content-type": rec.content_type}, content=rec.response_bytes(), request=request
        )

    def diagnose(self, body: dict[str, Any]) -> str:
        """What differs between this request and the nearest recordings, in words."""
        ctx = current_context()
        model = body.get("model")
        same = self.by_key.get(match_key(body), [])
        if same:
            models = ", ".join(sorted({str(r.model) for r in same}))
            return (
                f"model {model!r} is not recorded for this request (recorded: {models}); "
                f"-m openai:{ANY_MODEL} replays whatever model the cassette holds"
            )
        art_sha, prompt, prompt_sha = ctx.get("article_sha256"), ctx.get("prompt"), ctx.get("prompt_sha256")
        user_sha = _message_sha(body, "user")
        same_article = [
            r
            for r in self.recordings
            if (art_sha and r.context.get("article_sha256") == art_sha) or (user_sha and r.user_sha == user_sha)
        ]
        if same_article:
            recorded = sorted({(r.prompt or "?", r.context.get("prompt_sha256", "")) for r in same_article})
            names = {n for n, _ in recorded}
            if prompt and prompt_sha and any(n == prompt and s == prompt_sha for n, s in recorded):
                n_now = len(body.get("messages") or [])
                n_rec = max(len(r.body.get("messages") or []) for r in same_article)
                if n_now > n_rec:
                    return (
                        f"this {n_now}-message request (a re-ask) was not recorded; the cassette has {n_rec} messages"
                    )
                forms = ", ".join(sorted({answer_form(r.body) for r in same_article}))
                if answer_form(body) not in forms:
                    return f"asked for {answer_form(body)}, the recording answers {forms} (another --mode?)"
                return "the messages differ from the recording's (another chunk, title or publication date?)"
            if prompt and prompt in names:
                was = ", ".join(_short(s) for n, s in recorded if n == prompt)
                return (
                    f"prompt {prompt} changed since it was recorded (sha256 now {_short(prompt_sha)}, recorded {was})"
                )
            if prompt:
                return f"no recording for {prompt}; this article is recorded with {', '.join(sorted(names))}"
            return "no recording for this prompt; this article is recorded with another one"
        title = ctx.get("article") or _title_of(body)
        if title and any((r.context.get("article") or _title_of(r.body)) == title for r in self.recordings):
            return f"article {title!r} changed since it was recorded (its text differs)"
        if prompt and not any(r.prompt == prompt for r in self.recordings):
            return f"no recording for {prompt}, and this article is not in the cassette"
        return "this article is not in the cassette"

    def miss(self, body: dict[str, Any], reason: str) -> CassetteMiss:
        ctx = current_context()
        title = ctx.get("article") or _title_of(body)
        what = [
            f"prompt {ctx.get('prompt', '?')} (sha256 {_short(ctx.get('prompt_sha256'))})",
            f"model {body.get('model')}",
            f"article {title!r}"
            + (f" (sha256 {_short(ctx.get('article_sha256'))})" if ctx.get("article_sha256") else ""),
        ]
        return CassetteMiss(
            f"replay miss in {self.directory}: {reason} [{', '.join(what)}]; "
            "record it against a live endpoint with --record DIR",
            cassette=str(self.directory),
            reason=reason,
            prompt=ctx.get("prompt"),
            prompt_sha256=ctx.get("prompt_sha256"),
            model=body.get("model"),
            article=title,
        )

    # ------------------------------------------------------------------ record

    def record(self, request: httpx.Request, status: int, content_type: str, content: bytes) -> Path | None:
        body = _request_body(request)
        if body is None or not request.url.path.endswith(CHAT_PATH) or status >= 400:
            # Errors are retried live and never replayed; only answers are worth keeping.
            return None
        try:
            response: Any = json.loads(content)
        except ValueError:
            response = content.decode("utf-8", errors="replace")
        ctx = current_context()
        data = {
            "format": FORMAT,
            "recorded_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
            "context": ctx,
            # The path only: the host, query string and any user:password of --base-url stay out, as do all
            # request headers (Authorization, api-key, organisation ids).
            "request": {"method": request.method, "path": CHAT_PATH, "body": body},
            "response": {"status": status, "content_type": content_type or "application/json", "body": response},
        }
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        key = hashlib.sha256(f"{body.get('model')}\0{match_key(body)}".encode()).hexdigest()[:12]
        article = _slug(ctx.get("article") or _title_of(body) or "exchange")
        path = self.directory / f"{article}.{_slug(ctx.get('prompt') or 'chat')}.{key}.json"
        with self._lock:
            tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)  # atomic: concurrent recorders (batch, Ray actors) never leave half a file
        return path


def _request_body(request: httpx.Request) -> dict[str, Any] | None:
    try:
        body = json.loads(request.content or b"null")
    except (ValueError, httpx.RequestNotRead):
        return None
    return body if isinstance(body, dict) else None


def _copy_response(response: httpx.Response, content: bytes, request: httpx.Request) -> httpx.Response:
    # The body is already read and decoded: hand on a plain response without the transfer headers.
    headers = [
        (k, v)
        for k, v in response.headers.multi_items()
        if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
    ]
    return httpx.Response(
        response.status_code, headers=headers, content=content, request=request, extensions=response.extensions
    )


class ReplayTransport(httpx.BaseTransport):
    def __init__(self, cassette: Cassette) -> None:
        self.cassette = cassette

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        return self.cassette.answer(request)


class AsyncReplayTransport(httpx.AsyncBaseTransport):
    def __init__(self, cassette: Cassette) -> None:
        self.cassette = cassette

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return self.cassette.answer(request)


class RecordingTransport(httpx.BaseTransport):
    """Passes each request to ``inner`` (the network by default) and records the answer."""

    def __init__(self, cassette: Cassette, inner: httpx.BaseTransport | None = None) -> None:
        self.cassette = cassette
        self.inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        response = self.inner.handle_request(request)
        try:
            content = response.read()
        finally:
            response.close()
        self.cassette.record(request, response.status_code, response.headers.get("content-type", ""), content)
        return _copy_response(response, content, request)

    def close(self) -> None:
        self.inner.close()


class AsyncRecordingTransport(httpx.AsyncBaseTransport):
    def __init__(self, cassette: Cassette, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.cassette = cassette
        self.inner = inner or httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        response = await self.inner.handle_async_request(request)
        try:
            content = await response.aread()
        finally:
            await response.aclose()
        self.cassette.record(request, response.status_code, response.headers.get("content-type", ""), content)
        return _copy_response(response, content, request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def transports(
    *,
    record: str | Path | None = None,
    replay: str | Path | None = None,
    secrets: list[str] | None = None,
    inner: httpx.BaseTransport | None = None,
    async_inner: httpx.AsyncBaseTransport | None = None,
) -> dict[str, Any]:
    """``transport=`` and ``async_transport=`` for ``OpenAIBackend``: recording or replaying, or neither."""
    if record and replay:
        raise ConfigError("--record and --replay exclude each other")
    if replay:
        cassette = Cassette(replay, mode="replay")
        return {"transport": ReplayTransport(cassette), "async_transport": AsyncReplayTransport(cassette)}
    if record:
        cassette = Cassette(record, mode="record", secrets=secrets)
        return {
            "transport": RecordingTransport(cassette, inner),
            "async_transport": AsyncRecordingTransport(cassette, async_inner),
        }
    return {}
