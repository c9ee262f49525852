"""Deterministic candidate finding: which sentences may hold a proposal, an exchange or a military event,
which actors they name, and a first guess at each item's roles, status and certainty.

The no-LLM ``heuristic`` strategy uses these guesses as they are; the ``guided`` strategy lets a small
model choose among the same candidates where the rules cannot decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..gazetteer import Mention, affiliation, find_actors, is_media
from ..schema import Certainty, EventKind, EventStatus, ExchangeStatus, ProposalStatus
from ..sentences import Sentence


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(parts), re.IGNORECASE)


PROPOSAL_CUES = _rx(
    r"\bpropos(?:e|ed|es|ing|al|als)\b",
    r"\boffer(?:ed|s|ing)?\b(?! contracts)",
    r"\bcall(?:ed|s|ing)? for\b",
    r"\burg(?:e|ed|es|ing)\b",
    r"\bsuggest(?:ed|s|ing)?\b",
    r"\b(?:promis|vow)(?:ed|es|e|s)?\b(?=.*\bif\b)",
    r"\bwants? (?:a |to )",
    r"\bready to start\b",
)
EXCHANGE_CUES = _rx(
    r"\bin exchange\b",
    r"\bin return\b",
    r"\bswap\b",
    r"\bquid pro quo\b",
    r"\b\w+-for-\w+\b",
    r"\bfor [\w\s-]{0,20}advice\b",
    r"\bdepends? on\b",
    r"\blinked\b",
    r"\bif (?:washington|kyiv|the|it|they)\b.{0,80}\b(?:allow|sell|withdr|approv|ratif|renounc)",
    r"\bbefore taking any steps\b",
    r"\brequested .{0,60}\bto provide\b",
    r"\basked .{0,40}\bto offer\b",
)
EVENT_CUES: list[tuple[EventKind, re.Pattern[str]]] = [
    (
        EventKind.missile_launch,
        _rx(
            r"\blaunch(?:ed|es|ing)?\b.{0,60}\b(?:missiles?|ICBMs?|rockets?)\b",
            r"\b(?:missiles?|ICBMs?)\b.{0,40}\blaunch",
            r"\bfired\b.{0,40}\bmissiles?\b",
            r"\bmissile launch\b",
            r"\blaunch(?:ed|es)? a suspected\b",
        ),
    ),
    (
        EventKind.weapons_test,
        _rx(
            r"\b(?:nuclear|missile|weapons?) tests?\b",
            r"\btest(?:ed|ing)?\b.{0,30}\b(?:missile|weapon|warhead)",
            r"\btesting activities\b",
        ),
    ),
    (
        EventKind.arms_transfer,
        _rx(
            r"\b(?:suppl(?:y|ied|ying)|sen(?:t|ds|ding)|deliver(?:ed|ies|ing)?|transport(?:ed)?|shipments?)\b"
            r".{0,80}\b(?:arms|weapons|munitions?|ammunition|shells|rounds|missiles)\b",
            r"\b(?:arms|artillery|munitions?|weapons?) (?:shipments|deliveries|supplies)\b",
        ),
    ),
    (EventKind.parade, _rx(r"\bparade\b")),
    (
        EventKind.military_visit,
        _rx(
            r"\bvisit(?:ed|s|ing)?\b.{0,60}\b(?:exhibition|base|military|defen[cs]e|north|pyongyang)\b",
            r"\b(?:defen[cs]e minister|defence minister|DM)\b.{0,60}\bvisit",
            r"\bgave .{0,40}\ba tour\b",
            r"\bshows? new military\b",
            r"\bvisited the north\b",
        ),
    ),
    (EventKind.exercise, _rx(r"\b(?:drills?|exercises?|manoeuvres?|maneuvers?|war games|rehearsal)\b")),
    (
        EventKind.deployment,
        _rx(
            r"\bdeploy(?:ed|s|ing|ment)?\b",
            r"\bdispatched\b",
            r"\bset sail\b",
            r"\b(?:troops|columns) (?:will )?(?:return|advanc|mov)",
            r"\badvancing on\b",
        ),
    ),
    (
        EventKind.strike,
        _rx(
            r"\bstrikes?\b(?! a )",
            r"\battack(?:ed|s)?\b",
            r"\bshell(?:ed|ing)\b",
            r"\bbomb(?:ed|ing)\b",
            r"\binvasion\b",
        ),
    ),
]
ATTRIBUTION = _rx(
    r"\baccording to\b",
    r"\bciting\b",
    r"\breported\b",
    r"\bsaid\b",
    r"\btold\b",
    r"\bconfirmed\b",
    r"\bclaims?\b",
    r"\bstate media\b",
)
_ATTR_SOURCE_AFTER = re.compile(r"\b(?:according to|citing)\s+", re.IGNORECASE)
_SAID_BY = re.compile(
    r"^(?:'s)?[\s,]*(?:\w+\s+){0,2}?(?:said|says|reported|reports|told|confirmed|claimed|noted|added|commented|"
    r"announced|stated|revealed)\b",
    re.IGNORECASE,
)

SPECULATIVE = _rx(
    r"\bcould\b",
    r"\bmay\b",
    r"\bmight\b",
    r"\bexpected\b",
    r"\banticipated\b",
    r"\bassumed\b",
    r"\blikely\b",
    r"\bestimated\b",
    r"\bpotential\b",
)
OPINION = _rx(r"\bseems?\b", r"\bpersonal opinion\b", r"\bbelieves?\b", r"\bin (?:my|his|her) view\b")
CLAIMED = _rx(r"\bclaim(?:s|ed)?\b", r"\balleg(?:e|ed|es|ing)\b", r"\baccused\b")
CONFIRMED = _rx(r"\bconfirmed\b", r"\bofficially\b", r"\bannounced\b", r"\bstatement\b", r"\bsigned\b")
REPORTED = _rx(r"\breported(?:ly)?\b", r"\baccording to\b", r"\bciting\b", r"\bsaid\b")
FUTURE = _rx(r"\bwill\b", r"\bplans? to\b", r"\bexpected to\b", r"\bto be held\b", r"\bupcoming\b", r"\bwould\b")
ONGOING = _rx(r"\bongoing\b", r"\bcontinu(?:e|es|ing)\b", r"\bunder way\b", r"\bkick(?:s|ed)? off\b")

#: Actor kinds that can be a party to a proposal, an exchange or an event (outlets and agencies cannot).
PARTY_KINDS = {"state", "person", "military", "organization"}


@dataclass
class SentenceInfo:
    sentence: Sentence
    mentions: list[Mention]
    sources: list[str]
    parties: list[Mention]
    lowered: str = field(default="")


def _source_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _ATTR_SOURCE_AFTER.finditer(text):
        end = text.find(",", m.end())
        spans.append((m.end(), end if end > 0 else min(len(text), m.end() + 80)))
    return spans


def analyse(sentence: Sentence) -> SentenceInfo:
    mentions = find_actors(sentence.text)
    spans = _source_spans(sentence.text)
    sources: list[str] = []
    parties: list[Mention] = []
    for m in mentions:
        in_source = any(a <= m.start < b for a, b in spans)
        # "NIS also confirmed", "Yoo commented": an organisation or person followed by a speech verb is
        # the source of the sentence, not a party to what it reports.
        speaks = m.kind.value in {"organization", "person"} and bool(_SAID_BY.match(sentence.text[m.end :]))
        if is_media(m.name) or in_source:
            if m.name not in sources:
                sources.append(m.name)
            continue
        if speaks:
            if m.name not in sources:
                sources.append(m.name)
            continue
        if m.kind.value in PARTY_KINDS:
            parties.append(m)
    return SentenceInfo(sentence, mentions, sources, parties)


def party_name(m: Mention) -> list[str]:
    """A person or state organ stands for their state too, so both are listed (state first)."""
    state = affiliation(m.name)
    if state and state != m.name:
        return [state, m.name]
    return [m.name]


def unique_states(parties: list[Mention]) -> list[str]:
    out: list[str] = []
    for m in parties:
        name = party_name(m)[0]
        if name not in out:
            out.append(name)
    return out


def certainty_of(text: str) -> Certainty:
    if OPINION.search(text):
        return Certainty.opinion
    if SPECULATIVE.search(text):
        return Certainty.speculative
    if CLAIMED.search(text):
        return Certainty.claimed
    if CONFIRMED.search(text):
        return Certainty.confirmed
    return Certainty.reported


def proposal_status(text: str) -> ProposalStatus:
    t = text.lower()
    if re.search(r"\breject|\brefus|\bnonstarter\b", t):
        return ProposalStatus.rejected
    if re.search(r"\baccept(?:ed|s)\b|\bagreed\b", t):
        return ProposalStatus.accepted
    if re.search(r"\bconsider", t):
        return ProposalStatus.under_consideration
    if re.search(r"\bidea\b|\bfloat", t):
        return ProposalStatus.floated
    return ProposalStatus.proposed


def exchange_status(text: str) -> ExchangeStatus:
    t = text.lower()
    if re.search(r"\breleased\b|\bfreed\b|\barrived\b|\btransferred\b|\bhas supplied\b|\bsends?\b|\bsupplying\b", t):
        return ExchangeStatus.carried_out
    if re.search(r"\bagree(?:d|ment)\b|\bdeal\b", t):
        return ExchangeStatus.agreed
    if re.search(r"\brequest(?:ed)?\b|\basked\b", t):
        return ExchangeStatus.requested
    if re.search(r"\bif\b|\boffer|\bpromis|\bvow", t):
        return ExchangeStatus.offered
    if SPECULATIVE.search(t):
        return ExchangeStatus.speculated
    return ExchangeStatus.alleged


def event_status(text: str) -> EventStatus:
    if re.search(r"\bpropos", text, re.IGNORECASE):
        return EventStatus.proposed
    if FUTURE.search(text):
        return EventStatus.planned
    if ONGOING.search(text):
        return EventStatus.ongoing
    return EventStatus.occurred


def event_kinds(text: str) -> list[tuple[EventKind, int]]:
    """Every event kind cued in the sentence, with the cue's position, in priority order."""
    found = []
    for kind, pattern in EVENT_CUES:
        m = pattern.search(text)
        if m:
            found.append((kind, m.start()))
    return found


def split_roles(info: SentenceInfo, cue_at: int) -> tuple[list[Mention], list[Mention]]:
    before = [m for m in info.parties if m.start < cue_at]
    after = [m for m in info.parties if m.start >= cue_at]
    return before, after


def phrase_after(text: str, at: int, words: int = 16) -> str:
    tail = re.split(r"[,.;:]", text[at:], maxsplit=1)[0]
    return " ".join(tail.split()[:words])
