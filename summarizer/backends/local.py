"""llama.cpp in-process through llama-cpp-python, with output constrained by a grammar from the JSON Schema."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import ConfigError, OutputInvalid
from ..schema import Usage
from .base import Backend, Completion, T
from .models import resolve_model_path

_load_lock = threading.Lock()
_loaded: dict[tuple[str, int], Any] = {}


@atexit.register
def _close_models() -> None:
    # Freed explicitly while the interpreter is whole: left to __del__ at shutdown, llama-cpp-python's
    # teardown calls into already-collected globals and prints a TypeError traceback.
    for llm in _loaded.values():
        with contextlib.suppress(Exception):
            llm.close()
    _loaded.clear()


def _load(path: Path, n_ctx: int, n_threads: int | None, seed: int) -> Any:
    key = (str(path), n_ctx)
    with _load_lock:
        if key not in _loaded:
            try:
                from llama_cpp import Llama
            except ImportError as e:  # pragma: no cover - the dependency is declared
                raise ConfigError("llama-cpp-python is not installed: pip install llama-cpp-python") from e
            try:
                _loaded[key] = Llama(
                    model_path=str(path),
                    n_ctx=n_ctx,
                    n_threads=n_threads or max(1, os.cpu_count() or 1),
                    seed=seed,
                    verbose=False,
                )
            except (ValueError, RuntimeError) as e:
                raise ConfigError(f"cannot load model {path}: {e}") from None
        return _loaded[key]


@lru_cache(maxsize=256)
def _grammar_text(schema_json: str) -> str:
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    return json_schema_to_gbnf(schema_json)


def grammar_for(model: type[BaseModel]) -> Any:
    from llama_cpp import LlamaGrammar

    return LlamaGrammar.from_string(_grammar_text(json.dumps(model.model_json_schema())), verbose=False)


class LocalBackend(Backend):
    kind = "local"
    default_strategy = "guided"

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        model: str | None = None,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        seed: int = 0,
    ) -> None:
        self.path = resolve_model_path(model_path, model)
        self.model = self.path.name
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self.seed = seed
        # llama.cpp contexts are not thread-safe; calls through one model are serialised.
        self._lock = threading.Lock()

    @property
    def llm(self) -> Any:
        return _load(self.path, self.n_ctx, self.n_threads, self.seed)

    def identity(self) -> dict[str, Any]:
        return {**super().identity(), "path_size": self.path.stat().st_size, "n_ctx": self.n_ctx}

    def count_tokens(self, text: str) -> int:
        return len(self.llm.tokenize(text.encode("utf-8"), add_bos=False))

    def structured(self, messages, response_model: type[T], *, max_tokens=None, temperature=0.0, reasks=2):
        usage = Usage()
        grammar = grammar_for(response_model)
        convo = list(messages)
        last_error = ""
        for attempt in range(1, reasks + 2):
            with self._lock:
                out = self.llm.create_chat_completion(
                    messages=convo,
                    grammar=grammar,
                    temperature=temperature,
                    max_tokens=max_tokens or 512,
                    seed=self.seed,
                )
            u = out.get("usage") or {}
            usage.calls += 1
            usage.prompt_tokens += int(u.get("prompt_tokens", 0))
            usage.completion_tokens += int(u.get("completion_tokens", 0))
            choice = out["choices"][0]
            content = choice["message"].get("content") or ""
            if choice.get("finish_reason") == "length":
                # Cut off inside the JSON: asking again gets the same ramble, cut off again, at the same cost.
                raise OutputInvalid(
                    f"the local model's answer did not fit in max_tokens={max_tokens or 512} "
                    f"({usage.completion_tokens} tokens, cut off inside the JSON); small models cannot write "
                    "a whole brief in one call: use --strategy guided",
                    attempts=attempt,
                )
            try:
                return Completion(value=response_model.model_validate_json(content), usage=usage, attempts=attempt)
            except ValidationError as e:
                last_error = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors()[:5])
                # The same re-ask instructor does: show the model its answer and what was wrong with it.
                convo = [
                    *messages,
                    {"role": "assistant", "content": content},
                    {"role": "user", "content": f"That JSON is invalid ({last_error}). Answer again with valid JSON."},
                ]
        raise OutputInvalid(
            f"the local model's output did not validate after {reasks + 1} attempts: {last_error}", attempts=reasks + 1
        )
