"""The roles a trigger's parse gives: who made the item it reports (how the sentence ties the trigger to its maker,
:func:`_reading`; the tokens that may name the maker, in order of trust, :func:`_agent_candidates`; the pick among them,
:func:`_pick_agents`) and whom it concerns (:func:`_other_party`). Names come from the actors module; the finder turns
them into a :class:`Found`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..schema import Category
from .actors import (
    _actors_at,
    _armed_adjective,
    _common_actor,
    _noun_forms,
    _noun_party,
    _party_at,
    _plain_actor,
    _pronoun_noun_party,
    _Sentence,
    _untagged_name,
)
from .arcs import (
    _answered_by,
    _asks_with_own_subject,
    _by_participle,
    _controller,
    _deal_maker,
    _destination,
    _expand_conj,
    _governor_subject,
    _led_by,
    _postposed_subject,
    _relative_head,
    _responsible,
)
from .conditions import (
    _city_of_attack,
    _has_arc,
    _in_time_phrase,
    _infinitive,
    _maker_state,
    _past_dateline,
    _place_modifier,
    _struck_place,
    _vessel_party,
)
from .index import _Entry, _Index, _lemma
from .syntax import _ACRONYM, _arcs

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Token

    from ..lexicon import VerbClass


def _fill(roles: dict[str, list[str]], cls: VerbClass, role: str, on: Token) -> list[Token]:
    """The tokens ``on``'s arcs give for ``role`` under the entry's role specs (``roles``): the trigger's own arcs, or
    those of the verb that carries a noun trigger."""
    found: list[Token] = []
    specs = roles.get(role, [])
    if cls.category is Category.proposals and on.pos_ == "VERB" and _arcs(on, "dobj"):
        # a noun's from-phrase names who asks ("a request from Iran"), a verb's whom it is asked of ("Iran
        # requested warheads from the Chinese", "demanded an apology from Japan")
        specs = [x for x in specs if x != "prep:from"] + (["prep:from"] if role == "addressee" else [])
    for spec in specs:
        found.extend(_arcs(on, spec))
        if role == "recipient" and spec in ("prep:between", "prep:with"):
            # "an exchange of prisoners between Russia and Ukraine", "signed a contract with X": the parser hangs
            # the sides off what is traded or signed
            held = _arcs(on, "prep:of") if on.pos_ == "NOUN" else _arcs(on, "dobj")
            found.extend(x for obj in held for x in _arcs(obj, spec))
        if role == "recipient" and spec.startswith("prep:") and on.pos_ == "NOUN":
            # "an arms deal, clinched last month with Poland": the participle that qualifies the noun names it
            found.extend(x for v in on.children if v.dep_ == "acl" for x in _arcs(v, spec))
    return _expand_conj(found)


@dataclass(frozen=True)
class _Reading:
    """How the sentence ties a trigger to whoever made its item, before any party is named."""

    anchor_ok: bool  # the verb carrying a noun trigger tells who made it (not one of saying, reacting or answering)
    verb: Token | None  # the verb whose subject or controller may be the maker
    passive: bool
    conj_passive: bool  # the second of two conjoined passives
    patient: bool  # a passive proposal or trade: its subject is who is asked or paid
    reacted: bool  # the carrying verb's subject reacts to the item and did not make it
    answerers: list[Token]  # who answers a proposal ("Hamas rejected Abbas' call")
    own_subject: bool  # a conjoined verb with a subject of its own
    strike: bool
    responsible: list[Token]  # who claimed or was blamed for an attack, or carried it out (a by-participle)
    accused: bool


def _reading(entry: _Entry, tok: Token, anchor: Token | None, idx: _Index) -> _Reading:
    cls = entry.cls
    anchor_ok = (
        anchor is not None
        and anchor != tok
        and not _in_time_phrase(tok, anchor)
        and (
            _lemma(anchor) in idx.support
            or _lemma(anchor) not in idx.cues["commentary"] | idx.cues["reported"] | idx.cues["reaction"]
        )
        # "it had arrested four suspects on Tuesday in the bombings": who answers an attack did not make it
        and not (cls.category is Category.military_events and _lemma(anchor) in idx.terms.get("response", frozenset()))
    )
    verb = anchor if anchor is not None else (tok if tok.pos_ == "VERB" or _infinitive(tok) else None)
    passive = tok.pos_ == "VERB" and any(c.dep_ == "auxpass" for c in tok.children)
    # A noun trigger carried by a verb of saying or reacting ("Mr. Uribe has rejected that demand", "X condemned
    # the attack"): that verb's subject, or the subject above it, reacts to the item and did not make it.
    reacted = anchor is not None and anchor != tok and not anchor_ok
    # "Lukashenko ... helped negotiate the deal with Prigozhin": who helps bring a trade about is no side of it
    if (
        cls.category is Category.exchanges
        and verb is not None
        and verb.dep_ == "xcomp"
        and _lemma(verb.head) in idx.cues.get("mediation", frozenset())
    ):
        reacted = True
    # a passive proposal or trade: who is controlled is who is asked or paid, not who acts ("The United States is
    # not going to be intimidated")
    # ... also the second of two conjoined passives ("has been bribed or blackmailed by Putin")
    conj_passive = (
        tok.pos_ == "VERB"
        and tok.dep_ == "conj"
        and tok.tag_ == "VBN"
        and any(c.dep_ == "auxpass" for c in tok.head.children)
    )
    patient = (passive or conj_passive) and cls.category is not Category.military_events
    if patient:
        reacted = True
    # "Hamas ... rejected Abbas' call": who answers a proposal is whom it was put to, not who made it
    answerers = _answered_by(tok, anchor, idx) if cls.category is Category.proposals else []
    if answerers:
        reacted, anchor_ok = True, False
    # "... broke away ..., but the past two years have seen the worst clashes": a conjoined verb with a subject of its
    # own (a time, a thing) is not done by the first verb's subject (events only)
    own_subject = (
        cls.category is Category.military_events
        and verb is not None
        and verb != tok
        and bool(_arcs(verb, "nsubj") or _arcs(verb, "nsubjpass"))
    ) or _asks_with_own_subject(verb, cls.category)
    # "X claimed responsibility for the attack", "blamed on X", "an airstrike carried out by X" (attacks only)
    strike = entry.kind == "strike"
    responsible, accused = _responsible(tok, idx) if strike else ([], False)
    responsible = _expand_conj(responsible + (_by_participle(tok, idx) if strike else []))
    return _Reading(
        anchor_ok=anchor_ok,
        verb=verb,
        passive=passive,
        conj_passive=conj_passive,
        patient=patient,
        reacted=reacted,
        answerers=answerers,
        own_subject=own_subject,
        strike=strike,
        responsible=responsible,
        accused=accused,
    )


def _agent_candidates(
    entry: _Entry,
    tok: Token,
    anchor: Token | None,
    r: _Reading,
    fill: Callable[[str, Token], list[Token]],
    s: _Sentence,
    idx: _Index,
) -> tuple[list[list[Token]], bool, list[Token]]:
    """The tokens that may name the maker, one list per source in order of trust (the trigger's own arcs; who is
    responsible for an attack; the carrying verb's subject; the controller; the governing clause's subject; a
    postposed reporting clause; a deal's maker), and whether the trigger tells a transfer from the receiving end, with
    the receivers it names then."""
    t, cls = entry.trigger, entry.cls
    anchor_ok, verb, reacted, own_subject, strike = r.anchor_ok, r.verb, r.reacted, r.own_subject, r.strike
    candidates_lists = [
        [
            a
            for a in fill("agent", tok)
            if not (r.passive and a.dep_ == "nsubj") and not _place_modifier(a) and not _struck_place(a, tok, idx)
            if not (strike and _city_of_attack(a, tok))  # "the Paris attack": where, not France
        ]
        # "Washington was ready to ...": an adjective's subject is the copula's
        + (_expand_conj(_arcs(tok.head, "nsubj")) if tok.dep_ == "acomp" and tok.pos_ == "ADJ" else [])
        + (_expand_conj(_led_by(tok)) if cls.category is Category.military_events else []),
        r.responsible,
        _expand_conj(_arcs(anchor, "nsubj") + _arcs(anchor, "agent")) if anchor_ok and anchor is not None else [],
        _expand_conj(_controller(verb, gerunds=cls.category is not Category.military_events))
        if verb is not None and not reacted and not own_subject
        else [],
        # "the Command dispatched its troops ... to conduct drills": when the controller names nobody, the subject
        # of the clause the infinitive hangs from
        _expand_conj(_governor_subject(verb)) if verb is not None and not reacted and not own_subject else [],
        # "Israel should stop building settlements ..., the Middle East peace quartet – the US, Russia, the EU and the
        # UN – recommended today": a reporting clause put after what it asks, which the parser leaves subjectless
        _postposed_subject(tok) if cls.category is Category.proposals else [],
        # "Argentina's defence minister signed a deal ... to buy 24 of Denmark's ageing F-16 fighter jets": whoever
        # makes the deal a trade's infinitive completes does the trade
        _deal_maker(verb, idx) if cls.category is Category.exchanges and verb is not None and not reacted else [],
    ]
    # "Australia will take delivery of ...", "Denmark has ordered ...": a trigger whose own roles make its subject the
    # recipient tells a transfer from the receiving end; whoever the verb that carries it or the clause that controls it
    # names receives too, and the supplier is only a from-phrase or the maker's state on the goods (below)
    receiving = cls.kind == "arms_transfer" and t.roles is not None and "nsubj" in t.roles.get("recipient", [])
    receivers: list[Token] = []
    if receiving:
        receivers = next((x for x in candidates_lists[2:] if x), [])
        candidates_lists[2:] = [[], [], []]
    # the parser may make a dateline's place a subject ("CULIACAN, Mexico, ... - Gunmen ambushed"): no party
    if cls.category is Category.military_events:
        candidates_lists = [_past_dateline(toks, s) for toks in candidates_lists]
    return candidates_lists, receiving, receivers


def _reactors(r: _Reading, tok: Token, anchor: Token | None, s: _Sentence) -> list[str]:
    """Parties that react to the item or are acted on by it, whom no pronoun of the item stands for."""
    # "the West responds to its demands": who reacts to the item is not whom its pronoun stands for
    reactors = [n for x in _arcs(anchor, "nsubj") for n in _actors_at(x, s)] if r.reacted and anchor is not None else []
    # "the United States should be reimbursed by the countries it protects": the by-phrase of a passive never stands
    # for the passive's own subject
    if r.patient:
        reactors += [n for x in _expand_conj(_arcs(tok, "nsubjpass")) for n in _actors_at(x, s)]
    return reactors


@dataclass
class _Agents:
    """The maker picked: its tokens and names, and how it was named."""

    toks: list[Token]
    names: list[str]
    by_noun: bool = False  # a proposal's maker named by the article's own noun (kept only when whom it asks is named)
    common: bool = False  # an armed actor named by a common noun ("the coalition", "IS militants")
    irregular: bool = False  # ... one that is no state's force ("gunmen", "militants")


def _pick_agents(
    entry: _Entry,
    tok: Token,
    r: _Reading,
    candidates_lists: list[list[Token]],
    receiving: bool,
    reactors: list[str],
    s: _Sentence,
    idx: _Index,
) -> _Agents:
    """The first source of :func:`_agent_candidates` that names a party the gazetteer or the NER knows; failing that,
    the names the article gives in other ways, by category."""
    cls = entry.cls
    agent_toks: list[Token] = []
    agents: list[str] = []
    for toks in candidates_lists:
        toks = [_relative_head(a) for a in toks]
        names = [n for a in toks for n in _vessel_party(a, s, idx, _party_at(a, s, reactors))]
        if names:
            agent_toks, agents = toks, names
            break
    if receiving and not agents:
        agent_toks, agents = _maker_state(tok, s)
    # A proposal whose maker no known name gives: a proper name the tagger missed, else the article's own noun for
    # whoever asks ("More than 100 prominent physicians ... posted a letter urging WHO Director-General Margaret Chan
    # to"; GUIDELINES §12), the latter only when whom it asks is named (below): "doctors had advised her to check into
    # a hospital" or "activists have suggested the attacks" report no proposal between parties.
    by_noun = False
    if not agents and cls.category is Category.proposals and not r.reacted:
        nouns = idx.terms.get("party_noun", frozenset()) | idx.terms.get("military", frozenset())
        # a plural pronoun whose antecedent is such a noun ("The four top diplomats ... said they “call on all sides")
        # names its maker as surely as the noun would as subject, and whom it asks may be named by a noun too
        by_pronoun = lambda a: _pronoun_noun_party(a, s, nouns)  # noqa: E731
        for pick in (_untagged_name, lambda a: _noun_party(a, nouns), by_pronoun):
            for toks in candidates_lists:
                toks = [_relative_head(a) for a in toks]
                named = [n for a in toks if (n := pick(a))]
                if named:
                    agent_toks, agents, by_noun = toks, named, pick not in (_untagged_name, by_pronoun)
                    break
            if agents:
                break
    if agents and cls.category is Category.military_events:
        # "Islamist al Shabaab militants killed": an ideology the NER tags NORP is no party; the proper name it
        # qualifies, which neither the gazetteer nor the NER knows, names the group
        ideology = idx.terms.get("armed_adjective", frozenset())
        if all(n.lower() in ideology for n in agents):
            agents = [
                " ".join(x.text for x in c.subtree if not x.ent_type_)
                for a in agent_toks
                for c in a.children
                if c.dep_ == "compound" and c.pos_ == "PROPN" and not c.ent_type_
            ]
    if not agents and cls.category is Category.military_events and r.strike:
        # "since the ELN carried out a bombing": an acronym the NER and the gazetteer miss still names the group that
        # acts (an armed group's initials, spelled out earlier in the article)
        for toks in candidates_lists:
            named = [a.text for a in toks if a.pos_ == "PROPN" and not a.ent_type_ and _ACRONYM.fullmatch(a.text)]
            if named:
                agent_toks, agents = toks, named
                break
    common_agent = irregular_agent = False
    if not agents and cls.category is Category.military_events:
        # "airstrikes by the coalition", "IS militants had detonated": an armed actor named by a common noun is
        # kept as written when nothing the gazetteer or the NER knows is there.
        armed = idx.terms.get("military", frozenset()) | idx.terms.get("armed_actor", frozenset())
        for toks in candidates_lists:
            toks = [_relative_head(a) for a in toks]
            phrases = [_plain_actor(a, _common_actor(a, armed), idx) or _armed_adjective(a, tok, idx) for a in toks]
            if any(phrases):
                agent_toks, agents = toks, [p for p in phrases if p]
                common_agent = True
                irregular = idx.terms.get("irregular_attacker", frozenset())
                irregular_agent = any(
                    _noun_forms(a) & irregular or _armed_adjective(a, tok, idx)
                    for a, p in zip(toks, phrases, strict=True)
                    if p
                )
                break
    return _Agents(agent_toks, agents, by_noun, common_agent, irregular_agent)


def _other_party(
    entry: _Entry,
    tok: Token,
    anchor: Token | None,
    r: _Reading,
    fill: Callable[[str, Token], list[Token]],
    named_agent: bool,
    receiving: bool,
    receivers: list[Token],
    s: _Sentence,
    idx: _Index,
) -> tuple[str, list[Token]]:
    """The item's other role (a proposal's addressee, a trade's or an event's recipient) and the tokens that may name
    it: the trigger's and the carrying verb's arcs, then what a transfer's phrasing adds (``named_agent``: whether a
    maker was named)."""
    t, cls = entry.trigger, entry.cls
    sent = s.parsed.span
    roles = t.roles if t.roles is not None else cls.roles
    other_role = {"proposals": "addressee", "exchanges": "recipient"}.get(cls.category.value, "recipient")
    other_toks = fill(other_role, tok) + (fill(other_role, anchor) if r.anchor_ok and anchor is not None else [])
    if cls.category is Category.exchanges and r.anchor_ok and anchor is not None and anchor != tok:
        other_toks = [a for a in other_toks if not _destination(a, anchor, idx)]
    if (
        cls.kind == "arms_transfer"
        and tok.pos_ == "VERB"
        and _has_arc(tok, "prep:with")
        and named_agent
        and not receiving
    ):
        # "Pyongyang has supplied Moscow with more than one million artillery shells": with the goods after "with", the
        # object is who receives them (when the supplier is named: "struggling to keep pace in supplying Ukraine's
        # forces with ammunition" tells no delivery of its own)
        other_toks = _expand_conj(_arcs(tok, "dobj")) + [x for x in other_toks if x.head.lower_ != "with"]
    if cls.kind == "arms_transfer" and not other_toks and (tok.pos_ == "VERB" or _infinitive(tok)):
        # "Hyundai Rotem Co. will ship K2 ... tanks, and Hanwha Defense ... will send K9 ... howitzers to Poland":
        # conjoined deliveries name their destination once
        if _infinitive(tok) and tok.head.pos_ in ("VERB", "AUX"):
            # "agreed a $5.76 billion deal with Poland to export tanks": the deal's other side receives them
            deal = tok.head
            other_toks = [x for o in (deal, *_arcs(deal, "dobj")) for x in _arcs(o, "prep:with")]
        same = {x.lemma for x in cls.triggers}
        near = [*tok.conjuncts, *(c for c in tok.children if c.dep_ in ("conj", "ccomp"))]
        other_toks = other_toks or [
            x for c in near if c.pos_ == "VERB" and _lemma(c) in same for x in fill(other_role, c)
        ]
    if receiving and not other_toks:
        other_toks = receivers
    if receiving:
        # "New Delhi: ... an air base in Manila on Saturday received": a dateline's place (before the colon that opens
        # the sentence, which the parser may make the subject) receives nothing
        other_toks = [
            a
            for a in other_toks
            if a.idx - sent.start_char >= s.dateline_end
            and not any(x.text == ":" for x in sent.doc[a.i : min(a.i + 3, sent.end)] if x.i - sent.start < 5)
        ]
    if r.patient and "nsubjpass" in roles.get(other_role, []) and not _arcs(tok, "nsubjpass"):
        other_toks += _expand_conj(_arcs(tok.head, "nsubjpass") if r.conj_passive else _controller(tok))
    return other_role, other_toks
