"""LLM backends behind one interface. Which one to make, from options and the environment, is
``summarizer.config``'s job (``BackendConfig.build``)."""

from __future__ import annotations

from .base import Backend, Completion
from .models import ModelInfo, available_models, resolve_model_path

__all__ = [
    "Backend",
    "Completion",
    "ModelInfo",
    "available_models",
    "resolve_model_path",
]
