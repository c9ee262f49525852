"""llama.cpp's own OpenAI-compatible server, in-process, behind an httpx transport.

``xllamacpp`` ships prebuilt CPU wheels of llama.cpp with the server's request handlers callable from
Python (``Server.handle_chat_completions(dict) -> dict``): JSON-schema ``response_format`` (grammar-constrained
output), prompt cache and slots, exactly as ``llama-server`` answers over HTTP. Handing those handlers to the
``openai`` client as an httpx transport means the embedded model and any remote endpoint share one path:
one client, one instructor re-ask, one usage count, one retry policy, one set of tests, and record/replay
cassettes work for both. No socket is needed for the in-process path; the server still opens one on
127.0.0.1 (``listening_address``), which the integration tests use as a real HTTP endpoint.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from ..errors import ConfigError

#: The base URL the in-process transport answers for; never resolved or connected to.
IN_PROCESS_BASE_URL = "http://llama.in-process/v1"


@dataclass(frozen=True)
class ServerKey:
    path: str
    n_ctx: int
    n_threads: int


_lock = threading.Lock()
_servers: dict[ServerKey, LlamaServer] = {}


@atexit.register
def _close_servers() -> None:
    # Stopped while the interpreter is whole; left to garbage collection at shutdown the server's threads
    # can outlive the objects they call into.
    for server in list(_servers.values()):
        server.close()
    _servers.clear()


class LlamaServer:
    """One loaded model and llama.cpp's server loop; shared by every backend in the process that asks for
    the same file, context size and thread count (loading costs ~0.4 s and the weights' memory once)."""

    def __init__(self, key: ServerKey) -> None:
        try:
            import xllamacpp
        except ImportError as e:  # pragma: no cover - a base dependency
            raise ConfigError("xllamacpp is not installed: pip install xllamacpp") from e
        params = xllamacpp.CommonParams()
        params.model.path = key.path
        params.n_ctx = key.n_ctx
        # One slot: a 2-core machine gains nothing from parallel decoding, and one slot keeps the whole
        # context for each call. Calls queue inside llama.cpp's server loop.
        params.n_parallel = 1
        params.cpuparams.n_threads = key.n_threads
        params.cpuparams_batch.n_threads = key.n_threads
        params.warmup = False
        # The server loop and its log lines belong to us, not to the user's terminal.
        params.verbosity = -1
        params.endpoint_metrics = False
        self.key = key
        self.model = Path(key.path).name
        try:
            self._server: Any = xllamacpp.Server(params)
        except Exception as e:  # noqa: BLE001 - a bad file raises from C++ as a generic error
            raise ConfigError(f"cannot load model {key.path}: {e}") from None
        self._closed = False

    @classmethod
    def shared(cls, path: Path, *, n_ctx: int = 4096, n_threads: int | None = None) -> LlamaServer:
        key = ServerKey(str(path), n_ctx, n_threads or max(1, os.cpu_count() or 1))
        with _lock:
            server = _servers.get(key)
            if server is None or server._closed:
                server = _servers[key] = cls(key)
            return server

    @property
    def listening_address(self) -> str:
        """``http://127.0.0.1:PORT``: the same handlers over real HTTP."""
        return str(self._server.listening_address)

    def chat_completions(self, body: dict[str, Any]) -> dict[str, Any]:
        if self._closed:
            raise ConfigError("the local model was closed")
        result = self._server.handle_chat_completions(body)
        return result if isinstance(result, dict) else json.loads(result)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            with contextlib.suppress(Exception):
                del self._server


def _models_body(server: LlamaServer) -> dict[str, Any]:
    return {"object": "list", "data": [{"id": server.model, "object": "model", "owned_by": "llama.cpp"}]}


def _respond(request: httpx.Request, server: LlamaServer) -> httpx.Response:
    path = request.url.path.rstrip("/")
    if request.method == "GET" and path.endswith("/models"):
        return httpx.Response(200, json=_models_body(server), request=request)
    if request.method != "POST" or not path.endswith("/chat/completions"):
        return httpx.Response(
            404, json={"error": {"message": f"no route {request.method} {path}", "code": 404}}, request=request
        )
    try:
        body = json.loads(request.content or b"{}")
    except json.JSONDecodeError as e:
        return httpx.Response(400, json={"error": {"message": f"bad JSON body: {e}", "code": 400}}, request=request)
    result = server.chat_completions(body)
    error = result.get("error") if isinstance(result, dict) else None
    if error:
        code = error.get("code") if isinstance(error, dict) else None
        status = code if isinstance(code, int) and 400 <= code < 600 else 500
        return httpx.Response(status, json=result, request=request)
    return httpx.Response(200, json=result, request=request)


class LlamaTransport(httpx.BaseTransport):
    """httpx transport that answers OpenAI requests from the in-process server (synchronous client)."""

    def __init__(self, server: LlamaServer) -> None:
        self.server = server

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        return _respond(request, self.server)


class AsyncLlamaTransport(httpx.AsyncBaseTransport):
    """The same for the async client: the blocking call runs on a worker thread, so the event loop (and
    a batch's other articles, their I/O and progress) keeps going while the model generates."""

    def __init__(self, server: LlamaServer) -> None:
        self.server = server

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return await asyncio.to_thread(_respond, request, self.server)
