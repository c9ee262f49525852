"""Extraction strategies: how an article becomes a ``DraftBrief``.

One registry, ``STRATEGIES``: the CLI's choices, the typed options and ``get_strategy`` all derive from it.
Each entry imports its module only when the strategy is made.

- ``oneshot``: one call for the whole brief (capable API models).
- ``guided``: the structured extractor (``summarizer.extractor``: spaCy parse + lexicon) finds candidates and
  their roles; a small model may fill slots under a grammar. Measured, SmolLM2 no longer helps, so by default
  it is asked nothing (docs/EXTRACTOR.md).
- ``guided-all``: the model asked every slot it could decide, and to confirm each event (for comparison).
- ``heuristic``: the structured extractor with no model at all; the floor every eval matrix shows.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import ConfigError
from .base import Extraction, Strategy, combined_hash

__all__ = ["STRATEGIES", "Extraction", "Strategy", "StrategyInfo", "combined_hash", "get_strategy"]


@dataclass(frozen=True)
class StrategyInfo:
    name: str
    summary: str
    #: ``module:function`` called as ``function(prompt)`` (``prompt`` overrides the one-shot template).
    factory: str
    needs_llm: bool = True

    def make(self, prompt: str | None = None) -> Strategy:
        module, _, attr = self.factory.partition(":")
        build: Callable[[str | None], Strategy] = getattr(importlib.import_module(module, __name__), attr)
        return build(prompt)


STRATEGIES: dict[str, StrategyInfo] = {
    s.name: s
    for s in (
        StrategyInfo(
            "oneshot",
            "the whole brief in one call (capable API models); long articles are chunked and merged",
            ".chunked:make_oneshot",
        ),
        StrategyInfo(
            "guided",
            "rules find candidates, the model fills small constrained slots (default for local)",
            ".guided:make_guided",
        ),
        StrategyInfo(
            "guided-all",
            "guided, with the model asked every slot and to confirm each event (for comparison)",
            ".guided:make_guided_all",
        ),
        StrategyInfo("heuristic", "the rules alone, no LLM: the floor every eval shows", ".heuristic:make", False),
    )
}


def get_strategy(name: str, prompt: str | None = None) -> Strategy:
    """``prompt`` overrides the one-shot template (e.g. ``brief-v2``); the guided prompts are fixed per version."""
    info = STRATEGIES.get(name)
    if info is None:
        raise ConfigError(f"unknown strategy {name!r}; choose one of {', '.join(STRATEGIES)}")
    return info.make(prompt)
