"""Extraction strategies: how an article becomes a ``DraftBrief``.

- ``oneshot``: one call for the whole brief (capable API models).
- ``guided``: the structured extractor (``summarizer.extractor``: spaCy parse + lexicon) finds candidates and
  their roles; a small model may fill slots under a grammar. Measured, SmolLM2 no longer helps, so by default
  it is asked nothing (docs/EXTRACTOR.md).
- ``guided-all``: the model asked every slot it could decide, and to confirm each event (for comparison).
- ``heuristic``: the structured extractor with no model at all; the floor every eval matrix shows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Protocol

from ..backends.base import Backend
from ..errors import ConfigError
from ..inputs import Article
from ..prompts import PromptLibrary
from ..schema import DraftBrief, Usage


@dataclass
class Extraction:
    draft: DraftBrief
    usage: Usage = field(default_factory=Usage)
    attempts: int = 0
    prompt_name: str = ""
    prompt_sha256: str = ""


class Strategy(Protocol):
    name: str

    async def extract(
        self,
        article: Article,
        backend: Backend | None,
        prompts: PromptLibrary,
        *,
        feedback: str | None = None,
    ) -> Extraction: ...


def combined_hash(*digests: str) -> str:
    return hashlib.sha256("".join(digests).encode()).hexdigest()


def get_strategy(name: str, prompt: str | None = None) -> Strategy:
    """``prompt`` overrides the one-shot template (e.g. ``brief-v2``); the guided prompts are fixed per version."""
    from ..chunking import ChunkedOneShot  # imported here: chunking imports this package
    from .guided import ALL_SLOTS, GuidedStrategy
    from .heuristic import HeuristicStrategy
    from .oneshot import OneShotStrategy

    table: dict[str, Strategy] = {
        # Long articles are split at sentence boundaries and merged; short ones pass straight through.
        "oneshot": ChunkedOneShot(OneShotStrategy(prompt) if prompt else OneShotStrategy()),
        "guided": GuidedStrategy(),
        "guided-all": GuidedStrategy(ALL_SLOTS, name="guided-all"),
        "heuristic": HeuristicStrategy(),
    }
    if name not in table:
        raise ConfigError(f"unknown strategy {name!r}; choose one of {', '.join(table)}")
    return table[name]


STRATEGIES = ("oneshot", "guided", "guided-all", "heuristic")
