"""Self-contained HTML views: one brief over its article, and a timeline of merged items.

Each page is one file with its CSS, script and data inline (no network, no CDN), so it opens from disk,
from a mail attachment or on an air-gapped machine alike. Templates are Jinja2 files shipped as package
data; the data travels as JSON inside the page and the script builds the view from it.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from typing import Any

import jinja2

from ..merge import MergedItem
from ..schema import Brief, Category

__all__ = ["brief_html", "timeline_html"]


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("summarizer.views", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _json_for_script(data: Any) -> str:
    # Inside <script type="application/json"> only "</" can end the element early; escaping "<" (and the
    # two JavaScript line separators) keeps any article text inert.
    text = json.dumps(data, ensure_ascii=False, default=str)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


_PREFIX = {Category.proposals: "P", Category.exchanges: "X", Category.military_events: "E"}


def _item_title(category: Category, item: Any) -> str:
    if category is Category.military_events:
        return f"{item.kind.value}: {item.description}"
    if category is Category.proposals:
        return f"{', '.join(item.proposer) or '?'} → {', '.join(item.addressees) or '?'}: {item.what}"
    return f"{item.side_a.party or '?'} ↔ {item.side_b.party or '?'}"


def _segments(text: str, spans: list[tuple[int, int, str]]) -> list[dict[str, Any]]:
    """Cut the text at every evidence boundary; each piece lists the items whose evidence covers it."""
    cuts = {0, len(text)}
    for s, e, _ in spans:
        cuts.update((max(0, min(s, len(text))), max(0, min(e, len(text)))))
    bounds = sorted(cuts)
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        if a == b:
            continue
        ids = sorted({iid for s, e, iid in spans if s <= a and b <= e})
        out.append({"text": text[a:b], "items": ids})
    return out


def brief_html(brief: Brief, text: str) -> str:
    """One article with its items; each item's evidence is highlighted where it sits in ``text``."""
    items: list[dict[str, Any]] = []
    spans: list[tuple[int, int, str]] = []
    for category in Category:
        for i, item in enumerate(brief.items(category)):
            iid = f"{_PREFIX[category]}{i + 1}"
            for e in item.evidence:
                if e.start is not None and e.end is not None and e.end > e.start:
                    spans.append((e.start, e.end, iid))
            items.append(
                {
                    "id": iid,
                    "category": category.value,
                    "title": _item_title(category, item),
                    "when": item.when.model_dump(mode="json"),
                    "status": item.status.value,
                    "certainty": item.certainty.value,
                    "attributed_to": item.attributed_to,
                    "flags": item.flags,
                    "evidence": [e.model_dump(mode="json") for e in item.evidence],
                }
            )
    data = {
        "article": brief.article.model_dump(mode="json"),
        "summary": brief.summary,
        "items": items,
        "segments": _segments(text, spans),
        "provenance": brief.provenance.model_dump(mode="json") if brief.provenance else None,
    }
    return (
        _env()
        .get_template("brief.html.j2")
        .render(title=brief.article.title or "Brief", data=_json_for_script(data), n_items=len(items))
    )


def timeline_html(items: list[MergedItem], title: str = "Timeline") -> str:
    """Merged items on a time axis, in lanes by kind, filterable by actor; each opens its sources."""
    dated = [m.when.start for m in items if m.when.start]
    data = {
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "items": [m.model_dump(mode="json") for m in items],
        "range": [min(dated).isoformat(), max(m.when.end or m.when.start for m in items if m.when.start).isoformat()]
        if dated
        else None,
    }
    return _env().get_template("timeline.html.j2").render(title=title, data=_json_for_script(data), n=len(items))
