"""Collect real time expressions for the phrasing table (``tests/data/time_phrases.yaml``), as a draft.

Sources: every time expression the temporal layer, dateparser's ``search_dates`` or a labeller (the
fixtures' gold ``when.text``) or the recorded capable model (its ``when``) finds in the fixtures' article
texts, and every GENEVA ``Time`` span (``/work/shared/corpora/geneva.jsonl``, no publication date). The
draft's answers come from the current code and are only a starting point: each one is checked by hand
before it goes into the table. Run: ``python bench/time_phrases_collect.py > /tmp/time_phrases.draft.yaml``.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import yaml

from summarizer.evals.fixtures import load_fixtures
from summarizer.schema import Category
from summarizer.temporal import Timeline

ROOT = Path(__file__).resolve().parent.parent
RECORDINGS = Path("/work/shared/recordings/brief-v1")
GENEVA = Path("/work/shared/corpora/geneva.jsonl")


def _answer(tl: Timeline, start: int, end: int) -> dict:
    hits = [e for e in tl.exprs if e.start < end and start < e.end]
    if not hits:
        return {"precision": "unknown"}
    e = max(hits, key=lambda h: min(h.end, end) - max(h.start, start))
    w = e.when
    out: dict = {"precision": w.precision.value}
    if w.start:
        out["start"] = w.start.isoformat()
        out["end"] = (w.end or w.start).isoformat()
    return out


def main() -> None:
    warnings.filterwarnings("ignore")
    from dateparser.search import search_dates

    rows: list[dict] = []
    seen: set[tuple[str, str]] = set()
    for f in load_fixtures(ROOT / "evals" / "fixtures"):
        text, pub = f.article.text, f.article.published
        tl = Timeline.build(text, pub)
        spans: list[tuple[int, int, str]] = [(e.start, e.end, "temporal") for e in tl.exprs]
        words: list[tuple[str, str]] = []
        for cat in ("proposals", "exchanges", "military_events"):
            words += [(g.when.text, "gold") for g in f.expected.items(Category(cat)) if g.when and g.when.text]
        rec = RECORDINGS / f"{f.id}.json"
        if rec.exists():
            args = json.loads(
                json.loads(rec.read_text())["response"]["choices"][0]["message"]["tool_calls"][0]["function"][
                    "arguments"
                ]
            )
            for cat in ("proposals", "exchanges", "military_events"):
                words += [(it["when"], "recording") for it in args.get(cat, []) if it.get("when")]
        for s in tl.sentences:
            try:
                found = search_dates(s.text, languages=["en"]) or []
            except Exception:  # noqa: BLE001
                found = []
            for w, _ in found:
                i = s.text.find(w)
                if i >= 0 and len(w) > 2:
                    spans.append((s.start + i, s.start + i + len(w), "dateparser"))
        for w, how in words:
            i = text.find(w)
            if i >= 0:
                spans.append((i, i + len(w), how))
        for a, b, how in sorted(spans):
            si = tl.sentence_of(a)
            if si < 0:
                continue
            sent = tl.sentences[si]
            key = (sent.text, text[a:b])
            if key in seen:
                continue
            seen.add(key)
            row = {
                "id": f"{f.id}:{a}",
                "source": f"fixture {f.id} ({f.article.url or 'no url'}); found by {how}",
                "published": pub.isoformat() if pub else None,
                "sentence": sent.text,
                "text": text[a:b],
            }
            if si > 0:
                row["context"] = " ".join(x.text for x in tl.sentences[max(0, si - 2) : si])
            row.update(_answer(tl, a, b))
            rows.append(row)
    for line in GENEVA.read_text().splitlines():
        r = json.loads(line)
        for arg in r["arguments"]:
            if arg["role"] != "Time" or (r["text"], arg["text"]) in seen:
                continue
            seen.add((r["text"], arg["text"]))
            tl = Timeline.build(r["text"], None)
            row = {
                "id": f"geneva:{r['id']}:{arg['start']}",
                "source": f"GENEVA {r['source_file']} {r['id']} (Time role)",
                "published": None,
                "sentence": r["text"],
                "text": arg["text"],
            }
            row.update(_answer(tl, arg["start"], arg["end"]))
            rows.append(row)
    yaml.safe_dump(rows, sys.stdout, sort_keys=False, allow_unicode=True, width=200)


if __name__ == "__main__":
    main()
