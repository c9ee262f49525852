"""Who: the parties a trigger's arcs name (subject or passive agent, object, dative, to/with/from phrases, the
controller of an infinitive), turned into actors through the gazetteer, spaCy's entities and the article's common
nouns; who says so; and the chain of words that governs a trigger."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..antecedents import Referent, common_antecedent, load_antecedents, resolve
from ..gazetteer import Mention, affiliation, canonical, find_actors, is_media, states_in
from ..nlp import Parsed
from ..schema import Category
from .index import _default_index, _forms, _Index, _lemma
from .syntax import _ACRONYM, _MODIFIER_DEPS, ACTOR_LABELS, PLACE_LABELS, _arcs

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


@dataclass
class _Sentence:
    parsed: Parsed
    mentions: list[Mention]  # offsets relative to the sentence text
    ents: list[Span]
    #: People the article has introduced with a military title ("defence minister Sergei Shoigu").
    military_people: frozenset[str] = frozenset()
    #: Named parties of this sentence and of the sentences before it (nearest last), for pronouns and descriptions.
    referents: tuple[Referent, ...] = ()
    earlier: tuple[tuple[Referent, ...], ...] = ()
    #: Where a dateline ("CULIACAN, Mexico, (APP ...) -") ends, relative to the sentence: nothing before it is a party.
    dateline_end: int = 0

    def mentions_in(self, lo: int, hi: int) -> list[Mention]:
        return [m for m in self.mentions if m.start >= lo and m.end <= hi]


def _role_phrase(tok: Token) -> tuple[int, int]:
    """Character range (sentence-relative) of the noun phrase a role token heads, without its clauses."""
    toks = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for ch in t.children:
            if (
                ch.dep_ in ("compound", "amod", "poss", "nmod", "flat", "appos", "det", "case")
                or (ch.dep_ == "prep" and ch.lower_ == "of")
                or ch.dep_ == "pobj"
                and t.dep_ == "prep"
                # "the US - led coalition": who leads a force is part of how the phrase names it
                or (ch.dep_ in ("npadvmod", "compound") and t.lemma_ == "lead" and t.tag_ == "VBN")
            ):
                toks.append(ch)
                stack.append(ch)
    sent_start = tok.sent.start_char
    lo = min(t.idx for t in toks) - sent_start
    hi = max(t.idx + len(t.text) for t in toks) - sent_start
    return lo, hi


def _names(m: Mention) -> list[str]:
    """A person or state organ stands for their state too, so both are listed (state first)."""
    state = affiliation(m.name)
    if state and state != m.name:
        return [state, m.name]
    return [m.name]


def _ent_name(text: str) -> str:
    """An entity's text as a name: without a leading article, and without a bracket the small model opened and did
    not close ("Delhi Commission for Women (DCW" → "Delhi Commission for Women")."""
    text = text.removeprefix("the ").removeprefix("The ")
    if "(" in text and ")" not in text[text.index("(") :]:
        text = text[: text.index("(")].rstrip()
    return canonical(text) if text else text


def _short_form(ent: Span) -> str | None:
    """The initials written in brackets right after a name ("National Liberation Army (ELN)"): the usual short name
    of the party (evals/GUIDELINES.md §3, §12: a named group by its usual short name)."""
    doc = ent.doc
    i = ent.end
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")" and _ACRONYM.fullmatch(doc[i + 1].text):
        return doc[i + 1].text
    return None


@lru_cache(maxsize=1)
def _group_nouns() -> frozenset[str]:
    """Nouns that name a non-state group or an armed one ("rebels", "militant group", "movement"): the antecedent
    rules' descriptions that want a group (``data/antecedents.yaml``), one list for both modules."""
    return load_antecedents().lemmas_wanting("group", "armed")


def _phrase_group(tok: Token, s: _Sentence, lo: int, hi: int, mentions: list[Mention]) -> tuple[str, int] | None:
    """(name, sentence-relative start) of the non-state group a role phrase names when the phrase is that group:
    its head is a group noun ("Colombia's ELN rebels", "the Lebanese militant group Hezbollah") or is the group's
    own name. The group is a gazetteer organisation that answers to no state, an ORG entity the gazetteer does not
    know (not a state body: "the Syrian army"), or initials the small model left untagged ("ELN")."""
    base = s.parsed.span.start_char
    head = tok.head if tok.dep_ == "appos" else tok
    grouped = _lemma(head) in _group_nouns() or any(
        _lemma(c) in _group_nouns() for c in head.children if c.dep_ == "appos"
    )
    named: list[tuple[str, int, set[int]]] = []
    for m in mentions:
        if m.kind.value in ("organization", "military") and affiliation(m.name) is None:
            span = s.parsed.span.char_span(m.start, m.end, alignment_mode="expand")
            named.append((m.name, m.start, {t.i for t in span} if span is not None else set()))
    for ent in s.ents if grouped else ():
        # (an ORG entity only under a group noun: alone it may be a state's command or corps, or a person the small
        # model tags ORG)
        e_lo, e_hi = ent.start_char - base, ent.end_char - base
        if ent.label_ != "ORG" or e_lo < lo or e_hi > hi or any(m.start < e_hi and e_lo < m.end for m in mentions):
            continue
        named.append((_short_form(ent) or _ent_name(ent.text), e_lo, {t.i for t in ent}))
    for t in s.parsed.span:
        at = t.idx - base
        # (initials alone only under a group noun too: "PTSD afflicts 11 percent of veterans" names no party)
        acronym = grouped and t.pos_ == "PROPN" and not t.ent_type_ and _ACRONYM.fullmatch(t.text)
        if acronym and lo <= at < hi and not any(m.start <= at < m.end for m in mentions):
            named.append((t.text, at, {t.i}))
    for name, at, toks in named:
        if name and (grouped or head.i in toks or any(c.i in toks for c in head.children if c.dep_ == "appos")):
            return name, at
    return None


def _demonym_group(tok: Token, s: _Sentence, lo: int, hi: int, mentions: list[Mention]) -> tuple[str, int] | None:
    """(name, sentence-relative start) of a group the article names by a proper name after a nationality ("The
    Pakistani Taliban claimed responsibility", "the outlawed Pakistani Taliban, who often target security forces";
    fixture pakistan_militants_kill_three_police_lachi_checkpoint_2024, dev): the whole name, not the state the
    nationality would give alone (evals/GUIDELINES.md §12: a group by the article's name for it). Only a proper name
    the gazetteer does not know and that is no state body: a head of the lexicon's ``state_body`` nouns ("the
    Philippine Navy", "the Indian Air Force") is the state's own organ, which stands for the state (§3)."""
    head = tok.head if tok.dep_ == "appos" else tok
    if head.pos_ != "PROPN" or head.ent_type_ not in ("ORG", "NORP") or not head.text[:1].isupper():
        return None
    base = s.parsed.span.start_char
    at = head.idx - base
    if any(m.start <= at < m.end for m in mentions):
        return None  # the head itself is a name the gazetteer knows: the other rules read it
    mods = [c for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i]
    state_mods = [c for c in mods if any(m.kind.value == "state" and m.start <= c.idx - base < m.end for m in mentions)]
    # (the nationality must be a word before the name with nothing but proper nouns between them)
    if not state_mods or any(c.pos_ != "PROPN" and c not in state_mods for c in mods):
        return None
    first = min(state_mods, key=lambda c: c.i)
    words = head.doc[first.i : head.i + 1]
    bodies = _default_index().terms.get("state_body", frozenset())
    if any(_lemma(t) in bodies or t.lower_ in bodies for t in words):
        return None
    start = words.start_char - base
    return (words.text, start) if lo <= start and start + len(words.text) <= hi else None


def _state_qualifies_group(tok: Token, s: _Sentence, mentions: list[Mention]) -> bool:
    """Whether the role phrase is a non-state group that a state only qualifies, with no name of its own: "Colombia's
    main leftist rebel group says it is willing to exchange" (fixture
    colombian_rebels_seek_prisoner_swap_with_government_2009, dev), "a 13-year - old Israeli - American Jew who was
    stabbed to death ... by a Palestinian terrorist" (RAMS dev nw_RCbb38e3379286cc08a7...). The state is where the
    group is from, not a party (evals/GUIDELINES.md §12: an unnamed group by the article's noun, "Sudanese rebels");
    the noun is left to the rules for common nouns and antecedents. The group nouns are the antecedent rules'."""
    if not mentions or _lemma(tok) not in _group_nouns():
        return False
    span = s.parsed.span
    for m in mentions:
        root = span.char_span(m.start, m.end, alignment_mode="expand")
        if m.kind.value != "state" or root is None:
            return False
        if root.root.dep_ not in ("poss", "amod", "compound", "nmod") or root.root.head != tok:
            return False
    return True


def _unnamed_state_group(tok: Token, s: _Sentence) -> bool:
    """Whether a role token heads a non-state group that a state only qualifies and that no name in its phrase gives
    ("Colombia's main leftist rebel group says it is willing to exchange", "Colombian Rebels Seek Prisoner Swap with
    Government"): the state is where the group is from, and the group is the one the article names elsewhere, often
    only in a later sentence ("The overture by the Revolutionary Armed Forces of Colombia (FARC)")."""
    lo, hi = _role_phrase(tok)
    mentions = [m for m in s.mentions_in(lo, hi) if not is_media(m.name)]
    if _phrase_group(tok, s, lo, hi, mentions) or _demonym_group(tok, s, lo, hi, mentions):
        return False
    return _state_qualifies_group(tok, s, mentions)


def _origin_word(rest: str) -> bool:
    """Whether ``rest``, the text right after a nationality, starts with a hyphen and a ``made_in`` word."""
    word = re.match(r"\s*-\s*([a-z]+)", rest)
    return word is not None and word.group(1) in _default_index().terms.get("made_in", frozenset())


def _actors_at(tok: Token, s: _Sentence) -> list[str]:
    lo, hi = _role_phrase(tok)
    out: list[str] = []
    mentions = [m for m in s.mentions_in(lo, hi) if not is_media(m.name)]
    group = _phrase_group(tok, s, lo, hi, mentions) or _demonym_group(tok, s, lo, hi, mentions)
    if group is not None:
        # "Colombia's ELN rebels", "the Lebanese militant group Hezbollah": a state that only qualifies a non-state
        # group is where the group is from, not a party (evals/GUIDELINES.md §12: the group as the article names it)
        span = s.parsed.span
        kept = []
        for m in mentions:
            root = span.char_span(m.start, m.end, alignment_mode="expand")
            if m.kind.value == "state" and root is not None and root.root.dep_ in ("poss", "amod", "compound", "nmod"):
                continue
            kept.append(m)
        mentions = kept
        out.append(group[0])
    if group is None and _state_qualifies_group(tok, s, mentions):
        # "a Palestinian terrorist": the article's noun with its nationality (GUIDELINES §12, "Sudanese rebels"); a
        # state's possessive ("Colombia's main leftist rebel group") names no party of its own
        first = min(m.start for m in mentions)
        words = s.parsed.span.char_span(first, tok.idx + len(tok.text) - s.parsed.span.start_char, "expand")
        adjectival = all(m.surface != m.name and not m.surface.endswith(("'s", "’s")) for m in mentions)
        # (... and none when the group's name follows in apposition: "The Palestinian militant group Hamas")
        after = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        # (a name right after the noun, which the parser may make a second subject: "group Hamas has released")
        named_next = after is not None and after.pos_ == "PROPN" and after.ent_type_ not in ("DATE", "TIME")
        adjectival = adjectival and not named_next and not any(c.dep_ == "appos" for c in tok.children)
        return [words.text] if adjectival and words is not None and "'" not in words.text else []
    for m in mentions:
        names = _names(m)
        if m.kind.value == "person" and len(names) > 1:
            # "the Obama administration", "the Assad regime": a leader's government is the leader's state
            # (evals/GUIDELINES.md §3: the body of a state is named by the state), wherever it sits in the phrase
            root = s.parsed.span.char_span(m.start, m.end, alignment_mode="expand")
            governs = root is not None and root.root.dep_ in ("compound", "poss")
            if governs and _lemma(root.root.head) in ("administration", "government", "regime"):
                names = names[:1]
        for n in names:
            if n not in out:
                out.append(n)
    base = s.parsed.span.start_char
    if out:
        # "Chief of Naval Staff of the Pakistan Navy Admiral Mohammad Zakaullah", "Vietnam's minister of national
        # Defense, Phan Van Giang": the person the phrase is about, whom the gazetteer does not know, after the state
        heads = {tok.i} | {c.i for c in tok.children if c.dep_ == "appos"}
        titled = tok.pos_ == "PROPN" or _lemma(tok) in load_antecedents().person_nouns
        for ent in s.ents:
            e_lo, e_hi = ent.start_char - base, ent.end_char - base
            # (a title's phrase that ends in the name: "Chief of Naval Staff of the Pakistan Navy Admiral M. Z.")
            if ent.label_ != "PERSON" or not (heads & {t.i for t in ent} or (titled and e_hi == hi)):
                continue
            if not any(m.start < e_hi and e_lo < m.end for m in mentions):
                name = _ent_name(ent.text)
                if name and name not in out:
                    out.append(name)
        return out
    ents = [e for e in s.ents if e.label_ in ACTOR_LABELS and e.start_char - base >= lo and e.end_char - base <= hi]
    ents = [e for e in ents if not _portfolio(e)]  # "Secretary of State John Kerry": "State" is no party
    ents = [e for e in ents if not _place_inside(e, tok)]  # "Istanbul airport attacked": where, not who
    if any(e.label_ == "PERSON" for e in ents):
        # "Delhi chief minister Arvind Kejriwal": a town or region in a person's title says what they govern; a
        # place the gazetteer does not know as a state is no party beside them
        ents = [e for e in ents if e.label_ != "GPE" or affiliation(canonical(e.text))]
    for ent in ents:
        name = (ent.label_ == "ORG" and _short_form(ent)) or _ent_name(ent.text)
        if ent.label_ == "NORP" and ent.root.dep_ == "amod" and ent.root.head == tok and tok.tag_ == "NNS":
            # "Some European officials offered": a nationality that is no state qualifies the article's own noun for
            # the party, which names it (evals/GUIDELINES.md §12); "European" alone names nobody
            name = f"{ent.text} {tok.text}"
        if name and name not in out:
            out.append(name)
    return out


def _place_inside(ent: Span, tok: Token) -> bool:
    """A place the gazetteer does not know (no state, no capital standing for one) that only modifies or completes the
    role's head noun says where the head is, not who acts: "Istanbul airport attacked despite heavy security" (RAMS dev
    nw_RC49357951ad3e07e85513a5e32ecf3cf435895e718e38498ce485333e, "Istanbul" a compound of "airport"), "The battle
    for the city on the Volga River ( present - day Volgograd ) was a major defeat for Germany" (RAMS dev
    nw_RC6fb083f833ffe1de740c..., inside the battle's for-phrase). A place that is the head itself, or its apposition,
    is left to the other rules ("Qadhafi ordered his forces to attack", a person the small model tags GPE)."""
    if ent.label_ not in PLACE_LABELS or find_actors(ent.text):
        return False
    # "the U.S government supplied the group", "Florida ’s election division": a place's own government or body (the
    # lexicon's ``state_body`` nouns) acts for the place
    bodies = _default_index().terms.get("state_body", frozenset())
    if ent.root.dep_ in ("compound", "poss", "nmod", "amod") and _lemma(ent.root.head) in bodies:
        return False
    return ent.root != tok and not (ent.root.dep_ in ("appos", "conj") and ent.root.head == tok)


def _party_at(tok: Token, s: _Sentence, exclude: Iterable[str] = ()) -> list[str]:
    """The names a role token gives; for a pronoun or a description that names no party ("they", "the militants"),
    the named party it stands for, from this sentence or the ones before it (``antecedents.resolve``)."""
    return _actors_at(tok, s) or resolve(tok, s.referents, s.earlier, exclude)


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


def _noun_forms(tok: Token) -> set[str]:
    """A noun's forms, with the singular of a "-men" plural the tagger left unlemmatised ("Gunmen" tagged NNP)."""
    forms = set(_forms(tok))
    if tok.lower_.endswith("men"):
        forms.add(f"{tok.lower_[:-3]}man")
    return forms


def _common_actor(tok: Token, armed: frozenset[str]) -> str | None:
    """The noun phrase of an armed actor the article names by a common noun ("the US - led coalition", "IS
    militants"), without its leading article; None for anything else."""
    # "Rebels and government soldiers fought", "CULIACAN, Mexico, (...) - Gunmen ambushed": a sentence's first word (or
    # the first after a dateline's dash) may be tagged a proper noun, and names nobody
    first = tok.i == tok.sent.start or tok.doc[tok.i - 1].is_punct
    noun = tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and not tok.ent_type_ and first)
    if not noun or tok.dep_ in ("compound", "amod") or not _noun_forms(tok) & armed:
        return None
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children):
        return None  # "his troops", "its military": someone named elsewhere, resolved through the speaker if at all
    if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        return None  # "No group has claimed responsibility for the attack": nobody
    lo, hi = _role_phrase(tok)
    text = tok.sent.text[lo:hi]
    for det in ("the ", "The ", "a ", "A ", "an ", "An "):
        text = text.removeprefix(det)
    return text or None


def _plain_actor(tok: Token, text: str | None, idx: _Index) -> str | None:
    """The article's noun for an armed actor without the words that only judge or hedge it ("the terrorist militants
    who targeted innocent civilians", "suspected militants shot", "armed militants attacked" → militants; GUIDELINES
    §12, eighth batch: the noun the article gives the attackers). The words are data (``actor_epithet``); a modifier
    that tells which people they are ("Sudanese rebels", "IS militants") stays, and so does the whole phrase when one
    stands among the epithets."""
    epithets = idx.terms.get("actor_epithet", frozenset())
    if not text or not epithets:
        return text
    before = [c for c in tok.children if c.i < tok.i and c.dep_ in _MODIFIER_DEPS | {"nmod", "appos"}]
    dropped = [c for c in before if c.dep_ == "amod" and ({_lemma(c), c.lower_} & epithets)]
    if not dropped or len(dropped) != len([c for c in before if c.dep_ != "nummod"]):
        return text
    for c in sorted(dropped, key=lambda c: c.i):
        text = text.removeprefix(f"{c.text} ")
    return text


def _state_force(a: Token, idx: _Index) -> bool:
    """ "government soldiers", "the national army", "security forces": a state's own forces named by a common noun (the
    ``state_force`` term lists), which stand for the state where they fight (GUIDELINES §12: "[UFDD, Chad]")."""
    if _lemma(a) not in idx.terms.get("state_force", frozenset()):
        return False
    mods = {_lemma(c) for c in a.children if c.dep_ in ("amod", "compound", "nmod")}
    return _lemma(a) == "government" or bool(mods & idx.terms.get("state_force_modifier", frozenset()))


def _armed_adjective(a: Token, tok: Token, idx: _Index) -> str | None:
    """ "A militant attack", "rebel attacks": an armed group named only by a modifier of the attack is its actor, as
    the plural noun (evals/GUIDELINES.md §12, fourth batch: "militant attacks in the Jammu area" → militants)."""
    if a.head != tok or a.dep_ not in ("amod", "compound"):
        return None
    if _lemma(a) in idx.terms.get("armed_adjective", ()):
        return f"{_lemma(a)}s"
    # "suicide bombings" → suicide bomber: the attacker a modifier implies (``modifier_attacker``)
    return next((x for x in idx.terms.get("modifier_attacker", ()) if x.split()[0] == _lemma(a)), None)


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


_NOT_PARTY_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})


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


def _common_party(tok: Token) -> str | None:
    """A party named by a common noun phrase, as written without its article ("law enforcement agencies", "the
    federal government" → "federal government"); None for a pronoun, a pronoun-possessed noun ("his forces") or a
    place."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in PLACE_LABELS | _NOT_PARTY_ENTS:
        return None
    if any(c.dep_ in ("dobj", "advmod", "aux") for c in tok.children):
        return None  # a verb the tagger took for a noun ("promised to “immediately” order a cease-fire")
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children):
        return None
    lo, hi = _role_phrase(tok)
    text = tok.sent.text[lo:hi]
    for det in ("the ", "The ", "a ", "A ", "an ", "An "):
        text = text.removeprefix(det)
    return text or None


def _struck_party(tok: Token) -> str | None:
    """Whom an attack hit, named by a common noun phrase as written: as :func:`_common_party`, and a noun a pronoun
    possesses is kept too, without the pronoun ("this government is massacring its people", "finally attacking its
    starved and weakened defenders" → people, starved and weakened defenders): whose they are does not name them."""
    poss = [c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PRON"]
    if not poss:
        return _common_party(tok)
    if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in PLACE_LABELS | _NOT_PARTY_ENTS:
        return None
    if any(c.dep_ in ("dobj", "advmod", "aux") for c in tok.children):
        return None
    lo, hi = _role_phrase(tok)
    base = tok.sent.start_char
    lo = max(lo, poss[-1].idx + len(poss[-1].text) - base)
    return tok.sent.text[lo:hi].strip() or None


def _untagged_name(tok: Token) -> str | None:
    """A party's proper name that neither the gazetteer nor the NER knows: a proper noun the small model left untagged
    ("Cornel West urges Obama", "Pope urges reconciliation"), or the proper noun that qualifies a document ("The CNAS
    paper urges Congress": CNAS); None otherwise."""
    if _misplaced_name(tok):
        # "Pinzon has offered a $670,000 ... reward", "Bannon gave explicit orders": a surname in a subject slot that
        # the small model tags a place or a thing, which no gazetteer knows as one (the article's full name follows)
        return tok.text
    if tok.ent_type_ or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    if tok.pos_ == "PROPN":
        words = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and not c.ent_type_] + [tok]
        return " ".join(w.text for w in words)
    owners = [c for c in tok.children if c.dep_ in ("compound", "poss") and c.pos_ == "PROPN"]
    if owners and not any(o.ent_type_ for o in owners):
        return " ".join(w.text for w in owners)
    return None


#: Entity labels the small model gives a surname it does not know as a person (a subject that asks is someone).
_MISTAGGED_PERSON = frozenset({"LOC", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT"})


def _misplaced_name(tok: Token) -> bool:
    """A one-word proper name, subject of a verb, tagged LOC/FAC/... and unknown to the gazetteer as a party or
    place: a person's surname the NER misread."""
    return (
        tok.pos_ == "PROPN"
        and tok.dep_ == "nsubj"
        and tok.ent_type_ in _MISTAGGED_PERSON
        and tok.ent_iob_ == "B"
        and (tok.i + 1 >= len(tok.doc) or tok.doc[tok.i + 1].ent_iob_ != "I")
        and not find_actors(tok.text)
    )


def _noun_party(tok: Token, nouns: frozenset[str]) -> str | None:
    """A party named by a common noun for people or a body ("two agents who loudly demanded", "City council leader
    says"), as written (evals/GUIDELINES.md §12: the article's own noun); None for a pronoun, a thing or a place."""
    if tok.ent_type_ in PLACE_LABELS | _NOT_PARTY_ENTS or tok.pos_ not in ("NOUN", "PROPN") or _lemma(tok) not in nouns:
        return None
    return _common_party(tok)


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


def _pronoun_noun_party(tok: Token, s: _Sentence, nouns: frozenset[str]) -> str | None:
    """The article's own noun for whom a plural pronoun stands, when that noun names people or a body but no party:
    "The four top diplomats in their statement said they “call on all sides ...”" → "four top diplomats" (a proposal's
    maker only; GUIDELINES §12; bench/coverage_pages.yaml, tune part). None when a named party is its antecedent."""
    noun = common_antecedent(tok, s.referents, s.earlier)
    return _noun_party(noun, nouns) if noun is not None else None


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


def _state_of(span: Span) -> str | None:
    """The state a place name is, when the gazetteer knows it as one ("northern Mali" → Mali), else None."""
    states = states_in(span.text)
    return states[0] if len(states) == 1 else None


#: Office nouns that, beside the gazetteer's title words, make a name only an office ("State Department").
_OFFICE_NOUNS = frozenset({"department", "ministry"})

#: Titles named by their portfolio ("Secretary of State", "Defense Secretary", "Minister of State").
_PORTFOLIO_TITLES = frozenset({"secretary", "minister"})


def _portfolio(ent: Span) -> bool:
    """An entity the small model tags ORG that is only the portfolio of an office: "Secretary of State John Kerry"
    (RAMS dev nw_RC89989a0ee281bada5536ee6b1503b8cae6ed5a6b924f316d2eb0b44b), "Oklahoma Secretary of State Chris
    Benge" (RAMS dev nw_RC11faf1da830d9353dd511cda95daddc43096c3661c6576e51900acab), "Defense Secretary Ash Carter". It
    names no body the person serves, so no party (GUIDELINES §3: the state first, then the official). A name the
    gazetteer knows stays ("NATO Secretary General")."""
    root = ent.root
    if ent.label_ != "ORG" or len(ent) > 2 or find_actors(ent.text):
        return False
    title = root.head.head if root.dep_ == "pobj" and root.head.lower_ == "of" else root.head
    return root.dep_ in ("pobj", "compound") and title.lemma_.lower() in _PORTFOLIO_TITLES
