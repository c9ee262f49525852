"""The no-LLM strategy: the structured extractor (spaCy parse + lexicon + gazetteer) turned into a draft
brief. Also builds the candidates the guided strategy refines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from ..dates import find_when, normalize_when
from ..extractor import Found, find_in
from ..gazetteer import actor_record, affiliation, find_actors, same_actor
from ..inputs import Article
from ..nlp import Parsed, parse
from ..schema import (
    Actor,
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
from ..sentences import Sentence
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


def _proposal(f: Found, article: Article) -> Candidate | None:
    if not f.agents:
        return None
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


def _exchange(f: Found, article: Article) -> Candidate | None:
    if f.kind == "agreement" and not f.what:
        return None  # a signed agreement that names nothing traded is no quid pro quo (GUIDELINES §5)
    sides: list[str] = []
    # A conditional offer's other side is whoever must meet the condition ("... if Kyiv started withdrawing").
    # (a person the article introduced with a state's title stands for that state)
    pool = [f.states.get(n, n) for n in _states(f.agents + f.condition_agents + f.others)] + (
        [] if f.roles_required else _states(f.parties)
    )
    for p in pool:
        if len(sides) < 2 and not any(same_actor(p, x) for x in sides):
            sides.append(p)
    if len(sides) < 2:
        return None  # a trade needs two parties the article names
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


def _event(f: Found, article: Article) -> Candidate | None:
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
    if (
        (not f.agents or f.common_agent)
        and not (f.kind == "strike" and (f.location or f.irregular_agent))
        and not recipient_only
        and not with_partner
    ):
        # An event with no actor the article names is not an item of the brief, except an attack at a named
        # place ("The massive explosions destroyed vehicles ... outside the base at ... Tartus") or an attack by an
        # armed actor the article names only by its noun ("Gunmen ambushed a military convoy": GUIDELINES §12, fourth
        # batch); other events by a common noun ("warships", "the coalition") are never kept alone.
        return None
    if f.kind == "other" and not f.has_subject:
        return None  # a war mentioned in passing, with nobody waging it in the sentence
    if f.aggregate:
        return None  # "the latest in a spate of strikes": a count, no item (GUIDELINES §6)
    if f.proposed or (f.hypothetical and not f.future):
        # Only asked for, or only if something else happens: the proposal or exchange that carries it is the
        # item ("Turkey sent a request ... for the purchase of F-16s"; "would ... if Washington allowed the sale").
        return None
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


def candidates_from(article: Article, found: list[Found]) -> list[Candidate]:
    out: list[Candidate] = []
    _narrow_evidence(found)
    for f in found:
        if f.category is Category.proposals:
            c = _proposal(f, article)
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
            c = _exchange(f, article)
        else:
            c = _event(f, article)
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
    return bool(text) and not text.endswith((".", "!", "?", '"', "”", "’", "'", ")"))


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


def _signed(a: Candidate, b: Candidate) -> bool:
    """Two agreed deals between the same sides, each with its own date, are stages of a deal, not one mention
    ("South Korea's biggest ever arms deal, clinched last month" / "The contracts, signed in Poland on Friday";
    GUIDELINES §12, the fifth batch)."""
    x, y = a.draft, b.draft
    return (
        isinstance(x, DraftExchange)
        and isinstance(y, DraftExchange)
        and x.status is ExchangeStatus.agreed
        and y.status is ExchangeStatus.agreed
    )


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
    item with several evidence quotes; the first sentence keeps its roles, later ones add evidence. Events
    dated apart are separate, however alike ("Aug. 31, 1998: North Korea fires ..." and "March 10, 2003:
    North Korea fires ...", a chronology's entries)."""
    merged: dict[tuple, list[Candidate]] = {}
    out: list[Candidate] = []
    for c in candidates:
        same = merged.setdefault(_key(c), [])
        # Proposals and trades are told over months of talks; an event happens at a time.
        event = c.category is Category.military_events
        target = next(
            (
                m
                for m in same
                if not (event or _signed(m, c)) or _same_time(m.draft.when, c.draft.when, published) or _pledged(m, c)
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
        if target is None:
            same.append(c)
            out.append(c)
            continue
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
        if isinstance(first, DraftEvent) and isinstance(c.draft, DraftEvent) and not first.location:
            first.location = c.draft.location
        first.evidence.extend(q for q in c.draft.evidence if q not in first.evidence)
        if not first.when and c.draft.when:
            first.when = c.draft.when
        if isinstance(first, DraftProposal) and not first.addressees and c.draft.addressees:
            # a headline names the proposal, the lede whom it is put to ("Egypt proposes talks" / "... between
            # leaders of Israel and Palestinian factions")
            first.addressees = list(c.draft.addressees)
        for s in c.draft.attributed_to:
            if s not in first.attributed_to:
                first.attributed_to.append(s)
    return out


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
