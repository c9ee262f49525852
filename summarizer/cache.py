"""On-disk LLM response cache shared by `brief`, `batch` and `eval`.

The key covers everything that can change an answer: backend kind, base URL, model, messages (which
embed the prompt text, hence its hash), the response schema and the sampling parameters. An unchanged
re-run therefore costs no LLM call; change any of them and the cache misses.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import diskcache
from pydantic import BaseModel

from .backends.base import Backend, Completion, T
from .schema import Usage


def default_cache_dir() -> Path:
    env = os.environ.get("SUMMARIZER_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "summarizer"


@lru_cache(maxsize=1024)
def schema_digest(model: type[BaseModel]) -> str:
    """sha256 of a response model's JSON Schema, computed once per class: rebuilding the schema for every
    request's key was a third of a batch's client-side CPU (profile in bench/RESULTS.md)."""
    schema = json.dumps(model.model_json_schema(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(schema.encode("utf-8")).hexdigest()


def cache_key(identity: dict[str, Any], messages: list[dict[str, str]], schema: str, params: dict) -> str:
    """``schema`` is the response model's ``schema_digest``."""
    blob = json.dumps(
        {"identity": identity, "messages": messages, "schema": schema, "params": params},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class CachingBackend(Backend):
    """Wraps a backend; answers from disk when the exact same request was answered before."""

    def __init__(self, inner: Backend, directory: str | Path | None = None) -> None:
        self.inner = inner
        self.kind = inner.kind
        self.model = inner.model
        self.base_url = inner.base_url
        self.default_strategy = inner.default_strategy
        self.directory = Path(directory) if directory else default_cache_dir()
        self.store = diskcache.Cache(str(self.directory), size_limit=2**32)
        #: Distinguishes repeated eval runs of one configuration, which must not answer each other.
        self.salt = ""
        # A backend's identity is fixed once made (LocalBackend's stats the model file for it).
        self._identity = inner.identity()

    def identity(self) -> dict[str, Any]:
        return self.inner.identity()

    def _key(self, messages, response_model, max_tokens, temperature, reasks) -> str:
        params = {"max_tokens": max_tokens, "temperature": temperature, "reasks": reasks, "salt": self.salt}
        return cache_key(self._identity, messages, schema_digest(response_model), params)

    def _hit(self, key: str, response_model: type[T]) -> Completion[T] | None:
        raw = self.store.get(key)
        if raw is None:
            return None
        try:
            value = response_model.model_validate_json(raw)
        except ValueError:
            return None
        return Completion(value=value, usage=Usage(cached_calls=1), attempts=0, cached=True)

    def structured(self, messages, response_model: type[T], *, max_tokens=None, temperature=0.0, reasks=2):
        key = self._key(messages, response_model, max_tokens, temperature, reasks)
        hit = self._hit(key, response_model)
        if hit is not None:
            return hit
        done = self.inner.structured(
            messages, response_model, max_tokens=max_tokens, temperature=temperature, reasks=reasks
        )
        self.store.set(key, done.value.model_dump_json())
        return done

    async def astructured(self, messages, response_model: type[T], *, max_tokens=None, temperature=0.0, reasks=2):
        key = self._key(messages, response_model, max_tokens, temperature, reasks)
        hit = self._hit(key, response_model)
        if hit is not None:
            return hit
        done = await self.inner.astructured(
            messages, response_model, max_tokens=max_tokens, temperature=temperature, reasks=reasks
        )
        self.store.set(key, done.value.model_dump_json())
        return done

    # What callers need to know belongs to the wrapped backend.
    def context_size(self) -> int | None:
        return self.inner.context_size()

    def secrets(self) -> list[str]:
        return self.inner.secrets()

    def add_listener(self, listener: Any) -> None:
        self.inner.add_listener(listener)

    def close(self) -> None:
        self.store.close()
        self.inner.close()

    async def aclose(self) -> None:
        self.store.close()
        await self.inner.aclose()
