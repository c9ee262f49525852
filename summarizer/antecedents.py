"""Antecedents for actor slots: the named party a role word that names none stands for.

News names a party once and then says "he", "they", "it", "the country", "the group", "the militants", "the
ministry", "the president" or "the two sides". When the extractor finds such a word in an agent or addressee
slot, :func:`resolve` returns the named party it stands for, from the same sentence (before the word) or the few
sentences before it in the same article, or nothing.

What each word wants is data (``data/antecedents.yaml``, validated here at load): a pronoun or a description noun
→ the kinds of party it can stand for (a person, a state, a state organ, a non-state group, an armed group, two
parties). The candidates come from the gazetteer (canonical names, a person or organ listed after its state) and
spaCy's entities (PERSON, ORG, NORP, GPE) of each sentence; places named after "in", "at"... are no candidates.
Salience decides among the compatible ones: the nearest sentence first, in it a subject before an object, then
the nearest. Nothing compatible within the window → no party; this module never guesses beyond that.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from .data_files import RulesModel, data_path, parse_model, read_data
from .errors import ConfigError
from .gazetteer import Mention, affiliation, canonical, is_media
from .lexicon import Example as LexiconExample
from .schema import ActorKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "Antecedents",
    "Referent",
    "common_antecedent",
    "load_antecedents",
    "parse_antecedents",
    "referents",
    "resolve",
]

Want = Literal["person", "state", "organ", "group", "armed", "pair", "document"]

#: Prepositions after which a name is where something happened, not who did it.
_PLACE_PREPS = frozenset({"in", "at", "near", "on", "over", "off", "outside", "across", "into", "around", "inside"})
#: Arcs inside a noun phrase: a name under one of these belongs to the phrase's head ("Russia 's defence ministry").
_NP_DEPS = frozenset({"compound", "amod", "poss", "flat", "appos", "conj", "case", "nmod", "cc"})
#: Last words of an organisation's name that make it a body of a state, not a group.
_BODIES = frozenset({"ministry", "army", "military", "navy", "government", "police", "forces", "command", "parliament"})
#: Only "the": "this government" in a quote points at something the speaker has in view, not at a name before.
_DETERMINERS = frozenset({"the"})


# --------------------------------------------------------------------------- the data


class Example(LexiconExample):
    """A real sentence in which ``word`` (its first occurrence) stands for ``expect``: a fixture's sentence quoted, a
    corpus sentence cited by record and span (``lexicon.Example``: RAMS and GENEVA text stays out of the package)."""

    word: str = Field(min_length=2, description="The role word of the entry, as written in the sentence.")
    expect: list[str] = Field(min_length=1, description="The names resolve() must return, in order.")


class PronounRule(RulesModel):
    words: list[str] = Field(min_length=1)
    wants: list[Want] = Field(min_length=1)
    #: What a common noun that would take the pronoun looks like: a plural, a singular thing, a singular person.
    #: Such a noun heading the main clause's subject ("The letter is signed by ... It calls on the WHO") is what the
    #: pronoun more likely stands for, so the search stops there with no party.
    number: Literal["plural", "singular", "person"]
    #: Persons the article has referred to with the other gender's pronoun are not this pronoun's antecedent.
    gender: Literal["male", "female"] | None = None
    example: Example

    @field_validator("words")
    @classmethod
    def _lower(cls, v: list[str]) -> list[str]:
        return [w.lower() for w in v]


class DescriptionRule(RulesModel):
    """A common noun with a definite determiner ("the country") or a count ("the two sides")."""

    lemmas: list[str] = Field(min_length=1)
    wants: list[Want] = Field(min_length=1)
    #: Fires only with "two"/"both" ("the two sides", "both countries"): the wants are then two parties.
    counted: bool = False
    example: Example

    @field_validator("lemmas")
    @classmethod
    def _lower(cls, v: list[str]) -> list[str]:
        return [w.lower() for w in v]


class Antecedents(RulesModel):
    version: Literal[1]
    #: How many sentences before the role word's own are searched.
    window: int = Field(ge=0, le=6)
    pronouns: list[PronounRule]
    descriptions: list[DescriptionRule]
    #: Nouns whose pronoun possessor is the party acting through them ("its troops", "his government"); any other
    #: possessed noun ("its neighbours", "his leader") is someone else.
    possessed: list[str] = Field(default_factory=list)
    #: Common nouns for a person: "the official ... he" stands for the official, not for a name before.
    person_nouns: list[str] = Field(default_factory=list)
    #: Organisations that are no armed group ("the militants" never stands for NATO or the United Nations).
    not_armed: list[str] = Field(default_factory=list)
    #: Nouns for a news outlet: a nationality that qualifies one ("French news agency AFP") says where the outlet is
    #: from, and names no party a later "the government" could stand for.
    media_nouns: list[str] = Field(default_factory=list)

    def pronoun(self, word: str) -> PronounRule | None:
        return next((r for r in self.pronouns if word in r.words), None)

    def description(self, lemma: str, counted: bool) -> DescriptionRule | None:
        return next((r for r in self.descriptions if lemma in r.lemmas and r.counted == counted), None)

    def lemmas_wanting(self, *kinds: Want) -> frozenset[str]:
        """The nouns of the descriptions that want any of ``kinds`` ("rebels" wants a group, "statement" a document)."""
        return frozenset(x for r in self.descriptions if set(kinds) & set(r.wants) for x in r.lemmas)


def parse_antecedents(text: str, origin: str = "antecedents") -> Antecedents:
    data = parse_model(text, Antecedents, origin, "antecedent rules")
    words = [w for r in data.pronouns for w in r.words]
    dupes = {w for w in words if words.count(w) > 1}
    if dupes:
        raise ConfigError(f"{origin}: pronouns listed twice: {sorted(dupes)}")
    return data


@lru_cache(maxsize=1)
def load_antecedents() -> Antecedents:
    return parse_antecedents(read_data("antecedents.yaml"), data_path("antecedents.yaml"))


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class Referent:
    """A named party of a sentence, as an antecedent candidate."""

    #: As the extractor lists actors: a person or organ after its state ("Russia", "Sergei Shoigu").
    names: tuple[str, ...]
    kinds: frozenset[str]
    #: 2: heads (or sits inside) the main clause's subject; 1: another clause's subject; 0: anything else.
    salience: int
    #: Token index in its paragraph's Doc (orders candidates of the role word's own sentence).
    i: int
    #: For a common noun that names no party (``names`` empty): plural, singular or person; it only stops a search.
    common: str = ""
    #: Names conjoined in one noun phrase ("Germany, France and Britain") share this (the phrase head's index).
    group: int = -1
    #: male/female when this sentence refers to the person by a gendered pronoun bound to them ("Comey said he").
    gender: str = ""
    #: The paragraph's Doc of a common noun (``common`` set), so a description ("the rebels") can be resolved in turn.
    doc: Doc | None = field(default=None, compare=False, repr=False)


def _kinds(name: str, kind: ActorKind | None, label: str | None, text: str, not_armed: frozenset[str]) -> set[str]:
    if kind is ActorKind.person or label == "PERSON":
        return {"person"}
    state = affiliation(name)
    if kind is ActorKind.state or (kind is None and label == "GPE" and state == name):
        return {"state"}
    if state is not None and state != name:
        return {"organ"}
    if label == "ORG" and text.lower().split()[-1] in _BODIES:
        return {"organ"}  # "defence ministry", "the army" tagged ORG: a state's body whose state is not named in it
    if kind in (ActorKind.organization, ActorKind.military, ActorKind.other) or label in ("ORG", "NORP"):
        if label == "NORP" and not text.endswith("s"):
            return set()  # "Russian", "Islamist": an adjective, not a group ("Palestinians", "Kurds" are)
        return {"group"} if name in not_armed else {"group", "armed"}
    return set()


def _of_media(sent: Span, lo: int, hi: int, media_nouns: frozenset[str]) -> bool:
    """The mention at ``lo:hi`` (sentence-relative) qualifies a news outlet's noun."""
    span = sent.char_span(lo, hi, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    root = span.root
    return root.dep_ in ("amod", "compound", "nmod", "poss") and root.head.lemma_.lower() in media_nouns


def _titled(root: Token, rules: Antecedents) -> bool:
    """A proper name that a person's title qualifies ("MILF spokesman Eid Kabalu", "Defence Minister X"): a person,
    whatever label the small model gives it."""
    return root.pos_ == "PROPN" and any(
        c.dep_ == "compound" and c.i < root.i and c.lemma_.lower() in rules.person_nouns and not c.ent_type_
        for c in root.children
    )


def _np_head(tok: Token) -> Token:
    t = tok
    for _ in range(6):
        if t.dep_ not in _NP_DEPS or t.head == t:
            break
        if t.dep_ == "conj" and t.head.pos_ not in ("PROPN", "NOUN"):
            break
        t = t.head
    return t


def _is_place(head: Token) -> bool:
    return head.dep_ == "pobj" and head.head.lower_ in _PLACE_PREPS


def referents(sent: Span, mentions: Sequence[Mention], ents: Sequence[Span], rules: Antecedents) -> list[Referent]:
    """The named parties of one sentence (gazetteer mentions, sentence-relative offsets; spaCy entities), in order,
    places and media left out."""
    base = sent.start_char
    not_armed = frozenset(rules.not_armed)
    media_nouns = frozenset(rules.media_nouns)
    found: list[tuple[int, int, tuple[str, ...], set[str], str]] = []
    for m in mentions:
        if is_media(m.name) or _of_media(sent, m.start, m.end, media_nouns):
            continue
        state = affiliation(m.name)
        names = (state, m.name) if state and state != m.name else (m.name,)
        found.append((base + m.start, base + m.end, names, _kinds(m.name, m.kind, None, m.surface, not_armed), ""))
    for e in ents:
        if e.label_ not in ("PERSON", "ORG", "NORP", "GPE") or is_media(e.text):
            continue
        if any(lo < e.end_char and e.start_char < hi for lo, hi, *_ in found):
            continue
        text = e.text.removeprefix("the ").removeprefix("The ")
        name = canonical(text) or text
        state = affiliation(name)
        names = (state, name) if state and state != name and e.label_ != "NORP" else (name,)
        kinds = _kinds(name, None, e.label_, e.text, not_armed)
        if e.label_ == "ORG" and _titled(e.root, rules):
            kinds = {"person"}  # "MILF spokesman Eid Kabalu" tagged ORG: a name under a person's title is a person
        if e.label_ == "GPE" and not kinds:
            continue  # a city or region the gazetteer does not know: a place
        found.append((e.start_char, e.end_char, names, kinds, e.label_))
    out: list[Referent] = []
    doc = sent.doc
    person_nouns = frozenset(rules.person_nouns)
    possessed = frozenset(rules.possessed)
    for lo, hi, names, kinds, _ in sorted(found, key=lambda x: x[0]):
        if not kinds:
            continue
        span = doc.char_span(lo, hi, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        head = _np_head(span.root)
        if _is_place(head) or _is_place(span.root):
            continue
        salience = _salience(head)
        root = span.root
        if root.dep_ == "amod" and root.head.lemma_.lower() not in possessed | person_nouns:
            # "Syrian civilians", "a Turkish security source": a nationality qualifies someone else; still a
            # candidate, but not the phrase's subject
            salience = 0
        out.append(Referent(names, frozenset(kinds), salience, root.i, group=head.i))
    named = {r.i for r in out}
    for t in sent:
        # a common noun heading a clause's subject, or hosting a relative clause ("terrorists who secured weapons for
        # their slaughter"), that names no party
        # ... but a body or force named by its state ("Russia 's military") stands for that state
        if t.pos_ != "NOUN" or t.i in named or (t.dep_ == "appos" and t.head.i in named):
            continue  # "President Obama, a man honored ...": the apposition is the name
        if t.lemma_.lower() in possessed and any(c.i in named for c in t.children if c.dep_ in _NP_DEPS):
            continue
        host = any(c.dep_ == "relcl" for c in t.children)
        kind = "plural" if t.tag_ == "NNS" else "person" if t.lemma_.lower() in person_nouns else "singular"
        if _salience(t) == 2 or host:
            out.append(Referent((), frozenset(), 2, t.i, kind, doc=t.doc))
        elif kind != "singular" and t.dep_ in ("dobj", "dative", "pobj"):
            # "Cruz accused his leader of deceiving him about whether he made a deal": a person (or plural) object
            # nearer the pronoun than the subject is as likely its antecedent; only the own sentence reads these
            out.append(Referent((), frozenset(), 0, t.i, kind))
    out += _documents(sent, out, rules)
    genders = _genders(sent, out, rules)
    out = [replace(r, gender=genders[r.i]) if r.i in genders else r for r in out]
    return sorted(out, key=lambda r: r.i)


def _documents(sent: Span, refs: list[Referent], rules: Antecedents) -> list[Referent]:
    """A statement, report or letter whose issuer this sentence names ("Black Lives Matter responded Wednesday with a
    statement", "the report by the four entities", "Iran's letter"), as a candidate that only a description wanting a
    document takes: "... said the statement" later speaks for its issuer. Never a pronoun's antecedent (its kinds are
    "document" alone), and the common-noun stop of the noun itself is kept."""
    nouns = rules.lemmas_wanting("document")
    by_i = {r.i: r for r in refs if r.names}

    def named(t: Token) -> tuple[str, ...]:
        head = _np_head(t)
        hit = by_i.get(t.i) or by_i.get(head.i)
        if hit is not None:
            return hit.names if hit.kinds & {"state", "organ", "group", "person"} else ()
        # a proper name the tagger left untagged ("Black Lives Matter responded ... with a statement")
        words = [w for w in head.subtree if w.i <= head.i]
        if head.pos_ == "PROPN" and not any(w.ent_type_ for w in words) and all(w.is_title for w in words):
            return (" ".join(w.text for w in words),)
        return ()

    out: list[Referent] = []
    for t in sent:
        if t.pos_ != "NOUN" or t.lemma_.lower() not in nouns:
            continue
        issuers = [c for c in t.children if c.dep_ == "poss"]
        issuers += [
            g for c in t.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"
        ]
        # the subject of the verb that issues it: "X released a statement", "X responded with a statement"
        verb = t.head if t.dep_ == "dobj" else t.head.head if t.dep_ == "pobj" and t.head.lower_ == "with" else None
        if verb is not None and verb.pos_ == "VERB":
            issuers += [c for c in verb.children if c.dep_ == "nsubj"]
        names = next((n for c in issuers if (n := named(c))), ())
        if names:
            out.append(Referent(names, frozenset({"document"}), 2, t.i, group=t.i))
    return out


def _bound_subject(pron: Token) -> Token | None:
    """The subject a gendered pronoun is bound to by the clause: "X said he ...", "X ... his Y", "X ... her Y"."""
    if pron.dep_ in ("nsubj", "nsubjpass") and pron.head.dep_ == "ccomp":
        verb = pron.head.head
    elif pron.dep_ == "poss":
        verb = pron.head
        for _ in range(4):
            if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
                break
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX"):
            return None
    else:
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or pron in subj.subtree:
        return None
    return subj


def _genders(sent: Span, refs: list[Referent], rules: Antecedents) -> dict[int, str]:
    by_word = {w: r.gender for r in rules.pronouns if r.gender for w in r.words}
    out: dict[int, str] = {}
    for t in sent:
        g = by_word.get(t.lower_)
        subj = _bound_subject(t) if g else None
        if subj is None:
            continue
        span = {x.i for x in subj.subtree}
        for r in refs:
            if "person" in r.kinds and r.i in span:
                out[r.i] = g if out.get(r.i, g) == g else "?"
    return {i: g for i, g in out.items() if g != "?"}


def _salience(head: Token) -> int:
    if head.dep_ not in ("nsubj", "nsubjpass"):
        return 0
    return 2 if head.head.dep_ == "ROOT" else 1


# --------------------------------------------------------------------------- resolution


def _wants(tok: Token, rules: Antecedents) -> tuple[list[Want], Token, str] | None:
    """What the role word asks of its antecedent, and the word that asks it (a possessive pronoun of the role noun:
    "his troops" asks for a person); None for a word that is not a pronoun or a listed description."""
    rule = rules.pronoun(tok.lower_) if tok.pos_ == "PRON" else None
    if rule is not None and _expletive(tok):
        return None
    if rule is not None:
        return list(rule.wants), tok, rule.number
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    kids = list(tok.children)
    counted = any(c.lower_ in ("two", "both") for c in kids)
    definite = counted or any(c.dep_ == "det" and c.lower_ in _DETERMINERS for c in kids)
    lemma = tok.lemma_.lower()
    desc = rules.description(lemma, counted) or rules.description(tok.lower_, counted)
    if desc is not None and definite:
        return list(desc.wants), tok, ""
    poss = next((c for c in kids if c.dep_ == "poss" and c.pos_ == "PRON"), None)
    if poss is not None and lemma in rules.possessed:
        rule = rules.pronoun(poss.lower_)
        if rule is not None:
            return list(rule.wants), poss, rule.number
    return None


def _expletive(tok: Token) -> bool:
    """ "it would be our honor to offer", "it is prohibited ... to allow", "when it comes to war": an "it" that
    stands for the clause after it or for nothing, not for a party."""
    head = tok.head
    return (
        tok.lower_ == "it"
        and tok.dep_ in ("nsubj", "nsubjpass")
        and (head.lemma_ in ("be", "seem", "appear", "become") or any(c.dep_ == "auxpass" for c in head.children))
        and any(c.dep_ in ("xcomp", "ccomp", "csubj") for c in head.children)
    ) or (tok.lower_ == "it" and head.lemma_ == "come" and any(c.lower_ == "to" for c in head.children))


def _pick(cands: Sequence[Referent], wants: list[Want], exclude: set[str], number: str, own: bool) -> list[str] | None:
    """The most salient compatible candidate of one sentence: in the role word's own sentence the nearest subject
    before it, then the nearest; in an earlier one the main clause's subject, another subject, then the nearest.
    None when a common noun that would take the pronoun comes first (the search stops there)."""
    ranked = sorted(cands, key=lambda r: (-min(r.salience, 1), -r.i) if own else (-r.salience, -r.i))
    single = [w for w in wants if w != "pair"]
    objects = [r.i for r in cands if not r.names and r.salience == 0 and number and r.common == number]
    for r in ranked:
        if not r.names:
            if number and r.common == number and (own or r.salience > 0):
                return None
            continue
        if r.kinds & set(single) and not set(r.names) & exclude:
            if own and any(i > r.i for i in objects):
                return None
            members = _parties(x for x in cands if x.names and x.group == r.group and not set(x.names) & exclude)
            if number == "plural" and len(members) >= 2:
                # "Hamas and other Palestinian militant groups ... their attacks": they are all the conjoined parties
                return [n for p in sorted(members, key=lambda m: m[0]) for n in p[1]]
            return list(r.names)
    if "pair" in wants:
        # the parties conjoined in the most salient phrase that joins two or more ("Germany, France and Britain ...
        # They insisted"); else the first two distinct parties of the sentence, in its order
        named = [r for r in ranked if r.names and not set(r.names) & exclude]
        for top in named:
            members = _parties(r for r in named if r.group == top.group)
            if len(members) >= 2:
                return [n for p in sorted(members, key=lambda m: m[0]) for n in p[1]]
        parties = _parties(r for r in named if r.kinds & {"state", "organ", "group", "person"})
        if len(parties) >= 2:
            return [n for p in sorted(parties, key=lambda m: m[0])[:2] for n in p[1]]
    return []


def _parties(refs: Iterable[Referent]) -> list[tuple[int, tuple[str, ...]]]:
    """Distinct parties (by their first name) with the position of their first mention."""
    out: dict[str, tuple[int, tuple[str, ...]]] = {}
    for r in refs:
        if r.names[0] not in out or r.i < out[r.names[0]][0]:
            out[r.names[0]] = (r.i, r.names)
    return list(out.values())


def _cataphora(word: Token, here: Sequence[Referent], wants: list[Want], skip: set[str]) -> list[str]:
    """ "In announcing that he would recommend against prosecution, Comey made a point ...", "“He will attack,” X said":
    a pronoun in a clause put before the main clause stands for the main clause's subject, named after it."""
    root = word.sent.root
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > word.i]
    fronted = next((c for c in root.children if c.i < root.i and word in c.subtree), None)
    if not subjects or fronted is None or fronted.dep_ not in ("advcl", "prep", "ccomp", "parataxis", "npadvmod"):
        return []
    span = {t.i for s in subjects for t in s.subtree}
    for r in here:
        if r.names and r.i in span and r.kinds & set(wants) and not set(r.names) & skip:
            return list(r.names)
    return []


def resolve(
    tok: Token,
    here: Sequence[Referent],
    earlier: Sequence[Sequence[Referent]],
    exclude: Iterable[str] = (),
    rules: Antecedents | None = None,
    chain: bool = True,
) -> list[str]:
    """The named party ``tok`` (a role word that names none) stands for, or ``[]``.

    ``here`` are the referents of ``tok``'s sentence, ``earlier`` those of the sentences before it, nearest last;
    names in ``exclude`` (the agent, when an addressee is resolved) are never returned. With ``chain``, a listed
    description that stops a pronoun's search ("the rebels ... they") is resolved in turn (``_through``)."""
    rules = rules or load_antecedents()
    asked = _wants(tok, rules)
    if asked is None:
        return []
    wants, word, number = asked
    skip = set(exclude)
    rule = rules.pronoun(word.lower_) if word.pos_ == "PRON" else None
    if rule is not None and rule.gender:
        # a person the article has bound to the other gender's pronoun in this or the earlier sentences
        seen = [r for refs in (here, *earlier) for r in refs if r.gender and r.names]
        skip |= {r.names[-1] for r in seen if r.gender != rule.gender}
    # the role word's own sentence: only what comes before it, outside its own phrase
    own = {t.i for t in tok.subtree}
    if word.dep_ in ("dobj", "dative", "pobj") and word.pos_ == "PRON":
        # "Eisenkot contacted him": an object pronoun is not the subject of its own verb
        verb = word.head.head if word.dep_ == "pobj" else word.head
        # "Eisenkot contacted him and asked him": a conjoined verb shares its subject
        while verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            verb = verb.head
        own |= {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    if word.pos_ == "PRON" and number == "person" and word.dep_ in ("nsubj", "nsubjpass"):
        ahead = _cataphora(word, here, wants, skip)
        if ahead:
            return ahead
    before = [r for r in here if r.i < word.i and r.i not in own]
    windows = [before, *list(earlier)[::-1][: rules.window]]
    for n, cands in enumerate(windows):
        names = _pick(cands, wants, skip, number, own=n == 0)
        if names is None:
            return _through(word, cands, n, here, earlier, wants, skip, number, rules) if chain else []
        if names:
            return names
    return []


def _stopping_noun(cands: Sequence[Referent], n: int, number: str) -> Referent | None:
    """The common noun of the pronoun's number that stopped its search among ``cands`` (``n`` sentences back; 0 is its
    own): the most salient, then the nearest (in its own sentence any salience counts)."""
    ranked = sorted(cands, key=lambda r: (-min(r.salience, 1), -r.i) if n == 0 else (-r.salience, -r.i))
    return next((r for r in ranked if not r.names and r.common == number and (n == 0 or r.salience > 0)), None)


def _through(
    word: Token,
    cands: Sequence[Referent],
    n: int,
    here: Sequence[Referent],
    earlier: Sequence[Sequence[Referent]],
    wants: list[Want],
    skip: set[str],
    number: str,
    rules: Antecedents,
) -> list[str]:
    """ "The Moro Islamic Liberation Front (MILF) said ... The rebels said they would halt attacks ... They urged the
    government": the common noun that stops a pronoun's search is its antecedent; when that noun is itself a listed
    description ("the rebels"), the pronoun stands for the party the description stands for, found from the
    description's own place (one step of the chain, no further)."""
    stop = _stopping_noun(cands, n, number)
    if stop is None or stop.doc is None:
        return []
    noun = stop.doc[stop.i]
    asked = _wants(noun, rules)
    if asked is None or asked[1] is not noun:
        return []
    # the description's own sentence and the ones before it
    at = list(here) if n == 0 else list(earlier[len(earlier) - n])
    before = list(earlier) if n == 0 else list(earlier[: len(earlier) - n])
    return resolve(noun, at, before, skip, rules, chain=False)


def common_antecedent(
    tok: Token, here: Sequence[Referent], earlier: Sequence[Sequence[Referent]], rules: Antecedents | None = None
) -> Token | None:
    """The plural common noun that stops the search of a plural pronoun naming no party, where ``resolve`` finds
    none: "The four top diplomats in their statement said they “call on all sides ...”", "The Bishkek protesters
    called on ... They are demanding that ..." (bench/coverage_pages.yaml, tune part). The extractor uses it only for
    a proposal's maker, as the article's own noun for the party (evals/GUIDELINES.md §12); None for anything else."""
    rules = rules or load_antecedents()
    asked = _wants(tok, rules)
    if asked is None or asked[1] is not tok or tok.pos_ != "PRON" or asked[2] != "plural":
        return None
    wants, word, number = asked
    own = {t.i for t in tok.subtree}
    before = [r for r in here if r.i < word.i and r.i not in own]
    for n, cands in enumerate([before, *list(earlier)[::-1][: rules.window]]):
        names = _pick(cands, wants, set(), number, own=n == 0)
        if names:
            return None  # a named party comes first: resolve() gives it
        if names is None:
            stop = _stopping_noun(cands, n, number)
            return stop.doc[stop.i] if stop is not None and stop.doc is not None else None
    return None
