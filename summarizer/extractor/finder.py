"""The finder: every lexicon trigger in each sentence checked where it stands and read into a :class:`Found`
(``find_in`` over a parse, ``find`` over a text), then the article-level passes."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from ..antecedents import Referent, load_antecedents, referents
from ..gazetteer import Mention, affiliation, canonical, find_actors, is_media, states_in
from ..lexicon import Lexicon, VerbClass
from ..nlp import Parsed, parse
from ..schema import ActorKind, Category, Certainty
from .actors import (
    _NOT_PARTY_ENTS,
    _actors_at,
    _common_party,
    _ent_name,
    _names,
    _party_at,
    _role_phrase,
    _Sentence,
    _short_form,
    _state_force,
    _struck_party,
    _unnamed_state_group,
)
from .arcs import (
    _asked,
    _chain,
    _clause,
    _clause_subject_addressee,
    _clause_text,
    _expand_conj,
    _noun_sides,
    _relative_head,
    _unnamed_subject,
)
from .conditions import (
    _generic_transfer,
    _has_modifier,
    _in_return,
    _no,
    _on_condition,
    _refuser,
    _stands,
    _via_between,
    _within_aggregate,
)
from .found import Found
from .index import _default_index, _Entry, _forms, _glued, _Index, _index, _lemma
from .passes import (
    _content_clause,
    _drop_made_in,
    _drop_titles,
    _full_names,
    _name_state_groups,
    _nearest_unknown_body,
    _one_delivery,
    _own_ships_sent,
    _place_countries,
    _ship_states,
    _titled_parties,
    _with_unnamed_bodies,
)
from .places import _event_location, _share_conjoined_places, _speaker_phrases, _visit_hosts
from .retold import _retold_actors, _retold_parties
from .roles import _agent_candidates, _fill, _other_party, _pick_agents, _reactors, _Reading, _reading
from .status import _certainty, _speakers, _stated_as_fact, _status
from .syntax import (
    _DATELINE,
    _DATELINE_COLON,
    _DATELINE_DATED,
    _FRAME_PREPS,
    _FRAMED_KINDS,
    PLACE_LABELS,
    PLACE_PREPS,
    _arcs,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc, Span, Token


def _content_of(tok: Token, outer: Token) -> bool:
    """Whether ``tok`` is what ``outer`` asks for or offers: reached from it through complement clauses only
    ("asked Russia [to offer ...]"), not through a condition or an adjunct ("if Israel carried out its threats")."""
    t = tok
    while t != outer:
        if t.dep_ not in ("xcomp", "ccomp", "conj") or t.head == t:
            return False
        t = t.head
    return tok != outer


def _titled_military(sent: Span, mentions: list[Mention], idx: _Index) -> set[str]:
    """Persons this sentence introduces with a military title: "Russia's defence minister Sergei Shoigu",
    "Gen. Mark Milley, the chairman of the Joint Chiefs"."""
    out: set[str] = set()
    military = idx.terms["military"]
    base = sent.start_char
    for m in mentions:
        if m.kind.value != "person":
            continue
        head = next((t for t in sent if t.idx - base >= m.start and t.idx - base < m.end and t.head.i != t.i
                     and not (m.start <= t.head.idx - base < m.end)), None)  # fmt: skip
        if head is None:
            continue
        words = [c for c in head.children if c.dep_ in ("compound", "amod", "appos", "nmod", "poss")]
        words += [t for w in list(words) for t in w.subtree]
        if head.dep_ == "appos":
            words.extend(head.head.subtree)
        if {_lemma(w) for w in words} & military:
            out.add(m.name)
    return out


def _titled_military_persons(sent: Span, mentions: list[Mention], idx: _Index) -> set[str]:
    """As ``_titled_military``, for the persons the gazetteer does not know, by the name the extractor keeps for them
    (the PERSON entity as written): "Japanese Defence Minister Itsunori Onodera arrived here on Sunday on a two-day
    visit", "Chinese Defence Minister Wei Fenghe's four-day trip"."""
    known = [(m.start, m.end) for m in mentions]
    base = sent.start_char
    people = [
        Mention(_ent_name(e.text), ActorKind.person, None, e.text, e.start_char - base, e.end_char - base)
        for e in sent.ents
        if e.label_ == "PERSON" and not any(a <= e.start_char - base < b for a, b in known)
    ]
    return _titled_military(sent, people, idx)


def _matches(sent: Span, idx: _Index) -> list[tuple[_Entry, Token, int, int]]:
    """(entry, head token, first, last token index) for every trigger lemma or phrase in the sentence."""
    out = []
    toks = [t for t in sent if not (t.is_punct and t.text in "-–")]
    lemmas = [_lemma(t) for t in toks]
    # hyphenated compounds the tokenizer splits ("test-fired", "air-strike"): also try the joined form
    for i, tok in enumerate(toks):
        lem = lemmas[i]
        for e in idx.phrases.get(lem, []):
            n = len(e.trigger.phrase)
            if (
                tuple(lemmas[i : i + n]) == e.trigger.phrase
                or tuple(t.lower_ for t in toks[i : i + n]) == e.trigger.phrase
            ):
                span_toks = toks[i : i + n]
                head = next((t for t in span_toks if t.head not in span_toks or t.head == t), span_toks[0])
                out.append((e, head, span_toks[0].i, span_toks[-1].i))
        if i + 1 < len(toks) and toks[i + 1].i == tok.i + 2 and tok.doc[tok.i + 1].text == "-":
            joined = f"{tok.lower_}-{lemmas[i + 1]}"
            nxt = toks[i + 1]
            for e in idx.single.get(joined, []):
                out.append((e, nxt, tok.i, nxt.i))
            glued = None
            if idx.prefixes and nxt.pos_ in ("NOUN", "PROPN", "ADJ"):
                glued = _glued(f"{tok.lower_}{lemmas[i + 1]}", idx)
            if glued is not None and glued[0] == tok.lower_:  # "counter-offensive": the rule's prefix, hyphenated
                out.extend((e, nxt, tok.i, nxt.i) for e in idx.single.get(glued[1], []))
        keys = _forms(tok)
        if idx.prefixes and tok.pos_ in ("NOUN", "PROPN"):
            for k in list(keys):
                g = _glued(k, idx)
                if g is not None and g[1] not in keys:
                    keys.append(g[1])
        seen: set[int] = set()
        for k in keys:
            for e in idx.single.get(k, []):
                if id(e) not in seen:
                    seen.add(id(e))
                    out.append((e, tok, tok.i, tok.i))
    return out


def _traded(tok: Token, idx: _Index) -> str:
    """What an agreement trades, when its phrase names it: a for-phrase ("a contract for 40 jets"), a clause of a
    trade or transfer verb ("an agreement to buy", "a deal under which Hamas frees"), a modifier that is a trade or a
    weapon ("an arms deal", "a swap agreement"); "" for an agreement that names no trade ("a security agreement")."""
    nouns = [tok] if tok.pos_ in ("NOUN", "PROPN") else [c for c in tok.children if c.dep_ == "dobj"]
    trade = {
        k
        for k, entries in idx.single.items()
        if any(e.cls.category is Category.exchanges or e.cls.kind == "arms_transfer" for e in entries)
    } - set(idx.terms.get("agreement_noun", ()))
    weapon = idx.terms.get("weapon", frozenset())
    for n in nouns:
        for c in n.children:
            lem = _lemma(c)
            if c.dep_ == "prep" and c.lower_ == "for":
                return " ".join(w.text for w in list(c.subtree)[:16])
            if c.dep_ in ("acl", "relcl") and (lem in trade or any(_lemma(w) in trade for w in c.children)):
                return " ".join(w.text for w in list(c.subtree)[:16])
            if c.dep_ in ("compound", "amod", "nmod") and (lem in trade or lem in weapon or c.lower_ in weapon):
                return " ".join(w.text for w in list(c.subtree)[:6])
    return ""


def _sentence_parties(
    s: _Sentence, cls: VerbClass, idx: _Index, speaker_spans: list[tuple[int, int]], sides: list[str]
) -> tuple[list[str], list[tuple[int, int]]]:
    """Every party the sentence names outside speakers, places, mediators and what is traded (the choices the guided
    model gets), the trigger's own ``sides`` added; and the spans of the sentence's place phrases."""
    sent = s.parsed.span
    base = sent.start_char
    place_spans = [
        (e.start_char - base, e.end_char - base)
        for e in s.ents
        if e.label_ in PLACE_LABELS and e.root.dep_ == "pobj" and e.root.head.lower_ in PLACE_PREPS
    ]
    parties: list[str] = []
    party_at: dict[str, int] = {}
    topic = idx.terms.get("topic_noun", frozenset())
    # "Sweden's accession", "the Swedish application": a name that only qualifies what is traded is no party,
    # nor is what it applies to ("accession to NATO", "application to join NATO")
    topic_at = {
        x.idx - base for n in sent if _lemma(n) in topic and n.dep_ in ("pobj", "dobj") for x in n.subtree if x != n
    }
    # "a prisoner swap deal between Washington and Tehran that was mediated by Doha", "Qatar brokered the truce": who
    # brings a trade about is no side of it (GUIDELINES §5), wherever the sentence names it
    mediator_spans = (
        [
            _role_phrase(x)
            for v in sent
            if _lemma(v) in idx.cues.get("mediation", frozenset()) and v.pos_ == "VERB"
            for x in _arcs(v, "nsubj") + _arcs(v, "agent")
        ]
        if cls.category is Category.exchanges
        else []
    )
    for m in s.mentions:
        if is_media(m.name) or any(a <= m.start < b for a, b in speaker_spans + place_spans) or m.start in topic_at:
            continue
        if m.kind.value not in ("state", "person", "military", "organization"):
            continue
        if any(a <= m.start < b for a, b in mediator_spans):
            continue
        name = _names(m)[0]
        if name not in parties:
            parties.append(name)
            party_at[name] = m.start
    if cls.category is Category.exchanges:
        skip = speaker_spans + place_spans + mediator_spans
        parties = _with_unnamed_bodies(parties, party_at, s, skip, topic_at)
    for n in sides:
        st = affiliation(n) or n
        if st not in parties:
            parties.append(st)
    return parties, place_spans


def _addressees_inside(tok: Token, s: _Sentence, agents: list[str], source_spans: list[tuple[int, int]]) -> list[str]:
    """Whom a proposal asks, when no arc names them: the parties inside what is asked, after the trigger and outside
    ``source_spans`` (speakers, places); else a name the gazetteer does not know as the subject of what is asked;
    else the subject of the clause the proposal hangs from."""
    base = s.parsed.span.start_char
    trig_at = tok.idx - base
    others: list[str] = []
    # "demanded that Russia withdraw", "promised ... if Kyiv started": the parties inside what is asked.
    sub_lo = min(t.idx for t in tok.subtree) - base
    sub_hi = max(t.idx + len(t.text) for t in tok.subtree) - base
    for m in s.mentions:
        # a speaker, or a place ("pledged at a meeting in Russia"), is not who is asked
        in_source = any(a <= m.start < b for a, b in source_spans)
        if sub_lo <= m.start < sub_hi and m.start > trig_at and not is_media(m.name) and not in_source:
            name = _names(m)[0]
            own_side = [affiliation(a) or a for a in agents]
            if name not in agents and (affiliation(name) or name) not in own_side and name not in others:
                others.append(name)
    if not others:
        # a name the gazetteer does not know, as the subject of what is asked ("he demanded Obama release his
        # birth certificate", "demanding that Clinton release")
        subtree = set(tok.subtree)
        for ent in s.ents:
            r = ent.root
            if ent.label_ not in ("PERSON", "ORG") or r not in subtree or r.i < tok.i or r.head == tok:
                continue
            name = canonical(ent.text.removeprefix("the ").removeprefix("The "))
            if r.dep_ in ("nsubj", "nsubjpass") and name and name not in agents + others and not is_media(name):
                others.append(name)
    if not others:
        others = _clause_subject_addressee(tok, s, agents)
    return others


def _proposed_what(tok: Token) -> str:
    """What a proposal asks for: the first 16 words of the clause or object its trigger governs (an xcomp, then a
    ccomp, a for/of phrase, an object), else of the content clause of a noun trigger."""
    what = ""
    kids = sorted(
        (
            c
            for c in tok.children
            if c.dep_ in ("xcomp", "ccomp", "dobj") or (c.dep_ == "prep" and c.lower_ in ("for", "of"))
        ),
        key=lambda c: ("xcomp", "ccomp", "prep", "dobj").index(c.dep_),
    )
    if kids:
        what = " ".join(w.text for w in list(kids[0].subtree)[:16])
    if not what and (content := _content_clause(tok)) is not None:
        what = " ".join(w.text for w in list(content.subtree)[:16])
    return what


def _aggregate(tok: Token, cls: VerbClass, fill: Callable[[str, Token], list[Token]], idx: _Index) -> bool:
    """Whether a trigger is counted among many or named as a kind, not told as one event (evals/GUIDELINES.md §6):
    a generic transfer, one of a spate or wave, a kind of violence as such, a habit, a plural of frequency."""
    return (
        _generic_transfer(tok, cls, fill)
        or _within_aggregate(tok, idx)
        # "Introduction to BW Terrorism", "counter - terrorism assistance requests", "the International Convention for
        # the Suppression of Acts of Nuclear Terrorism": a kind of violence named as such is a generality, no event
        # (GUIDELINES §6; term list generic_event)
        or _lemma(tok) in idx.terms.get("generic_event", frozenset())
        # "the outlawed Pakistani Taliban, who often target security forces across the country": an adverb of
        # frequency on the event's verb tells a habit, no event (GUIDELINES §6, vague generalities)
        or (
            tok.pos_ == "VERB"
            and any(c.dep_ == "advmod" and _lemma(c) in idx.terms.get("habitual", frozenset()) for c in tok.children)
        )
        or (
            tok.dep_ == "pobj"
            and tok.head.lower_ == "of"
            and _lemma(tok.head.head) in idx.terms.get("aggregate", frozenset())
        )
        # "the country is facing frequent clashes": a plural an adjective of frequency counts is a pattern, no event
        or (
            tok.tag_ in ("NNS", "NNPS")
            and any(
                c.dep_ == "amod" and _lemma(c) in idx.terms.get("aggregate_modifier", frozenset()) for c in tok.children
            )
        )
    )


def _indefinite(tok: Token) -> bool:
    """A trigger noun introduced as a new one ("an attack in Tumaco", "another blast", bare "attacks"), not referred
    back to ("the attack", "their attack")."""
    return tok.pos_ in ("NOUN", "PROPN") and (
        any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in tok.children)
        or (tok.tag_ in ("NNS", "NNPS") and not any(c.dep_ in ("det", "poss") for c in tok.children))
    )


def _found(entry: _Entry, tok: Token, first: int, last: int, s: _Sentence, idx: _Index) -> Found | None:
    t, cls = entry.trigger, entry.cls
    sent = s.parsed.span
    standing = _stands(entry, tok, first, s, idx)
    if standing is None:
        return None
    anchor, refusal, modal = standing.anchor, standing.refusal, standing.modal

    roles = t.roles if t.roles is not None else cls.roles
    fill = partial(_fill, roles, cls)
    r = _reading(entry, tok, anchor, idx)
    candidates_lists, receiving, receivers = _agent_candidates(entry, tok, anchor, r, fill, s, idx)
    picked = _pick_agents(entry, tok, r, candidates_lists, receiving, _reactors(r, tok, anchor, s), s, idx)
    agent_toks, agents, by_noun = picked.toks, picked.names, picked.by_noun
    common_agent, irregular_agent = picked.common, picked.irregular
    anchor_ok = r.anchor_ok
    other_role, other_toks = _other_party(entry, tok, anchor, r, fill, bool(agents), receiving, receivers, s, idx)
    partner_toks = fill("partner", tok) + (fill("partner", anchor) if anchor_ok and anchor is not None else [])
    target_toks = fill("target", tok)
    if cls.category is Category.military_events and tok.pos_ == "NOUN" and anchor_ok and anchor is not None:
        # "the Russian army carried out airstrikes on two hospitals": the carrier verb holds the target's phrase
        target_toks += [x for spec in ("prep:on", "prep:against") for x in _expand_conj(_arcs(anchor, spec))]

    others = [n for a in other_toks for n in _party_at(a, s, agents) if n not in agents]
    if by_noun and not others:
        agent_toks, agents = [], []
    partners = [n for a in partner_toks for n in _actors_at(a, s) if n not in agents]
    if cls.category is Category.military_events:
        # "a 13-year-old Israeli-American Jew who was stabbed to death": the relative pronoun stands for whom it names
        # (a passive's subject only: "which it then uses" names what is used, not whom it hit)
        target_toks = [_relative_head(a) if a.dep_ == "nsubjpass" else a for a in target_toks]
    targets = [n for a in target_toks for n in _actors_at(a, s)]
    if not targets and cls.category is Category.military_events:
        # whom an attack hit, named by a common noun ("bombarding the city", "massacre people"): kept as written, like
        # an addressee; the brief files no target as an actor (GUIDELINES §3), the finder reports it
        targets = [p for a in target_toks if a not in agent_toks and (p := _struck_party(a))]

    # Speakers: the subject of the verb of saying above the event, and "according to" sources.
    chain, sayer = _chain(tok, idx)
    speakers, speaker_spans = _speakers(sayer, s)
    agents = _speaker_own_agents(
        agents, agent_toks, others, speakers, speaker_spans, sayer, r, candidates_lists, cls, s
    )

    parties, place_spans = _sentence_parties(s, cls, idx, speaker_spans, agents + others + partners)

    has_subject = bool(agents)
    excluded = speaker_spans + place_spans + [_role_phrase(a) for a in target_toks]
    if cls.category is Category.military_events:
        # "jets have been promised to Ukraine as part of a donation": whom a transfer goes to did not make it
        excluded += [_role_phrase(a) for a in other_toks]
    agents = _guessed_agents(agents, tok, cls, r, receiving, candidates_lists, excluded, s)
    others = _whom(tok, cls, r, agents, others, other_toks, speaker_spans + place_spans, s)
    actor_spans = [_role_phrase(a) for a in agent_toks + other_toks + partner_toks]
    # who says so is no place either ("North Korea sends Russia artillery rounds ...: S Korea"), nor where the speaker
    # sits ("the defence ministry in New Delhi announced that ... would visit Sri Lanka")
    avoid = actor_spans + speaker_spans + _speaker_phrases(sayer, sent)
    agent_hint = agent_toks or next((t for t in candidates_lists if t), [])
    location = _event_location(tok, anchor, s, entry, avoid, agent_hint, agents, idx)
    if location and entry.kind == "military_visit" and agents:
        hosts = _visit_hosts(location, agents, s)
        partners += [h for h in hosts if h not in partners and h not in others]
    if common_agent and location:
        # "Rebels and government soldiers fought gun battles in eastern Chad": the government's soldiers are Chad's
        states = states_in(location)
        if len(set(states)) == 1:
            names = [states[0] if _state_force(a, idx) else n for a, n in zip(agent_toks, agents, strict=False)]
            if names != agents:
                agents = list(dict.fromkeys(names + agents[len(names) :]))
                common_agent = all(not find_actors(n) for n in agents)

    status = _status(tok, anchor, chain, sayer, entry, s, idx)
    chain = status.chain
    negated, refused, cancelled, denied = status.negated, status.refused, status.cancelled, status.denied
    future, hypothetical, proposed, proposed_unowned = (
        status.future,
        status.hypothetical,
        status.proposed,
        status.proposed_unowned,
    )
    accepted, considered, ongoing = status.accepted, status.considered, status.ongoing
    certainty = _certainty(tok, chain, sayer, sent, idx, hypothetical)
    v = anchor if anchor is not None else tok
    v_aux = {_lemma(c) for c in v.children if c.dep_ in ("aux", "auxpass")}
    done = v.pos_ in ("VERB", "AUX") and (
        v.tag_ == "VBD" or (v.tag_ == "VBN" and "have" in v_aux) or (v.tag_ == "VBG" and "be" in v_aux)
    )
    if denied and certainty is Certainty.reported:
        certainty = Certainty.claimed
    elif r.accused and agent_toks and agent_toks == [_relative_head(a) for a in r.responsible]:
        certainty = Certainty.claimed  # "blamed on the FARC", "accused Hezbollah of being behind" (GUIDELINES §12)
    elif certainty is Certainty.reported and _stated_as_fact(sayer, speakers, agents, sent, idx):
        certainty = Certainty.confirmed

    conditions = [
        m.head for m in tok.subtree if m.dep_ == "mark" and m.lower_ in ("if", "unless", "provided") and m.i > tok.i
    ] + [m for m in tok.subtree if _in_return(m) and m.i > tok.i]
    # "on the condition that the U.S. withdraw": who must meet it is the that-clause's subject
    conditions += [v for m in tok.subtree if m.i > tok.i and (v := _on_condition(m)) is not None]
    # What is proposed: the clause or object the trigger governs.
    what = _proposed_what(tok) if cls.category is Category.proposals else ""

    if cls.category is Category.exchanges and cls.kind == "agreement":
        if not agents and not others:
            return None  # "the treaty requires 90-day notice": an agreement no one is named a party to reports nothing
        what = _traded(tok, idx)
    if refusal is not None:
        # "Moscow refused ... to hold new talks unless the West responds", "talks cannot happen until Washington
        # lifts sanctions": who refuses demands of the condition's subject what the condition says, and offers the
        # refused act in return (evals/GUIDELINES.md §12)
        agents = _refuser(refusal, s)
        others = [n for x in _arcs(tok.head, "nsubj") + _arcs(tok.head, "nsubjpass") for n in _actors_at(x, s)]
        others = [n for n in others if n not in agents]
        if not agents or not others:
            return None
        has_subject, negated, refused = True, False, False
        conditions = [tok.head]
        what = " ".join(w.text for w in list(tok.head.subtree)[:16])
    if t.modal:
        # "Manafort said Clinton should follow Wasserman Schultz out the door": the speaker demands, of the
        # clause's subject, what the clause says
        speaker_names, subject_names = modal
        agents, others, has_subject = speaker_names, subject_names, True
        what = " ".join(w.text for w in list(tok.head.subtree)[:16])
    noun_sides: list[str] = []
    if cls.category is Category.exchanges and refusal is None and not t.modal and cls.kind != "agreement":
        # "unable to borrow from most U.S. banks", "reimbursed by the countries it provides protection": a side no name
        # gives is the article's own noun for it (evals/GUIDELINES.md §12: `employers`, `global aircraft makers`)
        by_noun_agents, by_noun_others = _noun_sides(candidates_lists, other_toks, agents, others, idx)
        agents, others = agents + by_noun_agents, others + by_noun_others
        noun_sides = by_noun_agents + by_noun_others
    kind = entry.kind
    if kind == "missile_launch" and _fired_at(tok, anchor, idx):
        kind = "strike"  # "Hamas militants have fired rockets into southern Israel": fire at a target is an attack
    doc = tok.doc
    return Found(
        category=cls.category,
        kind=kind,
        verb_class=cls.name,
        lemma=t.lemma,
        sentence=s.parsed,
        start=s.parsed.char(doc[first].idx),
        end=s.parsed.char(doc[last].idx + len(doc[last].text)),
        agents=list(dict.fromkeys(agents)),
        others=list(dict.fromkeys(others)),
        partners=list(dict.fromkeys(partners)),
        targets=list(dict.fromkeys(targets)),
        parties=parties,
        location=location,
        attributed_to=speakers,
        negated=negated,
        refused=refused,
        cancelled=cancelled,
        denied=denied,
        future=future,
        hypothetical=hypothetical,
        proposed=proposed,
        proposed_unowned=proposed_unowned,
        between=len(partners) >= 2 and all(_via_between(a) for a in partner_toks),
        accepted=accepted,
        considered=considered,
        ongoing=ongoing,
        done=done and not (negated or refused or cancelled or denied or future or hypothetical or proposed),
        conditional=bool(conditions),
        condition_agents=list(dict.fromkeys(n for c in conditions for a in _arcs(c, "nsubj") for n in _actors_at(a, s)))
        if refusal is None
        else others,
        certainty=certainty,
        has_subject=has_subject,
        common_agent=common_agent and bool(agents),
        irregular_agent=irregular_agent and common_agent and bool(agents),
        # (the role's own token even when it gave no name and the agent is the clause's nearest party, a guess)
        state_group=any(
            _unnamed_state_group(_relative_head(a), s)
            for a in agent_toks or next((x for x in candidates_lists if x), [])
        ),
        aggregate=_aggregate(tok, cls, fill, idx),
        indefinite=_indefinite(tok),
        roles_required=t.roles_required,
        receiving=receiving,
        what=what,
        clause=_clause_text(tok),
        noun_sides=list(dict.fromkeys(noun_sides)),
    )


def _speaker_own_agents(
    agents: list[str],
    agent_toks: list[Token],
    others: list[str],
    speakers: list[str],
    speaker_spans: list[tuple[int, int]],
    sayer: Token | None,
    r: _Reading,
    candidates_lists: list[list[Token]],
    cls: VerbClass,
    s: _Sentence,
) -> list[str]:
    """The makers once who says so is weighed: no speaker of the trigger's own clause, and the speaker for a pronoun in
    what they say of their own side."""
    sent, strike = s.parsed.span, r.strike
    # A trigger inside a speaker's own clause ("Yoo commented that...") must not make the speaker an actor; an actor
    # named in the event's own clause stays one even when its spokesperson is cited ("the PLA Eastern Theater
    # Command dispatched its troops ..., the statement said citing ... spokesperson of the Command").
    in_speaker = not agent_toks or any(a <= t.idx - sent.start_char < b for t in agent_toks for a, b in speaker_spans)
    if in_speaker and not (agent_toks and agent_toks == [_relative_head(a) for a in r.responsible]):
        # ("IS claimed responsibility for the attack": the claimant speaks of its own act and stays its actor)
        agents = [a for a in agents if a not in speakers or a in others]
    if not agents and sayer is not None:
        # "Prigozhin ... said that his troops would return": a possessive pronoun in what a speaker says about
        # their own side points back at the speaker.
        for a in next((t for t in candidates_lists if t), []):
            # ... and so does a personal pronoun subject: "Comey said he would n't recommend charges".
            # (own arcs and the controller; for an attack also the subject of its verb: "we launched the air strike")
            own_or_controller = candidates_lists[0] + candidates_lists[3] + (candidates_lists[2] if strike else [])
            # (and a first-person possessive on a proposal noun: "'... our demand to value all Black life,' said the
            # statement")
            mine = cls.category is Category.proposals and a.dep_ == "poss" and a.lower_ in ("our", "my")
            if (
                (a.lower_ in ("he", "she", "i", "we", "it") and a in own_or_controller)
                or mine
                or any(c.dep_ == "poss" and c.lower_ in ("his", "her", "its", "their", "our") for c in a.children)
            ):
                # (a proposal's speaker may be a pronoun itself: "'We've also encouraged them ...,' he told
                # reporters", the spokesman the sentence before names)
                party = _party_at if cls.category is Category.proposals else _actors_at
                agents = [n for sp in _arcs(sayer, "nsubj") for n in party(_relative_head(sp), s)]
                break
    return agents


def _guessed_agents(
    agents: list[str],
    tok: Token,
    cls: VerbClass,
    r: _Reading,
    receiving: bool,
    candidates_lists: list[list[Token]],
    excluded: list[tuple[int, int]],
    s: _Sentence,
) -> list[str]:
    """The makers when no arc names one: the nearest party named before the trigger in its own clause, if any (a
    guess, marked as such by ``has_subject`` False, which lets the guided strategy ask the model instead); for a
    proposal also the nearest body the gazetteer does not know."""
    base = s.parsed.span.start_char
    has_subject, reacted, strike = bool(agents), r.reacted, r.strike
    clause = _clause(tok)
    lo_c = clause[0].idx - base
    trig_at = tok.idx - base
    # the party before a reacted-to noun is the reactor (above); before an attack it is where it happened or whom it
    # hit ("Colombia: Police station attack kills 6", "Five Indian army soldiers killed in militant attack"), not who
    # made it (evals/GUIDELINES.md §12: the place goes in `location`, victims are no actors)
    # (nor before a receiving trigger: "Australia will take delivery" is told by the receiver)
    # (not when the proposal's own subject is there and names nobody: _unnamed_subject)
    unnamed = cls.category is Category.proposals and _unnamed_subject(candidates_lists)
    if (
        not agents
        and cls.category is not Category.exchanges
        and not reacted
        and not strike
        and not receiving
        and not unnamed
    ):
        before = [
            m
            for m in s.mentions
            if lo_c <= m.start < trig_at
            and not is_media(m.name)
            and not any(a <= m.start < b for a, b in excluded)
            and m.kind.value in ("state", "person", "military", "organization")
        ]
        if before:
            agents = _names(before[-1])
    if not has_subject and cls.category is Category.proposals and not reacted and not receiving and not unnamed:
        body = _nearest_unknown_body(s, lo_c, trig_at, excluded)
        if body is not None:
            agents = [body]
    return agents


def _whom(
    tok: Token,
    cls: VerbClass,
    r: _Reading,
    agents: list[str],
    others: list[str],
    other_toks: list[Token],
    source_spans: list[tuple[int, int]],
    s: _Sentence,
) -> list[str]:
    """Whom the item concerns once its makers are settled: no maker twice, who answers a proposal, who is asked as
    written, else the parties inside what is asked (``source_spans``: speakers and places, never asked)."""
    # the guess above may name a party already taken as addressee ("Mr. Trump was asked under oath")
    others = [n for n in others if n not in agents]
    answered = [n for a in r.answerers for n in _party_at(_relative_head(a), s) if n not in agents]
    if answered:
        others = list(dict.fromkeys(answered))
    asked = _asked(tok, other_toks) if cls.category is Category.proposals else []
    if not others and asked:
        # "urged law enforcement agencies to be less lethargic", "called on the international community to": who is
        # asked is that phrase, as written, when it names nobody the gazetteer knows (GUIDELINES §12 "Western
        # countries"); a pronoun ("urging them to flee") is someone named elsewhere, so nobody is guessed instead
        others = [p for p in (_common_party(a) for a in asked) if p]
    if not others and not asked and cls.category is Category.proposals:
        others = _addressees_inside(tok, s, agents, source_spans)
    return others


def _group_at(tok: Token, s: _Sentence) -> list[str]:
    """The party a role token names, where a group's own name holds a state ("the Leftist Revolutionary Armed Forces of
    Colombia (FARC) rebels"): the group, as the NER names it, not the state inside its name."""
    lo, hi = _role_phrase(tok)
    base = s.parsed.span.start_char
    orgs = [e for e in s.ents if e.label_ == "ORG" and lo <= e.start_char - base and e.end_char - base <= hi]
    inside = [
        m
        for m in s.mentions_in(lo, hi)
        if any(e.start_char - base <= m.start and m.end <= e.end_char - base and len(e.text) > m.end - m.start
               for e in orgs)
    ]  # fmt: skip
    if inside and len(inside) == len(s.mentions_in(lo, hi)):
        # ("the ... Armed Forces of Colombia (FARC) rebels": the name and its initials are one group, by its initials)
        return list(dict.fromkeys(_short_form(e) or _ent_name(e.text) for e in orgs))
    return _party_at(tok, s)


def _fired_at(tok: Token, anchor: Token | None, idx: _Index) -> bool:
    """A launch aimed at a place, a force or people ("fired rockets into southern Israel", "at the convoy") rather than
    into the sea ("toward the East Sea", "into waters off Japan": the ``water_body`` term list): GUIDELINES §12, fire
    at a target is a strike, fire into the sea a launch or an exercise."""
    water = idx.terms.get("water_body", frozenset())
    verb = anchor if anchor is not None else tok
    aims = [x for w in ("at", "into", "on", "upon", "against", "toward", "towards") for x in _arcs(verb, f"prep:{w}")]
    return any(not ({_lemma(t) for t in x.subtree} & water) and x.ent_type_ not in _NOT_PARTY_ENTS for x in aims)


def _held_responsible(s: _Sentence, idx: _Index) -> tuple[list[str], list[str]]:
    """(who, said by whom) when a sentence holds a party responsible for an attack it does not name ("Colombian
    authorities believe that the ... (FARC) rebels were responsible", "X was behind it"); ([], []) otherwise."""
    resp = idx.terms.get("responsibility", frozenset())
    for t in s.parsed.span:
        if _lemma(t) not in resp or t.pos_ not in ("ADJ", "ADP"):
            continue
        obj = [g for c in ([t] if t.pos_ == "ADP" else t.children) if c.lower_ in ("for", "behind") for g in c.children]
        obj = [g for g in obj if g.dep_ == "pobj"]
        if any(g.pos_ != "PRON" for g in obj):
            continue  # "responsible for the attack": the attack's own sentence says so
        holder = t.head if t.dep_ in ("acomp", "prep", "oprd") else t
        if _lemma(holder) != "be" or _no(holder):
            continue
        who = [n for a in _expand_conj(_arcs(holder, "nsubj")) for n in _group_at(_relative_head(a), s)]
        chain, sayer = _chain(holder, idx)
        by = [n for a in (_arcs(sayer, "nsubj") if sayer is not None else []) for n in _actors_at(a, s)]
        if not by:
            by = [n for v in chain for a in _arcs(v, "nsubj") for n in _actors_at(a, s)]
        if who:
            return who, by
    return [], []


def _person_surnames(ents: list[Span]) -> set[str]:
    """The last words of the full person names among ``ents`` ("Yevgeny Prigozhin" → Prigozhin)."""
    out: set[str] = set()
    for e in ents:
        words = e.text.split()
        if e.label_ == "PERSON" and 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            out.add(words[-1])
    return out


def _surname_persons(sent: Span, mentions: list[Mention], ents: list[Span], surnames: set[str]) -> list[Span]:
    """``ents`` with a person the article named in full before and now names by surname alone where the small model
    tagged nothing ("Yevgeny Prigozhin, the owner of the Wagner Group" ... "Prigozhin, whose army began advancing on
    Moscow on Friday, said that his troops would return"; fixture wagner_prigozhin_belarus_deal, dev): the surname is
    that person, a pronoun's antecedent, whom ``_full_names`` then writes in full (GUIDELINES §3)."""
    if not surnames:
        return ents
    from spacy.tokens import Span

    base = sent.start_char
    added = [
        Span(sent.doc, t.i, t.i + 1, label="PERSON")
        for t in sent
        if t.text in surnames
        and t.pos_ == "PROPN"
        and not t.ent_type_
        and not any(m.start <= t.idx - base < m.end for m in mentions)
    ]
    return sorted([*ents, *added], key=lambda e: e.start) if added else ents


def find_in(parsed: list[Parsed], lexicon: Lexicon | None = None) -> list[Found]:
    """Every trigger that holds in the parsed sentences; one per token (the first class in lexicon order)."""
    idx = _index(lexicon) if lexicon is not None else _default_index()
    out: list[Found] = []
    previous_place: tuple[Doc, str, int] | None = None  # (paragraph, place, sentence) of the latest that named one
    unplaced: tuple[Doc | None, int, list[Found]] = (None, -1, [])  # (paragraph, sentence, events with no place)
    military_people: set[str] = set()
    # Once an article has named a hunger, labour or general strike, "the strike" later on is that one.
    civil_strike = False
    rules = load_antecedents()
    history: list[tuple[Referent, ...]] = []
    surnames: set[str] = set()  # last words of the full person names the article has given so far
    last_strike: tuple[int, Found] | None = None  # (sentence number, attack) of the latest attack found
    for n_sent, p in enumerate(parsed):
        sent = p.span
        mentions = find_actors(sent.text)
        military_people |= _titled_military(sent, mentions, idx)
        military_people |= _titled_military_persons(sent, mentions, idx)
        # A dateline ("UNITED NATIONS (CNN) --", "KARKAMIS , Turkey -") says where the story was filed: its names
        # are no party to anything in the sentence (its place may still be the events' place).
        dl = _DATELINE.match(sent.text) or _DATELINE_COLON.match(sent.text) or _DATELINE_DATED.match(sent.text)
        ents = list(sent.ents)
        if dl is not None:
            cut = dl.end()
            mentions = [m for m in mentions if m.start >= cut]
            ents = [e for e in ents if e.start_char - sent.start_char >= cut or e.label_ in PLACE_LABELS]
        # (a surname only as an antecedent: as a role's own name it would make a party of every writer quoted by
        # surname, "Benge wrote", and keep their sentences' other items)
        surnamed = _surname_persons(sent, mentions, ents, surnames)
        surnames |= _person_surnames(ents)
        here_refs = tuple(referents(sent, mentions, surnamed, rules))
        s = _Sentence(
            p,
            mentions,
            ents,
            frozenset(military_people),
            here_refs,
            tuple(history[-rules.window :]),
            dl.end() if dl is not None else 0,
        )
        history.append(here_refs)
        # One item per token and category: a weapons purchase is both a trade and an arms transfer.
        taken: set[tuple[int, Category]] = set()
        here: list[tuple[Found, Token]] = []
        things: set[int] = set()
        for entry, tok, first, last in _matches(sent, idx):
            cat = entry.cls.category
            if (tok.i, cat) in taken or (first, cat) in taken:
                continue
            f = _found(entry, tok, first, last, s, idx)
            if f is not None and civil_strike and f.lemma == "strike" and not _has_modifier(tok):
                f = None
            if f is not None:
                here.append((f, tok))
                taken.update((i, cat) for i in range(first, last + 1))
                if entry.trigger.requires_verb:
                    things.add(tok.i)
        # A thing that is an event only through its verb ("detonated the bomb") leaves the event to that verb,
        # which knows who did it.
        verbs_here = {(tok.i, f.category) for f, tok in here}
        here = [(f, tok) for f, tok in here if not (tok.i in things and (tok.head.i, f.category) in verbs_here)]
        here = _one_delivery(here)
        _share_conjoined_places(here)
        # "air strikes hit Gaza", "the attack killed": a verb whose subject or object is already an event of
        # the same category repeats that event.
        heads = {(tok.i, f.category) for f, tok in here}
        proposal_toks = [tok for f, tok in here if f.category is Category.proposals]
        exercises = [tok for f, tok in here if f.kind == "exercise"]
        event_place: str | None = None  # the place of the sentence's latest event that names one
        n_out = len(out)
        for f, tok in here:
            if tok.pos_ == "VERB" and any(
                (x.i, f.category) in heads
                for c in tok.children
                if c.dep_ in ("nsubj", "nsubjpass", "dobj")
                for x in (c, *c.conjuncts)
            ):
                continue
            # "killed scores of his fighters in a strike", "died in the attack": the event is the prepositional
            # object's, the verb tells what it did.
            if (
                f.category is Category.military_events
                and tok.pos_ == "VERB"
                and any(
                    (g.i, f.category) in heads
                    for c in tok.children
                    if c.dep_ == "prep" and c.lower_ in ("in", "during", "by", "with", "from")
                    for g in c.children
                    if g.dep_ == "pobj"
                )
            ):
                continue
            # "Gunmen attacked and fired rockets at a UN peacekeeping base ..., killing two peacekeepers": a participial
            # adverbial of an attack tells what that attack did (``outcome`` verbs), not a second one (whose victims are
            # no actors); "stormed the airport, opening fire" still reports the firing.
            if (
                f.category is Category.military_events
                and tok.tag_ == "VBG"
                and tok.dep_ == "advcl"
                and _lemma(tok) in idx.terms.get("outcome", frozenset())
                and any((h.i, f.category) in heads for h in (tok.head, *tok.head.conjuncts))
            ):
                continue
            # "dispatched its troops ... for joint drills", "drills focusing on ... assault on maritime targets":
            # the movement or the simulated attack is the exercise's, one activity.
            if (
                f.category is Category.military_events
                and f.kind != "exercise"
                and any(e != tok and (e in tok.subtree or tok in e.subtree) for e in exercises)
            ):
                continue
            # "During the visit, Sailors and Marines ... will conduct bilateral exercises": a visit named as the time
            # frame of another event of the sentence is told elsewhere; here the sentence reports the exercises.
            if f.kind in _FRAMED_KINDS and tok.dep_ == "pobj" and tok.head.lower_ in _FRAME_PREPS:
                carrier = tok.head.head
                if any((x.i, f.category) in heads and x != tok for x in (carrier, *_arcs(carrier, "dobj"))):
                    continue
            # "asked Russia to offer an analysis": the offer is the content of the request, not a second proposal.
            if f.category is Category.proposals and any(_content_of(tok, p) for p in proposal_toks):
                continue
            # In a sentence about drills, an attack nobody is named as making is what the drills rehearse.
            if f.kind == "strike" and exercises and not f.has_subject:
                continue
            # News gives the place once ("KARKAMIS, Turkey ...", "in Aleppo, ...") and the events of the
            # following sentences of the same paragraph happen there.
            if (
                f.category is Category.military_events
                and f.location is None
                and previous_place is not None
                and (
                    previous_place[0] is sent.doc
                    # a paragraph or two on, for an event whose maker is named: "European Union peacekeepers are due
                    # to start deploying to the area" after "gun battles in eastern Chad" (an event named by nobody
                    # is kept or merged by its place, so it borrows none from another paragraph)
                    or (n_sent - previous_place[2] <= 2 and bool(f.agents) and not f.common_agent)
                )
            ):
                f.location = previous_place[1]
            elif f.category is Category.military_events and f.location is not None and f.kind != "other":
                # "the bombings that killed two people in the capital Manama and accused ... Hezbollah of being
                # behind the attacks": where an event happened is where the next ones told after it happened.
                event_place = f.location
                previous_place = (sent.doc, f.location, n_sent)
            out.append(f)
        strikes_here = [f for f, _ in here if f.kind == "strike"]
        if strikes_here:
            last_strike = (n_sent, strikes_here[-1])
        elif last_strike is not None and n_sent - last_strike[0] <= 2:
            # "No group has claimed responsibility for the attack. ... Colombian authorities believe that the FARC
            # rebels were responsible": the attack told just before is the one meant
            who, by = _held_responsible(s, idx)
            f = last_strike[1]
            if who and (not f.agents or f.common_agent):
                f.agents, f.has_subject, f.common_agent = who, True, False
                f.certainty = Certainty.claimed  # a belief or an accusation, GUIDELINES §12 (fourth batch)
                f.attributed_to = list(dict.fromkeys(by + f.attributed_to))
        civil_strike = civil_strike or any(
            _lemma(t) == "strike" and {_lemma(c) for c in t.children} & idx.terms.get("civil_strike", frozenset())
            for t in sent
        )
        here_place = next(
            (
                e.text
                for e in sent.ents
                if e.label_ in PLACE_LABELS and e.root.dep_ == "pobj" and e.root.head.lower_ in PLACE_PREPS
            ),
            # "And the Middle East would soon be crisscrossed by nuclear tripwires. A region where small skirmishes can
            # trigger big wars ...": a region, sea or range the sentence is about is where it happens (as an object it
            # may be a slogan's: "America visits the Americas")
            next((e.text for e in sent.ents if e.label_ == "LOC" and e.root.dep_ in ("nsubj", "nsubjpass")), None),
        )
        # "... implicated in an overnight coup attempt have been arrested. At least 265 people have been killed ... in
        # military action in Istanbul and Ankara": a paragraph may tell an event first and its place in the next
        # sentence (not the place of another event that sentence reports: "captured Handarat" is that capture's)
        if unplaced[0] is sent.doc and unplaced[1] == n_sent - 1 and event_place is None and here_place:
            for f in unplaced[2]:
                f.location = f.location or here_place
        unplaced = (
            sent.doc,
            n_sent,
            [f for f in out[n_out:] if f.category is Category.military_events and f.location is None],
        )
        if event_place is not None:
            previous_place = (sent.doc, event_place, n_sent)
        elif here_place is not None:
            previous_place = (sent.doc, here_place, n_sent)
    _full_names(out, parsed)
    _ship_states(out, idx)
    _drop_titles(out)
    _drop_made_in(out)
    _titled_parties(out, parsed)
    _place_countries(out, parsed, idx)
    _name_state_groups(out, parsed)
    _retold_actors(out, parsed, rules.window, idx.terms.get("retelling_noun", frozenset()))
    _retold_parties(out, parsed, rules.window, idx.terms.get("retelling_deal_noun", frozenset()))
    _own_ships_sent(out, idx)
    return out


def find(text: str, lexicon: Lexicon | None = None) -> list[Found]:
    """Parse ``text`` and find every candidate in it."""
    return find_in(parse(text), lexicon)
