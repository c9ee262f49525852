"""When two tellings in one article are one item of the brief: the lists behind ``strategies.heuristic.merge``, as
data (``data/merging.yaml``) validated at load.

News tells one event, proposal or trade several times (headline, lede, a later paragraph, a quote). The merge rules
are structure (same category and kind, actors that agree, no conflicting date or place: docs/EXTRACTOR.md, "One event
told twice"); what is a list lives here: which proposal kinds put forward the same sort of thing (something asked of
the other side, or something given to it) and the words too common to tell two proposals' contents apart. Every
family carries a real example sentence (a dev fixture; never a held-out one) that ``tests/test_merging.py`` runs
through the finder.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, field_validator

from .data_files import RulesModel, data_path, parse_model, read_data
from .errors import ConfigError
from .lexicon import Example

__all__ = ["MergeRules", "ProposalFamily", "load_merge_rules", "parse_merge_rules"]


class ProposalFamily(RulesModel):
    """Proposal kinds (the lexicon's ``kind`` of a proposals class) that put forward the same sort of thing."""

    family: str = Field(min_length=2)
    kinds: list[str] = Field(min_length=1, description="Lexicon proposal kinds of this family.")
    example: Example


class MergeRules(RulesModel):
    proposal_families: list[ProposalFamily] = Field(min_length=1)
    #: Words that say nothing about what a proposal puts forward ("that", "with"): left out when two proposals'
    #: contents are compared.
    function_words: frozenset[str] = Field(min_length=1)

    @field_validator("proposal_families")
    @classmethod
    def _each_kind_once(cls, families: list[ProposalFamily]) -> list[ProposalFamily]:
        seen: dict[str, str] = {}
        for f in families:
            for k in f.kinds:
                if k in seen:
                    raise ValueError(f"proposal kind {k!r} is in two families ({seen[k]}, {f.family})")
                seen[k] = f.family
        return families

    @field_validator("function_words")
    @classmethod
    def _lower(cls, words: frozenset[str]) -> frozenset[str]:
        if any(w != w.casefold() for w in words):
            raise ValueError("function words are written in lower case")
        return words

    def family(self, kind: str) -> str:
        """The family of a proposal kind; a kind no family lists is its own."""
        return next((f.family for f in self.proposal_families if kind in f.kinds), kind)


def parse_merge_rules(text: str, origin: str = "merging") -> MergeRules:
    rules = parse_model(text, MergeRules, origin, "merge rules")
    from .lexicon import load_lexicon
    from .schema import Category

    # A family may only name kinds the lexicon gives proposals, so a typo cannot silently make a family of its own.
    known = {c.kind for c in load_lexicon().classes if c.category is Category.proposals}
    unknown = sorted({k for f in rules.proposal_families for k in f.kinds} - known)
    if unknown:
        raise ConfigError(f"{origin}: proposal kinds the lexicon does not have: {', '.join(unknown)}")
    return rules


@lru_cache(maxsize=1)
def load_merge_rules() -> MergeRules:
    return parse_merge_rules(read_data("merging.yaml"), data_path("merging.yaml"))
