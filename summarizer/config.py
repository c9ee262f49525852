"""One backend configuration, built once and passed through ``summarize``, ``batch``, Ray and ``eval``.

A ``BackendConfig`` is frozen and plain data (it pickles to Ray workers as it is). It comes from keyword
options, environment variables, or a spec string: ``local``, ``local:NAME``, ``local:PATH.gguf``,
``openai:MODEL``, ``none``. ``build()`` is the one place a backend is made and wrapped in the response cache;
the backend classes are found through a registry that imports each one only when it is used, so a brief
that needs no LLM never imports ``openai`` (1.7 s here) or llama.cpp.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from .errors import ConfigError

if TYPE_CHECKING:
    from .backends.base import Backend

BackendName = Literal["auto", "local", "openai", "none"]

DEFAULT_API_MODEL = "gpt-4o-mini"
DEFAULT_TIMEOUT = 120.0
DEFAULT_N_CTX = 4096


def _local(cfg: BackendConfig) -> Backend:
    from .backends.local import LocalBackend

    if cfg.record or cfg.replay:
        raise ConfigError("--record/--replay work with an OpenAI-compatible backend (-m openai:MODEL), not local")

    return LocalBackend(cfg.model_path, model=cfg.model, n_ctx=cfg.n_ctx)


def _openai(cfg: BackendConfig) -> Backend:
    from .backends.openai_compat import OpenAIBackend
    from .cassettes import transports

    return OpenAIBackend(
        cfg.model or DEFAULT_API_MODEL,
        base_url=cfg.base_url,
        api_key=cfg.api_key.get_secret_value() if cfg.api_key else None,
        mode=cfg.mode or "tools",
        timeout=cfg.timeout,
        **transports(record=cfg.record, replay=cfg.replay, secrets=cfg.secrets()),
    )


#: name -> factory. Factories import their backend module themselves, on first use.
BACKENDS: dict[str, Callable[[BackendConfig], Backend]] = {"local": _local, "openai": _openai}


def register_backend(name: str, factory: Callable[[BackendConfig], Backend]) -> None:
    """Add a backend kind (``factory(config) -> Backend``); ``--backend NAME`` and ``NAME:MODEL`` then reach it."""
    if name in ("auto", "none"):
        raise ConfigError(f"{name!r} is reserved")
    BACKENDS[name] = factory


def backend_from_path(target: str) -> Callable[[BackendConfig], Backend]:
    """``package.module:factory`` -> the factory (for plugins named in configuration)."""
    module, _, attr = target.partition(":")
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as e:
        raise ConfigError(f"cannot load backend {target!r}: {e}") from None


class BackendConfig(BaseModel):
    """Which LLM answers, and how. Unset fields fall back to the environment in ``resolved()``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    backend: str = Field("auto", description="auto, local, openai, none (no LLM), or a registered name.")
    model: str | None = Field(None, description="API model name, or the name of an installed local model.")
    base_url: str | None = Field(None, description="OpenAI-compatible endpoint (OPENAI_BASE_URL).")
    api_key: SecretStr | None = Field(None, description="Never printed, cached or recorded (OPENAI_API_KEY).")
    model_path: Path | None = Field(None, description="A GGUF file for the embedded runtime.")
    mode: str | None = Field(None, description="instructor mode: tools, json_schema, json, md_json.")
    timeout: float = Field(DEFAULT_TIMEOUT, gt=0, description="Seconds per HTTP request.")
    n_ctx: int = Field(DEFAULT_N_CTX, ge=512, description="Context size of the embedded model.")
    cache: bool = Field(True, description="Answer repeated requests from the on-disk response cache.")
    cache_dir: Path | None = Field(None, description="Response cache (SUMMARIZER_CACHE_DIR).")
    record: Path | None = Field(
        None, description="Write every LLM exchange to this cassette directory (one JSON file each; no secrets)."
    )
    replay: Path | None = Field(
        None, description="Answer every LLM request from this cassette directory; never the network, no key needed."
    )

    @field_validator("record", "replay")
    @classmethod
    def _absolute(cls, path: Path | None) -> Path | None:
        # Absolute, so a Ray worker or a thread with another working directory finds the same cassette.
        return path.expanduser().absolute() if path is not None else None

    @model_validator(mode="after")
    def _record_or_replay(self) -> BackendConfig:
        if self.record is not None and self.replay is not None:
            raise ValueError("record and replay exclude each other")
        return self

    @classmethod
    def from_options(cls, backend: str = "auto", **options: Any) -> BackendConfig:
        """From keyword options where ``None`` means "not given" (``summarize``'s and the CLI's)."""
        return cls(backend=backend, **{k: v for k, v in options.items() if v is not None})

    @classmethod
    def from_spec(cls, spec: str, **overrides: Any) -> BackendConfig:
        """``local`` | ``local:NAME`` | ``local:PATH.gguf`` | ``openai:MODEL`` | ``none`` | ``NAME`` (a model)."""
        kind, sep, name = spec.partition(":")
        fields: dict[str, Any] = {}
        if kind == "none":
            fields["backend"] = "none"
        elif kind == "local":
            fields["backend"] = "local"
            if name.endswith(".gguf"):
                fields["model_path"] = Path(name)
            elif name:
                fields["model"] = name
        elif sep and kind in BACKENDS:
            fields.update(backend=kind, model=name or None)
        else:
            # A bare name is a model on whatever backend ``auto`` picks.
            fields.update(backend="auto", model=spec or None)
        fields.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**fields)

    def resolved(self) -> BackendConfig:
        """Environment filled in and ``auto`` decided: an endpoint when one is configured, else embedded."""
        env = os.environ
        base_url = self.base_url or env.get("OPENAI_BASE_URL") or None
        api_key = self.api_key or (SecretStr(env["OPENAI_API_KEY"]) if env.get("OPENAI_API_KEY") else None)
        env_path = env.get("SUMMARIZER_MODEL_PATH")
        model_path = self.model_path or (Path(env_path) if env_path else None)
        backend = self.backend
        if backend == "auto":
            # A replay is an endpoint that answers from disk: it needs neither a key nor a URL.
            replaying = self.replay is not None
            backend = "openai" if (base_url or api_key or replaying) and not self.model_path else "local"
        if backend not in BACKENDS and backend != "none":
            raise ConfigError(f"unknown backend {backend!r}; choose auto, none or one of {', '.join(BACKENDS)}")
        model = self.model
        if backend == "openai":
            model = model or env.get("SUMMARIZER_MODEL") or None
            if self.replay is not None and not model:
                from .cassettes import ANY_MODEL

                model = ANY_MODEL
        cache_dir = self.cache_dir or (Path(env["SUMMARIZER_CACHE_DIR"]) if env.get("SUMMARIZER_CACHE_DIR") else None)
        return self.model_copy(
            update={
                "backend": backend,
                "base_url": base_url,
                "api_key": api_key,
                "model": model,
                "model_path": model_path if backend == "local" else self.model_path,
                "mode": self.mode or env.get("SUMMARIZER_MODE") or None,
                "cache_dir": cache_dir,
            }
        )

    def default_strategy(self) -> str:
        """The strategy used when none is asked for. Offline that is the structured rules: SmolLM2 choosing
        slots measured no better than the rules alone (docs/EXTRACTOR.md), so the model is not even loaded;
        ``--strategy guided-all`` asks it. An endpoint gets the whole brief in one call."""
        return "heuristic" if self.resolved().backend in ("local", "none") else "oneshot"

    def build(self, *, cache: bool | None = None) -> Backend | None:
        """The backend this config names (``None`` for ``none``), wrapped in the response cache unless off."""
        cfg = self.resolved()
        if cfg.backend == "none":
            return None
        backend = BACKENDS[cfg.backend](cfg)
        # A cassette must see every request: a cache hit would skip the recording, or answer a replay
        # from something other than the cassette.
        if (cfg.cache if cache is None else cache) and cfg.record is None and cfg.replay is None:
            from .cache import CachingBackend

            backend = CachingBackend(backend, cfg.cache_dir)
        return backend

    def secrets(self) -> list[str]:
        """Strings that must never appear in output, logs or recordings."""
        resolved = self.resolved()
        key = resolved.api_key
        found = [key.get_secret_value()] if key and len(key.get_secret_value()) >= 6 else []
        if resolved.base_url:
            import httpx  # only here: a brief that needs no LLM never imports the HTTP stack

            # The password of a user:password in the endpoint URL is a credential too (the user name is not,
            # and redacting a common word would rewrite the recorded messages).
            password = httpx.URL(resolved.base_url).password
            found += [password] if password and len(password) >= 6 else []
        return found


def make_backend(
    backend: str = "auto",
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    model_path: str | Path | None = None,
    mode: str | None = None,
    timeout: float | None = None,
    n_ctx: int | None = None,
) -> Backend:
    """A backend without the response cache: ``BackendConfig(...).build(cache=False)`` in one call."""
    config = BackendConfig.from_options(
        backend,
        model=model,
        base_url=base_url,
        api_key=api_key,
        model_path=model_path,
        mode=mode,
        timeout=timeout,
        n_ctx=n_ctx,
    )
    built = config.build(cache=False)
    if built is None:
        raise ConfigError("backend 'none' has no LLM")
    return built
