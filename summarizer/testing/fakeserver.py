"""A fake OpenAI-compatible HTTP server for tests, fault injection and benchmarks.

The point is to exercise the *real* ``openai`` client (and ``instructor`` on top of it)
over real HTTP, so retries, timeouts, connection handling and response parsing behave
exactly as in production. Mocking at the httpx layer would skip all of that.

Usage::

    with FakeOpenAI(lambda body: {"title": "x"}, latency=0.05) as fake:
        client = openai.OpenAI(base_url=fake.base_url, api_key="test", max_retries=0)
        fake.script("429:1", "drop", "ok")   # next three requests misbehave, then normal
        ...
        assert fake.calls == 3 and fake.count("drop") == 1

The server runs uvicorn (h11, asyncio loop) in a daemon thread. The responder is called
on that thread's event loop, one request at a time, so it needs no locking of its own but
must be quick: a slow responder stalls every concurrent request.
"""

from __future__ import annotations

import asyncio
import collections
import copy
import itertools
import json
import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from types import TracebackType
from typing import Any

try:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
except ImportError as e:  # the server is a test tool: its packages are an extra, not the base install
    raise ImportError("summarizer.testing needs its extra: pip install 'summarizer[testing]'") from e
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["FakeOpenAI", "Fault", "FaultKind", "Payload", "Responder", "INVENTED_SENTENCES"]

logger = logging.getLogger(__name__)

Payload = dict[str, Any] | str
Responder = Callable[[dict[str, Any]], Payload]

# Sentences that cannot plausibly appear in any test article, so grounding checks must drop them.
INVENTED_SENTENCES: tuple[str, ...] = (
    "The delegation secretly agreed to exchange forty lighthouses for a shipment of violins.",
    "Officials confirmed that the treaty was signed on the far side of the moon.",
    "A spokesperson said every tank will be repainted lavender by next Tuesday.",
    "The minister promised to trade the national archive for three thousand umbrellas.",
)

# Scope key through which the outer ASGI wrapper hands the socket transport to the drop fault.
_TRANSPORT_KEY = "fakeserver.transport"


class FaultKind(str, Enum):
    """Behaviours that `FakeOpenAI.script` can queue; values are the spec-string prefixes."""

    OK = "ok"
    SLOW = "slow"
    RATE_LIMIT = "429"
    SERVER_ERROR = "500"
    UNAVAILABLE = "503"
    DROP = "drop"
    TIMEOUT = "timeout"
    MALFORMED = "malformed"
    TRUNCATED = "truncated"
    BAD_SCHEMA = "bad_schema"
    INVENTED = "invented"


# Defaults for kinds that take a number of seconds when the spec string omits it.
_DEFAULT_SECONDS: dict[FaultKind, float] = {
    FaultKind.SLOW: 1.0,
    FaultKind.RATE_LIMIT: 1.0,
    # Long enough to outlast any sane client timeout; the handler stops early when the
    # client disconnects, so this never holds up `stop()`.
    FaultKind.TIMEOUT: 60.0,
}


@dataclass(frozen=True)
class Fault:
    """One scripted behaviour. ``seconds`` is the delay (slow/timeout) or Retry-After (429)."""

    kind: FaultKind
    seconds: float = 0.0

    @classmethod
    def parse(cls, spec: str | FaultKind | Fault) -> Fault:
        """Accept ``"ok"``, ``"slow:0.5"``, ``"429:2"``, ``"timeout:5"``, a `FaultKind` or a `Fault`."""
        if isinstance(spec, Fault):
            return spec
        if isinstance(spec, FaultKind):
            return cls(spec, _DEFAULT_SECONDS.get(spec, 0.0))
        name, sep, arg = spec.strip().partition(":")
        try:
            kind = FaultKind(name.strip().lower())
        except ValueError:
            known = ", ".join(k.value for k in FaultKind)
            raise ValueError(f"unknown fault {spec!r}; expected one of: {known}") from None
        if not sep:
            return cls(kind, _DEFAULT_SECONDS.get(kind, 0.0))
        if kind not in _DEFAULT_SECONDS:
            raise ValueError(f"fault {kind.value!r} takes no argument, got {spec!r}")
        seconds = float(arg)
        if seconds < 0:
            raise ValueError(f"negative seconds in fault {spec!r}")
        return cls(kind, seconds)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        return cls(FaultKind.SLOW, seconds)

    @classmethod
    def rate_limit(cls, retry_after: float) -> Fault:
        return cls(FaultKind.RATE_LIMIT, retry_after)

    @classmethod
    def timeout(cls, seconds: float) -> Fault:
        return cls(FaultKind.TIMEOUT, seconds)

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.seconds:g}" if self.kind in _DEFAULT_SECONDS else self.kind.value


_OK = Fault(FaultKind.OK)


def _default_responder(_body: dict[str, Any]) -> Payload:
    return {}


def _error_body(message: str, type_: str, code: str | None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": None, "code": code}}


def _format_seconds(seconds: float) -> str:
    # Retry-After is normally an integer; keep fractional values so short test backoffs work
    # (the openai client parses the header as a float).
    return str(int(seconds)) if float(seconds).is_integer() else f"{seconds:g}"


def _message_text(messages: Any) -> str:
    """All text the caller sent, used only to make `usage.prompt_tokens` scale realistically."""
    if not isinstance(messages, list):
        return ""
    parts: list[str] = []
    for message in messages:
        if not isinstance(message, dict):
            continue
        content = message.get("content")
        if isinstance(content, str):
            parts.append(content)
        elif isinstance(content, list):
            parts.extend(p["text"] for p in content if isinstance(p, dict) and isinstance(p.get("text"), str))
        for call in message.get("tool_calls") or []:
            if isinstance(call, dict) and isinstance(call.get("function"), dict):
                parts.append(str(call["function"].get("arguments", "")))
    return "".join(parts)


def _tool_name(body: dict[str, Any]) -> str | None:
    """Function to "call": the one forced by tool_choice, else the first tool offered."""
    tools = body.get("tools")
    if not isinstance(tools, list) or not tools:
        return None
    choice = body.get("tool_choice")
    if isinstance(choice, dict) and isinstance(choice.get("function"), dict):
        name = choice["function"].get("name")
        if isinstance(name, str):
            return name
    first = tools[0]
    if isinstance(first, dict) and isinstance(first.get("function"), dict):
        name = first["function"].get("name")
        if isinstance(name, str):
            return name
    return "unknown_function"


def _invent_evidence(payload: Any, sentences: itertools.cycle[str]) -> Any:
    """Replace every string inside any list keyed ``evidence`` (at any depth) with a fabrication."""

    def replace_all(value: Any) -> Any:
        if isinstance(value, str):
            return next(sentences)
        if isinstance(value, list):
            return [replace_all(v) for v in value]
        if isinstance(value, dict):
            return {k: replace_all(v) for k, v in value.items()}
        return value

    if isinstance(payload, dict):
        return {
            k: replace_all(v) if k == "evidence" and isinstance(v, list) else _invent_evidence(v, sentences)
            for k, v in payload.items()
        }
    if isinstance(payload, list):
        return [_invent_evidence(v, sentences) for v in payload]
    return payload


async def _wait_for_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _sleep_unless_disconnected(receive: Receive, seconds: float) -> bool:
    """Sleep, but give up as soon as the client hangs up; True if the client is still there.

    Without this a `timeout` fault would keep a handler alive long after the client left,
    and uvicorn's graceful shutdown would wait for it.
    """
    try:
        await asyncio.wait_for(_wait_for_disconnect(receive), timeout=seconds)
    except asyncio.TimeoutError:
        return True
    return False


class _DropConnection(Response):
    """Abort the TCP connection without sending a single byte of response."""

    def __init__(self) -> None:
        super().__init__(status_code=200)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        transport = scope.get(_TRANSPORT_KEY)
        if transport is None:
            # Fallback for a server implementation whose send() does not expose its transport:
            # a started-but-never-finished response makes uvicorn close the socket.
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"64")]})
            raise ConnectionAbortedError("fakeserver: scripted drop")
        transport.abort()
        # Returning before uvicorn notices the disconnect would make it log an error and
        # try to write a 500 to the dead socket.
        await _wait_for_disconnect(receive)


class _ExposeTransport:
    """Outer ASGI wrapper that records uvicorn's transport in the scope for `_DropConnection`.

    Starlette wraps `send` in closures, so by the time an endpoint runs the bound
    RequestResponseCycle.send (and its `.transport`) is no longer reachable.
    """

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope[_TRANSPORT_KEY] = getattr(getattr(send, "__self__", None), "transport", None)
        await self._app(scope, receive, send)


class FakeOpenAI:
    """Real-HTTP fake of the OpenAI chat completions API with scriptable faults.

    ``latency`` (seconds, mutable at any time) is added before every 200 answer, including
    the slow/malformed/truncated/bad_schema/invented ones; error statuses and drops are
    immediate. ``slow:<s>`` waits ``latency + s``.
    """

    def __init__(
        self,
        responder: Responder | None = None,
        *,
        latency: float = 0.0,
        model: str = "fake-model",
    ) -> None:
        self.responder: Responder = responder or _default_responder
        self.latency = latency
        self.model = model
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._script: collections.deque[Fault] = collections.deque()
        self._calls = 0
        self._counts: collections.Counter[str] = collections.Counter()
        self._ids = itertools.count(1)
        self._invented = itertools.cycle(INVENTED_SENTENCES)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._thread_error: BaseException | None = None
        self._port: int | None = None
        self.app: Starlette = Starlette(
            routes=[
                Route("/v1/chat/completions", self._chat_completions, methods=["POST"]),
                Route("/v1/models", self._models, methods=["GET"]),
            ]
        )

    # ------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        if self._port is None:
            raise RuntimeError("FakeOpenAI is not running; call start() or use it as a context manager")
        return f"http://127.0.0.1:{self._port}/v1"

    def start(self, startup_timeout: float = 10.0) -> FakeOpenAI:
        if self._thread is not None:
            raise RuntimeError("FakeOpenAI already started")
        # Binding here (port 0) instead of letting uvicorn pick avoids a find-then-bind race
        # between parallel test workers.
        # proto must be IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets
        # whose proto says TCP, and without it Nagle + delayed ACK add ~40 ms to every
        # keep-alive response (Starlette writes headers and body separately).
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.bind(("127.0.0.1", 0))
        sock.listen(2048)
        self._port = sock.getsockname()[1]
        config = uvicorn.Config(
            _ExposeTransport(self.app),
            log_level="warning",
            loop="asyncio",
            http="h11",  # the drop fault relies on the h11 cycle exposing `.transport`
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=2,
        )
        server = uvicorn.Server(config)
        self._server = server
        self._thread_error = None

        def run() -> None:
            try:
                server.run(sockets=[sock])
            except BaseException as exc:  # surfaced to the caller of start()
                self._thread_error = exc

        self._thread = threading.Thread(target=run, name=f"FakeOpenAI:{self._port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + startup_timeout
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                error = self._thread_error
                self._reset_lifecycle(sock)
                raise RuntimeError("FakeOpenAI failed to start") from error
            time.sleep(0.005)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(timeout)
        if thread.is_alive():
            server.force_exit = True
            thread.join(timeout)
        self._reset_lifecycle(None)

    def _reset_lifecycle(self, sock: socket.socket | None) -> None:
        if sock is not None:
            sock.close()
        self._server = None
        self._thread = None
        self._port = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ scripting and counters

    def script(self, *faults: Fault | FaultKind | str) -> None:
        """Append behaviours for the next chat-completion requests, in arrival order."""
        parsed = [Fault.parse(f) for f in faults]  # validate all before queueing any
        with self._lock:
            self._script.extend(parsed)

    @property
    def pending(self) -> list[Fault]:
        """Scripted behaviours not yet consumed."""
        with self._lock:
            return list(self._script)

    @property
    def calls(self) -> int:
        """Chat-completion requests received (faulted or not)."""
        with self._lock:
            return self._calls

    @property
    def counts(self) -> dict[str, int]:
        """Requests per behaviour, keyed by `FaultKind` value (unscripted requests count as "ok")."""
        with self._lock:
            return dict(self._counts)

    def count(self, kind: FaultKind | str) -> int:
        key = kind.value if isinstance(kind, FaultKind) else Fault.parse(kind).kind.value
        with self._lock:
            return self._counts[key]

    def reset(self) -> None:
        """Forget recorded requests, counters and any unconsumed script (for shared fixtures)."""
        with self._lock:
            self.requests.clear()
            self._script.clear()
            self._calls = 0
            self._counts.clear()

    def _next_fault(self, body: dict[str, Any]) -> Fault:
        with self._lock:
            fault = self._script.popleft() if self._script else _OK
            self.requests.append(body)
            self._calls += 1
            self._counts[fault.kind.value] += 1
            return fault

    # ------------------------------------------------------------------ HTTP handlers

    async def _models(self, request: Request) -> Response:
        return JSONResponse(
            {
                "object": "list",
                "data": [{"id": self.model, "object": "model", "created": 0, "owned_by": "fakeserver"}],
            }
        )

    async def _chat_completions(self, request: Request) -> Response:
        try:
            body = json.loads(await request.body())
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return JSONResponse(_error_body("Request body must be a JSON object.", "invalid_request_error", None), 400)
        if body.get("stream"):
            # Streaming is not implemented; fail loudly rather than send a shape the client misreads.
            return JSONResponse(
                _error_body("FakeOpenAI does not support stream=true.", "invalid_request_error", None), 400
            )

        fault = self._next_fault(body)
        kind = fault.kind
        if kind is FaultKind.RATE_LIMIT:
            return JSONResponse(
                _error_body(
                    f"Rate limit reached for {self.model}. Please try again in {fault.seconds:g}s.",
                    "requests",
                    "rate_limit_exceeded",
                ),
                429,
                headers={"retry-after": _format_seconds(fault.seconds)},
            )
        if kind is FaultKind.SERVER_ERROR:
            return JSONResponse(
                _error_body(
                    "The server had an error while processing your request. Sorry about that!",
                    "server_error",
                    None,
                ),
                500,
            )
        if kind is FaultKind.UNAVAILABLE:
            return JSONResponse(
                _error_body("The engine is currently overloaded, please try again later.", "server_error", None),
                503,
            )
        if kind is FaultKind.DROP:
            return _DropConnection()

        delay = self.latency + (fault.seconds if kind in (FaultKind.SLOW, FaultKind.TIMEOUT) else 0.0)
        if kind in (FaultKind.SLOW, FaultKind.TIMEOUT):
            if not await _sleep_unless_disconnected(request.receive, delay):
                return Response(status_code=499)  # client is gone; nothing will read this
        elif delay > 0:
            await asyncio.sleep(delay)

        if kind is FaultKind.MALFORMED:
            return Response(b"<html>upstream proxy error: this is not JSON", media_type="application/json")

        if kind is FaultKind.BAD_SCHEMA:
            answer = json.dumps({"unexpected": 1})
        else:
            try:
                payload = self.responder(body)
            except Exception as exc:
                # A broken responder is a test bug; make it visible without a Starlette traceback page.
                logger.exception("FakeOpenAI responder raised")
                return JSONResponse(_error_body(f"responder raised: {exc!r}", "server_error", None), 500)
            if kind is FaultKind.INVENTED:
                payload = self._with_invented_evidence(payload)
            answer = payload if isinstance(payload, str) else json.dumps(payload)

        completion = self._completion(body, answer)
        if kind is FaultKind.TRUNCATED:
            raw = json.dumps(completion).encode()
            return Response(raw[: len(raw) // 2], media_type="application/json")
        return JSONResponse(completion, headers={"x-request-id": completion["id"]})

    def _with_invented_evidence(self, payload: Payload) -> Payload:
        if isinstance(payload, str):
            try:
                decoded = json.loads(payload)
            except ValueError:
                return payload
            return json.dumps(_invent_evidence(decoded, self._invented))
        return _invent_evidence(copy.deepcopy(payload), self._invented)

    def _completion(self, body: dict[str, Any], answer: str) -> dict[str, Any]:
        number = next(self._ids)
        tool = _tool_name(body)
        message: dict[str, Any]
        if tool is not None:
            message = {
                "role": "assistant",
                "content": None,
                "refusal": None,
                "tool_calls": [
                    {
                        "id": f"call_fake{number:08d}",
                        "type": "function",
                        "function": {"name": tool, "arguments": answer},
                    }
                ],
            }
            finish_reason = "tool_calls"
        else:
            message = {"role": "assistant", "content": answer, "refusal": None}
            finish_reason = "stop"
        prompt_tokens = len(_message_text(body.get("messages"))) // 4
        completion_tokens = len(answer) // 4
        return {
            "id": f"chatcmpl-fake{number:08d}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": self.model,
            "system_fingerprint": "fp_fakeserver",
            "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish_reason}],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
