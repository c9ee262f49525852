"""The embedded model: a GGUF file served by llama.cpp in-process, spoken to through the OpenAI protocol.

It is an ``OpenAIBackend`` whose transport is the in-process llama.cpp server (``llama_server``), so the
request it sends is exactly what a remote OpenAI-compatible server gets: instructor in JSON-schema mode,
which llama.cpp turns into a grammar that constrains every token to the response model's schema.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .llama_server import IN_PROCESS_BASE_URL, AsyncLlamaTransport, LlamaServer, LlamaTransport
from .models import resolve_model_path
from .openai_compat import OpenAIBackend


class LocalBackend(OpenAIBackend):
    kind = "local"
    # Rules alone measured as well as rules + SmolLM2 (docs/EXTRACTOR.md): asked for no strategy, the
    # embedded model is not used.
    default_strategy = "heuristic"
    # A small model asked for more than it can say rambles to the end of its context: bound every answer.
    default_max_tokens = 512

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        model: str | None = None,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        timeout: float = 600.0,
    ) -> None:
        self.path = resolve_model_path(model_path, model)
        self.n_ctx = n_ctx
        self.server = LlamaServer.shared(self.path, n_ctx=n_ctx, n_threads=n_threads)
        super().__init__(
            self.path.name,
            base_url=IN_PROCESS_BASE_URL,
            mode="json_schema",
            timeout=timeout,
            # An in-process call cannot be rate-limited or dropped: a failure is a real one, said once.
            transport_retries=0,
            transport=LlamaTransport(self.server),
            async_transport=AsyncLlamaTransport(self.server),
        )

    def context_size(self) -> int | None:
        return self.n_ctx

    def secrets(self) -> list[str]:
        return []

    def identity(self) -> dict[str, Any]:
        return {
            "backend": self.kind,
            "model": self.model,
            "path_size": self.path.stat().st_size,
            "n_ctx": self.n_ctx,
        }
