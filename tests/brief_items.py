"""The heuristic brief's items of a short text, as merged for the brief, for tests that check what a sentence or two
becomes (no pipeline, no LLM)."""

from __future__ import annotations

import datetime as dt

from summarizer.extractor import Found, find
from summarizer.inputs import Article
from summarizer.schema import ArticleMeta, Category, DraftEvent, DraftExchange, DraftProposal
from summarizer.strategies.heuristic import candidates_from, merge


def merged_drafts(
    text: str, category: Category, published: dt.date | None = None
) -> list[DraftProposal | DraftExchange | DraftEvent]:
    """The drafts of ``category`` that ``text`` gives after ``merge``, read against ``published``."""
    article = Article(text=text, meta=ArticleMeta(chars=len(text), published=published), id="t")
    return [c.draft for c in merge(candidates_from(article, find(text)), published) if c.category is category]


def merged_events(text: str, published: dt.date | None = None) -> list[DraftEvent]:
    """The military events ``text`` gives after ``merge``."""
    return [d for d in merged_drafts(text, Category.military_events, published) if isinstance(d, DraftEvent)]


def found_of(text: str, category: Category, lemma: str) -> Found:
    """The first candidate the finder makes of ``category`` on the trigger lemma ``lemma`` in ``text`` (fails the
    test when there is none)."""
    found = [f for f in find(text) if f.category is category and f.lemma == lemma]
    assert found, f"no {category.value} on {lemma!r} in {text!r}"
    return found[0]
