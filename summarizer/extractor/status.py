"""How a trigger is told: who says so, what the words that govern it say of it (negated, refused, cancelled, denied,
planned, hypothetical, proposed, accepted, under way) and how sure the telling is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..gazetteer import affiliation, is_media
from ..schema import Category, Certainty
from ..sentences import ends_like_a_sentence
from .actors import (
    _party_at,
    _role_phrase,
    _Sentence,
)
from .arcs import (
    _according_to,
    _status_governors,
)
from .conditions import _prospect
from .index import _Entry, _Index, _lemma
from .places import _placed_organ
from .syntax import _CONDITION_MARKS, _FACTIVE_MARKS, _FACTIVE_PREPS, _MODALS_FUTURE, _MODALS_HYPO, _arcs

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def _hedges(tok: Token, chain: list[Token], sent: Span) -> set[str]:
    """The sentence's words that may hedge the event ``tok``: all but an adjective on some other noun. "On Tuesday,
    *suspected* militants shot and killed two police officers" doubts who did it, not that it happened
    (GUIDELINES §7.1: `speculative` is for an event expected, assumed, that could be); "the *expected* visit" still
    hedges its own noun."""
    own = {tok.i, *(t.i for t in chain)}
    kept = [t for t in sent if not (t.dep_ == "amod" and t.head.pos_ in ("NOUN", "PROPN") and t.head.i not in own)]
    return {_lemma(t) for t in kept} | {t.lower_ for t in kept}


def _certainty(
    tok: Token, chain: list[Token], sayer: Token | None, sent: Span, idx: _Index, hypothetical: bool
) -> Certainty:
    lemmas = {_lemma(t) for t in sent} | {t.lower_ for t in sent}
    gov = {_lemma(t) for t in chain}
    if gov & idx.cues["opinion"] or {"seem", "opinion"} & lemmas:
        return Certainty.opinion
    if hypothetical or _hedges(tok, chain, sent) & idx.cues["hedge_speculative"]:
        return Certainty.speculative
    say = _lemma(sayer) if sayer is not None else ""
    if say in idx.cues["claimed"] or say in idx.cues["denial"] or {"allegedly", "purportedly"} & lemmas:
        return Certainty.claimed
    if lemmas & idx.cues["hedge_reported"]:
        return Certainty.reported
    if say in idx.cues["confirmed"] or lemmas & idx.cues["confirmed"]:
        return Certainty.confirmed
    return Certainty.reported


# A headline that credits its source ("... for satellite advice: S Korea", "... troops - national television",
# "Syria: Hamas ready to agree ..."): the claim is that source's, not the outlet's.
_HEADLINE_CREDIT = re.compile(
    r"(?: - |\s[\u2013\u2014]\s*)[\w.'’ ]{2,30}$|:\s*[A-Z][\w.'’ ]{0,30}$|^[A-Z][\w.'’ ]{0,25}:\s(?=\S)"
)


def _stated_as_fact(sayer: Token | None, speakers: list[str], agents: list[str], sent: Span, idx: _Index) -> bool:
    """GUIDELINES §7.1 `confirmed`: the outlet states it with no one credited, or the acting party (its leaders,
    ministries, military) says so itself, even when another outlet relays it ("..., the press service of the
    Southern Military District said, Trend reports citing Sputnik"). A third party's word (an intelligence
    service, lawmakers, "reportedly") stays `reported`."""
    text = sent.text.strip()
    headline = not ends_like_a_sentence(text)
    if {_lemma(t) for t in sent} & idx.cues["hedge_reported"]:
        return False
    credited = headline and _HEADLINE_CREDIT.search(text) is not None
    if sayer is None and not speakers and not credited:
        return True
    states = {affiliation(a) or a for a in agents}
    return any((affiliation(s) or s) in states for s in speakers if not is_media(s))


@dataclass(frozen=True)
class _Status:
    """What the words that govern a trigger say of it: the flags of :class:`Found` that give its status, and the
    governing chain as cut at a clause of time or cause (the certainty is read from it)."""

    negated: bool
    refused: bool
    cancelled: bool
    denied: bool
    future: bool
    hypothetical: bool
    proposed: bool
    proposed_unowned: bool
    accepted: bool
    considered: bool
    ongoing: bool
    chain: list[Token]


def _status(
    tok: Token, anchor: Token | None, chain: list[Token], sayer: Token | None, entry: _Entry, s: _Sentence, idx: _Index
) -> _Status:
    """The status of a trigger from what governs it: negation on its own verb; refusal, cancel, plan, proposal,
    acceptance verbs above it; modals, conditions and questions; a clause or phrase of time or cause that tells its
    event as a fact."""
    t, cls = entry.trigger, entry.cls
    sent = s.parsed.span
    # Status: what governs the event (negation on its own verb, refusal/cancel/plan/proposal verbs above it).
    own = [tok] + ([anchor] if anchor is not None and anchor != tok else [])
    # "after the 2012 attack", "amid the fighting": a definite event named in a phrase of time or cause is told as a
    # fact, like a clause of time below; nothing above it governs it ("an attack" after "would retaliate" may be none)
    framed_by = (
        tok.head if tok.dep_ == "pobj" else (tok.head.head if tok.dep_ == "conj" and tok.head.dep_ == "pobj" else None)
    )
    definite = not any(c.dep_ == "det" and c.lower_ in ("a", "an", "any", "another") for c in tok.children)
    if tok.pos_ in ("NOUN", "PROPN") and definite and framed_by is not None and framed_by.lower_ in _FACTIVE_PREPS:
        own, chain = [tok], []
    # What a request or a plan above presupposes is not asked for: an attack or a war named with its maker in a
    # phrase ("seeking to beef up its military in the face of Russia's invasion of neighbouring Ukraine"), a past
    # participle stating a noun's state ("demanded the departure of French troops stationed in the country"). (Only
    # the proposal is lifted: "in case of China's invasion", "missiles launched from submarines could" stay supposed.)
    presupposed = (tok.pos_ == "VERB" and tok.dep_ == "acl" and tok.tag_ == "VBN") or (
        framed_by is not None
        and entry.kind in ("strike", "other")
        and any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in tok.children)
    )
    below_say = own + chain
    aux = {c.lower_ for v in below_say for c in v.children if c.dep_ in ("aux", "auxpass")}
    negs = {c.lower_ for v in own for c in v.children if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no")}
    marks = {c.lower_ for v in below_say for c in v.children if c.dep_ == "mark"}
    # "talks that have been suspended since the ELN carried out a bombing": a clause of time or cause is told as a
    # fact, so what governs the clause above it (suspended, would) is no status of the event it tells.
    low = anchor if anchor is not None else tok
    for n_c, v in enumerate(chain):
        if low.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _FACTIVE_MARKS for c in low.children):
            chain = chain[:n_c]
            below_say = own + chain
            aux = {c.lower_ for v in below_say for c in v.children if c.dep_ in ("aux", "auxpass")}
            marks = {c.lower_ for v in below_say for c in v.children if c.dep_ == "mark"}
            break
        low = v
    gov = {_lemma(v) for v in chain}
    # "sent a request for the purchase", "made an offer to buy": the object of a verb above the event can be
    # the proposal that carries it.
    gov_objects = {_lemma(c) for v in [*own, *chain] for c in v.children if c.dep_ == "dobj" and c != tok}
    cues = idx.cues
    negated = bool(negs)
    if cls.category is not Category.military_events:
        gov_status = _status_governors(anchor if anchor is not None else tok, chain)
    else:
        gov_status = gov
    refused = bool(gov_status & cues["refusal"])
    cancelled = bool(gov_status & cues["cancel"]) or any(
        _lemma(v) == "call" and any(c.lower_ == "off" for c in v.children) for v in chain
    )
    denied = bool(gov_status & cues["denial"]) or (sayer is not None and _lemma(sayer) in cues["denial"])
    # "said his troops would return": in reported speech "would" is the future seen from the past.
    reported_would = "would" in aux and sayer is not None and not marks & {"if", "unless", "whether"}
    # "To defend against any threats in the area, the Philippines would station its three BrahMos missile system
    # batteries": a "would" that no condition governs (no if/unless clause on the event's verbs) tells a plan
    conditions = {
        m.lower_ for v in own + chain for c in v.children if c.dep_ == "advcl" for m in c.children if m.dep_ == "mark"
    }
    reported_would = reported_would or (
        "would" in aux and cls.category is Category.military_events and not (marks | conditions) & _CONDITION_MARKS
    )
    if reported_would:
        aux = (aux - {"would"}) | {"will"}
    future = bool(aux & _MODALS_FUTURE or gov & cues["future"] or "going" in aux) or any(
        _lemma(c) in ("upcoming", "planned", "future", "forthcoming", "next") for c in tok.children
    )
    hypothetical = bool(
        aux & _MODALS_HYPO or marks & {"if", "unless", "whether"} or gov & cues["hypothetical"]
    ) or bool({_lemma(c) for v in below_say for c in v.children if c.dep_ == "advmod"} & cues["hypothetical"])
    # "Why do they ... commit acts of terrorism like this?", "Has Libya sponsored acts of terrorism?": a question asks,
    # it reports no event
    if cls.category is Category.military_events and sent.text.rstrip(" \"'”’").endswith("?"):
        hypothetical = True
    # "to deter any attacks", "measures to prevent attacks": an attack warded off is none that happened
    if cls.category is Category.military_events and (
        gov & idx.terms.get("averted", frozenset()) or any(c.dep_ == "det" and c.lower_ == "any" for c in tok.children)
    ):
        hypothetical = True
    if cls.category is Category.military_events and _prospect(tok, idx):
        hypothetical = True
    proposed = cls.category is not Category.proposals and bool((gov | gov_objects) & cues["propose"])
    # "Preliminary findings suggest all three attackers ... opened fire and then detonated explosives": a verb telling
    # what was done (past or perfect) under a verb of proposing is reported, not asked for; what is proposed is to come
    if presupposed or (
        proposed
        and tok.pos_ == "VERB"
        and (
            tok.tag_ == "VBD"
            or (tok.tag_ == "VBN" and any(_lemma(c) == "have" for c in tok.children if c.dep_ == "aux"))
        )
    ):
        proposed = False
    # "the proposed joint exercise, between Japan's Ground Self-Defense Force and the Indian Army": a participle of
    # proposing on the event noun proposes it, and names no one who proposes
    proposed_unowned = (
        not proposed
        and cls.category is Category.military_events
        and any(c.dep_ == "amod" and c.tag_ == "VBN" and _lemma(c) in cues["propose"] for c in tok.children)
    )
    proposed = proposed or proposed_unowned
    accepted = bool(gov & cues["accept"])
    considered = bool(gov & cues["consider"])
    if marks & {"if", "unless", "whether"} and cls.kind != "strike":
        # "promised ... to order a cease-fire ... if Kyiv started withdrawing troops": what a promise is conditional on
        # is not itself promised
        future = bool(aux & _MODALS_FUTURE)
    if (
        cls.kind == "arms_transfer"
        and "to" in aux
        and tok.dep_ not in ("acl", "relcl")
        and not (negated or refused or cancelled or denied)
    ):
        # "No date for the F-16s to be handed over ... was announced": a delivery in an infinitive is still to come
        # (not "the first British Challenger 2 main battle tank to arrive in Ukraine", which has arrived)
        future = True
    if t.planned and cls.category is Category.military_events and not (negated or refused or cancelled or denied):
        future = True  # "Denmark has ordered 27 F-35A fighter jets": what is ordered is still to be delivered
    ongoing = (
        (tok.tag_ == "VBG" and any(c.dep_ == "aux" and _lemma(c) == "be" for c in tok.children))
        or bool(gov & cues["ongoing"])
        or any(_lemma(c) == "ongoing" for c in tok.children)
    )
    # "Three Chinese warships have arrived on a four-day goodwill and training visit": a visit whose arrival is reported
    # has begun and is under way as the article is published (GUIDELINES §6 ongoing; §12 fifth batch, port calls)
    ongoing = ongoing or (
        entry.kind == "military_visit"
        and tok.pos_ == "NOUN"
        and anchor is not None
        and _lemma(anchor) in idx.terms.get("visit_begins", frozenset())
        and not (future or hypothetical or negated or refused or cancelled or proposed)
    )
    return _Status(
        negated,
        refused,
        cancelled,
        denied,
        future,
        hypothetical,
        proposed,
        proposed_unowned,
        accepted,
        considered,
        ongoing,
        chain,
    )


def _speakers(sayer: Token | None, s: _Sentence) -> tuple[list[str], list[tuple[int, int]]]:
    """Who says so: the subject of the verb of saying above a trigger (``sayer``), the "according to" sources and the
    media the sentence names, with the spans of the first two in the sentence."""
    sent = s.parsed.span
    speakers: list[str] = []
    speaker_spans: list[tuple[int, int]] = []
    for sp in ([*_arcs(sayer, "nsubj")] if sayer is not None else []) + _according_to(sent):
        speaker_spans.append(_role_phrase(sp))
        # "The rebels said they would halt attacks", "he told reporters": a speaker named by a description or a
        # pronoun is the named party it stands for (GUIDELINES §7.2: the source the article credits)
        speakers.extend(n for n in (_placed_organ(sp) or _party_at(sp, s)) if n not in speakers)
    for m in s.mentions:
        if is_media(m.name) and m.name not in speakers:
            speakers.append(m.name)
    return speakers, speaker_spans
