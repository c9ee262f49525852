"""The no-LLM strategy: the structured extractor (spaCy parse + lexicon + gazetteer) turned into a draft
brief. Also builds the candidates the guided strategy refines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from ..dates import find_when, normalize_when
from ..extractor import Found, background_setting, find_in
from ..gazetteer import actor_record, affiliation, find_actors, same_actor
from ..inputs import Article
from ..lexicon import load_lexicon
from ..merge_rules import load_merge_rules
from ..nlp import Parsed, parse
from ..schema import (
    Actor,
    ActorKind,
    Category,
    DraftBrief,
    DraftEvent,
    DraftExchange,
    DraftProposal,
    EventKind,
    EventStatus,
    ExchangeSide,
    ExchangeStatus,
)
from ..sentences import Sentence, ends_like_a_sentence
from ..temporal import dates_a_report
from .base import Extraction

Draft = DraftProposal | DraftExchange | DraftEvent

#: Verbs whose content, when requested from another party, is one side of a trade ("requested North Korean
#: authorities to provide them with ammunition"): a request for a transfer is also an exchange being sought.
_TRANSFER_VERBS = frozenset({"provide", "supply", "give", "send", "deliver", "sell", "offer", "transfer", "share"})
#: Words of a sale rather than a handover: a sale with no seller named is the trade's business (an exchange), not a
#: delivery the brief can state ("in order to support the sale of the F-16 to Turkey").
_SALE_WORDS = frozenset({"sale", "sell", "purchase", "buy", "export", "acquire", "import"})


@dataclass
class Candidate:
    category: Category
    sentence: Sentence
    draft: Draft
    #: Names the model may choose among for this item's key roles (state-level first).
    options: list[str] = field(default_factory=list)
    kinds: list[EventKind] = field(default_factory=list)
    #: Whether the agent came from the trigger's own dependency arcs (else a guess from the sentence).
    has_subject: bool = True
    found: Found | None = None
    #: The places the later tellings merged into this item gave (``merge``), each as its own sentence had it: an
    #: item told at several places agrees with any of them.
    told_at: list[str] = field(default_factory=list)


#: Where the reasons go that a found trigger makes no item (``candidates_from(..., why=[])``).
Unkept = list[tuple[Found, str]]


def _unkept(f: Found, why: Unkept | None, reason: str) -> None:
    if why is not None:
        why.append((f, reason))
    return None


def _sentence(f: Found) -> Sentence:
    return Sentence(-1, f.sentence.start, f.sentence.end, f.sentence.text)


def _state(name: str) -> str:
    return affiliation(name) or name


def _states(names: list[str]) -> list[str]:
    return list(dict.fromkeys(_state(n) for n in names))


def _quote(f: Found) -> str:
    # Text excluded as not news (a caption, a credit) is blanked to spaces before the rules read the article:
    # a sentence next to it would otherwise be quoted with a long run of them.
    return (f.evidence or f.sentence.text).strip()


def _when_text(f: Found, article: Article) -> str | None:
    # The trigger's own clause first: "Prigozhin, whose army began advancing on Moscow on Friday, said that his
    # troops would return ... on Saturday" dates the advance by Friday, the return by Saturday.
    for words in (f.evidence, f.clause):
        if words and words != f.sentence.text:
            found = find_when(words, article.meta.published).text
            if found:
                return found
    sentence = f.sentence.text
    found = find_when(sentence, article.meta.published).text
    # "on Monday announced that Australia will purchase ...": the announcement's day; so is the day of a report about an
    # attack ("A militant attack ... killed at least five soldiers, India's defense minister said on Tuesday"; §7.3)
    reported_event = f.category is Category.military_events and f.kind == "strike"
    if (
        found
        and (f.future or f.hypothetical or reported_event)
        and dates_a_report(sentence, at := sentence.find(found), at + len(found))
    ):
        return None
    return found


def _withheld(f: Found) -> bool:
    """The proposer's own verb of proposing is negated or refused: "Comey ... declined to recommend criminal charges",
    "Comey on July 5 said he would n't recommend charges", "would not press" (RAMS dev; the hand audit of
    bench/results/corpora-audit.md). Nothing is put forward, so there is no proposal (GUIDELINES §4: a proposal is a
    course of action put forward). A proposal noun under a verb of reacting ("Rice does not support the call", "rejected
    the proposal") is someone else's proposal, told with its answer, and stays."""
    if not (f.negated or f.refused):
        return False
    tok = next((t for t in f.sentence.span if f.sentence.char(t.idx) == f.start), None)
    return tok is not None and tok.pos_ == "VERB"


def _proposal(f: Found, article: Article, why: Unkept | None = None) -> Candidate | None:
    if not f.agents:
        return _unkept(f, why, "proposal: no proposer named")
    if _withheld(f):
        return _unkept(f, why, "proposal: withheld (the proposer's own verb negated or refused)")
    addressees = [n for n in _states(f.others) if n not in _states(f.agents)]
    draft = DraftProposal(
        proposer=f.agents,
        addressees=addressees,
        what=f.what,
        status=f.proposal_status(),
        certainty=f.certainty,
        attributed_to=f.attributed_to,
        when=_when_text(f, article),
        evidence=[_quote(f)],
    )
    return Candidate(Category.proposals, _sentence(f), draft, options=_states(f.parties), found=f)


def _freed_people_only(f: Found, state: str) -> bool:
    """Every mention of ``state`` in the trade's sentence is the demonym of people the trade frees ("the release of a
    number of Palestinian women and children detained in Israeli prisons", "Israeli and Palestinian prisoner
    exchanges"; lexicon term list ``freed_people``): they are the state's people, and the sentence names the state as
    no side that bargains for them."""
    freed = load_lexicon().terms.get("freed_people", [])
    span = f.sentence.span
    mentions = [m for m in find_actors(span.text) if m.name == state]
    for m in mentions:
        named = span.char_span(m.start, m.end, alignment_mode="expand")
        if named is None or len(named) != 1:
            return False
        tok = named[0]
        while tok.dep_ == "conj" and tok.head is not tok:
            tok = tok.head
        people = {tok.head.lemma_.lower()} | {c.lemma_.lower() for c in tok.head.children if c.dep_ == "compound"}
        if tok.dep_ != "amod" or not people & set(freed):
            return False
    return bool(mentions)


def _people_group(article: Article, state: str) -> str | None:
    """The group the article names most among the organisations of ``state``'s people ("Hamas" for "Palestinian
    prisoners"): who bargains for the people a trade frees when the state is named only by their demonym. None when
    the article names none."""
    code = actor_record(state).country
    counts: dict[str, int] = {}
    for m in find_actors(article.text):
        if code and m.kind is ActorKind.organization and m.country == code:
            counts[m.name] = counts.get(m.name, 0) + 1
    return max(counts, key=lambda n: counts[n]) if counts else None


def _bargaining_side(f: Found, article: Article, side: str, sides: list[str]) -> str:
    """``side``, or the group that bargains for its people when the trade names the state only by the demonym of the
    people it frees (dev qatar_mediated_gaza_truce_hostages_for_prisoners and
    white_house_gaza_peace_plan_hostages_within_72_hours: "Palestinian prisoners" are Hamas's side)."""
    if actor_record(side).kind is not ActorKind.state or not _freed_people_only(f, side):
        return side
    group = _people_group(article, side)
    return group if group is not None and not any(same_actor(group, x) for x in sides) else side


def _exchange(f: Found, article: Article, why: Unkept | None = None) -> Candidate | None:
    if f.kind == "agreement" and not f.what:
        # a signed agreement that names nothing traded is no quid pro quo (GUIDELINES §5)
        return _unkept(f, why, "exchange: an agreement naming nothing traded")
    sides: list[str] = []
    # A conditional offer's other side is whoever must meet the condition ("... if Kyiv started withdrawing").
    # (a person the article introduced with a state's title stands for that state)
    pool = [f.states.get(n, n) for n in _states(f.agents + f.condition_agents + f.others)] + (
        [] if f.roles_required else _states(f.parties)
    )
    pool = [p for p in pool if p not in f.noun_sides]  # a common noun ("banks") is no party the article names
    for p in pool:
        if len(sides) < 2 and not any(same_actor(p, x) for x in sides):
            sides.append(p)
    if len(sides) < 2:
        return _unkept(f, why, f"exchange: {len(sides)} side(s) named")  # a trade needs two parties the article names
    sides = [_bargaining_side(f, article, p, sides) for p in sides]
    draft = DraftExchange(
        side_a=ExchangeSide(party=sides[0]),
        side_b=ExchangeSide(party=sides[1]),
        status=f.exchange_status(),
        certainty=f.certainty,
        attributed_to=f.attributed_to,
        when=_when_text(f, article),
        evidence=[_quote(f)],
    )
    return Candidate(Category.exchanges, _sentence(f), draft, options=_states(f.parties), found=f)


def _event(f: Found, article: Article, why: Unkept | None = None) -> Candidate | None:
    # A delivery whose supplier goes unnamed ("the F-16s to be handed over to Argentina", "jets promised to Ukraine")
    # still names who receives it: that side is an actor the article states (GUIDELINES §6 arms_transfer).
    # (a party the gazetteer knows: "arrive here, in Morag" names a town, not who receives the tanks); a buyer who
    # acquires or orders weapons is such a recipient too ("Denmark has ordered 27 F-35A fighter jets")
    recipient_only = (
        f.kind == "arms_transfer"
        and not f.agents
        and any(find_actors(n) for n in f.others)
        and (f.lemma not in _SALE_WORDS or f.receiving)
    )
    # "a task group that will hold a Passage Exercise with Pakistan Navy ships": a unit named by a common noun is kept
    # beside the named partner of its exercise or visit, never alone.
    with_partner = f.common_agent and f.kind in ("exercise", "military_visit") and bool(f.partners)
    # "the proposed joint exercise, between Japan's Ground Self-Defense Force and the Indian Army": an exercise whose
    # parties are all named by its between-phrase is theirs ("drills with Russian and Chinese militaries" leaves out
    # whoever holds them)
    joint = not f.agents and f.kind == "exercise" and f.between
    if (
        (not f.agents or f.common_agent)
        and not (f.kind == "strike" and (f.location or f.irregular_agent))
        and not recipient_only
        and not with_partner
        and not joint
    ):
        # An event with no actor the article names is not an item of the brief, except an attack at a named
        # place ("The massive explosions destroyed vehicles ... outside the base at ... Tartus") or an attack by an
        # armed actor the article names only by its noun ("Gunmen ambushed a military convoy": GUIDELINES §12, fourth
        # batch); other events by a common noun ("warships", "the coalition") are never kept alone.
        return _unkept(f, why, "event: actor only a common noun" if f.common_agent else "event: no actor named")
    if f.kind == "other" and not f.has_subject:
        # a war mentioned in passing, with nobody waging it in the sentence
        return _unkept(f, why, "event: a war in passing, nobody waging it")
    if f.aggregate:
        # "the latest in a spate of strikes": a count, no item (GUIDELINES §6)
        return _unkept(f, why, "event: an aggregate")
    if setting := background_setting(f):
        # "Since the Sept. 11 terrorist attacks ...", "failed to resolve the conflict", "an end to fighting": no item
        return _unkept(f, why, f"event: {setting}")
    if (f.proposed and not f.proposed_unowned) or (f.hypothetical and not f.future):
        # Only asked for, or only if something else happens: the proposal or exchange that carries it is the
        # item ("Turkey sent a request ... for the purchase of F-16s"; "would ... if Washington allowed the sale").
        return _unkept(f, why, "event: only proposed" if f.proposed else "event: hypothetical")
    actors = list(dict.fromkeys(f.agents + f.partners + (f.others if f.kind == "arms_transfer" else [])))
    ordered: list[str] = []
    for n in actors:  # state first, then the person or unit that acts for it
        for name in (_state(n), n):
            if name not in ordered:
                ordered.append(name)
    draft = DraftEvent(
        kind=EventKind(f.kind),
        actors=ordered,
        description=" ".join(f.sentence.text.split()[:25]),
        location=f.location,
        status=f.event_status(),
        certainty=f.certainty,
        attributed_to=f.attributed_to,
        when=_when_text(f, article),
        evidence=[_quote(f)],
    )
    return Candidate(
        Category.military_events,
        _sentence(f),
        draft,
        options=_states(f.parties),
        kinds=[EventKind(f.kind)],
        has_subject=f.has_subject,
        found=f,
    )


def _requested_transfer(f: Found) -> bool:
    return (
        f.category is Category.proposals and f.kind == "request" and bool(set(f.what.lower().split()) & _TRANSFER_VERBS)
    )


def _narrow_evidence(found: list[Found]) -> None:
    """Two items of one category in one sentence ("whose army began advancing on Moscow ..., said that his
    troops would return to their bases") each cite their own clause, so each can be told apart."""
    by_sentence: dict[tuple[int, Category], list[Found]] = {}
    for f in found:
        by_sentence.setdefault((f.sentence.start, f.category), []).append(f)
    for group in by_sentence.values():
        clauses = {f.clause for f in group}
        if len(group) > 1 and len(clauses) > 1:
            for f in group:
                f.evidence = f.clause or f.sentence.text


def candidates_from(article: Article, found: list[Found], why: Unkept | None = None) -> list[Candidate]:
    """The brief's candidate items from the finder's; ``why``, when given, collects each found trigger that makes
    no item, with the reason (bench/brief_losses.py)."""
    out: list[Candidate] = []
    _narrow_evidence(found)
    for f in found:
        if f.category is Category.proposals:
            c = _proposal(f, article, why)
            # A request for goods from another party is one side of a trade; a conditional offer is an
            # exchange on the table (evals/GUIDELINES.md §4-5).
            if (
                c
                and (_requested_transfer(f) or ((f.kind == "offer" or f.verb_class == "condition") and f.conditional))
                and (x := _exchange(f, article))
            ):
                if f.conditional:
                    x.draft.status = ExchangeStatus.offered
                out.append(x)
        elif f.category is Category.exchanges:
            c = _exchange(f, article, why)
        else:
            c = _event(f, article, why)
        if c is not None:
            out.append(c)
    return out


def find_candidates(article: Article, parsed: list[Parsed]) -> list[Candidate]:
    return candidates_from(article, find_in(parsed))


def _key(c: Candidate) -> tuple:
    d = c.draft
    if isinstance(d, DraftProposal):
        return ("p", d.proposer[0] if d.proposer else "")
    if isinstance(d, DraftExchange):
        return ("x", frozenset({d.side_a.party, d.side_b.party}))
    # An event with no known actor merges only with the same kind at the same place (else it stays alone).
    return ("e", d.kind, d.actors[0] if d.actors else (d.location or d.evidence[0]))


@lru_cache(maxsize=4096)
def _span(when: str | None, published: dt.date | None) -> tuple[dt.date, dt.date] | None:
    # Cached: merge compares each event with every alike one, and a long article has thousands.
    if not when:
        return None
    w = normalize_when(when, published)
    return (w.start, w.end or w.start) if w.start is not None else None


def _same_time(a: str | None, b: str | None, published: dt.date | None) -> bool:
    """Whether two candidates' time words can name one event: either has none, or their dates overlap."""
    sa, sb = _span(a, published), _span(b, published)
    return sa is None or sb is None or (sa[0] <= sb[1] and sb[0] <= sa[1])


def _part_of(c: Candidate, m: Candidate) -> bool:
    a, b = c.draft, m.draft
    if not (isinstance(a, DraftEvent) and isinstance(b, DraftEvent)) or a.kind != b.kind or not a.actors:
        return False
    # One delivery told by several suppliers' names ("Two South Korean companies ... to export tanks" / "Hyundai
    # Rotem Co. will ship ... tanks, and Hanwha Defense ... will send ... howitzers to Poland"): the same recipient
    # at the same time is the same transfer.
    if (
        a.kind is EventKind.arms_transfer
        and c.found is not None
        and m.found is not None
        and set(_states(c.found.others)) & set(_states(m.found.others))
    ):
        return True
    return set(_states(a.actors)) <= set(_states(b.actors))


def _unnamed_strike(c: Candidate) -> bool:
    """An attack whose maker the sentence does not name, or names only by a common noun ("the attack", "Gunmen")."""
    d = c.draft
    return (
        isinstance(d, DraftEvent)
        and d.kind is EventKind.strike
        and c.found is not None
        and (not d.actors or c.found.common_agent)
    )


def _headline(c: Candidate) -> bool:
    """A candidate from a headline: a line that does not end like a sentence."""
    text = c.found.sentence.text.strip() if c.found is not None else ""
    return bool(text) and not ends_like_a_sentence(text)


def _told_before(c: Candidate, out: list[Candidate], published: dt.date | None) -> Candidate | None:
    """The attack an unnamed one refers back to: "the attack", "their attack", "the ambush" with no maker named is the
    latest attack told before it (news tells one attack over several sentences); an attack by a common noun
    ("Gunmen fired at the convoy" after "A militant attack on an Indian Army convoy") is the latest one whose maker is
    unnamed too. A new one ("an attack in Tumaco", "attacks in June") or one dated apart is not."""
    d = c.draft
    if c.found is None or not isinstance(d, DraftEvent) or d.kind is not EventKind.strike:
        return None
    for m in reversed(out):
        if not isinstance(m.draft, DraftEvent) or m.draft.kind is not EventKind.strike:
            continue
        if not _same_time(m.draft.when, d.when, published):
            return None
        if not d.actors:
            return None if c.found.indefinite else m
        if _unnamed_strike(c):  # a common noun: only onto an attack whose maker is unnamed as well
            return m if _unnamed_strike(m) else None
        # "the attack", now named ("That attack was also blamed on the FARC"), names the maker of an unnamed one; so
        # does the body's first telling of a headline's unnamed attack ("Rebels, army clash in Chad as truce ends" /
        # "Rebels and government soldiers fought gun battles in eastern Chad on Monday")
        return m if _unnamed_strike(m) and (not c.found.indefinite or _headline(m)) else None
    return None


def _named_here(name: str, f: Found) -> bool:
    """Whether a telling's own sentence names the actor; else the name stands for a pronoun or a description resolved
    from another sentence ("they decided to attack", "The national army started attacking us")."""
    text = f.sentence.text
    return name.casefold() in text.casefold() or any(same_actor(name, n) for n in _names_in(text))


@lru_cache(maxsize=4096)
def _names_in(text: str) -> tuple[str, ...]:
    # Cached: a long article's merge asks this of the same sentences again and again.
    return tuple(m.name for m in find_actors(text))


def _weak(c: Candidate) -> bool:
    """An event whose actor its sentence does not name: a pronoun or description resolved elsewhere, or a common noun
    ("A suicide bomber detonated at the El Salini base"). Such a telling is the event told before it, when nothing
    sets the two apart."""
    d, f = c.draft, c.found
    if f is None or not isinstance(d, DraftEvent):
        return False
    return f.common_agent or not d.actors or not any(_named_here(a, f) for a in d.actors)


def _is_state(name: str) -> bool:
    record = actor_record(name)
    return record is not None and record.kind is ActorKind.state


def _places_agree(a: str | None, b: str | None) -> bool:
    """Two places can be one event's: either unknown, the same words, or one a state (which holds many places). Two
    states that differ, or two places below a state that share no name, are two events' places."""
    if not a or not b:
        return True
    if same_actor(a, b):
        return True
    if _is_state(a) != _is_state(b):
        return True
    words = {w.casefold() for w in a.split() if w[:1].isupper()}
    return bool(words & {w.casefold() for w in b.split() if w[:1].isupper()})


def _place_agrees(m: Candidate, c: Candidate) -> bool:
    """Whether a telling's place is one the item told so far can have (its own, or a later telling's)."""
    d = c.draft
    places = [p for p in (m.draft.location, *m.told_at) if p]
    return not isinstance(d, DraftEvent) or not places or any(_places_agree(p, d.location) for p in places)


def _actors_agree(c: Candidate, m: Candidate) -> bool:
    """A weak telling's actor against the earlier item's: an armed group's people named by their noun ("gunmen", "a
    suicide bomber", "these militias") are a group's, never a state's army; a resolved pronoun or description may be
    anyone."""
    f = c.found
    if f is not None and f.common_agent and f.irregular_agent:
        return not m.draft.actors or _weak(m) or any(not _is_state(a) for a in m.draft.actors)
    return True


def _retold(c: Candidate, out: list[Candidate], published: dt.date | None) -> Candidate | None:
    """The latest event of the same kind, when this telling names no actor of its own (``_weak``) and its actor, time,
    place and status do not set it apart: news tells one event over several sentences, and a later one says "they",
    "the national army" or "a suicide bomber" for the maker the lede named."""
    d = c.draft
    if not isinstance(d, DraftEvent) or not _weak(c) or (c.found is not None and c.found.indefinite):
        return None  # "Similar attacks took place elsewhere", "an attack in Tumaco": a new one
    for m in reversed(out):
        if not isinstance(m.draft, DraftEvent) or m.draft.kind is not d.kind:
            continue
        agree = _same_time(m.draft.when, d.when, published) and _place_agrees(m, c)
        return m if agree and _actors_agree(c, m) else None
    return None


def _content(text: str) -> set[str]:
    """The words that say what a proposal puts forward (four letters or more, no function word)."""
    words = {w.casefold().strip(".,;:'\"“”‘’()") for w in text.split()}
    return {w for w in words if len(w) > 3} - load_merge_rules().function_words


def _put_apart(a: Candidate, b: Candidate) -> bool:
    """Two tellings of one proposer, or of one pair of sides, that are two items: one asks, the other gives, and
    for proposals what each puts forward shares no word ("Russia has proposed holding a trilateral naval exercise" /
    "the Russian government had requested North Korean authorities to provide them with ammunition and missiles"),
    for trades each is led by its own side ("Washington was ready to lift sanctions in exchange for talks" / "talks
    cannot happen until Washington lifts sanctions": the US offer, and Iran's condition; GUIDELINES §5, the third
    batch). Two requests by the two sides are still one trade (the seed: ammunition for weapons analysis)."""
    x, y = a.draft, b.draft
    if a.found is None or b.found is None:
        return False
    rules = load_merge_rules()
    if rules.family(a.found.kind) == rules.family(b.found.kind):
        return _two_asks(a, b)
    if isinstance(x, DraftExchange) and isinstance(y, DraftExchange):
        # a trade one side offers and a trade the other side demands (each leading its own statement) are two
        return all(rules.family(k) != k for k in (a.found.kind, b.found.kind)) and not same_actor(
            x.side_a.party, y.side_a.party
        )
    if not (isinstance(x, DraftProposal) and isinstance(y, DraftProposal)):
        return False
    return bool(x.what and y.what) and not _content(x.what) & _content(y.what)


def _two_asks(a: Candidate, b: Candidate) -> bool:
    """Two asks (or two offers) of one proposer that are two proposals: what each puts forward shares no word ("They
    urged the government to reciprocate" / "They urged the government to withdraw its troops within the 10-day
    period", philippines_milf_rebels_declare_10_day_ceasefire_2003; GUIDELINES eighth batch: a second proposal). A
    headline is the story told short ("Egypt proposes talks, cease-fire for Gaza"), never put apart this way."""
    x, y = a.draft, b.draft
    if not (isinstance(x, DraftProposal) and isinstance(y, DraftProposal)):
        return False
    if _headline(a) or _headline(b):
        return False
    return bool(x.what and y.what) and not _content(x.what) & _content(y.what)


def _pledged(a: Candidate, b: Candidate) -> bool:
    """A delivery announced as planned and the same supplier's delivery to the same side: one transfer, whatever the
    dates ("Britain had announced in January that it would send 14 of the tanks to Ukraine" / "the first British
    Challenger 2 main battle tank to arrive in Ukraine"): a plan's date is its announcement's."""
    x, y = a.draft, b.draft
    return (
        isinstance(x, DraftEvent)
        and isinstance(y, DraftEvent)
        and x.kind is EventKind.arms_transfer
        and y.kind is EventKind.arms_transfer
        and EventStatus.planned in (x.status, y.status)
        and set(_states(x.actors)) == set(_states(y.actors))
    )


def merge(candidates: list[Candidate], published: dt.date | None = None) -> list[Candidate]:
    """Several sentences about the same item (same proposer / same pair / same kind and actor) become one
    item with several evidence quotes; the first sentence keeps its roles, later ones add evidence, place and date.
    Events and trades dated apart are separate, however alike ("Aug. 31, 1998: North Korea fires ..." and "March 10,
    2003: North Korea fires ...", a chronology's entries); so are events at places that differ and proposals or
    trades that put forward different things (``_put_apart``). A telling that names nobody of its own ("they",
    "the national army", "a suicide bomber") is the latest event of its kind when time, place and actor agree
    (``_retold``). docs/EXTRACTOR.md, "One event told twice"."""
    merged: dict[tuple, list[Candidate]] = {}
    out: list[Candidate] = []
    holder: dict[int, Candidate] = {}  # id of a Found → the item that tells it
    for c in candidates:
        target = _retelling_target(c, holder)
        if target is not None:
            _merge_retelling(target, c, holder)
            continue
        same = merged.setdefault(_key(c), [])
        # A proposal is told again over months of talks (renewed, answered); an event happens at a time, and a trade
        # dated apart from another of the same sides is another stage or another trade ("clinched last month" /
        # "signed in Poland on Friday"; an earlier swap "Last June" beside this week's: GUIDELINES §5, §12).
        event = c.category is Category.military_events
        target = next(
            (
                m
                for m in same
                if not _put_apart(m, c)
                and (not event or _place_agrees(m, c))
                and (
                    c.category is Category.proposals
                    or _same_time(m.draft.when, c.draft.when, published)
                    or _pledged(m, c)
                )
            ),
            None,
        )
        if target is None and event:
            # The same exercise told again naming only part of its actors ("organized by the Chinese military"
            # after "Russia and China started joint military exercises") is that exercise.
            target = next(
                (m for m in out if _part_of(c, m) and _same_time(m.draft.when, c.draft.when, published)), None
            )
        if target is None and event:
            target = _told_before(c, out, published)
        if target is None and event:
            target = _retold(c, out, published)
        if target is None:
            same.append(c)
            out.append(c)
            _hold(c, c, holder)
            continue
        _hold(target, c, holder)
        first = target.draft
        if isinstance(first, DraftEvent) and isinstance(c.draft, DraftEvent) and _unnamed_strike(target):
            # the attack's maker named by a later sentence ("Gunmen fired ..." after "A militant attack ..."), and the
            # place a later one gives ("the pre-dawn attack in Culiacan")
            named = c.found is not None and not c.found.common_agent and bool(c.draft.actors)
            if named:  # a name is the maker; the common nouns were standing in for it
                first.actors = list(c.draft.actors)
                if target.found is not None:
                    target.found.common_agent = False
            first.actors.extend(a for a in c.draft.actors if not any(same_actor(a, x) for x in first.actors))
            if named:
                first.certainty, first.attributed_to = c.draft.certainty, list(c.draft.attributed_to)
        if isinstance(first, DraftProposal) and not first.addressees and c.draft.addressees:
            # a headline names the proposal, the lede whom it is put to ("Egypt proposes talks" / "... between
            # leaders of Israel and Palestinian factions")
            first.addressees = list(c.draft.addressees)
        _fold(target, c)
    return out


def _fold(target: Candidate, c: Candidate) -> None:
    """What a second telling adds to the item that holds it: its quotes and sources, and the place and time the item
    lacks (every place told is kept in ``told_at``)."""
    first, d = target.draft, c.draft
    if isinstance(d, DraftEvent) and d.location:
        target.told_at.append(d.location)
    if isinstance(first, DraftEvent) and isinstance(d, DraftEvent) and not first.location:
        first.location = d.location
    first.evidence.extend(q for q in d.evidence if q not in first.evidence)
    if not first.when and d.when:
        first.when = d.when
    first.attributed_to.extend(s for s in d.attributed_to if s not in first.attributed_to)


def _hold(target: Candidate, c: Candidate, holder: dict[int, Candidate]) -> None:
    if c.found is not None:
        holder[id(c.found)] = target


def _retelling_target(c: Candidate, holder: dict[int, Candidate]) -> Candidate | None:
    """The item that tells the event a definite noun refers back to ("the attack", "the joint exercises"), whose actor
    the finder gave it (``extractor.retold._retold_actors``): one event, whatever time or place words each sentence adds
    ("started joint military exercises" on Thursday / "The joint exercises are to run through Sunday")."""
    if c.found is None or c.found.retells is None or not isinstance(c.draft, DraftEvent):
        return None
    target = holder.get(id(c.found.retells))
    return target if target is not None and isinstance(target.draft, DraftEvent) else None


def _merge_retelling(target: Candidate, c: Candidate, holder: dict[int, Candidate]) -> None:
    """A retelling adds its quote, and the place and time the item lacks; its actor is the item's own already."""
    _hold(target, c, holder)
    if isinstance(target.draft, DraftEvent) and isinstance(c.draft, DraftEvent):
        _fold(target, c)


def sentences_of(parsed: list[Parsed]) -> list[Sentence]:
    return [Sentence(i, p.start, p.end, p.text) for i, p in enumerate(parsed)]


def extractive_summary(article: Article, sentences: list[Sentence], count: int = 3) -> str:
    """The lead: the first full sentences of the body (news puts the gist first), skipping the headline,
    bylines and captions, which do not end like sentences."""
    # text blanked as not news (share-button labels glued to the first word) leaves spaces at a sentence's edge
    picked = [
        s.text.strip()
        for s in sentences
        if len(s.text.split()) >= 8
        and s.text.rstrip()[-1:] in '.!?"”'
        and "|" not in s.text
        and s.text != article.meta.title
    ][:count]
    return " ".join(picked)


def actors_of(article: Article) -> list[Actor]:
    from ..gazetteer import find_actors

    seen: dict[str, Actor] = {}
    for m in find_actors(article.text):
        actor = seen.get(m.name)
        if actor is None:
            actor = actor_record(m.name)
            actor.aliases = []
            seen[m.name] = actor
        if m.surface not in actor.aliases:
            actor.aliases.append(m.surface)
    return list(seen.values())


def _reported_on(when: str | None, quotes: list[str]) -> bool:
    """Whether the time words stand next to a reporting verb in a quote ("have agreed a deal ..., the agency said on
    Saturday (August 27)"): they date the announcement, not the event."""
    for q in quotes:
        at = q.find(when) if when else -1
        if at >= 0 and dates_a_report(q, at, at + len(when or "")):
            return True
    return False


def assemble(article: Article, candidates: list[Candidate], sentences: list[Sentence]) -> DraftBrief:
    draft = DraftBrief(summary=extractive_summary(article, sentences), actors=actors_of(article))
    for c in merge(candidates, article.meta.published):
        # The report's day kept alike events apart while merging; as the item's own words it would outrank the
        # evidence, where the temporal layer may find the event told again with its own day.
        if _reported_on(c.draft.when, c.draft.evidence):
            c.draft.when = None
        getattr(draft, c.category.value).append(c.draft)
    return draft


class HeuristicStrategy:
    name = "heuristic"

    async def extract(self, article, backend, prompts, *, feedback=None) -> Extraction:
        # Parsing is the costly step: done once, shared by candidates and summary.
        parsed = parse(article.text)
        draft = assemble(article, find_candidates(article, parsed), sentences_of(parsed))
        return Extraction(draft=draft, prompt_name="(none)")


def make(prompt: str | None = None) -> HeuristicStrategy:
    return HeuristicStrategy()
