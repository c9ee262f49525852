"""Which tokens stand in which relation to a trigger, read off the parse's arcs: the controller of an infinitive, a
subject a conjunct slipped, a passive's or a participle's by-agent, the one asked and the one answering, who is
responsible for an attack, a deal's maker, the chain of words that governs a trigger and its clause. Turning a token
into a party's name is ``actors``'s job."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..antecedents import resolve
from ..gazetteer import affiliation
from ..schema import Category
from .actors import (
    _NOT_PARTY_ENTS,
    _actors_at,
    _noun_party,
    _Sentence,
    _untagged_name,
)
from .index import _Index, _lemma
from .syntax import ACTOR_LABELS, PLACE_LABELS, _arcs

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def _clause_subject_addressee(tok: Token, s: _Sentence, agents: list[str]) -> list[str]:
    """Whom a that-clause asks, when it names them by a third-person pronoun: "Colombia demands that they free the
    hostages" (fixture eln_proposes_90_day_ceasefire_duque_rejects_2020, dev), "he had suggested that she get into the
    commodities market" (RAMS dev nw_RC543d8adee858312d77e9e8c7bc6cb7b7ed14cacccc31800592335a05). The pronoun is the
    subject of the clause the trigger verb governs, so it is the one asked to act (GUIDELINES §4: the addressee is who
    must act); the party it stands for comes from the antecedent rules, which name it or nobody. The proposer is never
    its own addressee."""
    if tok.pos_ != "VERB":
        return []
    for clause in (c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i):
        for subj in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
            if subj.pos_ != "PRON" or subj.lower_ not in _THIRD_PERSON:
                continue
            own = {affiliation(a) or a for a in agents}
            near = list(s.earlier)[-1:]  # the sentence before at most: what the speaker has just named
            names = [n for n in resolve(subj, s.referents, near, agents) if (affiliation(n) or n) not in own]
            if names:
                return names
    return []


_THIRD_PERSON = frozenset({"he", "she", "it", "they"})


def _responsible(tok: Token, idx: _Index) -> tuple[list[Token], bool]:
    """Who the sentence holds responsible for the attack ``tok``, and whether that is an accusation (blame, "accused X
    of being behind"): "X claimed responsibility for the attack", "X was responsible for the bombing", "accused
    Hezbollah of being behind the attacks", "That attack was also blamed on the FARC", "blamed the blasts on X",
    "attacks blamed on X". The words are data (``responsibility``, ``blame`` term lists)."""
    resp = idx.terms.get("responsibility", frozenset())
    blame = idx.terms.get("blame", frozenset())
    t = tok
    while t.dep_ == "conj" and t.head != t:
        t = t.head
    h = t.head
    if t.dep_ == "pobj" and h.lower_ in ("for", "behind") and h.lower_ in resp | {"for"}:
        g = h.head
        if h.lower_ == "for" and _lemma(g) in resp:
            if g.pos_ == "ADJ":  # "X was responsible for": the copula's subject, or who is said to be
                holder = g.head if g.dep_ in ("acomp", "oprd", "amod") else g
                return _arcs(holder, "nsubj") or _controller(holder, gerunds=True), True
            if g.dep_ == "dobj":  # "X claimed responsibility for": the claimant
                return _arcs(g.head, "nsubj"), False
        if h.lower_ == "behind" and _lemma(g) == "be":  # "X was behind", "accused X of being behind"
            return _arcs(g, "nsubj") or _controller(g, gerunds=True), True
    if t.dep_ in ("nsubjpass", "dobj") and _lemma(h) in blame:
        return _arcs(h, "prep:on"), True
    for c in t.children:
        if c.dep_ == "acl" and _lemma(c) in blame:
            return _arcs(c, "prep:on"), True
    return [], False


def _by_participle(tok: Token, idx: _Index) -> list[Token]:
    """ "An airstrike carried out by Myanmar's military", "attacks launched by the rebels": the by-phrase of a
    participle that modifies the attack names who made it (not one of saying or reacting: "condemned by the UN")."""
    words = idx.cues["commentary"] | idx.cues["reported"] | idx.cues["reaction"]
    return [
        g
        for c in tok.children
        if c.dep_ == "acl" and c.tag_ == "VBN" and (_lemma(c) in idx.support or _lemma(c) not in words)
        for g in _arcs(c, "agent")
    ]


def _led_by(tok: Token) -> list[Token]:
    """ "The United States - led bombing campaign", "the US - led coalition bombing IS": who leads the attack (or the
    campaign a trigger qualifies) makes it."""
    for x in (tok, tok.head) if tok.dep_ in ("compound", "amod") else (tok,):
        for led in x.children:
            if led.dep_ == "amod" and led.lemma_ == "lead" and led.tag_ == "VBN":
                return [c for c in led.children if c.dep_ in ("npadvmod", "compound", "nsubj")]
    return []


def _asked(tok: Token, other_toks: list[Token]) -> list[Token]:
    """The addressee slots of a proposal that hold whoever is asked whatever the words: the object or passive subject
    of a verb with an infinitive ("urged X to", "X are urged to"), an indirect object, the object of "on"/"upon"
    ("called on X to") or of "to" after an appeal."""
    control = any(c.dep_ == "xcomp" for c in tok.children)

    def slot(a: Token) -> bool:
        if a.ent_type_ in _NOT_PARTY_ENTS:  # "promised Friday to order": a date the parser took for an object
            return False
        if a.dep_ in ("dobj", "nsubjpass"):
            return a.head == tok and control
        if a.dep_ == "pobj":  # right after the verb: "called on X", "appealed to X" (not "On Friday, X appealed")
            return a.head.lower_ in ("on", "upon", "to") and a.head.head == tok and a.head.i == tok.i + 1
        # an indirect object; or the controller of a passive infinitive ("is not going to be intimidated")
        # (a "dative" that is the preposition "to" is the parser's; what follows it is no indirect object)
        return (a.dep_ == "dative" and a.pos_ in ("NOUN", "PROPN", "PRON")) or (a.dep_ == "nsubj" and a.head != tok)

    return [a for a in other_toks if slot(a)]


def _answered_by(tok: Token, anchor: Token | None, idx: _Index) -> list[Token]:
    """Who answers a proposal noun that the answering verb carries ("Hamas ... rejected Abbas' call to end their
    attacks", "Russia seemingly has ignored ... John Kerry's appeals", "the United States has not responded to the
    offer", "the request was turned down by X"): the verb's subject, its by-phrase when passive, or whoever controls it
    ("refused to heed the call"). That party is the one the proposal was put to, its addressee (GUIDELINES §4: an
    answer is the addressee's); term list ``answer_verb``."""
    if tok.pos_ not in ("NOUN", "PROPN") or anchor is None or anchor == tok or anchor.pos_ != "VERB":
        return []
    lemma = _lemma(anchor)
    if lemma not in idx.terms.get("answer_verb", frozenset()):
        return []
    if lemma == "turn" and not any(c.dep_ == "prt" and c.lower_ == "down" for c in anchor.children):
        return []
    if any(c.dep_ == "auxpass" for c in anchor.children):
        return _expand_conj(_arcs(anchor, "agent"))
    return _expand_conj(_arcs(anchor, "nsubj")) or _expand_conj(_controller(anchor))


def _unnamed_subject(candidates_lists: list[list[Token]]) -> bool:
    """The arcs give the proposal a subject, but one that names no party: a common noun ("protesters gathered ...
    with banners reading ... 'No to Putin' to demand a permanent end to the shelling") or a personal pronoun whose
    antecedent was not found ("As for his policy to defeat ISIS, he proposed leading a coalition"). Whoever the
    sentence names before the trigger is then not its proposer (Putin, ISIS): the proposer is someone the rules could
    not name, and guessing one puts a wrong party on the item."""
    at, first = next(((i, x) for i, x in enumerate(candidates_lists) if x), (0, []))
    for a in first:
        h = _relative_head(a)
        # a noun whose own phrase names a party is that party's ("Many people working on Syria for the State
        # Department", "Countries such as Russia and China"): the guess takes it
        if h.pos_ == "NOUN" and not any(x.pos_ == "PROPN" or x.ent_type_ in ACTOR_LABELS for x in h.subtree):
            return True
        # a pronoun only as the trigger's own subject or its carrier's: the subject of a clause above ("they ripped
        # Trump for his newest controversy: urging ...") is no subject of the proposal
        if at in (0, 2) and h.pos_ == "PRON" and h.lower_ in ("he", "she", "they", "we", "i", "you"):
            return True
    return False


def _noun_sides(
    agent_lists: list[list[Token]], other_toks: list[Token], agents: list[str], others: list[str], idx: _Index
) -> tuple[list[str], list[str]]:
    """The sides of a trade that no name gives, as the article's own noun for them: the agent from the first role list
    that holds a party noun, the other side from the other side's slots; each only when no name filled that role."""
    nouns = idx.terms.get("party_noun", frozenset()) | idx.terms.get("trade_noun", frozenset())
    by_agent: list[str] = []
    if not agents:
        for toks in agent_lists:
            by_agent = [n for a in toks if (n := _noun_party(_relative_head(a), nouns))]
            if by_agent:
                break
    by_other: list[str] = []
    if not others:
        by_other = [n for a in other_toks if (n := _noun_party(a, nouns)) and n not in agents + by_agent]
    return by_agent, by_other


def _asks_with_own_subject(verb: Token | None, category: Category) -> bool:
    """A proposal's or a trade's verb with a subject of its own ("When the agency requested access to two suspect
    nuclear waste sites, North Korea declared them to be military sites"): that subject asks or trades, named or not,
    and the clause the verb hangs from lends it no other. Only a noun: a relative pronoun stands for its noun and that
    noun's conjuncts ("advisers and Democrats connected to Clinton who urged her to quit"), and a personal pronoun for
    whom the clause above names ("Mrs. Clinton is ... more hawkish: She has called for")."""
    if verb is None or category is Category.military_events or verb.pos_ not in ("VERB", "AUX"):
        return False
    return any(c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN") for c in verb.children)


def _relative_head(tok: Token) -> Token:
    """ "Prigozhin, whose army began advancing": the relative pronoun (or its possessor) stands for the noun the
    relative clause hangs from."""
    rel = tok.lower_ in ("who", "which", "that") or any(c.dep_ == "poss" and c.lower_ == "whose" for c in tok.children)
    if not rel:
        return tok
    t = tok
    for _ in range(4):
        if t.dep_ == "relcl":
            head = t.head
            # "Max Boot, the Commentary columnist and senior fellow ... who'd been advising Marco Rubio": a clause on
            # an apposition (or its conjunct) stands for the name the apposition describes
            if head.dep_ == "conj" and head.head.dep_ == "appos":
                head = head.head
            return head.head if head.dep_ == "appos" else head
        if t.head == t:
            break
        t = t.head
    return tok


def _expand_conj(toks: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in toks:
        out.append(t)
        out.extend(c for c in t.conjuncts if c not in out)
        # "BAKU (Reuters) - Azerbaijan and Armenia ... exchanged": the small parser makes the dateline the subject
        # and the real, conjoined subjects its apposition
        out.extend(c for a in t.children if a.dep_ == "appos" for c in a.conjuncts if c not in out)
        if t.dep_ == "nsubj":
            # headline style "China, Russia Start Joint Military Drills": the small parser hangs the first name
            # off the verb instead of conjoining it with the subject
            out.extend(
                c
                for c in t.head.children
                if c.dep_ == "npadvmod" and c.i < t.i and c.ent_type_ in ACTOR_LABELS and c not in out
            )
    return out


def _controller(verb: Token, gerunds: bool = False) -> list[Token]:
    """Who does an infinitive or a conjoined verb: "X refused to deploy" (X), "asked Russia to offer"
    (Russia), "X met Y and visited Z" (X); with ``gerunds`` (proposals and trades) also a gerund after a preposition
    ("accused Germany of selling") and an infinitive that completes a noun ("Burmese plans to purchase")."""
    head = verb.head
    if verb.dep_ == "xcomp" or (
        verb.dep_ == "ccomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    ):
        if head.dep_ == "acomp" and head.head.pos_ in ("AUX", "VERB"):
            # "Washington was ready to lift sanctions": the subject of the copula does the infinitive
            return _arcs(head.head, "nsubj") or _controller(head.head, gerunds)
        objs = _arcs(head, "dobj") or _arcs(head, "dative")
        # "called on Iran to suspend all enrichment activities and sign an Additional Protocol", "relied on Russia to
        # supply": the party after "on" is asked, and does the infinitive
        objs = objs or [x for x in _arcs(head, "prep:on") if x.pos_ == "PROPN" or x.ent_type_ in ACTOR_LABELS]
        # (a passive's subject does its infinitive: "the first batch of four jets are expected to arrive in India")
        return objs or _arcs(head, "nsubj") or _arcs(head, "nsubjpass") or _controller(head, gerunds)
    slipped = _slipped_conj(verb)
    if slipped is not None:
        return _arcs(slipped, "nsubj")
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        # (a passive's subject does the active verb conjoined to it: "INS 'Delhi' is expected to depart Sri Lanka on
        # September 3 and will conduct a Passage Exercise")
        return _arcs(head, "nsubj") or _arcs(head, "nsubjpass") or _controller(head, gerunds)
    purpose = verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if (purpose or (verb.dep_ in ("advcl", "acl") and verb.tag_ == "VBG")) and head.pos_ in ("VERB", "AUX"):
        # "Maliwal, who was on a hunger strike for 12 days demanding execution ...": a participle that adjoins a
        # clause is done by that clause's subject, and so is a purpose infinitive ("formations set sail ... to carry
        # out drills")
        return _arcs(head, "nsubj") or _controller(head, gerunds)
    if verb.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN"):
        if verb.dep_ == "relcl" or (gerunds and verb.tag_ == "VBG"):  # "companies selling arms": the noun does it
            return [head]
        if gerunds and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            # "Burmese plans to purchase", "Russia's decision to sell": whose plan or decision it is
            return [c for c in head.children if c.dep_ in ("poss", "amod", "compound") and c.ent_type_ in ACTOR_LABELS]
        return []
    if gerunds and verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        # "accused Germany of selling", "barred X from buying": the object does the gerund; else the subject of
        # the verb the phrase hangs from ("refrain from selling"), or whoever does that verb
        gov = head.head
        if any(c.dep_ == "auxpass" for c in gov.children):  # "Germany was accused of selling"
            return _arcs(gov, "nsubjpass")
        # "defying France's crackdown by calling for ...": after "by", "after", "without" the subject acts
        objs = _arcs(gov, "dobj") if head.lower_ in ("of", "from", "for") else []
        return objs or _arcs(gov, "nsubj") or _controller(gov, gerunds)
    return []


def _slipped_conj(verb: Token) -> Token | None:
    """ "The MILF said the ceasefire would come into effect next Tuesday and urged the government to reciprocate": a
    past-tense verb with no subject of its own cannot share the modal of the clause the parser conjoins it to ("would
    come ... and urged"); it is conjoined with the past-tense verb above that clause, whose subject it shares. That
    verb, or None."""
    if verb.dep_ != "conj" or verb.tag_ != "VBD":
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return None
    head = verb.head
    if head.dep_ != "ccomp" or not any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children):
        return None
    up = head.head
    return up if up.pos_ == "VERB" and up.tag_ == "VBD" and up.i < verb.i else None


_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "it", "they", "this", "that", "there", "who", "which"})


def _modal_demand(tok: Token, s: _Sentence, idx: _Index) -> tuple[list[str], list[str]] | None:
    """(speaker, addressee) names when a must/should clause is what a named speaker says of another named party
    ("X said Y should ..."); None for a modal of anything else ("should he become president", "we must fight")."""
    verb = tok.head
    if tok.dep_ != "aux" or verb.dep_ not in ("ccomp", "parataxis"):
        return None
    say = verb.head
    if _lemma(say) not in idx.cues["reported"] | idx.cues["claimed"]:
        return None
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subj or subj[0].i > tok.i or subj[0].lower_ in _PRONOUNS:
        return None  # no subject, an inverted condition, or a pronoun that may be the speaker
    nouns = idx.terms.get("party_noun", frozenset())
    # a party named by the article's noun counts ("City council leader says west must act"; GUIDELINES §12)
    addressees = [
        n for x in _expand_conj(subj) for n in _actors_at(x, s) or [_untagged_name(x) or _noun_party(x, nouns)] if n
    ]
    speakers = [
        n
        for x in _arcs(say, "nsubj")
        for n in _actors_at(_relative_head(x), s) or [_untagged_name(x) or _noun_party(x, nouns)]
        if n
    ]
    if not addressees or not speakers or set(addressees) & set(speakers):
        return None
    return speakers, addressees


_FINITE_OR_VBN = frozenset({"VBD", "VBZ", "VBN"})


def _postposed_subject(tok: Token) -> list[Token]:
    """The noun phrase right before a subjectless verb that ends the sentence's asking ("..., the quartet – the US,
    Russia, the EU and the UN – recommended today"), when the phrase opens after a comma: the parser hangs such a
    postposed reporting clause's subject on the clause before it. With the members its apposition lists."""
    if tok.pos_ != "VERB" or tok.dep_ not in ("dep", "ROOT", "parataxis", "ccomp") or tok.tag_ not in _FINITE_OR_VBN:
        return []
    # (a past participle only bare: the tagger's VBD/VBN slip, not "has been recommended")
    if any(c.dep_ in ("nsubj", "nsubjpass", "agent", "expl", "aux", "auxpass") for c in tok.children):
        return []
    j = tok.i - 1
    while j >= tok.sent.start and tok.doc[j].is_punct:
        j -= 1
    if j < tok.sent.start:
        return []
    x = tok.doc[j]
    while x.dep_ in ("appos", "conj", "compound", "amod", "det", "cc", "flat") and x.head.i < tok.i and x.head != x:
        x = x.head
    first = x.left_edge.i
    if x.pos_ not in ("NOUN", "PROPN") or x.i >= tok.i or first <= tok.sent.start or tok.doc[first - 1].text != ",":
        return []
    # the members an apposition lists ("the quartet – the US, Russia, the EU and the UN") are each a party
    return [x] + [m for a in x.children if a.dep_ == "appos" for m in a.conjuncts]


def _deal_maker(verb: Token, idx: _Index) -> list[Token]:
    """Who does a trade's infinitive that completes a noun with no owner of its own: the subject (or controller) of the
    verb that takes the noun as its object, through the noun's of-phrases and modifiers: "Argentina's defence minister
    signed a deal on Tuesday worth about 2.1 billion kroner (£241 million) to buy 24 of Denmark's ageing F-16 fighter
    jets", "Mr Poulsen visited Argentina and signed a letter of intent to sell some of Denmark's F-16 jets" (dev,
    argentina_buys_24_danish_f16s_2024). A deal is made by its parties, so the maker of the deal is the trade's side
    (GUIDELINES §5); an owner of the noun ("Russia's decision to sell") is ``_controller``'s."""
    if verb.pos_ != "VERB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return []
    if verb.dep_ not in ("acl", "xcomp", "relcl"):
        return []
    t = verb.head
    deal_nouns = idx.terms.get("deal_noun", frozenset())
    dealt = False  # a deal, not any noun: "struggle to find the money to buy food" (RAMS dev) is no one's deal
    for _ in range(5):
        dealt = dealt or _lemma(t) in deal_nouns
        if t.pos_ in ("NOUN", "PROPN") and t.dep_ == "dobj" and t.head.pos_ in ("VERB", "AUX"):
            if any(c.dep_ == "poss" for c in t.children) or not dealt:
                return []
            gov = t.head
            return _arcs(gov, "nsubj") or _controller(gov, gerunds=True)
        if t.dep_ not in ("prep", "pobj", "acl", "xcomp") or t.head == t:
            return []
        t = t.head
    return []


def _governor_subject(verb: Token) -> list[Token]:
    """The subject of the nearest clause above an infinitive, participle or conjoined verb that has one."""
    t = verb
    for _ in range(4):
        if t.dep_ not in ("xcomp", "advcl", "conj") or t.head == t:
            return []
        t = t.head
        subj = _arcs(t, "nsubj")
        if subj:
            return subj
    return []


def _destination(a: Token, anchor: Token, idx: _Index) -> bool:
    """``a`` is the place a verb of moving goes to, read off the verb that carries a trade noun ("to move to Belarus in
    deal"): a destination, not the trade's other side (a trade's own to-phrase, "sold to Poland", is not touched)."""
    return (
        a.dep_ == "pobj"
        and a.head.lower_ == "to"
        and a.head.head == anchor
        and _lemma(anchor) in idx.terms.get("motion_verb", frozenset())
        and not _arcs(anchor, "dobj")
        and a.ent_type_ in PLACE_LABELS
    )


def _status_governors(low: Token, chain: list[Token]) -> set[str]:
    """The lemmas of the verbs above the event that can refuse, cancel or deny it: not a verb it is conjoined to.

    "The ELN suspended its operations during April and asked Duque to return to the negotiation table" (dev): the
    first of two coordinated predicates is another act of the same subject, not a verb that governs the second, so
    "suspended" cancels no request; "refused to meet and sign" still refuses both (the refusal governs the first).
    """
    out: set[str] = set()
    below = low
    for v in chain:
        verbs = below.pos_ in ("VERB", "AUX") and v.pos_ in ("VERB", "AUX")
        if not (below.dep_ == "conj" and below.head == v and verbs):
            out.add(_lemma(v))
        below = v
    return out


def _chain(anchor: Token, idx: _Index) -> tuple[list[Token], Token | None]:
    """The verbs that govern the event up to the first verb of saying; and that verb."""
    chain: list[Token] = []
    t = anchor
    for _ in range(8):
        if t.dep_ == "ROOT" or t.head == t:
            break
        say = idx.cues["reported"] | idx.cues["claimed"] | idx.cues["commentary"]
        if t.dep_ in ("nsubj", "nsubjpass") and _lemma(t.head) in say:
            # the event sits in the subject of the verb above ("Prigozhin, whose army began advancing, said"):
            # that verb says something about the subject, not about the event
            return chain, None
        if t.dep_ == "conj" and _lemma(t.head) in say:
            # "Cruz said he would end his campaign but vowed that ...": a verb conjoined to the verb of saying is the
            # speaker's own act, not what is said
            return chain, None
        if (slipped := _slipped_conj(t)) is not None and _lemma(slipped) in say:
            return chain, None  # ... also where the parser hung it on the said clause (_slipped_conj)
        below, t = t, t.head
        lem = _lemma(t)
        if (
            lem in idx.cues["claimed"]
            and below == anchor
            and below.dep_ == "dobj"
            and not any(c.dep_ in ("ccomp", "xcomp", "parataxis") for c in t.children)
        ):
            # "The United States and Turkey maintain an illegal military presence": a verb of claiming with the event
            # as its object and no clause says nothing about it; it carries the event, its subject acts
            chain.append(t)
            continue
        if lem in idx.cues["reported"] or lem in idx.cues["claimed"] or lem in idx.cues["commentary"]:
            return chain, t
        chain.append(t)
    return chain, None


def _according_to(sent: Span) -> list[Token]:
    """Sources named outside a verb of saying: "according to X", "citing X", "quoting X"."""
    out = []
    for t in sent:
        if t.lemma_ in ("cite", "quote") and t.pos_ == "VERB":
            out.extend(c for c in t.children if c.dep_ == "dobj")
        if t.lower_ == "according" and t.i + 1 < sent.end and t.doc[t.i + 1].lower_ == "to":
            out.extend(g for g in t.doc[t.i + 1].children if g.dep_ == "pobj")
    return out


def _clause(tok: Token) -> list[Token]:
    """The tokens of the smallest clause around ``tok``: the subtree of its nearest verb ancestor (itself if a
    verb), without the clauses conjoined to it."""
    v = tok
    for _ in range(6):
        if (v.pos_ in ("VERB", "AUX") and v.dep_ not in ("amod", "acl")) or v.head == v:
            break
        v = v.head
    keep: list[Token] = []
    stack = [v]
    while stack:
        t = stack.pop()
        keep.append(t)
        stack.extend(c for c in t.children if not (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")))
    return sorted(keep, key=lambda t: t.i)


def _clause_text(tok: Token) -> str:
    toks = _clause(tok)
    doc = tok.doc
    return doc.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]


def _in_other_relative(t: Token, tok: Token) -> bool:
    """Whether ``t`` sits in a relative or appositive clause that does not hold the trigger ("Airwars, which is
    based in the United Kingdom": a place about someone else)."""
    return any(a.dep_ in ("relcl", "acl", "appos") and tok not in a.subtree for a in t.ancestors)


def _in_other_clause(t: Token, tok: Token) -> bool:
    """Whether ``t`` sits in a relative or participial clause that qualifies someone outside the trigger's phrase ("a
    unit based in Abeche"); not one that qualifies the event or what its phrase holds ("the attack that targeted a
    village in the Sagaing region", "drills code-named ... in the Taiwan Strait")."""
    own = set(tok.subtree)
    return any(a.dep_ in ("relcl", "acl") and tok not in a.subtree and a.head not in own for a in t.ancestors)
