"""Word classes of the parse that the finder's parts share: entity and dependency labels, modals, subordinators of
time and condition, dateline patterns, and the reader of a lexicon arc spec (``_arcs``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token


#: Entity labels that can name an actor (non-state groups included) and a place.
ACTOR_LABELS = frozenset({"ORG", "NORP", "PERSON", "GPE"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Prepositions that introduce where something happened.
PLACE_PREPS = frozenset({"in", "at", "near", "on", "over", "off", "outside", "across", "into", "around", "inside"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "poss", "nummod"})
_OBJECT_DEPS = frozenset({"dobj", "pobj", "nsubjpass", "attr", "oprd", "acomp"})
_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "conj", "parataxis", "cc", "punct", "mark", "csubj"})
_MODALS_FUTURE = frozenset({"will", "shall", "'ll", "wo"})
#: Prepositions that make an event noun the time frame of another ("during the visit, ... will conduct exercises").
_FRAME_PREPS = frozenset({"during", "throughout", "amid"})
#: ... for the visits, exercises and parades that frame other events (a war or an invasion stays an event of its own).
_FRAMED_KINDS = frozenset({"military_visit", "exercise", "parade"})
_MODALS_HYPO = frozenset({"could", "might", "may", "would", "should", "can"})
# Subordinators of a clause of time or cause, which tell their event as a fact ("since the ELN carried out a bombing").
_FACTIVE_MARKS = frozenset({"since", "after", "because"})
#: Prepositions of time or cause whose (definite) object is told as a fact ("Smith's allegations that she misled her
#: ... after the 2012 attack"): what governs the phrase gives the event no status.
_FACTIVE_PREPS = frozenset({"since", "after", "because", "following", "amid"})
_CONDITION_MARKS = frozenset({"if", "unless", "whether", "provided", "once"})
_ACRONYM = re.compile(r"[A-Z]{2,6}")
#: A dateline opening a story: a place in capitals, optionally the agency in brackets, then a dash.
_DATELINE = re.compile(r"^\s*[A-Z][A-Z.'’ ]{2,}(?:\s*,\s*[A-Z][\w.'’ ]+)?\s*,?\s*(?:\([^)]{1,80}\))?\s*(?:--|—|–|-)\s+")
#: ... or a colon ("NEW DELHI (PTI): Japanese Defence Minister Itsunori Onodera arrived", "TEHRAN: Iran’s President").
_DATELINE_COLON = re.compile(r"^\s*[A-Z][A-Z.'’ ]{2,}(?:\s*,\s*[A-Z][\w.'’ ]+)?\s*(?:\([^)]{1,80}\))?\s*:\s+")
#: ... or a place, its country and a date before the dash ("BAGRAM Airfield, Afghanistan, Dec. 9, 2016 – The United
#: States Secretary of Defense made a stop here").
_DATELINE_DATED = re.compile(
    r"^\s*[A-Z][A-Z.'’]+(?: [A-Z][\w.'’]*)*(?:\s*,\s*[A-Z][\w.'’ ]+)?\s*,"
    r"\s*[A-Z][a-z]{2,}\.? \d{1,2}, \d{4}\s*(?:--|—|–|-)\s+"
)


def _arcs(tok: Token, spec: str) -> list[Token]:
    """The tokens an arc spec points to from ``tok`` (see lexicon.py)."""
    if spec.startswith("prep:"):
        word = spec[5:]
        out = []
        for ch in tok.children:
            if ch.dep_ in ("prep", "agent", "dative") and ch.lower_ == word:
                out.extend(g for g in ch.children if g.dep_ in ("pobj", "pcomp"))
        return out
    if spec == "agent":
        return [g for ch in tok.children if ch.dep_ == "agent" for g in ch.children if g.dep_ == "pobj"]
    return [ch for ch in tok.children if ch.dep_ == spec]


_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
