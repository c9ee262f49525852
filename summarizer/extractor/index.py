"""The lexicon indexed for the finder: entries by lemma (and by glued compound), and the lemma and forms of a token
as the lexicon spells them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..lexicon import Lexicon, Trigger, VerbClass, load_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass(frozen=True)
class _Entry:
    cls: VerbClass
    trigger: Trigger

    @property
    def kind(self) -> str:
        """The kind the entry finds: the trigger's own where it overrides its class's ("fire" + a missile: a launch)."""
        return self.trigger.kind.value if self.trigger.kind else self.cls.kind


@dataclass
class _Index:
    lex: Lexicon
    single: dict[str, list[_Entry]]
    phrases: dict[str, list[_Entry]]
    terms: dict[str, frozenset[str]]
    support: frozenset[str]
    cues: dict[str, frozenset[str]]
    #: Prefixes a closed compound may glue to a trigger ("air" + "strikes"), longest first.
    prefixes: tuple[str, ...] = ()
    min_rest: int = 4
    #: Tokens that name a weapon system by its designation ("F-16s", "P-3"), or None.
    designation: re.Pattern[str] | None = None
    #: Single-word triggers of an arms transfer ("deliver", "shipment"), for a delivery noun that tells one again.
    transfer_words: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _default_index() -> _Index:
    return _index(load_lexicon())


def _index(lex: Lexicon) -> _Index:
    single: dict[str, list[_Entry]] = {}
    phrases: dict[str, list[_Entry]] = {}
    for cls in lex.classes:
        for t in cls.triggers:
            table = phrases if len(t.phrase) > 1 else single
            table.setdefault(t.phrase[0], []).append(_Entry(cls, t))
    return _Index(
        lex,
        single,
        phrases,
        {k: frozenset(v) for k, v in lex.terms.items()},
        frozenset(lex.support_verbs),
        {k: frozenset(v.lemmas) for k, v in lex.cues.items()},
        tuple(sorted(lex.compounds.prefixes, key=len, reverse=True)) if lex.compounds else (),
        lex.compounds.min_rest if lex.compounds else 4,
        re.compile(lex.designations.pattern) if lex.designations else None,
        frozenset(k for k, es in single.items() if any(e.cls.kind == "arms_transfer" for e in es)),
    )


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _forms(tok: Token) -> list[str]:
    """The keys a token may match a single-word trigger by: its lemma, its lowercase form, and, where the small
    model left a capitalised or unknown plural noun as it was ("Airstrikes" tagged PROPN, lemma "Airstrikes"),
    that plural's singular."""
    lem = _lemma(tok)
    out = [lem]
    low = tok.lower_
    if low != lem:
        out.append(low)
    if lem == low and tok.tag_ in ("NNS", "NNPS", "NNP") and len(low) > 4 and low.endswith("s"):
        out.append(low[:-2] if low.endswith(("ches", "shes", "sses", "xes")) else low[:-1])
    return out


def _glued(key: str, idx: _Index) -> tuple[str, str] | None:
    """(prefix, trigger lemma) when ``key`` is a closed compound of a listed prefix and a single-word trigger
    ("gunfire" = gun + fire, "counterattacks" → counter + attack)."""
    for pre in idx.prefixes:
        if key.startswith(pre):
            rest = key[len(pre) :].lstrip("-")
            if len(rest) >= idx.min_rest and rest in idx.single:
                return pre, rest
    return None
