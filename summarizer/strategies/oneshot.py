"""One call for the whole brief: right for capable API models, fluent nonsense from a 135M one."""

from __future__ import annotations

from ..backends.base import Backend
from ..errors import ConfigError
from ..inputs import Article
from ..prompts import PromptLibrary
from ..schema import DraftBrief, DraftBriefV2
from .base import Extraction

PROMPT = "brief-v1"
# Prompt versions that ask for more than ``DraftBrief``; any other prompt gets ``DraftBrief`` unchanged.
RESPONSE_MODELS: dict[str, type[DraftBrief]] = {"brief-v2": DraftBriefV2}


class OneShotStrategy:
    name = "oneshot"

    def __init__(self, prompt: str = PROMPT, max_tokens: int = 2048) -> None:
        self.prompt = prompt
        self.max_tokens = max_tokens

    async def extract(
        self, article: Article, backend: Backend | None, prompts: PromptLibrary, *, feedback: str | None = None
    ) -> Extraction:
        if backend is None:
            raise ConfigError("the oneshot strategy needs an LLM backend")
        prompt = prompts.get(self.prompt)
        messages = prompt.messages(
            text=article.text,
            title=article.meta.title,
            published=article.meta.published.isoformat() if article.meta.published else None,
        )
        if feedback:
            messages.append({"role": "user", "content": feedback})
        model = RESPONSE_MODELS.get(prompt.name, DraftBrief)
        done = await backend.astructured(messages, model, max_tokens=self.max_tokens)
        return Extraction(done.value, done.usage, done.attempts, prompt.name, prompt.sha256)
