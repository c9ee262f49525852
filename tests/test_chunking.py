"""Long articles: chunk boundaries, merging per-chunk drafts, and a 50,000-word article end to end."""

from __future__ import annotations

import asyncio
from bisect import bisect_left
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer import chunking
from summarizer.backends.base import Backend, Completion
from summarizer.chunking import (
    DEFAULT_MAX_CHARS,
    Chunk,
    chunk_article,
    max_chars_for,
    merge_drafts,
)
from summarizer.errors import ConfigError
from summarizer.inputs import Article, article_from_text, read_article
from summarizer.pipeline import ground_draft
from summarizer.prompts import PromptLibrary
from summarizer.schema import (
    Actor,
    ActorKind,
    DraftBrief,
    DraftEvent,
    DraftExchange,
    DraftProposal,
    EventKind,
    ExchangeSide,
    MatchKind,
    Usage,
)
from summarizer.sentences import split_sentences
from summarizer.strategies.chunked import ChunkedOneShot
from summarizer.strategies.oneshot import OneShotStrategy
from summarizer.testing.fakeserver import FakeOpenAI

ARTICLES = Path("/work/shared/articles")

# --------------------------------------------------------------------------- chunk_article properties

_PIECES = st.sampled_from(
    [
        "The", "army", "said", "talks", "Mr.", "U.S.", "Pyongyang", "3.5", "Jan.", "“quoted”", "é",
        ".", ".", "!", "?", ",", " ", " ", " ", "  ", "\n", "\n\n", "\t",
        "averyveryveryveryverylongwordwithoutanybreakatallthatkeepsgoing",
    ]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=150).map("".join)


def _check_invariants(text: str, chunks: list[Chunk], max_chars: int) -> None:
    assert [c.index for c in chunks] == list(range(len(chunks)))
    for c in chunks:
        assert text[c.start : c.end] == c.text
        assert 0 < len(c.text) <= max_chars
        assert c.text == c.text.strip()
    for prev, nxt in zip(chunks, chunks[1:], strict=False):
        assert nxt.start > prev.start and nxt.end > prev.end
    covered = bytearray(len(text))
    for c in chunks:
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    lost = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
    assert not lost, f"characters in no chunk: {lost[:10]}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS, max_chars=st.integers(1, 120), overlap=st.integers(0, 3))
def test_chunks_slice_the_text_cover_it_and_fit(text: str, max_chars: int, overlap: int) -> None:
    _check_invariants(text, chunk_article(text, max_chars=max_chars, overlap_sentences=overlap), max_chars)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300), max_chars=st.integers(1, 80))
def test_chunks_hold_for_arbitrary_unicode(text: str, max_chars: int) -> None:
    _check_invariants(text, chunk_article(text, max_chars=max_chars), max_chars)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS, max_chars=st.integers(1, 120))
def test_without_overlap_chunks_are_disjoint(text: str, max_chars: int) -> None:
    chunks = chunk_article(text, max_chars=max_chars, overlap_sentences=0)
    for prev, nxt in zip(chunks, chunks[1:], strict=False):
        assert nxt.start >= prev.end


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS, max_chars=st.integers(60, 200))
def test_chunks_start_at_sentence_starts_when_sentences_fit(text: str, max_chars: int) -> None:
    sentences = split_sentences(text)
    if any(len(s.text) > max_chars for s in sentences):
        return  # over-long sentences are cut at whitespace; covered by the invariants test
    # A sentence followed by text the segmenter skipped can make a unit longer than the sentence.
    starts = [s.start for s in sentences]
    units = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    if any(u > max_chars for u in units):
        return
    allowed = set(starts) | {len(text) - len(text.lstrip())}
    for c in chunk_article(text, max_chars=max_chars):
        assert c.start in allowed


def _sentences(n: int) -> str:
    return " ".join(f"Sentence number {i} says something about the talks." for i in range(n))


def test_short_text_is_one_chunk_without_surrounding_whitespace() -> None:
    text = "\n  Russia proposed a naval exercise.  \n"
    assert chunk_article(text, max_chars=1000) == [Chunk(0, 3, 36, "Russia proposed a naval exercise.")]
    assert chunk_article("   \n ", max_chars=10) == []


def test_consecutive_chunks_share_the_overlap_sentence() -> None:
    text = _sentences(20)
    sentences = split_sentences(text)
    chunks = chunk_article(text, max_chars=220, overlap_sentences=1)
    assert len(chunks) > 3
    for prev, nxt in zip(chunks, chunks[1:], strict=False):
        last = [s for s in sentences if prev.start <= s.start and s.end <= prev.end][-1]
        assert nxt.start == last.start  # the next chunk starts with the previous chunk's last sentence
    two = chunk_article(text, max_chars=220, overlap_sentences=2)
    assert len(two) > len(chunks)


def test_overlap_is_dropped_where_it_leaves_no_room() -> None:
    # Each sentence is ~52 chars: with max 60 only one fits, so an overlap would never advance.
    text = _sentences(5)
    chunks = chunk_article(text, max_chars=60, overlap_sentences=3)
    assert [c.text for c in chunks] == [s.text for s in split_sentences(text)]


def test_long_sentence_is_split_at_whitespace_without_breaking_words() -> None:
    words = [f"word{i}" for i in range(300)]
    text = " ".join(words)
    chunks = chunk_article(text, max_chars=100)
    assert len(chunks) > 5
    pieces = [w for c in chunks for w in c.text.split()]
    assert pieces == words  # every word whole, in order, once
    unbroken = "x" * 250
    assert [c.text for c in chunk_article(unbroken, max_chars=100)] == ["x" * 100, "x" * 100, "x" * 50]


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        chunk_article("abc", max_chars=0)
    with pytest.raises(ValueError):
        chunk_article("abc", max_chars=10, overlap_sentences=-1)


# --------------------------------------------------------------------------- merge_drafts


def _proposal(proposer: list[str], what: str, *evidence: str, **kw: Any) -> DraftProposal:
    return DraftProposal(proposer=proposer, what=what, evidence=list(evidence), **kw)


def test_same_evidence_in_two_chunks_is_one_item_with_deduped_evidence() -> None:
    a = DraftBrief(proposals=[_proposal(["Russia"], "naval exercise", "Russia proposed drills.")])
    b = DraftBrief(proposals=[_proposal([], "", "Russia proposed drills", "Seoul objected.", attributed_to=["Yonhap"])])
    merged = merge_drafts([a, b])
    assert len(merged.proposals) == 1
    item = merged.proposals[0]
    # The trailing full stop alone does not make a second quote.
    assert item.evidence == ["Russia proposed drills.", "Seoul objected."]
    assert item.proposer == ["Russia"] and item.what == "naval exercise"
    assert item.attributed_to == ["Yonhap"]


def test_proposals_merge_on_proposer_set_and_what() -> None:
    a = DraftBrief(proposals=[_proposal(["Russia", "China"], "Joint naval drills", "Quote one.")])
    b = DraftBrief(proposals=[_proposal(["china", " Russia"], "joint  naval drills", "Quote two.", when="May")])
    c = DraftBrief(proposals=[_proposal(["Russia"], "joint naval drills", "Quote three.")])
    merged = merge_drafts([a, b, c])
    assert [p.evidence for p in merged.proposals] == [["Quote one.", "Quote two."], ["Quote three."]]
    assert merged.proposals[0].when == "May"  # a gap filled from the duplicate


def test_exchanges_merge_on_the_unordered_party_pair() -> None:
    def ex(a: str, b: str, quote: str) -> DraftExchange:
        return DraftExchange(side_a=ExchangeSide(party=a), side_b=ExchangeSide(party=b), evidence=[quote])

    merged = merge_drafts(
        [
            DraftBrief(exchanges=[ex("North Korea", "Russia", "Shells for advice.")]),
            DraftBrief(exchanges=[ex("Russia", "North Korea", "Advice for shells."), ex("Iran", "", "X.")]),
            DraftBrief(exchanges=[ex("", "Iran", "Y.")]),
        ]
    )
    assert [e.evidence for e in merged.exchanges] == [
        ["Shells for advice.", "Advice for shells."],
        ["X."],
        ["Y."],
    ]


def test_events_merge_on_kind_actors_and_when_words() -> None:
    def ev(when: str | None, quote: str, kind: EventKind = EventKind.exercise) -> DraftEvent:
        return DraftEvent(kind=kind, actors=["China", "Russia"], when=when, evidence=[quote])

    merged = merge_drafts(
        [
            DraftBrief(military_events=[ev("July", "A."), ev("August", "B.")]),
            DraftBrief(military_events=[ev("july", "C."), ev("July", "D.", EventKind.deployment), ev(None, "E.")]),
        ]
    )
    assert [e.evidence for e in merged.military_events] == [["A.", "C."], ["B."], ["D."], ["E."]]


def test_items_within_one_chunk_are_left_as_the_model_gave_them() -> None:
    # The model saw both side by side and listed them apart: merging only undoes what splitting caused.
    same = [_proposal(["Russia"], "drills", "One."), _proposal(["Russia"], "drills", "Two.")]
    assert len(merge_drafts([DraftBrief(proposals=same)]).proposals) == 2
    # Both match the one earlier item, so neither is added again.
    merged = merge_drafts(
        [DraftBrief(proposals=[_proposal(["Russia"], "drills", "Zero.")]), DraftBrief(proposals=same)]
    )
    assert [p.evidence for p in merged.proposals] == [["Zero.", "One.", "Two."]]


def test_items_with_empty_keys_merge_only_on_evidence() -> None:
    merged = merge_drafts(
        [DraftBrief(proposals=[_proposal([], "", "One.")]), DraftBrief(proposals=[_proposal([], "", "Two.")])]
    )
    assert len(merged.proposals) == 2


def test_actors_merge_by_name_with_aliases_unioned() -> None:
    a = DraftBrief(actors=[Actor(name="North Korea", aliases=["DPRK"]), Actor(name="Russia", kind=ActorKind.state)])
    b = DraftBrief(
        actors=[
            Actor(name="north korea", kind=ActorKind.state, country="PRK", aliases=["dprk", "Pyongyang"]),
            Actor(name="Sergei Shoigu", kind=ActorKind.person),
        ]
    )
    merged = merge_drafts([a, b])
    assert [x.name for x in merged.actors] == ["North Korea", "Russia", "Sergei Shoigu"]
    nk = merged.actors[0]
    assert nk.aliases == ["DPRK", "Pyongyang"] and nk.kind is ActorKind.state and nk.country == "PRK"


def test_summary_is_the_first_non_empty_one_and_inputs_are_untouched() -> None:
    first = DraftBrief(summary="", proposals=[_proposal(["Russia"], "drills", "One.")])
    second = DraftBrief(summary="The lede.", proposals=[_proposal(["Russia"], "drills", "Two.")])
    before = (first.model_copy(deep=True), second.model_copy(deep=True))
    merged = merge_drafts([first, second, DraftBrief(summary="Later.")])
    assert merged.summary == "The lede."
    assert (first, second) == before
    assert merge_drafts([]) == DraftBrief()


_QUOTES = st.sampled_from(["A.", "B.", "C.", "D.", "E."])
_DRAFTS = st.builds(
    DraftBrief,
    proposals=st.lists(
        st.builds(
            DraftProposal,
            proposer=st.lists(st.sampled_from(["Russia", "China", ""]), max_size=2),
            what=st.sampled_from(["", "drills", "talks"]),
            evidence=st.lists(_QUOTES, min_size=1, max_size=3),
        ),
        max_size=4,
    ),
)


@settings(max_examples=100, deadline=None)
@given(drafts=st.lists(_DRAFTS, min_size=1, max_size=4))
def test_merge_keeps_every_quote_once_per_item_and_never_grows(drafts: list[DraftBrief]) -> None:
    merged = merge_drafts(drafts).proposals
    given_quotes = {q for d in drafts for p in d.proposals for q in p.evidence}
    assert {q for p in merged for q in p.evidence} == given_quotes
    for p in merged:
        assert len(p.evidence) == len(set(p.evidence))
    assert len(merged) <= sum(len(d.proposals) for d in drafts)
    # Repeating the same chunk adds nothing: every item finds its earlier sighting.
    again = merge_drafts(drafts + drafts).proposals
    assert len(again) == len(merged)


# --------------------------------------------------------------------------- the strategy, in process


class _EchoBackend(Backend):
    """Answers each call with a draft quoting the first sentence of the text it was given."""

    kind = "echo"
    model = "echo"

    def __init__(self, n_ctx: int | None = None, delay: float = 0.0) -> None:
        self.n_ctx = n_ctx
        self.delay = delay
        self.in_flight = 0
        self.peak = 0
        self.messages: list[list[dict[str, str]]] = []

    def context_size(self) -> int | None:
        return self.n_ctx

    def structured(self, messages, response_model, **kw):  # type: ignore[no-untyped-def,override]
        raise NotImplementedError

    async def astructured(self, messages, response_model, **kw):  # type: ignore[no-untyped-def,override]
        self.messages.append(messages)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        await asyncio.sleep(self.delay)
        self.in_flight -= 1
        text = _article_in(messages)
        first = split_sentences(text)[0].text
        draft = DraftBrief(summary=first, proposals=[_proposal([], "", first)])
        return Completion(draft, Usage(prompt_tokens=len(text) // 4, completion_tokens=10, calls=1), attempts=1)


def _article_in(messages: list[dict[str, Any]]) -> str:
    # The system prompt talks about <article> too: the article itself is in the user message.
    for m in messages:
        content = m.get("content")
        if m.get("role") == "user" and isinstance(content, str) and "<article>\n" in content:
            return content.split("<article>\n", 1)[1].rsplit("\n</article>", 1)[0]
    raise AssertionError("no <article> block in the request")


def test_short_article_goes_to_oneshot_unchanged() -> None:
    article = article_from_text("Russia proposed joint drills with China. Beijing agreed.")
    prompts = PromptLibrary()
    chunked, plain = _EchoBackend(), _EchoBackend()
    got = asyncio.run(ChunkedOneShot().extract(article, chunked, prompts))
    want = asyncio.run(OneShotStrategy().extract(article, plain, prompts))
    assert chunked.messages == plain.messages and got.draft == want.draft
    assert ChunkedOneShot.name == "oneshot"


def test_long_article_calls_once_per_chunk_bounded_and_sums_usage() -> None:
    article = article_from_text(_sentences(200))
    backend = _EchoBackend(delay=0.01)
    strategy = ChunkedOneShot(max_chars=1000, concurrency=3)
    chunks = strategy.chunks_for(article, backend, PromptLibrary())
    result = asyncio.run(strategy.extract(article, backend, PromptLibrary(), feedback="Copy exactly."))
    assert len(backend.messages) == len(chunks) > 5
    assert backend.peak <= 3
    assert result.usage.calls == len(chunks) and result.attempts == len(chunks)
    assert result.usage.prompt_tokens == sum(len(c.text) // 4 for c in chunks)
    assert all(m[-1]["content"] == "Copy exactly." for m in backend.messages)
    assert result.draft.summary == split_sentences(article.text)[0].text
    assert len(result.draft.proposals) == len(chunks)  # each chunk's first sentence is a different one


def test_max_chars_follows_the_backends_context(tmp_path: Path) -> None:
    from summarizer.cache import CachingBackend

    prompts = PromptLibrary()
    assert max_chars_for(_EchoBackend(), prompts, "brief-v1", 2048, DEFAULT_MAX_CHARS) == DEFAULT_MAX_CHARS
    small = max_chars_for(_EchoBackend(n_ctx=4096), prompts, "brief-v1", 2048, DEFAULT_MAX_CHARS)
    assert 500 <= small < 4 * (4096 - 2048)

    # The response cache tells the context size of the backend it wraps.
    cached = CachingBackend(_EchoBackend(n_ctx=4096), tmp_path)
    assert max_chars_for(cached, prompts, "brief-v1", 2048, DEFAULT_MAX_CHARS) == small
    cached.store.close()
    with pytest.raises(ConfigError):
        max_chars_for(_EchoBackend(n_ctx=2048), prompts, "brief-v1", 2048, DEFAULT_MAX_CHARS)


def test_no_backend_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        asyncio.run(ChunkedOneShot().extract(article_from_text("x " * 10), None, PromptLibrary()))


# --------------------------------------------------------------------------- 50,000 words end to end

PLANTED = (
    "The Atlantis delegation offered forty lighthouses to Lemuria in exchange for a shipment of violins, "
    "officials said on Thursday."
)


def _long_article(words: int) -> str:
    bodies = [read_article(p).text.strip() for p in sorted(ARTICLES.glob("*.txt")) if p.name != "README.md"]
    block = "\n\n".join(bodies)
    parts: list[str] = []
    count = 0
    while count < words:
        parts.append(block)
        count += len(block.split())
    # Near the end, as its own paragraph: the last chunks are where a truncating strategy loses things.
    parts.insert(len(parts) - 1, PLANTED)
    return "\n\n".join(parts)


def _chunk_responder(sentences_of: dict[str, list[str]]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Answers with evidence copied from the chunk in the request.

    ``sentences_of`` maps a chunk's text to its sentences, split once from the whole article: pysbd
    over 50,000 words takes seconds, and splitting every chunk again would only repeat that.
    """

    def respond(body: dict[str, Any]) -> dict[str, Any]:
        text = _article_in(body["messages"])
        sentences = sentences_of[text]
        first, second, last = sentences[0], sentences[1], sentences[-1]
        assert text.startswith(first) and second in text and text.endswith(last)
        draft: dict[str, Any] = {
            "summary": f"Chunk starting: {first[:60]}",
            "actors": [{"name": "Testland", "aliases": [first.split()[0]]}],
            # No key fields: only their evidence can identify them across chunks. With one sentence
            # of overlap, a chunk's first sentence is the previous chunk's last.
            "proposals": [{"evidence": [first]}, {"evidence": [last]}],
            "exchanges": [],
            # The same keyed event in every chunk: must come out as one item carrying every quote.
            "military_events": [
                {"kind": "exercise", "actors": ["Testland"], "when": "next week", "evidence": [second]}
            ],
        }
        if PLANTED in text:
            draft["exchanges"].append(
                {
                    "side_a": {"party": "Atlantis", "gives": ["forty lighthouses"]},
                    "side_b": {"party": "Lemuria", "gives": ["violins"]},
                    "evidence": [PLANTED],
                }
            )
        return draft

    return respond


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.mark.skipif(not ARTICLES.is_dir(), reason="needs the shared real articles")
def test_fifty_thousand_words_end_to_end(fake: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.backends.openai_compat import OpenAIBackend

    text = _long_article(50_000)
    assert len(text.split()) >= 50_000 and text.count(PLANTED) == 1
    # One segmentation of the whole text, shared by the strategy's two chunking passes and the responder.
    whole = split_sentences(text)
    monkeypatch.setattr(chunking, "split_sentences", lambda t: whole if t == text else split_sentences(t))
    article = Article(text=text)
    backend = OpenAIBackend("fake-model", base_url=fake.base_url, api_key="test", transport_retries=0)
    strategy = ChunkedOneShot()
    chunks = strategy.chunks_for(article, backend, PromptLibrary())
    starts = [s.start for s in whole]
    per_chunk = {
        c.text: [s.text for s in whole[bisect_left(starts, c.start) :] if s.end <= c.end and s.start < c.end]
        for c in chunks
    }
    fake.responder = _chunk_responder(per_chunk)

    async def run() -> Any:
        try:
            return await strategy.extract(article, backend, PromptLibrary())
        finally:
            await backend.aclient.close()

    extraction = asyncio.run(run())
    assert len(chunks) > 20 and fake.calls == len(chunks)
    assert extraction.usage.calls == len(chunks)
    assert extraction.draft.summary.startswith("Chunk starting: ")
    assert len(extraction.draft.actors) == 1

    brief, missing = ground_draft(extraction.draft, article, "strict")
    assert missing == [] and brief.dropped == []

    # Every located quote points at exactly its own text in the WHOLE article.
    for category in ("proposals", "exchanges", "military_events"):
        for item in getattr(brief, category):
            assert item.evidence
            for ev in item.evidence:
                assert ev.match is MatchKind.exact and ev.start is not None and ev.end is not None
                assert text[ev.start : ev.end] == ev.quote.strip()

    # The planted sentence, from near the end, is there once with whole-article offsets.
    assert len(brief.exchanges) == 1
    [ev] = brief.exchanges[0].evidence
    assert (ev.start, ev.end) == (text.index(PLANTED), text.index(PLANTED) + len(PLANTED))
    assert brief.exchanges[0].side_a.party == "Atlantis"

    # Nothing twice: no quote in two items of a category, no quote twice in one item.
    for category in ("proposals", "exchanges", "military_events"):
        quotes = [e.quote for item in getattr(brief, category) for e in item.evidence]
        assert len(quotes) == len(set(quotes)), category
    assert len(brief.military_events) == 1
    assert {e.quote for e in brief.military_events[0].evidence} == {s[1] for s in per_chunk.values()}
    # Overlap and the article repeating itself make many chunks quote the same sentence: one item each.
    ends = {x for s in per_chunk.values() for x in (s[0], s[-1])}
    assert len(brief.proposals) == len(ends) < 2 * len(chunks)
