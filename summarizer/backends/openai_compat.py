"""Any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp's server) through ``openai`` + ``instructor``.

Two retry loops, kept apart on purpose:
- transport failures (connection errors, timeouts, 429, 5xx) are retried by tenacity *inside* each
  instructor attempt, honouring ``Retry-After``; the model never sees them;
- validation failures go back to the model through instructor's re-ask, a bounded number of times.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import random
import weakref
from functools import lru_cache
from typing import Any

import httpx
import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException
from openai.types.chat import ChatCompletion
from pydantic import ValidationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
)

from ..errors import BackendError, BackendTimeout, ConfigError, OutputInvalid, RateLimited, SummarizerError
from ..schema import Usage
from .base import Backend, Completion, HttpEvent, T

log = logging.getLogger(__name__)

MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}


def _our_error(exc: BaseException) -> SummarizerError | None:
    """A typed error of ours raised below the client (a cassette miss), which openai wraps as a connection error."""
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in seen:
        if isinstance(cur, SummarizerError):
            return cur
        seen.append(cur)
        cur = cur.__cause__ or cur.__context__
    return None


def is_transient(exc: BaseException) -> bool:
    """Worth another try at the HTTP level: the request never produced a usable answer."""
    if _our_error(exc) is not None:
        return False  # a transport that raised one of our errors has decided; retrying cannot change it
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    # A 200 whose body is cut off or not JSON is a broken transfer, not a model mistake.
    return isinstance(exc, (json.JSONDecodeError, openai.APIResponseValidationError))


def retry_after_seconds(exc: BaseException | None) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    raw = headers.get("retry-after-ms")
    if raw:
        try:
            return float(raw) / 1000.0
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if raw:
        try:
            return max(0.0, float(raw))
        except ValueError:
            return None
    return None


class BackoffWait:
    """Retry-After when the server gives one, else exponential backoff with full jitter, always capped."""

    def __init__(self, initial: float = 0.5, cap: float = 30.0, rng: random.Random | None = None) -> None:
        self.initial = initial
        self.cap = cap
        self.rng = rng or random.Random()

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        hinted = retry_after_seconds(exc)
        if hinted is not None:
            return min(hinted, self.cap)
        ceiling = min(self.cap, self.initial * (2 ** (state.attempt_number - 1)))
        return self.rng.uniform(ceiling / 2, ceiling)


@lru_cache(maxsize=1024)
def prepared_model(model: type[T]) -> type[T]:
    """The response model as instructor wants it, built once per class.

    Left to itself, instructor wraps the model in a fresh ``ResponseSchema`` subclass and regenerates its
    JSON Schema on every call: ~25 ms of CPU per request, most of the client-side cost (bench/overhead.py).
    Our models' schemas never change, so the wrapper is made once and its schema is computed once.
    """
    from instructor.v2.core.function_calls import ResponseSchema, response_schema

    wrapped = response_schema(model)
    schemas: dict[tuple, dict] = {}
    base_schema = wrapped.model_json_schema.__func__  # type: ignore[attr-defined]

    def model_json_schema(cls: type, *args: Any, **kwargs: Any) -> dict:
        key = (cls, args, tuple(sorted(kwargs.items())))
        if key not in schemas:
            schemas[key] = base_schema(cls, *args, **kwargs)
        return copy.deepcopy(schemas[key])  # callers may edit what they get

    namespace = {"model_json_schema": classmethod(model_json_schema), "__doc__": model.__doc__}
    cached = type(model.__name__, (wrapped,), namespace)
    assert issubclass(cached, ResponseSchema)
    return cached  # type: ignore[return-value]


def _memoize_async_validator_check() -> None:
    """instructor checks a response model for async validators by walking its whole type tree, six times a
    request (~4 ms of CPU each request: the largest cost left in bench/concurrency.py). The answer depends
    only on the class, so a class that passed once is not walked again. Failures are never cached, and an
    instructor without this module is left as it is."""
    try:
        from instructor.v2.validation import async_validators as av
    except ImportError:
        return
    original = av.reject_async_validators
    if getattr(original, "_memoized", False):
        return
    passed: weakref.WeakSet[type] = weakref.WeakSet()

    def reject_async_validators(response_model: Any) -> None:
        if isinstance(response_model, type) and response_model in passed:
            return
        original(response_model)
        if isinstance(response_model, type):
            passed.add(response_model)

    reject_async_validators._memoized = True  # type: ignore[attr-defined]
    av.reject_async_validators = reject_async_validators
    # instructor's patch module took its own reference at import time: that is the one a request calls.
    try:
        from instructor.v2.core import patch as patch_module
    except ImportError:
        return
    if getattr(patch_module, "reject_async_validators", None) is original:
        patch_module.reject_async_validators = reject_async_validators


class TransportGaveUp(Exception):
    """Transport retries are spent. Deliberately not a parse error, so instructor never re-asks the model
    about a broken HTTP exchange (a bare JSONDecodeError from a truncated body would look like one)."""


def translate_error(exc: BaseException) -> Exception:
    """Turn whatever the client stack raised into one of our one-line errors (never leaking the key)."""
    ours = _our_error(exc)
    if ours is not None:
        return ours
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in seen:
        seen.append(cur)
        cur = cur.__cause__ or cur.__context__
    for e in seen:
        if isinstance(e, openai.AuthenticationError):
            return ConfigError("the endpoint rejected the API key (401); check OPENAI_API_KEY")
        if isinstance(e, openai.NotFoundError):
            return ConfigError(f"the endpoint answered 404: is the model name and --base-url right? ({_short(e)})")
        if isinstance(e, openai.APITimeoutError):
            return BackendTimeout("the LLM endpoint timed out on every retry")
        if isinstance(e, openai.RateLimitError):
            return RateLimited("the LLM endpoint kept answering 429 (rate limited) after all retries")
        if isinstance(e, openai.APIConnectionError):
            return BackendError(f"cannot reach the LLM endpoint: {_short(e)}")
        if isinstance(e, openai.APIStatusError):
            return BackendError(f"the LLM endpoint kept failing: HTTP {e.status_code} {_short(e)}")
        if isinstance(e, (json.JSONDecodeError, openai.APIResponseValidationError)):
            return BackendError("the LLM endpoint kept sending malformed responses")
    for e in seen:
        if isinstance(e, IncompleteOutputException):
            # Cut off inside the JSON: instructor does not re-ask this (the same ramble would be cut off again).
            return OutputInvalid(
                "the model's answer did not fit in max_tokens (cut off inside the JSON); small models cannot "
                "write a whole brief in one call: use --strategy guided"
            )
        if isinstance(e, ValidationError):
            return OutputInvalid(f"the model's output did not validate after all re-asks: {_short(e)}")
    return OutputInvalid(f"the model's output could not be used: {_short(exc)}")


def _short(exc: BaseException, limit: int = 200) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _add_usage(total: Usage, response: Any) -> None:
    usage = getattr(response, "usage", None)
    total.calls += 1
    if usage is not None:
        total.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
        total.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)


class OpenAIBackend(Backend):
    kind = "openai"
    default_strategy = "oneshot"
    #: Sent when a caller gives none; API models bound their own answers, a local server does not.
    default_max_tokens: int | None = None

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        mode: str = "tools",
        timeout: float = 120.0,
        transport_retries: int = 6,
        backoff_initial: float = 0.5,
        backoff_cap: float = 30.0,
        give_up_after: float = 600.0,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if mode not in MODES:
            raise ConfigError(f"unknown instructor mode {mode!r}; choose one of {', '.join(MODES)}")
        _memoize_async_validator_check()
        self.model = model
        self.base_url = base_url
        self.mode = mode
        self.transport_retries = transport_retries
        self.wait = BackoffWait(backoff_initial, backoff_cap)
        self.give_up_after = give_up_after
        # The client's own retries are off: tenacity owns them, so there is one policy, one count.
        key = api_key or "not-needed"
        self._client_kwargs: dict[str, Any] = {
            "base_url": base_url,
            "api_key": key,
            "max_retries": 0,
            "timeout": timeout,
        }
        # A transport replaces the network below the openai client (the in-process llama.cpp server, a
        # cassette): everything above it, instructor and the retries included, runs as for a remote endpoint.
        self._transport = transport
        self._async_transport = async_transport
        self.client = openai.OpenAI(**self._client_kwargs, **self._http_client(sync=True))
        self._aclient: openai.AsyncOpenAI | None = None
        self._aclient_loop: weakref.ref[asyncio.AbstractEventLoop] | None = None

    @property
    def aclient(self) -> openai.AsyncOpenAI:
        """The async client of the running event loop.

        Its connection pool belongs to the loop that opened it: reused from a later loop (every
        ``summarize()`` or ``asyncio.run()`` makes one) it meets dead connections, and each costs a silent
        transport retry, i.e. a duplicate LLM call (9 requests for 5 answers, tests/test_backend_http.py).
        A client not yet used by any loop is adopted by the first one.
        """
        try:
            loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        owner = self._aclient_loop() if self._aclient_loop is not None else None
        if self._aclient is None or (loop is not None and owner is not None and owner is not loop):
            self._aclient = openai.AsyncOpenAI(**self._client_kwargs, **self._http_client(sync=False))
            owner = None
        if loop is not None and owner is None:
            self._aclient_loop = weakref.ref(loop)
        return self._aclient

    def _http_client(self, *, sync: bool) -> dict[str, Any]:
        timeout = self._client_kwargs["timeout"]
        if sync and self._transport is not None:
            return {"http_client": httpx.Client(transport=self._transport, timeout=timeout)}
        if not sync and self._async_transport is not None:
            return {"http_client": httpx.AsyncClient(transport=self._async_transport, timeout=timeout)}
        return {}

    def identity(self) -> dict[str, Any]:
        return {**super().identity(), "mode": self.mode}

    def _request_kwargs(self, max_tokens: int | None) -> dict[str, Any]:
        max_tokens = max_tokens or self.default_max_tokens
        return {"max_tokens": max_tokens} if max_tokens else {}

    def _retrying_kwargs(self) -> dict[str, Any]:
        return {
            "retry": retry_if_exception(is_transient),
            "wait": self.wait,
            "stop": stop_after_attempt(self.transport_retries + 1) | stop_after_delay(self.give_up_after),
            "reraise": True,
        }

    # instructor has already built the request body (messages, tools or response_format) from plain dicts;
    # ``chat.completions.create`` would walk all of it again against its TypedDicts to rename nothing (~1.3 ms
    # of CPU a request, the largest client-side cost in bench/batch_vs_client.py). Posting the body as it is
    # sends the same bytes and gets the same parsed ChatCompletion back.
    def _post(self, *args: Any, **body: Any) -> Any:
        return self.client.post("/chat/completions", body=body, cast_to=ChatCompletion)

    async def _apost(self, *args: Any, **body: Any) -> Any:
        return await self.aclient.post("/chat/completions", body=body, cast_to=ChatCompletion)

    def _failed(self, exc: BaseException) -> None:
        if is_transient(exc):
            status = getattr(exc, "status_code", None)
            self.emit(HttpEvent("retry", status=status, retry_after=retry_after_seconds(exc)))

    def _observed(self, call: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return call(*args, **kwargs)
        except Exception as e:
            self._failed(e)
            raise

    async def _aobserved(self, call: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return await call(*args, **kwargs)
        except Exception as e:
            self._failed(e)
            raise

    def secrets(self) -> list[str]:
        key = self._client_kwargs.get("api_key") or ""
        return [key] if len(key) >= 8 and key != "not-needed" else []

    async def aclose(self) -> None:
        if self._aclient is not None:
            await self._aclient.close()
        self.client.close()

    def structured(self, messages, response_model: type[T], *, max_tokens=None, temperature=0.0, reasks=2):
        usage = Usage()

        requests = [0]

        def create(*args: Any, **kwargs: Any) -> Any:
            try:
                for attempt in Retrying(**self._retrying_kwargs()):
                    with attempt:
                        requests[0] += 1
                        self.emit(HttpEvent("request"))
                        response = self._observed(self._post, *args, **kwargs)
            except Exception as e:  # noqa: BLE001
                raise TransportGaveUp(str(e)) from e
            _add_usage(usage, response)
            return response

        patched = instructor.patch(create=create, mode=MODES[self.mode])
        try:
            value = patched(
                model=self.model,
                messages=messages,
                response_model=prepared_model(response_model),
                max_retries=reasks,
                temperature=temperature,
                **self._request_kwargs(max_tokens),
            )
        except Exception as e:  # noqa: BLE001 - every failure becomes one typed, one-line error
            err = translate_error(e)
            err.attempts = requests[0]  # type: ignore[attr-defined]
            raise err from e
        return Completion(value=value, usage=usage, attempts=usage.calls)

    async def astructured(self, messages, response_model: type[T], *, max_tokens=None, temperature=0.0, reasks=2):
        usage = Usage()

        requests = [0]

        async def create(*args: Any, **kwargs: Any) -> Any:
            try:
                async for attempt in AsyncRetrying(**self._retrying_kwargs()):
                    with attempt:
                        requests[0] += 1
                        self.emit(HttpEvent("request"))
                        response = await self._aobserved(self._apost, *args, **kwargs)
            except Exception as e:  # noqa: BLE001
                raise TransportGaveUp(str(e)) from e
            _add_usage(usage, response)
            return response

        patched = instructor.patch(create=create, mode=MODES[self.mode])
        try:
            value = await patched(
                model=self.model,
                messages=messages,
                response_model=prepared_model(response_model),
                max_retries=reasks,
                temperature=temperature,
                **self._request_kwargs(max_tokens),
            )
        except Exception as e:  # noqa: BLE001
            err = translate_error(e)
            err.attempts = requests[0]  # type: ignore[attr-defined]
            raise err from e
        return Completion(value=value, usage=usage, attempts=usage.calls)

    def close(self) -> None:
        self.client.close()
