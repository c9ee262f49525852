"""LLM backends behind one interface, and how to pick one from options and the environment."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ConfigError
from .base import Backend, Completion
from .models import ModelInfo, available_models, resolve_model_path

__all__ = [
    "Backend",
    "Completion",
    "ModelInfo",
    "available_models",
    "resolve_model_path",
    "make_backend",
]

DEFAULT_API_MODEL = "gpt-4o-mini"


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
    """``auto`` means: an OpenAI-compatible endpoint when one is configured, else the embedded model."""
    base_url = base_url or os.environ.get("OPENAI_BASE_URL") or None
    api_key = api_key or os.environ.get("OPENAI_API_KEY") or None
    if backend == "auto":
        backend = "openai" if (base_url or api_key) and not model_path else "local"
    if backend == "local":
        from .local import LocalBackend

        return LocalBackend(model_path, model=model, n_ctx=n_ctx or 4096)
    if backend == "openai":
        from .openai_compat import OpenAIBackend

        return OpenAIBackend(
            model or os.environ.get("SUMMARIZER_MODEL") or DEFAULT_API_MODEL,
            base_url=base_url,
            api_key=api_key,
            mode=mode or os.environ.get("SUMMARIZER_MODE") or "tools",
            timeout=timeout or 120.0,
        )
    raise ConfigError(f"unknown backend {backend!r}; choose auto, local or openai")
