"""Where: an event's location from GPE/LOC/FAC entities and the place phrases around its trigger, and the place of a
war."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..antecedents import load_antecedents
from ..gazetteer import affiliation, find_actors, states_in
from ..schema import Category
from .actors import (
    _Sentence,
    _state_of,
)
from .arcs import (
    _clause,
    _in_other_clause,
    _in_other_relative,
)
from .found import Found
from .index import _Entry, _Index, _lemma
from .syntax import _OBJECT_DEPS, PLACE_LABELS, PLACE_PREPS, _arcs

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def _place_text(ent: Span, place_nouns: frozenset[str] = frozenset()) -> str:
    """The place's name, with the "of" phrase the small model leaves out of the entity ("Sea" → "Sea of Japan",
    "Gulf of Aden")."""
    doc, end = ent.doc, ent.end
    # "the rebel held al-Fardous neighbourhood of Aleppo, Syria": the town the neighbourhood is of goes with it
    if (
        end + 2 < len(doc)
        and _lemma(doc[end]) in place_nouns
        and doc[end + 1].lower_ == "of"
        and doc[end + 2].ent_type_ in ("GPE", "LOC")
        and doc[end + 2].ent_iob_ == "B"
    ):
        town = next((e for e in doc.ents if e.start == end + 2), None)
        if town is not None:
            return doc[ent.start : end + 2].text + " " + _place_text(town, place_nouns)
    if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].pos_ == "PROPN" and not doc[end + 1].ent_type_:
        end += 1
        while end < len(doc) and doc[end].pos_ == "PROPN":
            end += 1
        return doc[ent.start : end].text
    # "Valparaiso, Chile", "Karachi, Pakistan": the region or country set beside the place belongs to its name
    # (evals/GUIDELINES.md writes a location as place, region/country)
    if end + 1 < len(doc) and doc[end].text == ",":
        nxt = doc[end + 1]
        if nxt.ent_type_ in ("GPE", "LOC") and nxt.ent_iob_ == "B" and nxt.dep_ in ("appos", "npadvmod"):
            country = next((e for e in doc.ents if e.start == nxt.i), None)
            if country is not None and country.root.head.i in range(ent.start, ent.end):
                return doc[ent.start : country.end].text
    return ent.text


def _named_place(e: Span, place_nouns: frozenset[str]) -> bool:
    """Whether a NORP or ORG name stands where the syntax wants a place."""
    root = e.root
    if root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS and e.label_ == "NORP":
        return True
    if root.dep_ == "pobj" and root.head.lower_ == "of" and _lemma(root.head.head) in place_nouns:
        return True
    if root.dep_ == "compound" and _lemma(root.head) in place_nouns:
        # "Ataturk airport", but not "a UN peacekeeping base": an organisation the gazetteer knows owns the place
        return not (e.label_ == "ORG" and find_actors(e.text))
    # "on Abu Kamal", "in Marseille": an ORG label on a bare name after a place preposition is a tagger slip when
    # the gazetteer does not know the name as an organisation.
    return (
        e.label_ == "ORG"
        and root.dep_ == "pobj"
        and root.head.lower_ in ("in", "at", "near", "outside", "on")
        and not find_actors(e.text)
    )


def _place_ents(s: _Sentence, place_nouns: frozenset[str]) -> list[Span]:
    """The sentence's places: GPE/LOC/FAC entities, and names the small model labels otherwise where the syntax says
    place: a proper noun after a place preposition ("the attacks in Aleppo" tagged NORP, "on Abu Kamal" tagged ORG),
    or named by a place noun ("the port city of Marseille", "Ataturk airport")."""
    out = []
    for e in s.ents:
        if e.label_ in PLACE_LABELS or (
            e.label_ in ("NORP", "ORG") and e.root.pos_ == "PROPN" and _named_place(e, place_nouns)
        ):
            out.append(e)
    out.sort(key=lambda e: e.start)
    return out


def _share_conjoined_places(here: list[tuple[Found, Token]]) -> None:
    """ "suspected militants shot and killed two police officers ... in the district of Bannu": two event verbs
    conjoined with one subject happened in the same place, which the parser hangs on one of them only."""
    for f, tok in here:
        if f.category is not Category.military_events or f.location is not None or tok.pos_ != "VERB":
            continue
        for g, other in here:
            if g is f or g.category is not Category.military_events or not g.location:
                continue
            if (tok.dep_ == "conj" and tok.head.i == other.i) or (other.dep_ == "conj" and other.head.i == tok.i):
                f.location = g.location
                break


def _placed_organ(tok: Token) -> list[str]:
    """A state's organ named by a common noun and the place it sits in: "the defence ministry in New Delhi" →
    "India's Defence Ministry" (GUIDELINES §3: a state's ministry as the state's; the organ nouns are the antecedent
    rules' that want an organ, ``data/antecedents.yaml``). [] for anything else."""
    if tok.ent_type_ or _lemma(tok) not in load_antecedents().lemmas_wanting("organ"):
        return []
    for c in tok.children:
        if c.dep_ != "prep" or c.lower_ != "in":
            continue
        for g in c.children:
            if g.dep_ == "pobj" and g.ent_type_ in ("GPE", "LOC"):
                state = _state_of(g.doc[g.left_edge.i : g.right_edge.i + 1])
                if state is not None:
                    words = [w.text for w in tok.lefts if w.dep_ in ("compound", "amod") and w.pos_ != "DET"]
                    return [f"{state}'s " + " ".join(w[:1].upper() + w[1:] for w in [*words, tok.text])]
    return []


def _speaker_phrases(sayer: Token | None, sent: Span) -> list[tuple[int, int]]:
    """Character ranges (sentence-relative) of the whole subject phrases of the verb of saying above an event, with
    their place phrases: where a speaker is, is not where the event it tells of happened."""
    if sayer is None:
        return []
    base = sent.start_char
    return [
        (sp.left_edge.idx - base, sp.right_edge.idx + len(sp.right_edge.text) - base) for sp in _arcs(sayer, "nsubj")
    ]


def _location(
    tok: Token,
    anchor: Token | None,
    s: _Sentence,
    actor_spans: list[tuple[int, int]],
    agent_toks: list[Token],
    place_nouns: frozenset[str],
    not_place: frozenset[str] = frozenset(),
    place_objects: frozenset[str] = frozenset(),
) -> str | None:
    """The place tied to the event: a place modifying the trigger ("the Orlando massacre"); else the object of a
    place preposition attached to the trigger, its verb, its object or its agent ("attackers at Ataturk airport");
    else the place of the trigger's clause nearest to it that is not one of its actors; else the place nearest to
    the trigger that the sentence gives after a place preposition. Never simply the sentence's first place."""
    base = s.parsed.span.start_char
    # A war named after its place ("the Vietnam War", "the 1991 Gulf War"); not "World War II", "the Cold War".
    for c in tok.children:
        if c.dep_ == "compound" and c.pos_ == "PROPN" and c.lower_ not in not_place and tok.ent_type_ == "EVENT":
            return c.text
    # What is invaded, occupied or besieged is a place, whatever the small model tags the name ("the invasion of
    # Normandy", Normandy tagged PERSON): a proper noun as the trigger's object says where before any other place.
    if _lemma(tok) in place_objects:
        for o in _arcs(tok, "prep:of") if tok.pos_ == "NOUN" else _arcs(tok, "dobj"):
            if o.pos_ != "PROPN" or o.ent_type_ not in ("", "PERSON", "ORG", "NORP", *PLACE_LABELS):
                continue
            ent = next((e for e in s.ents if e.start <= o.i < e.end), None)
            if ent is not None:
                return _place_text(ent, place_nouns)
            first = min((c.i for c in o.children if c.dep_ == "compound" and c.pos_ == "PROPN"), default=o.i)
            return s.parsed.span.doc[first : o.i + 1].text
    places = _place_ents(s, place_nouns)
    if not places:
        return None

    def dist(ent: Span) -> int:
        return min(abs(ent.start - tok.i), abs(ent.end - 1 - tok.i))

    def is_actor(ent: Span) -> bool:
        lo = ent.start_char - base
        return any(a <= lo < b for a, b in actor_spans)

    for ent in places:
        # "the Orlando massacre" says where; "the latest US airstrike" says whose (a state the gazetteer knows)
        if (
            ent.root.dep_ in ("compound", "nmod")
            and ent.root.head == tok
            and not is_actor(ent)
            and not states_in(ent.text)
        ):
            return _place_text(ent, place_nouns)

    def in_prep(ent: Span, heads: list[Token]) -> bool:
        # the entity (or the noun it modifies, "the port city of Marseille") is the object of a place
        # preposition attached to one of the heads
        t = ent.root
        for _ in range(4):
            if t == tok:
                return False  # the entity modifies the trigger itself (judged above): "killed in latest US airstrike"
            if t.dep_ == "pobj" and t.head.lower_ in PLACE_PREPS:
                return t.head.head in heads or t.head.head.head in heads
            if t.dep_ in ("pobj", "compound", "appos", "conj") or (t.dep_ == "prep" and t.lower_ == "of"):
                t = t.head
                continue
            break
        return False

    heads = [
        tok,
        *([anchor] if anchor is not None else []),
        *[c for c in tok.children if c.dep_ in _OBJECT_DEPS],
        *agent_toks,
    ]
    # "a French military unit based permanently in Abeche", "fighters who had come from Syria": a place in a
    # clause that qualifies someone else says where that one is or comes from, not where the event happened.
    places = [e for e in places if not _in_other_clause(e.root, tok)]
    near = sorted((e for e in places if in_prep(e, heads)), key=dist)
    if near:
        return _place_text(near[0], place_nouns)
    clause = {t.i for t in _clause(tok)}
    in_clause = []
    for ent in places:
        if ent.root.i not in clause or is_actor(ent):
            continue
        if ent.root.dep_ in ("nsubj", "poss") or ent.root.head.dep_ == "nsubj":
            continue  # a subject is a party, not a place ("Israel struck...")
        if ent.label_ == "GPE" and ent.root.pos_ == "ADJ":
            continue
        if ent.root.head == tok and ent.root.dep_ in ("compound", "nmod", "amod"):
            continue  # the trigger's own modifier was judged above ("US airstrike": whose, not where)
        if ent.root.dep_ in ("appos", "npadvmod") and ent.root.head.ent_type_ in PLACE_LABELS:
            continue  # "Valparaiso, Chile": the country goes with the place it follows
        in_clause.append(ent)
    if in_clause:
        return _place_text(min(in_clause, key=dist), place_nouns)
    # "UFDD rebels briefly entered Hadjer Hadid on Saturday and exchanged fire": a place that a verb conjoined with
    # the event's own takes as its object is where the same subject acted.
    verb = anchor if anchor is not None else tok
    if verb.pos_ in ("VERB", "AUX"):
        sisters = [c for c in verb.children if c.dep_ == "conj"] + ([verb.head] if verb.dep_ == "conj" else [])
        objects = [e for e in places if e.root.dep_ == "dobj" and e.root.head in sisters and not is_actor(e)]
        if objects:
            return _place_text(min(objects, key=dist), place_nouns)
    after_prep = [
        e
        for e in places
        if e.label_ in PLACE_LABELS
        and e.root.dep_ == "pobj"
        and e.root.head.lower_ in PLACE_PREPS
        and not is_actor(e)
        and not _in_other_relative(e.root, tok)
    ]
    if after_prep:
        return _place_text(min(after_prep, key=dist), place_nouns)
    # "His family fled Smyrna when Turks invaded this borderland": an event told in an adverbial clause (when, as,
    # after) happened where the clause it qualifies acted, when that clause names a place as its object.
    v = tok
    for _ in range(6):
        if v.pos_ in ("VERB", "AUX") or v.head == v:
            break
        v = v.head
    if v.dep_ == "advcl" and v.head.pos_ in ("VERB", "AUX"):
        own = {t.i for t in v.subtree}
        main = {t.i for t in _clause(v.head)} - own
        governing = [
            e
            for e in places
            if e.label_ in PLACE_LABELS
            and e.root.i in main
            and e.root.head == v.head
            and e.root.dep_ == "dobj"
            and not is_actor(e)
        ]
        if governing:
            return _place_text(min(governing, key=dist), place_nouns)
    return None


def _war_place(
    tok: Token, anchor: Token | None, s: _Sentence, military: frozenset[str], state_agent: bool
) -> str | None:
    """Where a war named as context is fought, when no place phrase says so: the state it is fought against or
    invades ("at war with the Colombian government", "its war against Ukraine", "the invasion of Ukraine", "invaded
    Ukraine"), else the state whose war it is ("Syria's devastating civil war"). A state named by its adjective is
    the state ("Colombian")."""

    def state_in(x: Token) -> str | None:
        lo, hi = x.left_edge.idx, x.right_edge.idx + len(x.right_edge.text)
        return next(iter(states_in(s.parsed.span.doc.text[lo:hi])), None)

    verbs = [tok, *([anchor] if anchor is not None and anchor != tok else [])]
    if tok.dep_ == "pobj" and tok.head.lower_ == "at":  # "has been at war with": the phrase hangs off the verb
        verbs.append(tok.head.head)
    opposed = [x for v in verbs for w in ("with", "against") for x in _arcs(v, f"prep:{w}")]
    if tok.pos_ == "NOUN":
        opposed += _arcs(tok, "prep:of")
    elif tok.pos_ == "VERB":
        opposed += _arcs(tok, "dobj")
    # "the June 28, 2009, coup that deposed Honduras's democratically elected president": the event's own relative
    # clause says whom it struck, as its object would (the relative pronoun itself, "a coup that X didn't stop", names
    # nobody)
    opposed += [x for r in _arcs(tok, "relcl") for x in _arcs(r, "dobj") if x.tag_ != "WDT"]
    for x in opposed:
        # A state's forces say where only when the war is an armed group's against that state ("the FARC ...
        # their offensive against Colombian security forces"); between states, the other state's forces are where
        # they fight ("a possible counter-offensive against Russian forces", Ukraine's)
        if _lemma(x) in military and state_agent:
            continue
        name = state_in(x)
        if name:
            return name
    for c in tok.children:
        if c.dep_ == "poss" and c.ent_type_ in PLACE_LABELS:
            return state_in(c) or c.text
    return None


def _event_location(
    tok: Token,
    anchor: Token | None,
    s: _Sentence,
    entry: _Entry,
    avoid: list[tuple[int, int]],
    agent_hint: list[Token],
    agents: list[str],
    idx: _Index,
) -> str | None:
    """Where a military event happened: the place phrases around its trigger outside the spans to ``avoid`` (actors,
    speakers, where a speaker sits; ``agent_hint``: the tokens that name its actor); a war's or an offensive's place;
    the place a visit verb takes as its object. None for proposals and exchanges."""
    t, cls = entry.trigger, entry.cls
    location = (
        _location(
            tok,
            anchor,
            s,
            avoid,
            agent_hint,
            idx.terms.get("place_noun", frozenset()),
            idx.terms.get("not_place", frozenset()),
            idx.terms.get("place_object", frozenset()),
        )
        if cls.category is Category.military_events
        else None
    )

    if (
        location is None
        and cls.category is Category.military_events
        and (
            entry.kind == "other"
            # (an offensive waged against a state's forces, filed as a strike, is placed as a war is)
            or (entry.kind == "strike" and "prep:against" in t.requires_arc)
        )
    ):
        state_agent = any(states_in(n) for n in agents)
        location = _war_place(tok, anchor, s, idx.terms["military"], state_agent)

    if location is None and entry.kind == "military_visit" and tok.pos_ == "VERB":
        # "Defence Minister Rajnath Singh would visit Sri Lanka": the place a visit verb takes as its object is where
        # the visit happens (it is the host too, which the actor rules decide)
        for o in _arcs(tok, "dobj"):
            ent = next((e for e in s.ents if e.start <= o.i < e.end and e.label_ in PLACE_LABELS), None)
            if ent is not None:
                location = _place_text(ent, idx.terms.get("place_noun", frozenset()))
                break
    return location


def _visit_hosts(location: str, agents: list[str], s: _Sentence) -> list[str]:
    """The states a visit at ``location`` is hosted by: those the place names, else the state that owns the place noun
    the name hangs from; never the visitors (``agents``)."""
    # "Three Chinese warships have arrived on a four-day goodwill and training visit at Pakistan's southern port
    # city of Karachi": a visit's host is the state it takes place in, listed after the visitor (GUIDELINES §3, §12)
    visitors = {affiliation(n) or n for n in agents}
    hosts = [n for n in states_in(location) if n not in visitors]
    for ent in s.ents if not hosts else ():
        if ent.text != location:
            continue
        # "at Pakistan's southern port city of Karachi": the state that owns the place noun the name hangs from
        x = ent.root
        for _ in range(3):
            if x.dep_ not in ("pobj", "prep", "appos") or x.head == x:
                break
            x = x.head
            owners = [c for c in x.children if c.dep_ in ("poss", "compound", "amod") and c.ent_type_ == "GPE"]
            hosts += [n for c in owners for n in states_in(c.text)]
        hosts = [h for h in hosts if h not in visitors]
    return list(dict.fromkeys(hosts))
