"""Passes over the whole article after its sentences: names and states carried from one sentence to the others (full
names, titled parties, groups a state only qualifies, the country of a place, the state of a ship), a delivery told
from both ends kept once, ships sent as a deployment, and titles and makers that are no party dropped."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..antecedents import load_antecedents
from ..gazetteer import affiliation, canonical, find_actors, is_media, is_title_only, same_actor
from ..lexicon import load_lexicon
from ..nlp import Parsed
from ..schema import Category
from .actors import (
    _OFFICE_NOUNS,
    _ent_name,
    _origin_word,
    _portfolio,
    _Sentence,
    _short_form,
    _state_of,
)
from .found import Found, _trigger_token
from .index import _Index, _lemma
from .syntax import PLACE_PREPS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def _article_groups(found: list[Found], parsed: list[Parsed]) -> list[str]:
    """The non-state groups the article names as a party of its items: an agent, side or addressee that is an ORG
    entity (or its bracketed initials) somewhere in the article and that the gazetteer knows as no state or state
    body ("FARC", "the Revolutionary Armed Forces of Colombia (FARC)"), in the order first found."""
    orgs = {(_short_form(e) or _ent_name(e.text)) for p in parsed for e in p.span.ents if e.label_ == "ORG"}
    orgs |= {e.text for p in parsed for e in p.span.ents if e.label_ == "ORG"}
    names: list[str] = []
    for f in found:
        if f.state_group or f.common_agent:
            continue
        for n in f.agents + f.others:
            known = find_actors(n)
            unknown = all(m.kind.value in ("organization", "military") and affiliation(m.name) is None for m in known)
            if n in orgs and unknown and not is_media(n) and n not in names:
                names.append(n)
    return names


def _name_state_groups(found: list[Found], parsed: list[Parsed]) -> None:
    """An item whose maker is a group a state only qualifies ("Colombia's leading rebel group has offered to exchange
    66 captive soldiers", fixture farc_offers_to_swap_captive_soldiers_for_jailed_leaders_1998; "Colombian Rebels Seek
    Prisoner Swap with Government", colombian_rebels_seek_prisoner_swap_with_government_2009; both dev) is made by
    the group the article names, when it names exactly one as a party (FARC, told in a later sentence): not by the
    state, which is only where the group is from (evals/GUIDELINES.md §12: a named group by its usual name)."""
    flagged = [f for f in found if f.state_group]
    if not flagged:
        return
    groups = _article_groups(found, parsed)
    if len(groups) != 1:
        return
    for f in flagged:
        if groups[0] not in f.others:
            f.agents, f.common_agent, f.irregular_agent = [groups[0]], False, False


def _one_delivery(here: list[tuple[Found, Token]]) -> list[tuple[Found, Token]]:
    """One handover told from both ends in one sentence is one transfer: "India has officially received the first
    Rafale combat jet in Bordeaux, France, as Defence Minister Rajnath Singh was handed over the fighter jet by Dassault
    Aviation" (a receiving verb that names only who gets it, a giving verb that names only who gives it). The giver's
    telling keeps the event, with the receiver's recipient."""
    transfers = [f for f, _ in here if f.kind == "arms_transfer"]
    receivers = [f for f in transfers if not f.agents and f.others]
    givers = [f for f in transfers if f.agents and not f.others]
    if len(receivers) != 1 or len(givers) != 1:
        return here
    receiver, giver = receivers[0], givers[0]
    giver.others = [n for n in receiver.others if n not in giver.agents]
    giver.location = giver.location or receiver.location
    return [(f, tok) for f, tok in here if f is not receiver]


def _country_of_place(ent: Span, seats: frozenset[str]) -> str | None:
    """The state the sentence says a place is in: "a UN peacekeeping base in Kidal in northern Mali", "the restive
    Somalia's capital of Mogadishu", "Karachi, Pakistan". ``seats``: the nouns that make the place they govern part of
    the state that possesses them (the lexicon's ``place_of_state``: "capital", "province")."""
    if _state_of(ent) is not None:
        return None  # a state is its own country
    root = ent.root
    for c in root.children:
        # "Kidal in northern Mali": a place phrase hung on the place
        if c.dep_ == "prep" and c.lower_ == "in":
            for g in c.children:
                if g.dep_ == "pobj" and g.ent_type_ in ("GPE", "LOC"):
                    state = _state_of(g.doc[g.left_edge.i : g.right_edge.i + 1])
                    if state is not None:
                        return state
        # "Karachi, Pakistan"
        if c.dep_ in ("appos", "npadvmod") and c.ent_type_ in ("GPE", "LOC") and c.i > root.i:
            state = _state_of(c.doc[c.i : c.i + 1])
            if state is not None:
                return state
    if root.dep_ == "pobj" and root.head.lower_ == "in":
        # "a UN peacekeeping base in Kidal in northern Mali", the parser hanging both phrases on "base"
        for c in root.head.head.children:
            if c.dep_ == "prep" and c.lower_ == "in" and c.i > root.i:
                for g in c.children:
                    if g.dep_ == "pobj" and g.ent_type_ in ("GPE", "LOC"):
                        state = _state_of(g.doc[g.left_edge.i : g.right_edge.i + 1])
                        if state is not None:
                            return state
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and _lemma(head.head) in seats:
        head = head.head
    elif not (root.dep_ == "appos" and _lemma(head) in seats):
        return None
    # "Somalia's capital of Mogadishu", "the Somali capital, Mogadishu"
    for c in head.children:
        if c.dep_ in ("poss", "amod", "compound") and c.pos_ == "PROPN":
            state = _state_of(c.doc[c.left_edge.i : c.i + 1])
            if state is not None:
                return state
    return None


def _place_countries(found: list[Found], parsed: list[Parsed], idx: _Index) -> None:
    """A place the article once sets in its state ("Somalia's capital of Mogadishu", "Kidal in northern Mali") is
    written with that state wherever it is an event's location: GUIDELINES §6 and §12 write a location as place,
    region, country ("vegetable market, Waberi district, Mogadishu, Somalia"). Only a state the article itself names
    with the place; nothing from outside the text."""
    countries: dict[str, str] = {}
    seats = idx.terms.get("place_of_state", frozenset())
    for p in parsed:
        for ent in p.span.ents:
            # (a town the small model tags NORP after "in" is a place, as ``_named_place`` reads it)
            named = ent.label_ == "NORP" and ent.root.dep_ == "pobj" and ent.root.head.lower_ in PLACE_PREPS
            if (ent.label_ in ("GPE", "LOC") or named) and ent.text not in countries:
                state = _country_of_place(ent, seats)
                if state is not None:
                    countries[ent.text] = state
    if not countries:
        return
    for f in found:
        loc = f.location
        if not loc:
            continue
        for place, state in countries.items():
            if (loc == place or loc.endswith(f" {place}")) and state.casefold() not in loc.casefold():
                f.location = f"{loc}, {state}"
                break


def _title_state(ent: Span) -> str | None:
    """The state a person is introduced as serving ("Iran's President Hassan Rouhani", "Azeri President Ilham
    Aliyev"): a state named as the possessor or modifier of the title before the name."""
    for t in ent.root.children:
        for x in (t, *t.children):
            if x.dep_ in ("poss", "amod", "compound") and x.ent_type_ in ("GPE", "NORP") and x.i < ent.start:
                state = affiliation(canonical(x.text))
                if state:
                    return state
    return None


#: The dependency roles in which an organisation the gazetteer does not know counts as a party of the sentence: the
#: subject of a clause. Objects and prepositional phrases were tried (all participant roles): on RAMS dev they added 11
#: brief trades, 3 right (Google and Titan Aerospace, Rosneft and Essar Oil) and 8 wrong ("a study by ... HSE", "paid
#: speeches we have from HWA", "cutting Medicaid and transitioning Medicare", "Asked by Newsweek", ...).
_BODY_DEPS = frozenset({"nsubj", "nsubjpass"})


def _with_unnamed_bodies(
    parties: list[str], party_at: dict[str, int], s: _Sentence, skip: list[tuple[int, int]], topic_at: set[int]
) -> list[str]:
    """The sentence's parties with the organisations the gazetteer does not know, in the order the sentence names
    them: "after Hamas freed 13 hostages ..., while Israel freed 39 Palestinian detainees" (fixture
    israel_releases_39_palestinians_under_hostage_deal, dev, with Hamas unknown), a company "named only in the
    article" (GUIDELINES §5: the seller of a sale is a side). An ORG entity of the small model that overlaps no
    gazetteer mention, outside the speaker's, the place's, the mediator's and the topic's words; a name the gazetteer
    reads as a news outlet is left out as the mentions are."""
    base = s.parsed.span.start_char
    spans = [(m.start, m.end) for m in s.mentions]
    placed = [(party_at.get(n, -1), n) for n in parties]
    for ent in s.ents:
        if (
            ent.label_ != "ORG"
            or ent.root.dep_ not in _BODY_DEPS
            or (ent.start > 0 and ent.doc[ent.start - 1].text == "(")
        ):
            # (a party is a clause's subject, not a modifier: "in Assam's Kokrajhar district", tagged ORG; initials
            # in brackets shorten the phrase before them: "a request for information (RFI)")
            continue
        if ent.root.dep_ == "pobj" and ent.root.head.lower_ in PLACE_PREPS:
            continue
        lo, hi = ent.start_char - base, ent.end_char - base
        if any(a < hi and lo < b for a, b in spans) or any(a <= lo < b for a, b in skip) or lo in topic_at:
            continue
        name = _short_form(ent) or _ent_name(ent.text)
        if not name or is_media(name) or any(n == name for _, n in placed):
            continue
        placed.append((lo, name))
    return [n for _, n in sorted(placed, key=lambda x: x[0])]


def _nearest_unknown_body(s: _Sentence, lo: int, trig_at: int, excluded: list[tuple[int, int]]) -> str | None:
    """For the nearest-party guess of a proposal with no subject on its arcs: an organisation the gazetteer does not
    know, tagged ORG by the small model, when it is the party named last before the trigger in its clause ("Syria:
    Hamas ready to agree to peace if Israel leaves Gaza", fixture egypt_proposes_gaza_ceasefire_and_cairo_talks, dev,
    with Hamas unknown: Hamas, not Syria). None when a party the gazetteer knows comes after it."""
    base = s.parsed.span.start_char
    known = [
        m.start
        for m in s.mentions
        if lo <= m.start < trig_at and m.kind.value in ("state", "person", "military", "organization")
    ]
    spans = [(m.start, m.end) for m in s.mentions]
    best: tuple[int, str] | None = None
    for ent in s.ents:
        at, end = ent.start_char - base, ent.end_char - base
        if ent.label_ != "ORG" or not lo <= at < trig_at or any(a <= at < b for a, b in excluded):
            continue
        if any(a < end and at < b for a, b in spans) or (ent.start > 0 and ent.doc[ent.start - 1].text == "("):
            continue
        name = _short_form(ent) or _ent_name(ent.text)
        if name and not is_media(name) and (best is None or at > best[0]):
            best = (at, name)
    if best is None or any(k > best[0] for k in known):
        return None
    return best[1]


def _content_clause(tok: Token) -> Token | None:
    """The that-clause a proposal noun puts forward, which the parser hangs on the noun as a clause modifier: "he
    repeated Washington's advice that both countries restrain their missile programs" (fixture
    pakistan_ghaznavi_test_us_urges_dialogue_2003, dev). Only with "that" as its mark: "a call made by X" is no
    content."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    for c in tok.children:
        if c.dep_ == "acl" and c.i > tok.i and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
            return c
    return None


def _title_tokens(ent: Span) -> list[Token]:
    """The words of the title a person is introduced with, wherever the parser hangs them: a title before the name,
    however deep ("US State Department spokesman Richard Boucher", "US Secretary of State Anthony Blinken"), or a title
    in apposition, on either side ("his Russian counterpart, Sergei Lavrov", "The Defence Minister of Vietnam, Phan Van
    Giang", "Phan Van Giang, Vietnam's defence minister"). Only a title noun (``person_nouns``) or a capitalised word
    heads an appositive title: "a meeting with the rebels, John Smith" names no office."""
    person_nouns = frozenset(load_antecedents().person_nouns) | frozenset(load_lexicon().terms.get("title_noun", ()))
    inside = {t.i for t in ent}

    def titled(t: Token) -> bool:
        return (t.lemma_.lower() in person_nouns or t.pos_ == "PROPN") and not t.ent_type_

    out: list[Token] = []
    root = ent.root
    for c in root.children:
        if c.i < ent.start and c.i not in inside and c.dep_ in ("compound", "nmod", "amod", "poss"):
            out.extend(c.subtree)
        if c.dep_ == "appos" and c.i > ent.end and titled(c):
            out.extend(c.subtree)
    if root.dep_ == "appos" and titled(root.head):
        head = root.head
        out.append(head)
        for c in head.children:
            if c.i != root.i and c.dep_ not in ("punct", "cc", "conj", "relcl", "acl"):
                out.extend(c.subtree)
    return [t for t in out if t.i not in inside]


def _title_party(ent: Span) -> str | None:
    """The party a person the gazetteer does not know is introduced as serving, from the words of their title
    (``_title_tokens``): the one state named there (evals/GUIDELINES.md §3: an official acting for a state, the state
    first), else the one organisation the small model tags in it ("NATO Secretary General Jens Stoltenberg", "MILF
    spokesman Eid Kabalu": §3 lists an organisation's official after it, as the fixtures do). None when the title
    names no party, or more than one."""
    toks = _title_tokens(ent)
    if not toks or any(t.dep_ == "cc" for t in toks):
        return None  # "a deal between Trump and auto executive Lee Iacocca": a coordination is no one title
    doc = ent.doc
    states: list[str] = []
    orgs: list[str] = []
    for t in sorted(toks, key=lambda t: t.i):
        if t.ent_type_ == "PERSON":
            continue  # "Trump campaign chief Paul Manafort": a person's campaign or staff is not their state
        for m in find_actors(t.text if not t.ent_type_ else _ent_text(doc, t)):
            state = affiliation(m.name) if m.kind.value != "person" else None
            if state and state not in states:
                states.append(state)
        if t.ent_type_ == "ORG" and t.ent_iob_ == "B":
            ent_of = next((e for e in doc.ents if e.start == t.i), None)
            if (
                ent_of is not None
                and not any(m.kind.value in ("state", "person") for m in find_actors(ent_of.text))
                and not _portfolio(ent_of)
            ):
                name = _short_form(ent_of) or _ent_name(ent_of.text)
                # ("Defence Minister Rajnath Singh": a title's own words the small model tags ORG name no body)
                if name and not is_title_only(name, also=_OFFICE_NOUNS) and name not in orgs:
                    orgs.append(name)
    if len(states) == 1:
        return states[0]
    if not states and len(orgs) == 1:
        return orgs[0]
    return None


def _ent_text(doc: Doc, t: Token) -> str:
    """The text of the entity a token lies in ("US State Department" for "US"), so a state inside an organisation's
    name is read whole, once."""
    ent = next((e for e in doc.ents if e.start <= t.i < e.end), None)
    if ent is None:
        return t.text
    return ent.text if t.i == ent.start else ""


def _full_names(found: list[Found], parsed: list[Parsed]) -> None:
    """News names a person in full once ("Swati Maliwal", "President Alvaro Uribe") and by surname after that
    ("Maliwal also demanded ...", "Mr. Uribe has rejected ..."): a one-word name that is the last word of exactly
    one full person name in the article is that person. A person the gazetteer does not know but the article
    introduces with a state's title ("Iran's President Hassan Rouhani") acts for that state (``Found.states``), so a
    trade's side is the state (evals/GUIDELINES.md §3, §5)."""
    by_surname: dict[str, set[str]] = {}
    states: dict[str, str] = {}
    for p in parsed:
        for ent in p.span.ents:
            words = ent.text.split()
            # the small model tags some people ORG ("Swati Maliwal"); a name of capitalised words only is taken
            if ent.label_ in ("PERSON", "ORG") and 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words):
                name = canonical(ent.text) or ent.text
                by_surname.setdefault(words[-1], set()).add(name)
                state = _title_state(ent) if ent.label_ == "PERSON" and not affiliation(name) else None
                if state and name not in states:
                    states[name] = state
    full = {k: next(iter(v)) for k, v in by_surname.items() if len(v) == 1}

    def fix(names: list[str]) -> list[str]:
        # a name the gazetteer knows ("Putin", "Russia") is already canonical
        return list(
            dict.fromkeys(
                full.get(n, n) if " " not in n and canonical(n) == n and not affiliation(n) else n for n in names
            )
        )

    def with_state(names: list[str]) -> list[str]:
        # "Pakistani Prime Minister Zafarullah Khan Jamali ... he has been asking for US help": an official acting
        # for a state is listed after it (evals/GUIDELINES.md §3), as the gazetteer's people are (``_names``)
        return _after_their_party(names, states)

    for f in found:
        f.agents, f.others, f.partners = fix(f.agents), fix(f.others), fix(f.partners)
        f.parties, f.condition_agents = fix(f.parties), fix(f.condition_agents)
        f.states = {n: states[n] for n in f.agents + f.others + f.partners + f.condition_agents if n in states}
        f.agents, f.others, f.partners = with_state(f.agents), with_state(f.others), with_state(f.partners)


def _ship_states(found: list[Found], idx: _Index) -> None:
    """A ship named with its navy's prefix ("INS 'Delhi' ... will conduct a Passage Exercise", "BRP Alcaraz
    participated in the Kakadu 2014 war games") acts for the prefix's state (the lexicon's ``ship_prefix``), which is
    its party (GUIDELINES §3, fifth batch); the ship's own name, when the small model tagged it apart from the prefix
    ("Delhi"), is no second party. Only a prefix written before a capitalised name in the sentence: "INS agents" is
    no ship."""
    prefixes = {x.split()[0]: x.split(maxsplit=1)[1] for x in idx.terms.get("ship_prefix", ()) if " " in x}
    if not prefixes:
        return
    quote = "['‘’\"“]?"
    crew = idx.terms.get("crew", frozenset())
    for f in found:
        text = f.sentence.span.text
        # the prefix itself and the ship's name after it, each with the prefix's state
        owner: dict[str, str] = {}
        for p, state in prefixes.items():
            for ship in re.findall(rf"\b{p}\s+{quote}([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*){quote}", text):
                owner[p] = owner[ship] = owner[ship.split()[0]] = state
        if not owner:
            continue

        # "Sailors and Marines assigned to USS America": a ship's crew, named by the lexicon's ``crew`` nouns, is the
        # ship's state when the sentence names ships of one state only
        states = set(owner.values())
        only = next(iter(states)) if len(states) == 1 else None

        def fix(names: list[str], owner: dict[str, str] = owner, only: str | None = only) -> list[str]:
            out: list[str] = []
            for n in names:
                if only is not None and n.casefold() in crew:
                    n = only
                n = owner.get(n) or owner.get(n.split()[0] if n.split() else n, n)
                if n not in out:
                    out.append(n)
            return out

        f.agents, f.others, f.partners = fix(f.agents), fix(f.others), fix(f.partners)


def _drop_titles(found: list[Found]) -> None:
    """A military event's parties without a title the small model tagged as a name on its own ("Earlier the defence
    ministry in New Delhi announced that Defence Minister Rajnath Singh would visit Sri Lanka" → "Defence"; fixture
    ins_delhi_port_call_colombo_passex_2023, dev_batch7): a title names nobody (GUIDELINES §3: the state, then the
    person). Only a capitalised one, as the tagger's names are: "the government" a rule wrote is the article's noun.
    """

    def title(n: str) -> bool:
        return all(w[:1].isupper() for w in n.split()) and is_title_only(n)

    for f in found:
        if f.category is Category.military_events:
            f.agents = [n for n in f.agents if not title(n)]
            f.others = [n for n in f.others if not title(n)]
            f.partners = [n for n in f.partners if not title(n)]


def _drop_made_in(found: list[Found]) -> None:
    """A state named only as where a weapon comes from is no recipient or partner ("the Indian Air Force sent its
    American-origin C-17 Globemaster transport aircraft with the missiles to the Philippines"; fixture
    india_delivers_first_brahmos_batch_to_philippines_2024, dev_batch6): a nationality joined by a hyphen to a word of
    the lexicon's ``made_in`` qualifies the thing (GUIDELINES §3: the supplier, then the recipient). The supplier a
    receiving verb's goods name by their maker stays (``_maker_state``: "obtained a Russian-made system")."""
    for f in found:
        if f.category is not Category.military_events:
            continue
        text = f.sentence.span.text
        by_state: dict[str, list[bool]] = {}
        for m in find_actors(text):
            if m.kind.value == "state":
                by_state.setdefault(m.name, []).append(_origin_word(text[m.end :]))
        made = {n for n, origins in by_state.items() if all(origins)}
        if made:
            f.others = [n for n in f.others if n not in made]
            f.partners = [n for n in f.partners if n not in made]


def _after_their_party(names: list[str], party_of: dict[str, str]) -> list[str]:
    """Each name preceded by the party it acts for (``party_of``) unless that party is listed already: GUIDELINES §3
    lists the state (or body) first, then its official."""
    out: list[str] = []
    for n in names:
        if n in party_of and party_of[n] not in names and party_of[n] not in out:
            out.append(party_of[n])
        if n not in out:
            out.append(n)
    return out


def _titled_parties(found: list[Found], parsed: list[Parsed]) -> None:
    """A proposer, addressee or side of a trade the gazetteer does not know, introduced with a title that names whom
    they serve ("US State Department spokesman Richard Boucher", "his Russian counterpart, Sergei Lavrov", "NATO
    Secretary General Jens Stoltenberg"), is listed after that party (evals/GUIDELINES.md §3), and a trade's side is
    the party (§5), as ``_full_names`` does for a state's title the parser hangs on the name itself. After
    ``_full_names``, so a surname alone ("Boucher said") is already the full name. Proposals and trades only: the
    actors of military events are another pass's."""
    titled: dict[str, str] = {}
    for p in parsed:
        for ent in p.span.ents:
            words = ent.text.split()
            if ent.label_ != "PERSON" or not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
                continue
            name = canonical(ent.text) or ent.text
            if name in titled or affiliation(name) or _title_state(ent):
                continue
            party = _title_party(ent)
            if party and not same_actor(party, name):
                titled[name] = party
    if not titled:
        return

    def with_party(names: list[str]) -> list[str]:
        return _after_their_party(names, titled)

    for f in found:
        if f.category not in (Category.proposals, Category.exchanges):
            continue
        for n in f.agents + f.others + f.partners + f.condition_agents:
            if n in titled and n not in f.states:
                f.states[n] = titled[n]
        f.agents, f.others, f.partners = with_party(f.agents), with_party(f.others), with_party(f.partners)


def _own_ships_sent(found: list[Found], idx: _Index) -> None:
    """A transfer verb of sending whose object is a ship and that names no recipient is a deployment: the sender moves
    its own forces ("Japan, New Zealand, Pakistan, Australia and the Philippines sent ships and aircraft", fixture
    brp_ramon_alcaraz_port_visit_surabaya_after_kakadu_2014, dev; term lists ``dispatch_verb``, ``vessel``)."""
    senders = idx.terms.get("dispatch_verb", frozenset())
    vessels = idx.terms.get("vessel", frozenset())
    for f in found:
        if f.category is not Category.military_events or f.kind != "arms_transfer" or f.others:
            continue
        tok = _trigger_token(f)
        if tok is None or _lemma(tok) not in senders:
            continue
        objects = [c for c in tok.children if c.dep_ == "dobj"]
        objects += [c for o in objects for c in o.conjuncts]
        if any(_lemma(o) in vessels for o in objects):
            f.kind = "deployment"
