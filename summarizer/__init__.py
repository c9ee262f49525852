"""summarizer: structured, evidence-grounded briefs of news articles.

>>> from summarizer import summarize
>>> brief = summarize("path/to/article.txt")          # doctest: +SKIP
>>> [p.proposer for p in brief.proposals]              # doctest: +SKIP
"""

from .errors import SummarizerError
from .inputs import Article, article_from_text, read_article
from .pipeline import asummarize, summarize
from .schema import (
    SCHEMA_VERSION,
    Actor,
    Brief,
    Certainty,
    EventKind,
    Evidence,
    Exchange,
    MilitaryEvent,
    Proposal,
    When,
    brief_json_schema,
)

__version__ = "0.1.0"
__all__ = [
    "SCHEMA_VERSION",
    "Actor",
    "Article",
    "Brief",
    "Certainty",
    "Evidence",
    "EventKind",
    "Exchange",
    "MilitaryEvent",
    "Proposal",
    "SummarizerError",
    "When",
    "article_from_text",
    "asummarize",
    "brief_json_schema",
    "read_article",
    "summarize",
]
