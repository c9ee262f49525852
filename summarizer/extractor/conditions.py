"""Whether a trigger holds where it stands: the conditions and vetoes of a lexicon entry read off the parse (part of
speech, required arcs and terms, refusals, conditions, counterparts, aggregates, time phrases), and the anchor a noun
trigger hangs on."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..gazetteer import find_actors, states_in
from ..lexicon import Trigger, VerbClass
from ..schema import Category
from .actors import (
    _NOT_PARTY_ENTS,
    _actors_at,
    _Sentence,
)
from .arcs import (
    _clause,
    _controller,
    _expand_conj,
    _modal_demand,
    _relative_head,
)
from .index import _Entry, _glued, _Index, _lemma
from .syntax import _CLAUSE_DEPS, _DEFINITE, _MODIFIER_DEPS, _OBJECT_DEPS, ACTOR_LABELS, PLACE_LABELS, _arcs

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


_NOMINAL_DEPS = frozenset({"dobj", "pobj", "nsubj", "nsubjpass", "attr", "appos"})


def _pos_ok(tok: Token, t: Trigger) -> bool:
    pos = tok.pos_
    if pos == "PROPN":  # headlines capitalise nouns and verbs alike
        pos = "NOUN" if tok.tag_.startswith("NN") else pos
    # The small tagger now and then calls a plural noun a verb ("conduct joint military drills" with "drills"
    # as VBZ); in a nominal slot of the parse it is a noun.
    if pos == "VERB" and tok.dep_ in _NOMINAL_DEPS:
        pos = "NOUN"
    return pos in t.pos


def _mandate(clause: Token) -> bool:
    """A that-clause that asks for something rather than states it: a base-form verb ("that sanctions be
    imposed", "that Russia withdraw") or must/should ("that it must leave")."""
    aux = [c for c in clause.children if c.dep_ in ("aux", "auxpass")]
    if any(c.lower_ in ("must", "should", "shall") for c in aux):
        return True
    finite = aux[0] if aux else clause
    subj = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    if finite.tag_ == "VBP" and subj:
        # the tagger calls a subjunctive after a singular subject a present tense: "suggested that she get into"
        return subj[0].lower_ in ("he", "she", "it") or subj[0].tag_ in ("NN", "NNP")
    return finite.tag_ == "VB" and bool(subj)


def _in_return(tok: Token) -> bool:
    """``tok`` is "exchange" or "return" in "in exchange for" / "in return for" (a price set on an act)."""
    return (
        tok.lower_ in ("exchange", "return")
        and tok.dep_ == "pobj"
        and tok.head.lower_ == "in"
        and any(c.lower_ == "for" for c in tok.children)
    )


def _on_condition(tok: Token) -> Token | None:
    """For "condition" in "on (the) condition that X does Y": the verb of the that-clause (a price set on an act, like
    "if"); None otherwise ("spoke on condition of anonymity" sets none)."""
    if _lemma(tok) != "condition" or tok.dep_ != "pobj" or tok.head.lower_ != "on":
        return None
    return next(
        (c for c in tok.children if c.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" for m in c.children)), None
    )


def _no(t: Token) -> bool:
    """``t`` is negated: "not"/"never" on it, or "no" on its subject, object or attribute ("there will be no
    further negotiations")."""
    return any(c.dep_ == "neg" for c in t.children) or any(
        c.dep_ in ("attr", "nsubj", "dobj") and any(g.dep_ == "det" and g.lower_ == "no" for g in c.children)
        for c in t.children
    )


def _refused_until(tok: Token, idx: _Index) -> Token | None:
    """For "until"/"unless" opening a clause: the verb it conditions when that verb is refused or negated
    ("talks cannot happen until ...", "refused ... to hold new talks unless ...", "there will be no further
    negotiations until ..."); None otherwise ("unless they are stopped, the attacks will go on")."""
    if tok.dep_ != "mark" or tok.head.dep_ != "advcl":
        return None
    gov = tok.head.head
    t = gov
    for _ in range(3):
        if _no(t) or _lemma(t) in idx.cues["refusal"]:
            return gov
        if t.dep_ != "xcomp":
            return None
        t = t.head
    return None


def _refuser(gov: Token, s: _Sentence) -> list[str]:
    """Who refuses: the nearest named subject from the refused verb up ("Moscow refused to hold"); a thing
    ("US-Iran talks cannot happen") or a pronoun refuses nothing, so the speaker above does ("Rouhani has long
    emphasised that ...")."""
    t = gov
    for _ in range(6):
        for subj in _arcs(t, "nsubj"):
            if subj.pos_ == "PROPN" or subj.ent_type_ in ACTOR_LABELS:
                names = _actors_at(_relative_head(subj), s)
                if not names and subj.pos_ == "PROPN":
                    # a name the small model did not tag here ("Rouhani has long emphasised"); the article's full
                    # form of it is restored afterwards (_full_names)
                    names = [
                        " ".join(x.text for x in subj.subtree if x.pos_ == "PROPN" and x.dep_ in ("compound", "nsubj"))
                    ]
                if names:
                    return names
        if t.head == t:
            break
        t = t.head
    return []


def _counterpart(tok: Token) -> bool:
    """A promise, pledge or commitment put to a counterpart or made on a condition (evals/GUIDELINES.md §4): an
    indirect object or a to-phrase naming a party ("promised it to us", "a commitment to NATO"), a passive's subject
    ("the citizens are promised reform"), or a condition in its phrase, in the clause of the verb that carries the noun
    ("would fulfill its promise ... if Washington allowed"), or inverted after it ("... were they to be invaded")."""
    for c in tok.children:
        if c.dep_ == "nsubjpass":
            return True
        if c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN", "PRON") and c.ent_type_ not in _NOT_PARTY_ENTS:
            return True
        if (
            c.dep_ in ("prep", "dative")
            and c.lower_ == "to"
            and any(
                g.dep_ == "pobj" and (g.pos_ in ("PROPN", "PRON") or g.ent_type_ in ACTOR_LABELS) for g in c.children
            )
        ):
            return True
    if _has_arc(tok, "condition"):
        return True
    verb = tok.head
    if (
        tok.pos_ in ("NOUN", "PROPN")
        and tok.dep_ in _NOMINAL_DEPS
        and verb.pos_ in ("VERB", "AUX")
        and _has_arc(verb, "condition")
    ):
        return True
    doc = tok.doc
    return any(
        t.lower_ == "were" and doc[t.i + 1].pos_ in ("PRON", "PROPN") and doc[t.i + 2].lower_ == "to"
        for t in doc[tok.i : tok.sent.end - 2]
    )


def _has_arc(tok: Token, spec: str, after: bool = False) -> bool:
    if spec == "counterpart":
        return _counterpart(tok)
    if spec == "condition":  # "ready to agree ... if Israel leaves": a condition set inside the trigger's phrase
        # ... or a price: "ready to lift sanctions in exchange for talks"
        return any(t.dep_ == "mark" and t.lower_ in ("if", "unless", "provided") for t in tok.subtree) or any(
            _in_return(t) or _on_condition(t) is not None for t in tok.subtree
        )
    if spec == "mark:for":  # "calling for such supplies to be linked": a for-to clause, not a for-phrase
        return any(
            ch.dep_ in ("advcl", "ccomp", "xcomp") and any(g.dep_ == "mark" and g.lower_ == "for" for g in ch.children)
            for ch in tok.children
        )
    if spec == "talks":
        return _offers_talks(tok)
    if spec == "xcomp:object":  # "wanted me to lift the sanctions": someone else is to act ("wants to join": no one)
        # (the parser makes the object either the verb's or the infinitive's subject)
        kids = {ch.dep_ for ch in tok.children}
        return {"xcomp", "dobj"} <= kids or any(
            ch.dep_ == "ccomp"
            and any(g.dep_ == "aux" and g.lower_ == "to" for g in ch.children)
            and any(g.dep_ == "nsubj" for g in ch.children)
            for ch in tok.children
        )
    if spec == "ccomp:mandate":
        return any(ch.dep_ == "ccomp" and _mandate(ch) for ch in tok.children)
    if spec == "on:asked":
        return _called_on_to(tok)
    if spec.startswith("prep:"):
        word = spec[5:]
        return any(
            ch.dep_ in ("prep", "agent", "dative") and ch.lower_ == word and (not after or ch.i > tok.i)
            for ch in tok.children
        )
    return any(ch.dep_ == spec for ch in tok.children)


def _offers_talks(tok: Token) -> bool:
    """Readiness to negotiate: "willing" or "prepared" whose own to-phrase or infinitive's object is talks ("it is
    willing to enter talks", fixture tamil_tigers_declare_monthlong_ceasefire_2000; "it is prepared to return to
    Ukraine talks", russia_open_to_talks_after_erdogan_urges_istanbul_revival; dev). Talks offered are a proposal put
    to the other side; readiness to do anything else is no proposal unless set on a condition ("willing to rethink
    traditional US alliances", "willing to take big pay cuts", RAMS dev)."""
    talks = frozenset({"talk", "talks", "negotiation", "dialogue"})
    verbs = [ch for ch in tok.children if ch.dep_ == "xcomp" and ch.pos_ in ("VERB", "AUX")]
    heads = [tok, *verbs]
    objs = [g for h in heads for ch in h.children if ch.dep_ == "prep" and ch.lower_ == "to" for g in ch.children]
    objs += [ch for v in verbs for ch in v.children if ch.dep_ == "dobj"]
    return any(o.dep_ in ("pobj", "dobj") and (_lemma(o) in talks or o.lower_ in talks) for o in objs)


def _called_on_to(tok: Token) -> bool:
    """ "called on Iran to suspend", "called on Russia and NATO allies for more discussions": an on/upon phrase asks
    only with what is asked, an infinitive or mandate of the verb or a for-phrase or infinitive inside the phrase.
    Bare, "called on" is a courtesy call ("The ship's Commanding Officer called on Commander Western Naval Area",
    GUIDELINES seventh batch: a side visit) or a use of something ("had called on her grit")."""
    objs = [g for ch in tok.children if ch.dep_ == "prep" and ch.lower_ in ("on", "upon") for g in ch.children]
    if not objs:
        return False
    if any(
        ch.dep_ in ("xcomp", "ccomp", "advcl") and (_infinitive(ch) or _mandate(ch))
        for ch in tok.children
        if ch.i > tok.i
    ):
        return True
    if any(d.dep_ in ("acl", "relcl", "xcomp", "ccomp") and _infinitive(d) for o in objs for d in o.subtree):
        return True
    # (the parser may hang the for-phrase on a conjunct or an object: "called on Russia and NATO allies for more
    # discussions", "allies" its object)
    on = min(o.head.i for o in objs)
    return any(d.dep_ == "prep" and d.lower_ == "for" and d.i > on and _in_phrase(d, tok) for d in tok.subtree)


def _in_phrase(d: Token, tok: Token) -> bool:
    """``d`` hangs from ``tok`` through phrases only, no clause in between."""
    t = d
    for _ in range(8):
        if t == tok:
            return True
        if t.dep_ in ("relcl", "acl", "advcl", "ccomp", "xcomp", "conj") and t.pos_ in ("VERB", "AUX"):
            return False
        t = t.head
    return False


def _phrase_tokens(tok: Token, depth: int = 3) -> Iterable[Token]:
    """The trigger's own phrase: its modifiers and objects, not the clauses hanging off it."""
    yield tok
    if depth == 0:
        return
    for ch in tok.children:
        # a conjoined noun is part of the phrase ("armored ground vehicles, ground attack munitions"), a conjoined
        # clause is not
        noun_conj = ch.dep_ == "conj" and ch.pos_ in ("NOUN", "PROPN") and tok.pos_ in ("NOUN", "PROPN")
        if (ch.dep_ in _CLAUSE_DEPS and not noun_conj) or ch.dep_ in ("nsubj", "advmod", "aux", "auxpass", "neg"):
            continue
        yield from _phrase_tokens(ch, depth - 1)


def _scope_lemmas(
    tok: Token,
    anchor: Token | None,
    designation: re.Pattern[str] | None = None,
    platform: frozenset[str] = frozenset(),
    military: frozenset[str] = frozenset(),
) -> set[str]:
    """Lemmas that may satisfy a required term: the trigger's phrase, its subject's, and for a noun the phrase
    of the verb that carries it ("Shoigu visited the exhibition" / "the defence minister's visit"). A platform counted
    ("a 36 plane order") or qualified as military ("military equipment", "air defence systems") names weapons as a
    designation does."""
    toks = list(_phrase_tokens(tok))
    for s in (*_arcs(tok, "nsubj"), *_arcs(tok, "nsubjpass")):
        toks.extend(_phrase_tokens(s, 2))
        # a title's of-phrase: "Iranian Vice Minister of War General H. Toufanian traveled"
        toks.extend(x for g in _arcs(s, "prep:of") for x in _phrase_tokens(g, 1))
    if anchor is not None and anchor != tok:
        # "the remaining jets have been promised ... as part of a donation": a passive carrier's subject too
        for s in (*_arcs(anchor, "nsubj"), *_arcs(anchor, "nsubjpass")):
            toks.extend(_phrase_tokens(s, 2))
            r = _relative_head(s)
            if r is not s:
                # "a 36 plane order from French Rafale, which will begin delivery": the relative pronoun stands for its
                # noun, and for the noun whose of/from-phrase that is
                toks.extend(_phrase_tokens(r, 2))
                if r.dep_ == "pobj" and r.head.head.pos_ in ("NOUN", "PROPN"):
                    toks.extend(_phrase_tokens(r.head.head, 1))
        toks.extend(t for t in _phrase_tokens(anchor, 2))
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if tok.pos_ == "VERB" and nxt is not None and nxt.lower_ in (",", "and", "or") and not _arcs(tok, "dobj"):
        # "has sold, lent or given away $7.5 billion worth of weaponry": a verb followed at once by its coordinator
        # shares the object of the verbs after it
        for c in tok.conjuncts:
            if c.i < tok.i or _arcs(c, "nsubj"):
                continue  # only a later verb of the same subject shares its object
            for o in _arcs(c, "dobj"):
                toks.extend(_phrase_tokens(o, 3))
    # "the shipment of ground systems for the BrahMos supersonic cruise missile system": goods for a weapon are military
    # goods, the weapon named in the goods' for-phrase
    for goods in _arcs(tok, "prep:of") + _arcs(tok, "dobj"):
        for purpose in _arcs(goods, "prep:for"):
            toks.extend(_phrase_tokens(purpose, 2))
    verb = anchor if anchor is not None else tok
    if verb.pos_ == "VERB" and not _arcs(verb, "nsubj"):
        for c in _controller(verb):  # "whose army began advancing": the army advances
            toks.extend(_phrase_tokens(c, 2))
    if tok.dep_ in ("acl", "relcl") and tok.pos_ == "VERB" and tok.head.pos_ in ("NOUN", "PROPN"):
        toks.extend(_phrase_tokens(tok.head, 1))  # "the missiles not being delivered", "weapons supplied by"
    if tok.dep_ in ("pobj", "dobj", "compound", "amod") and tok.head.pos_ in ("NOUN", "PROPN"):
        toks.extend(_phrase_tokens(tok.head, 1))  # "missile launch", "naval exercise" reversed
    if tok.dep_ == "conj" and tok.pos_ in ("NOUN", "PROPN") and tok.head.pos_ in ("NOUN", "PROPN"):
        # "three U.S.-Israeli missile defense programs and more purchases of Iron Dome systems": a noun conjoined to
        # another shares its domain
        toks.extend(_phrase_tokens(tok.head, 2))
    out: set[str] = set()
    for t in toks:
        out.add(_lemma(t))
        out.add(t.lower_)
        if t.pos_ == "PROPN" and t.lower_.endswith("s"):
            out.add(t.lower_[:-1])  # a designation's plural the tagger leaves unlemmatised: "F-16s", "MiGs"
        if designation is not None and designation.fullmatch(t.text):
            out.add("weapon")  # "the same P-3 program the US sold to Taiwan"
        if _lemma(t) in platform and (
            _counted(t)
            or (t.dep_ in ("compound", "nmod") and _counted(t.head))
            or any(_lemma(m) in military or m.lower_ in military for m in t.subtree if m.i < t.i)
        ):
            out.add("weapon")
    return out


def _counted(t: Token) -> bool:
    """A noun with a count of its own ("36 plane order": the count on the noun the platform qualifies)."""
    return any(c.dep_ == "nummod" and c.like_num for c in t.children)


def _maker_state(tok: Token, s: _Sentence) -> tuple[list[Token], list[str]]:
    """The state a receiving trigger's goods name as their maker ("take delivery of three US Virginia class
    nuclear-powered submarines", "obtained a Russian anti-missile defense system"): the supplier when no from-phrase
    names one. A company or a product line ("BrahMos") is no state and names none."""
    goods = _arcs(tok, "dobj") + _arcs(tok, "prep:of")
    goods += [x for g in list(goods) for x in _arcs(g, "prep:of")]  # "first lot of BrahMos supersonic cruise missiles"
    for g in goods:
        for x in g.subtree:
            if x.i < g.i and x.ent_type_ in ("GPE", "NORP") and x.dep_ in ("compound", "amod", "nmod", "poss"):
                names = [n for n in _actors_at(x, s) if states_in(n)]
                if names:
                    return [x], names
    return [], []


_GOODS_PRONOUNS = {"they": True, "them": True, "these": True, "those": True, "it": False}


def _pronoun_goods(tok: Token, anchor: Token | None, cls: VerbClass, wanted: frozenset[str], idx: _Index) -> bool:
    """Goods a transfer names by a pronoun ("weapons, many of them supplied by the Americans to the Yemeni army"; "No
    date for the F-16s to be handed over to Argentina was announced. They are expected to be transferred in the coming
    years."): the nearest noun before the pronoun, in its sentence or the one before, that agrees with it in number
    names the weapons."""
    if cls.kind != "arms_transfer":
        return False
    v = anchor if anchor is not None else tok
    slots = [x for w in {tok, v} for d in ("nsubj", "nsubjpass", "dobj") for x in _arcs(w, d)]
    up = v
    for _ in range(2):  # "They are expected to be transferred": the subject of the verb the infinitive completes
        if up.dep_ not in ("xcomp", "ccomp") or up.head == up:
            break
        up = up.head
        slots += [*_arcs(up, "nsubj"), *_arcs(up, "nsubjpass")]
    slots += [g for x in list(slots) for g in _arcs(x, "prep:of")]  # "many of them"
    doc = tok.doc
    for p in slots:
        plural = _GOODS_PRONOUNS.get(p.lower_)
        if plural is None:
            continue
        sent = p.sent
        lo = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        for x in reversed(doc[lo : p.i]):
            if x.pos_ not in ("NOUN", "PROPN") or x.dep_ in ("compound", "nmod", "poss"):
                continue
            if (x.tag_ in ("NNS", "NNPS") or (x.pos_ == "PROPN" and x.lower_.endswith("s"))) != plural:
                continue
            names = {_lemma(x), x.lower_, x.lower_[:-1] if x.lower_.endswith("s") else x.lower_}
            if idx.designation is not None and idx.designation.fullmatch(x.text):
                names.add("weapon")
            return bool(names & wanted)
    return False


def _generic_transfer(tok: Token, cls: VerbClass, fill: Callable[[str, Token], list[Token]]) -> bool:
    """Transfers as a kind of business, no delivery: a bare plural with no count, determiner, phrase or party of its
    own ("Congress has a key role in arms sales [abroad]"; not "naval shipments between a North Korean east coast port
    and Russian ports")."""
    return (
        cls.kind == "arms_transfer"
        and tok.tag_ in ("NNS", "NNPS")
        and not any(c.dep_ in ("det", "poss", "nummod", "prep") for c in tok.children)
        and not any(
            a.pos_ in ("PROPN", "PRON") or a.ent_type_ for role in ("agent", "recipient") for a in fill(role, tok)
        )
    )


def _told_transfer(tok: Token, cls: VerbClass, idx: _Index) -> bool:
    """A delivery noun that names no cargo of its own ("allow the two Gulf states to begin shipments", "these deliveries
    will keep Russian forces in Ukraine supplied") tells again the arms transfer of the sentence before, and carries
    its weapons; not a noun whose own modifiers or of-phrase name other goods ("food shipments", "delivery of aid")."""
    if cls.kind != "arms_transfer" or tok.pos_ not in ("NOUN", "PROPN") or tok.sent.start == 0:
        return False
    if any(
        c.dep_ in ("compound", "nmod")
        or (c.dep_ == "poss" and c.pos_ != "PRON")
        or (c.dep_ == "prep" and c.lower_ == "of")
        for c in tok.children
    ):
        return False
    before = tok.doc[tok.sent.start - 1].sent
    lemmas = {_lemma(x) for x in before} | {x.lower_ for x in before}
    return bool(lemmas & idx.terms.get("weapon", frozenset()) and lemmas & idx.transfer_words)


def _past_dateline(toks: list[Token], s: _Sentence) -> list[Token]:
    """Role tokens outside the dateline. The parser may make a dateline's place the subject and the story's real
    subject its apposition ("NEW DELHI (PTI): Japanese Defence Minister Itsunori Onodera arrived ..." → DELHI, with
    Onodera hung from it): the place is no party, its apposition after the dateline is."""
    start = s.parsed.span.start_char
    out: list[Token] = []
    for a in toks:
        if a.idx - start >= s.dateline_end:
            out.append(a)
        else:
            out.extend(c for c in a.children if c.dep_ == "appos" and c.idx - start >= s.dateline_end)
    return out


def _via_between(tok: Token) -> bool:
    """Whether ``tok`` is named by a between-phrase, itself or as a conjunct ("between Japan's Ground Self-Defense
    Force and the Indian Army")."""
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.lower_ == "between"


def _through_participant(tok: Token, anchor: Token | None, idx: _Index) -> bool:
    """Whether the verb found to carry a noun trigger carries it only through a noun naming one of the event's
    participants ("will go after the perpetrators of the ambush", "visited the victims of the attack"): that verb acts
    on the people, and its subject made no event (the ``event_participant`` term list)."""
    if anchor is None or anchor == tok or tok.pos_ not in ("NOUN", "PROPN"):
        return False
    participants = idx.terms.get("event_participant", frozenset())
    x = tok
    while x != anchor and x.head != x:
        x = x.head
        if x.pos_ == "NOUN" and _lemma(x) in participants:
            return True
    return False


def _within_aggregate(tok: Token, idx: _Index) -> bool:
    """A plural event noun inside the phrase of a noun that an aggregate counts: "The success follows a series of
    embarrassing failures for Russia in tests on its new-generation Bulava missile" (the tests are many, told as a
    pattern; GUIDELINES §6: aggregates are no items). The direct case ("a spate of strikes") is the test beside this
    one in ``_found``."""
    if tok.tag_ not in ("NNS", "NNPS"):
        return False
    aggregate = idx.terms.get("aggregate", frozenset())
    x = tok
    for _ in range(2):
        if x.dep_ != "pobj" or x.head.dep_ != "prep" or x.head.head.pos_ not in ("NOUN", "PROPN"):
            return False
        x = x.head.head
        if x.dep_ == "pobj" and x.head.lower_ == "of" and _lemma(x.head.head) in aggregate and x.tag_ == "NNS":
            return True
    return False


#: A person attacked in words: the pronouns that name one (an armed attack on a person names a weapon or a harm).
_PERSON_PRONOUNS = frozenset({"him", "her", "me", "himself", "herself", "myself"})
#: Clauses of their own under a trigger ("then attacked Trump, saying he ... founded ISIS"): not the trigger's phrase.
_OWN_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "xcomp", "conj", "parataxis", "csubj"})


def _phrase_only(tok: Token) -> list[Token]:
    """The trigger's subtree without the clauses of their own that hang from it."""
    keep: list[Token] = []
    stack = [tok]
    while stack:
        t = stack.pop()
        keep.append(t)
        stack.extend(c for c in t.children if c.dep_ not in _OWN_CLAUSE_DEPS)
    return keep


def _verbal_attack(tok: Token, anchor: Token | None, sent: Span, idx: _Index) -> bool:
    """An attack or contest word told of criticism or rivalry, no armed event (lexicon ``verbal_attack``; GUIDELINES §6,
    §12): "Trump said the Khans had viciously attacked him", "choosing to attack my character and reputation", "was
    verbally assaulted", "a war of words". What its entry's arcs name is a person or a thing one attacks or contests in
    words, or a manner adverb says so; and nothing armed is named: no weapon or harm in the sentence, no soldier or
    armed group in the trigger's own phrase or as its doer."""
    entries = [va for va in idx.lex.verbal_attack if _lemma(tok) in va.lemmas]
    if not entries:
        return False
    harm = idx.terms.get("weapon", frozenset()) | idx.terms.get("outcome", frozenset())
    if any(_lemma(x) in harm or x.lower_ in harm for x in sent):
        return False
    own = [x for x in _phrase_only(tok) if x != tok]  # "war" is itself a military word; its phrase is what counts
    if anchor is not None and anchor != tok:
        own += [x for c in anchor.children if c.dep_ in ("nsubj", "nsubjpass", "agent") for x in c.subtree]
    military = idx.terms.get("military", frozenset())
    if any(_lemma(x) in military or x.lower_ in military for x in own):
        return False
    for va in entries:
        if any(c.dep_ == "advmod" and c.lower_ in va.manner for c in tok.children):
            return True
        abstract = idx.terms.get(va.targets, frozenset())
        targets = [x for spec in va.arcs for x in _arcs(tok, spec)]
        if anchor is not None and anchor != tok and tok.pos_ == "NOUN":
            # "engaging in petty battles with former rivals": the parser hangs the phrase off the carrying verb
            targets += [x for spec in va.arcs if spec.startswith("prep:") for x in _arcs(anchor, spec)]
        targets = _expand_conj(targets)
        if any(
            (va.persons and (x.ent_type_ == "PERSON" or x.lower_ in _PERSON_PRONOUNS)) or _lemma(x) in abstract
            for x in targets
        ):
            return True
    return False


def _prospect(tok: Token, idx: _Index) -> bool:
    """An event noun named only as a prospect: the of/for-phrase of a noun of the ``prospect`` term list, itself
    indefinite ("exposed to the consequences of a terrorist attack", "a key supply line in case of invasion", "the
    threat of CBW terrorism", "in preparation of a large-scale war"). A definite or possessed event ("in the case of the
    Islamic attack at Ford Hood") is one that happened and keeps its status."""
    if tok.pos_ != "NOUN" or tok.dep_ != "pobj" or tok.head.lower_ not in ("of", "for"):
        return False
    if _lemma(tok.head.head) not in idx.terms.get("prospect", frozenset()):
        return False
    if any((c.dep_ == "det" and c.lower_ in _DEFINITE) or c.dep_ == "poss" for c in tok.children):
        return False
    # "in the case of": a definite "case" means "as for", not "in case"
    return not (_lemma(tok.head.head) == "case" and any(c.dep_ == "det" for c in tok.head.head.children))


def _vessel_party(tok: Token, s: _Sentence, idx: _Index, names: list[str]) -> list[str]:
    """A ship or submarine named in a role ("missile fired from the submerged submarine Bryansk") is a platform: its
    own name (a town's, here) is no party, only a state the phrase gives it ("a Russian nuclear submarine"), which the
    gazetteer knows. Any other role token keeps ``names``."""
    if _lemma(tok) not in idx.terms.get("vessel", frozenset()) or tok.pos_ != "NOUN":
        return names
    return [n for n in names if states_in(n)]


def _vetoed(tok: Token, t: Trigger, sent: Span, idx: _Index | None = None) -> bool:
    if (
        idx is not None
        and tok.dep_ == "compound"
        and tok.pos_ in ("NOUN", "PROPN")
        and _lemma(tok.head) not in idx.terms.get("event_heads", frozenset())
        and len(t.phrase) == 1
    ):
        return True  # "war hero", "attack submarine": the phrase is about the other noun
    if t.exclude_modifiers:
        mods = {_lemma(c) for c in tok.children if c.dep_ in _MODIFIER_DEPS} | {
            c.lower_ for c in tok.children if c.dep_ in _MODIFIER_DEPS
        }
        if tok.dep_ == "compound":  # "strike" in "hunger strike" is the head's modifier the other way round
            mods.add(_lemma(tok.head))
        # "South Korea's biggest ever arms deal": a modifier that names the weapons traded makes "big" no idiom
        weapons = idx.terms.get("weapon", frozenset()) if idx is not None else frozenset()
        named = {_lemma(c) for c in tok.children if c.dep_ == "compound"} & weapons
        if mods & set(t.exclude_modifiers) and not (named and not named & set(t.exclude_modifiers)):
            return True
    if t.exclude_objects:
        objs = {_lemma(c) for c in tok.children if c.dep_ in _OBJECT_DEPS}
        if tok.dep_ in ("relcl", "acl") and not any(c.dep_ == "dobj" for c in tok.children):
            objs.add(_lemma(tok.head))  # "the agreements they had struck": the noun is the verb's object
        objs |= {_lemma(g) for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"}
        if objs & set(t.exclude_objects):
            return True
    if t.exclude_heads and _lemma(tok.head) in t.exclude_heads and tok.head != tok:
        return True
    # "The proposed sales must now be approved by Congress": a participle that only qualifies a noun names a thing put
    # forward before, not a proposal this sentence tells (bench/coverage_pages.yaml, tune part)
    if t.exclude_deps and tok.dep_ in t.exclude_deps:
        return True
    # "Has Libya sponsored acts of terrorism?": the verb governs the trigger through the noun it qualifies
    if (
        t.exclude_heads
        and tok.dep_ == "pobj"
        and tok.head.lower_ == "of"
        and tok.head.head.dep_ in _OBJECT_DEPS
        and _lemma(tok.head.head.head) in t.exclude_heads
    ):
        return True
    if t.exclude_context:
        # The trigger's own clause, not the whole sentence ("aid workers were killed when an air strike hit" is no
        # labour strike); and a trigger whose own modifiers name a weapon, an armed force or a party ("missile
        # strike", "Israeli strike", "gunfire") is not vetoed by the words around it.
        clause = _clause(tok)
        excluded = set(t.exclude_context)
        armed = (idx.terms.get("weapon", frozenset()) | idx.terms.get("military", frozenset())) if idx else frozenset()
        in_clause = bool(({_lemma(x) for x in clause} | {x.lower_ for x in clause}) & excluded)
        sentence = {_lemma(x) for x in sent} | {x.lower_ for x in sent}
        # elsewhere in the sentence the word vetoes only where nothing armed is named ("methane ... leading to an
        # explosion"); a word the veto itself qualifies names nothing armed ("civil defense plans")
        armed_named = {
            _lemma(x)
            for x in sent
            if (_lemma(x) in armed or x.lower_ in armed)
            and not any(_lemma(c) in excluded or c.lower_ in excluded for c in x.children)
        }
        if in_clause or (sentence & excluded and not armed_named):
            mods = [c for c in tok.children if c.dep_ in _MODIFIER_DEPS]
            glued = _glued(tok.lower_, idx) if idx is not None else None
            own = {_lemma(c) for c in mods} | ({glued[0]} if glued else set())
            if not (own & armed or any(c.ent_type_ in ("NORP", "GPE") for c in mods)):
                return True
        # "the release of hacked emails ... a cyber-intrusion ... Asked whether Moscow was behind the attack": a bare
        # "the attack" is the one the sentence before told, and takes its sense from there when neither names
        # anything armed
        told_again = any(c.dep_ == "det" and c.lower_ in ("the", "that", "this") for c in tok.children)
        if told_again and not _has_modifier(tok) and not armed_named and sent.start > 0:
            before = sent.doc[sent.start - 1].sent
            words = {_lemma(x) for x in before} | {x.lower_ for x in before}
            if words & excluded and not words & armed:
                return True
    return False


def _place_modifier(tok: Token) -> bool:
    """A place name that modifies the trigger ("the Orlando massacre", "the Nagasaki blast") says where, not who:
    a city or region the gazetteer does not know as a party."""
    return tok.dep_ in ("compound", "nmod") and tok.ent_type_ in PLACE_LABELS and not find_actors(tok.text)


def _struck_place(a: Token, tok: Token, idx: _Index) -> bool:
    """A place's name compounded with an invasion or an occupation is what was invaded, not who invaded ("The Ukraine
    invasion, which Russia calls a 'special military operation'"); an adjective of nationality still names the invader
    ("the Russian invasion"). The nouns are the ``place_object`` terms."""
    return (
        a.dep_ == "compound"
        and a.head == tok
        and a.pos_ == "PROPN"
        and a.ent_type_ in PLACE_LABELS
        and _lemma(tok) in idx.terms.get("place_object", frozenset())
    )


def _city_of_attack(a: Token, tok: Token) -> bool:
    """A capital compounded with an attack noun says where it happened, not which state made it, though the gazetteer
    reads a capital as its state: "After the November Paris attack , I wrote , “ ISIS certainly intends to strike the
    U.S. homeland" (RAMS dev nw_RC2ac05119c8ab6c7...), "One of the Paris attackers was a Belgium citizen" (RAMS dev
    nw_RCe4d4bcea0085f26...). A capital is told from a state's own name by its surface: the gazetteer's state is not
    spelled so, and the name is no abbreviation ("US", "U.S." stay the state: "U.S. airstrikes")."""
    if a.dep_ not in ("compound", "nmod") or a.head != tok or a.ent_type_ != "GPE" or not a.text[:1].isupper():
        return False
    if a.text.isupper() or "." in a.text:
        return False
    mentions = find_actors(a.text)
    return len(mentions) == 1 and mentions[0].kind.value == "state" and mentions[0].name != a.text


def _has_modifier(tok: Token) -> bool:
    """Whether a noun carries a modifier that says which one it is ("air strike", "Israeli strike")."""
    return any(c.dep_ in ("compound", "amod", "nmod", "poss") for c in tok.children)


def _verb_ok(tok: Token, verbs: list[str]) -> bool:
    """Whether a noun trigger hangs from (as subject or object) or is modified by one of ``verbs``."""
    t = tok
    while t.dep_ == "conj" and t.head != t:
        t = t.head
    near = [c for c in tok.children if c.dep_ in ("acl", "relcl")]
    if t.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "conj"):
        near.append(t.head)
    elif t.dep_ == "pobj" and t.head.dep_ == "agent":  # "the city was leveled by an atomic bomb"
        near.append(t.head.head)
    return any(_lemma(v) in verbs for v in near)


def _infinitive(tok: Token) -> bool:
    """A "to" infinitive the small tagger calls a noun ("a deal with Poland to export tanks", export/NN advcl)."""
    return tok.dep_ in ("advcl", "xcomp", "ccomp", "acl") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in tok.children
    )


_TIME_PREPOSITIONS = frozenset({"after"})


def _in_time_phrase(tok: Token, anchor: Token) -> bool:
    """ "“After the attack, we collected 17 dead bodies,” Magami resident Kasimu Bello said"
    (zamfara_gunmen_kill_17_magami_village), "Villagers took pictures ... of the scene after the airstrike"
    (myanmar_junta_airstrike_pazigyi_sagaing_2023): an event named in a phrase of time dates the verb the phrase hangs
    from; that verb does not carry it, and its subject (a witness, a spokesman) did not make it."""
    prep = tok.head if tok.dep_ == "pobj" else None
    return prep is not None and prep.dep_ == "prep" and prep.head == anchor and prep.lower_ in _TIME_PREPOSITIONS


def _anchor(tok: Token, idx: _Index) -> Token | None:
    """For a noun trigger, the verb that carries it ("carried out [strikes]", "flew bombers for [drills]")."""
    if tok.pos_ == "VERB" and tok.dep_ not in _NOMINAL_DEPS:  # "conduct joint military drills" with drills as VBZ
        return tok
    if tok.pos_ == "ADP" and tok.dep_ == "prep" and tok.head.pos_ == "VERB":
        # a phrase trigger headed by its preposition ("lift sanctions in exchange for talks") is the verb's price
        return tok.head
    head = tok
    for _ in range(3):
        if head.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
            return head.head if head.head.pos_ in ("VERB", "AUX") else None
        if head.dep_ == "pobj" and head.head.dep_ in ("prep", "agent"):
            head = head.head.head
            if head.pos_ in ("VERB", "AUX"):
                return head
            continue
        if head.dep_ == "conj":
            head = head.head
            continue
        return None
    return None


@dataclass(frozen=True)
class _Standing:
    """What ``_stands`` read of a trigger that holds: the verb or noun it hangs on (None: itself), the refusal clause it
    needs ("refused ... until"), and a modal demand's speakers and subjects ("X said Y should ...")."""

    anchor: Token | None
    refusal: Token | None
    modal: tuple[list[str], list[str]] | None


def _stands(entry: _Entry, tok: Token, first: int, s: _Sentence, idx: _Index) -> _Standing | None:
    """Whether a trigger the lexicon matched holds where it stands (its part of speech, required and excluded arcs,
    verbs, terms and vetoes), and if so the anchor it hangs on, the refusal it needs and the modal demand it reads;
    None when it does not hold."""
    t, cls = entry.trigger, entry.cls
    sent = s.parsed.span
    # a hyphenated compound ("counter-offensive", tagged JJ - JJ by the small model) is the part of speech of
    # its trigger, whatever the tagger says of its last piece
    if t.pos and len(t.phrase) == 1 and first == tok.i and not _pos_ok(tok, t):
        return None
    refusal = _refused_until(tok, idx) if "refusal" in t.requires_arc else None
    if "refusal" in t.requires_arc and refusal is None:
        return None
    # a proposal's complement follows its verb: "For ferry information, call Tel ..." has no call for anything
    after = cls.category is Category.proposals
    # a military noun's phrase may hang from the verb that carries it ("surrounding ... military buildup in and near
    # Ukraine", the parser attaching "in" to the verb)
    carried = tok.pos_ == "NOUN" and tok.dep_ == "dobj" and cls.category is Category.military_events
    carrier = tok.head if carried else tok
    if (
        t.requires_arc
        and refusal is None
        and not any(_has_arc(x, a, after) for a in t.requires_arc for x in {tok, carrier})
    ):
        return None
    if t.exclude_arcs and any(_has_arc(tok, a) for a in t.exclude_arcs):
        return None  # "ordered his forces to attack": a command, not the purchase the same verb tells with an object
    modal = _modal_demand(tok, s, idx) if t.modal else None
    if t.modal and modal is None:
        return None
    anchor = _anchor(tok, idx)
    anchor = None if _through_participant(tok, anchor, idx) else anchor
    if t.requires_verb and not _verb_ok(tok, t.requires_verb):
        return None
    wanted = frozenset().union(*(idx.terms[x] for x in t.term_lists)) if t.term_lists else frozenset()
    glued = (_glued(tok.lower_, idx) or _glued(_lemma(tok), idx)) if wanted else None
    # a glued prefix is the compound's modifier: "gunfire" names its weapon
    platform = idx.terms.get("platform", frozenset()) if "weapon" in t.term_lists else frozenset()
    scope = _scope_lemmas(tok, anchor, idx.designation, platform, idx.terms.get("military", frozenset()))
    if wanted and not ((scope | ({glued[0]} if glued else set())) & wanted):
        # "Shoigu visited the North": the article called him defence minister before; that makes him military.
        subject = _arcs(anchor or tok, "nsubj") or (
            _controller(anchor or tok) if (anchor or tok).pos_ == "VERB" else []
        )
        names = {n for a in _past_dateline(subject, s) or subject for n in _actors_at(_relative_head(a), s)}
        if (
            not ("military" in t.term_lists and names & s.military_people)
            and not _told_transfer(tok, cls, idx)
            and not _pronoun_goods(tok, anchor, cls, wanted, idx)
        ):
            return None
    if _vetoed(tok, t, sent, idx):
        return None
    if cls.category is Category.military_events and _verbal_attack(tok, anchor, sent, idx):
        return None
    return _Standing(anchor, refusal, modal)
