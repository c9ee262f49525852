"""The ``oneshot`` strategy for articles of any length: split at sentence boundaries, one call per chunk,
drafts merged (the splitting and merging themselves live in ``summarizer.chunking``)."""

from __future__ import annotations

import asyncio

from ..backends.base import Backend
from ..chunking import DEFAULT_MAX_CHARS, Chunk, chunks_cached, max_chars_for, merge_drafts
from ..errors import ConfigError
from ..inputs import Article
from ..prompts import PromptLibrary
from ..schema import Usage
from .base import Extraction
from .oneshot import OneShotStrategy


class ChunkedOneShot:
    """The ``oneshot`` strategy for articles of any length: one call per chunk, drafts merged.

    An article that fits in one chunk goes to ``OneShotStrategy`` unchanged (same prompt, same cache
    key), so short articles behave exactly as before.
    """

    name = "oneshot"

    def __init__(
        self,
        inner: OneShotStrategy | None = None,
        *,
        max_chars: int = DEFAULT_MAX_CHARS,
        overlap_sentences: int = 1,
        concurrency: int = 4,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.inner = inner or OneShotStrategy()
        self.max_chars = max_chars
        self.overlap_sentences = overlap_sentences
        self.concurrency = concurrency

    def limit_for(self, backend: Backend | None, prompts: PromptLibrary) -> int:
        return max_chars_for(backend, prompts, self.inner.prompt, self.inner.max_tokens, self.max_chars)

    def chunks_for(self, article: Article, backend: Backend | None, prompts: PromptLibrary) -> list[Chunk]:
        limit = self.limit_for(backend, prompts)
        if len(article.text) <= limit:
            return [Chunk(0, 0, len(article.text), article.text)]
        return list(chunks_cached(article.text, limit, self.overlap_sentences))

    async def extract(
        self,
        article: Article,
        backend: Backend | None,
        prompts: PromptLibrary,
        *,
        feedback: str | None = None,
    ) -> Extraction:
        if backend is None:
            raise ConfigError("the oneshot strategy needs an LLM backend")
        if len(article.text) <= self.limit_for(backend, prompts):
            return await self.inner.extract(article, backend, prompts, feedback=feedback)
        # Segmenting 50,000 words takes seconds of CPU: off the event loop, so the other articles of a
        # batch keep their requests moving meanwhile.
        chunks = await asyncio.to_thread(self.chunks_for, article, backend, prompts)

        # Each call is independent, so they run side by side; the bound keeps one long article from
        # taking all of a rate limit that a batch shares (the local backend serialises them anyway).
        gate = asyncio.Semaphore(self.concurrency)

        async def one(chunk: Chunk) -> Extraction:
            # Same metadata (title, publication date for relative dates), the chunk's text. The re-ask
            # feedback goes to every chunk: the strategy keeps no state saying which chunk's quote missed.
            part = Article(text=chunk.text, meta=article.meta, id=article.id)
            async with gate:
                return await self.inner.extract(part, backend, prompts, feedback=feedback)

        results = await asyncio.gather(*(one(c) for c in chunks))
        usage = Usage()
        for r in results:
            usage.add(r.usage)
        return Extraction(
            draft=merge_drafts([r.draft for r in results]),
            usage=usage,
            attempts=sum(r.attempts for r in results),
            prompt_name=results[0].prompt_name,
            prompt_sha256=results[0].prompt_sha256,
        )


def make_oneshot(prompt: str | None = None) -> ChunkedOneShot:
    # Long articles are split at sentence boundaries and merged; short ones pass straight through.
    return ChunkedOneShot(OneShotStrategy(prompt) if prompt else OneShotStrategy())
