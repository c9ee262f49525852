"""The no-LLM strategy: cue words + gazetteer. Also builds the candidates the guided strategy refines."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..dates import find_when
from ..gazetteer import actor_record
from ..inputs import Article
from ..schema import (
    Actor,
    Category,
    DraftBrief,
    DraftEvent,
    DraftExchange,
    DraftProposal,
    EventKind,
    ExchangeSide,
)
from ..sentences import Sentence, split_sentences
from .base import Extraction
from .rules import (
    EXCHANGE_CUES,
    PROPOSAL_CUES,
    SentenceInfo,
    analyse,
    certainty_of,
    event_kinds,
    event_status,
    exchange_status,
    party_name,
    phrase_after,
    proposal_status,
    split_roles,
    unique_states,
)

Draft = DraftProposal | DraftExchange | DraftEvent


@dataclass
class Candidate:
    category: Category
    info: SentenceInfo
    draft: Draft
    #: Names the model may choose among for this item's key roles (state-level first).
    options: list[str] = field(default_factory=list)
    kinds: list[EventKind] = field(default_factory=list)
    #: Whether a party stands before the cue word (the rules then take it as the subject).
    has_subject: bool = True


def _when_text(info: SentenceInfo, article: Article) -> str | None:
    when = find_when(info.sentence.text, article.meta.published)
    return when.text


def _proposal(info: SentenceInfo, cue_at: int, article: Article) -> Candidate | None:
    if not info.parties:
        return None
    before, after = split_roles(info, cue_at)
    proposer_m = before[-1] if before else info.parties[0]
    proposer = party_name(proposer_m)
    addressees = [n for m in after for n in [party_name(m)[0]] if n not in proposer]
    text = info.sentence.text
    draft = DraftProposal(
        proposer=proposer,
        addressees=list(dict.fromkeys(addressees)),
        what=phrase_after(text, cue_at),
        status=proposal_status(text),
        certainty=certainty_of(text),
        attributed_to=info.sources,
        when=_when_text(info, article),
        evidence=[text],
    )
    return Candidate(Category.proposals, info, draft, options=unique_states(info.parties))


def _exchange(info: SentenceInfo, article: Article) -> Candidate | None:
    states = unique_states(info.parties)
    if len(states) < 2:
        return None
    text = info.sentence.text
    draft = DraftExchange(
        side_a=ExchangeSide(party=states[0]),
        side_b=ExchangeSide(party=states[1]),
        status=exchange_status(text),
        certainty=certainty_of(text),
        attributed_to=info.sources,
        when=_when_text(info, article),
        evidence=[text],
    )
    return Candidate(Category.exchanges, info, draft, options=states)


def _event(info: SentenceInfo, article: Article) -> Candidate | None:
    kinds = event_kinds(info.sentence.text)
    if not kinds or not info.parties:
        return None
    kind, cue_at = kinds[0]
    before, after = split_roles(info, cue_at)
    actors_m = before or after
    actors: list[str] = []
    for m in actors_m[:2]:
        for n in party_name(m):
            if n not in actors:
                actors.append(n)
    text = info.sentence.text
    draft = DraftEvent(
        kind=kind,
        actors=actors,
        description=" ".join(text.split()[:25]),
        status=event_status(text),
        certainty=certainty_of(text),
        attributed_to=info.sources,
        when=_when_text(info, article),
        evidence=[text],
    )
    return Candidate(
        Category.military_events,
        info,
        draft,
        options=unique_states(info.parties),
        kinds=[k for k, _ in kinds],
        has_subject=bool(before),
    )


def find_candidates(article: Article, sentences: list[Sentence]) -> list[Candidate]:
    out: list[Candidate] = []
    for sentence in sentences:
        if len(sentence.text.split()) < 4:
            continue  # section headings and bylines
        info = analyse(sentence)
        text = sentence.text
        p = PROPOSAL_CUES.search(text)
        if p and (c := _proposal(info, p.start(), article)):
            out.append(c)
        if EXCHANGE_CUES.search(text) and (c := _exchange(info, article)):
            out.append(c)
        if c := _event(info, article):
            out.append(c)
    return out


def _key(c: Candidate) -> tuple:
    d = c.draft
    if isinstance(d, DraftProposal):
        return ("p", d.proposer[0] if d.proposer else "")
    if isinstance(d, DraftExchange):
        return ("x", frozenset({d.side_a.party, d.side_b.party}))
    return ("e", d.kind, d.actors[0] if d.actors else "")


def merge(candidates: list[Candidate]) -> list[Candidate]:
    """Several sentences about the same item (same proposer / same pair / same kind and actor) become one
    item with several evidence quotes; the first sentence keeps its roles, later ones add evidence."""
    merged: dict[tuple, Candidate] = {}
    for c in candidates:
        k = _key(c)
        if k in merged:
            first = merged[k].draft
            first.evidence.extend(q for q in c.draft.evidence if q not in first.evidence)
            if not first.when and c.draft.when:
                first.when = c.draft.when
            for s in c.draft.attributed_to:
                if s not in first.attributed_to:
                    first.attributed_to.append(s)
        else:
            merged[k] = c
    return list(merged.values())


def extractive_summary(article: Article, sentences: list[Sentence], count: int = 3) -> str:
    """The lead: the first full sentences of the body (news puts the gist first), skipping the headline,
    bylines and captions, which do not end like sentences."""
    picked = [
        s.text
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


def assemble(article: Article, candidates: list[Candidate], sentences: list[Sentence]) -> DraftBrief:
    draft = DraftBrief(summary=extractive_summary(article, sentences), actors=actors_of(article))
    for c in merge(candidates):
        getattr(draft, c.category.value).append(c.draft)
    return draft


class HeuristicStrategy:
    name = "heuristic"

    async def extract(self, article, backend, prompts, *, feedback=None) -> Extraction:
        # Segmenting is the costly step on long articles (pysbd): done once, shared by candidates and summary.
        sentences = split_sentences(article.text)
        return Extraction(draft=assemble(article, find_candidates(article, sentences), sentences), prompt_name="(none)")


def make(prompt: str | None = None) -> HeuristicStrategy:
    return HeuristicStrategy()
