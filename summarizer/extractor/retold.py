"""Tellings of one event: a definite noun with no actor of its own that refers back to an earlier telling takes that
telling's actors, or its parties."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..nlp import Parsed
from ..schema import Category, Certainty
from ..sentences import ends_like_a_sentence
from .found import Found, _trigger_token
from .syntax import _DEFINITE

if TYPE_CHECKING:
    from spacy.tokens import Token


def _refers_back(tok: Token) -> bool:
    """A trigger noun under a definite or demonstrative determiner: "the attack", "that attack", "the joint exercises"
    point at an event the article has told, not at a new one."""
    return tok.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in tok.children)


def _stands_as_told(f: Found) -> bool:
    """A telling of a proposal or trade that states it was made: not one that asks whether, denies or imagines it."""
    return (
        not (f.hypothetical or f.negated or f.refused or f.denied or f.cancelled)
        and f.certainty is not Certainty.speculative
    )


def _asserted(f: Found) -> bool:
    """A telling that states the event happened or will: not one that asks whether, denies, refuses or only proposes
    it ("The official did not say whether Guzman's Sinaloa drug cartel ... was responsible for the ambush"), nor a
    count of many."""
    return _stands_as_told(f) and not (f.proposed or f.aggregate)


def _told_as_sentence(f: Found) -> bool:
    """Whether a telling ends like a sentence: a line that does not, inside an article, is a related story's headline
    ("More from GlobalPost: FARC rebel leader Cano killed in Colombia", fixture
    colombia_villa_rica_police_station_attack_2012; "ISIS CLAIMS RESPONSIBILITY FOR DEADLY AFGHANISTAN MINIVAN BLAST",
    fixture pakistan_militants_kill_three_police_lachi_checkpoint_2024), no telling of the story's own events. The
    article's first line, its own headline, is one."""
    return ends_like_a_sentence(f.sentence.text)


def _last_telling(found: list[Found], i: int, order: dict[int, int], window: int, *, same_kind: bool) -> list[Found]:
    """The tellings of ``found[i]``'s category (and kind, with ``same_kind``) in the nearest earlier sentence, within
    ``window`` sentences, that ends like a sentence or is the headline: what a definite noun naming it again refers
    back to (``_retold_actors``, ``_retold_parties``). Empty when there is none. ``order`` maps a sentence's start to
    its index."""
    f = found[i]
    at = order.get(f.sentence.start)
    if at is None:
        return []
    earlier = [
        g
        for g in found[:i]
        if g.category is f.category
        and (not same_kind or g.kind == f.kind)
        and g.sentence.start != f.sentence.start
        and 0 < at - order.get(g.sentence.start, -(window + 1)) <= window
        and (_told_as_sentence(g) or order.get(g.sentence.start) == 0)
    ]
    if not earlier:
        return []
    last = earlier[-1].sentence.start
    return [g for g in earlier if g.sentence.start == last]


def _retold_actors(found: list[Found], parsed: list[Parsed], window: int, general: frozenset[str]) -> None:
    """An event named again by a definite noun, with no actor of its own ("Gunmen attacked a UN base ... The UN
    Security Council condemned the attack", "Russia and China on Thursday started joint military exercises ... The
    joint exercises are to run through Sunday"), is the event told just before: its actor is that telling's. The
    telling is the nearest earlier sentence (within ``window`` sentences) that holds an event of the same kind; when
    that sentence's events of the kind name no actor, or name different ones, no actor is taken (the reference is
    unclear). A specific noun ("the mass shootings", "the bombardment") is a retelling only of a telling in the same
    word; a general one of its kind (the lexicon's ``retelling_noun``: "the attack", "the drills") of any telling of the
    kind. Told in another sentence, so ``has_subject`` stays False."""
    order = {p.start: n for n, p in enumerate(parsed)}
    for i, f in enumerate(found):
        if f.category is not Category.military_events or f.agents or f.aggregate or f.indefinite:
            continue
        if f.kind == "other":
            continue  # "the war", "the battle": fought by sides, not made by the one actor a telling names
        tok = _trigger_token(f)
        if tok is None or not _refers_back(tok):
            continue
        told = _last_telling(found, i, order, window, same_kind=True)
        if not told:
            continue
        actors = {tuple(g.agents) for g in told}
        if len(actors) != 1 or not told[0].agents or not all(_asserted(g) for g in told):
            continue
        if told[-1].common_agent and not told[-1].irregular_agent:
            continue  # "the bombings were staged by terrorist groups": a noun the brief names nobody by
        g = told[-1]
        if f.lemma != g.lemma and f.lemma not in general:
            continue
        f.retells = g
        f.agents = list(g.agents)
        f.common_agent, f.irregular_agent, f.has_subject = g.common_agent, g.irregular_agent, False
        f.states = {**g.states, **f.states}


def _sides(f: Found) -> set[str]:
    return set(f.agents) | set(f.others) | set(f.partners)


def _retold_parties(found: list[Found], parsed: list[Parsed], window: int, general: frozenset[str]) -> None:
    """A proposal or a trade named again by a definite noun whose own sentence does not name its maker or its two sides
    ("Russia has proposed holding a trilateral naval exercise with North Korea and China" / "The proposal came when
    Russia's defence minister Sergei Shoigu met with North Korea's leader", fixture
    seed-russia-trilateral-naval-exercise; "South Korea's biggest ever arms deal, clinched last month with Poland" /
    "Poland agreed to buy 180 K2 tanks ... under the deal", fixture south_korea_poland_k2_k9_contracts_2022; both dev)
    is the one told just before: its parties are that telling's, the way ``_retold_actors`` reads an event named again.
    The telling is the nearest earlier sentence (within ``window`` sentences, a line that ends like a sentence or the
    headline) that holds a proposal (a trade) in the same word, or in any word when the noun is a general one (term list
    ``retelling_deal_noun``: "the proposal", "the deal"). It is taken only when every telling of the category in that
    sentence names the same parties, is of the same kind for a proposal ("the offer" after "Iran wanted me to lift the
    sanctions": Iran's request is not the offer the article is about, fixture
    rouhani_says_us_offered_to_lift_sanctions_for_talks, dev), states the proposal or trade as made (not denied,
    refused, imagined), names a proposer (both sides), and agrees with what the retelling names itself (its addressee,
    its one side). Otherwise nothing: the reference is unclear. A noun with a possessor ("his offer") is left to the
    antecedent rules, which read the possessor. Told in another sentence: ``has_subject`` is False and ``retells``
    points at the telling."""
    order = {p.start: n for n, p in enumerate(parsed)}
    for i, f in enumerate(found):
        if f.category is Category.proposals:
            if f.agents:
                continue
        elif f.category is Category.exchanges:
            if len(_sides(f)) >= 2:
                continue
        else:
            continue
        tok = _trigger_token(f)
        if tok is None or not _refers_back(tok) or any(c.dep_ == "poss" for c in tok.children):
            continue
        told = _last_telling(found, i, order, window, same_kind=False)
        if not told:
            continue
        g = told[-1]
        if f.lemma != g.lemma and f.lemma not in general:
            continue
        if not all(_stands_as_told(x) for x in told):
            continue
        if f.category is Category.proposals:
            if len({tuple(x.agents) for x in told}) != 1 or not g.agents:
                continue
            if f.kind != g.kind:
                continue  # "the offer" names an offer told before, not a request or a demand of another party
            if f.others and set(f.others) & set(g.agents):
                continue  # whom the retelling is put to is not who made the one told before
            f.agents = list(g.agents)
            f.others = f.others or [n for n in g.others if n not in g.agents]
        else:
            if len({frozenset(_sides(x)) for x in told}) != 1 or len(_sides(g)) < 2:
                continue
            if not _sides(f) <= _sides(g):
                continue  # the retelling names a side the telling does not: another trade
            f.agents, f.others, f.partners = list(g.agents), list(g.others), list(g.partners)
        f.retells = g
        f.has_subject = False
        f.states = {**g.states, **f.states}
