"""Who: a token turned into a party's name through the gazetteer, spaCy's entities and the article's common nouns (a
named group heading its phrase, a demonym's group, a state's force, an untagged or mistagged name, an office and its
state), and the sentence a party is read in (``_Sentence``). Which token stands in which relation to a trigger is
``arcs``'s job."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..antecedents import Referent, common_antecedent, load_antecedents, resolve
from ..gazetteer import Mention, affiliation, canonical, find_actors, is_media, states_in
from ..nlp import Parsed
from .index import _default_index, _forms, _Index, _lemma
from .syntax import _ACRONYM, _MODIFIER_DEPS, ACTOR_LABELS, PLACE_LABELS

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


_NOT_PARTY_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})


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


def _pronoun_noun_party(tok: Token, s: _Sentence, nouns: frozenset[str]) -> str | None:
    """The article's own noun for whom a plural pronoun stands, when that noun names people or a body but no party:
    "The four top diplomats in their statement said they “call on all sides ...”" → "four top diplomats" (a proposal's
    maker only; GUIDELINES §12; bench/coverage_pages.yaml, tune part). None when a named party is its antecedent."""
    noun = common_antecedent(tok, s.referents, s.earlier)
    return _noun_party(noun, nouns) if noun is not None else None


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
