"""Write merged items for other tools: JSONL, CSV, Parquet and SQLite.

Tabular formats get two tables, one row per merged item and one row per source (an article's report of
it); ``docs/TIMELINE.md`` documents every column. Lists are ``;``-joined in CSV and real lists in Parquet;
nested parts (conflicts, status history, the source's item) are JSON text. Every file is written to a
temporary name and renamed, so a reader never sees half of one.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .merge import MergedItem

__all__ = ["ExportFormat", "ITEM_COLUMNS", "SOURCE_COLUMNS", "item_rows", "source_rows", "sources_path", "write"]


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    sqlite = "sqlite"


# (column, SQLite type, Parquet type name, meaning) — the one place the tables are defined.
ITEM_COLUMNS: list[tuple[str, str, str, str]] = [
    ("id", "TEXT PRIMARY KEY", "string", "stable merged-item id"),
    ("category", "TEXT", "string", "proposals, exchanges or military_events"),
    ("kind", "TEXT", "string", "event kind (military events only)"),
    ("label", "TEXT", "string", "short description from the best-evidenced source"),
    ("actors", "TEXT", "list", "canonical actors, most reported first"),
    ("parties", "TEXT", "list", "states or bodies the actors act for"),
    ("when_start", "TEXT", "date", "ISO date the item starts (null when no source dates it)"),
    ("when_end", "TEXT", "date", "ISO date it ends"),
    ("when_precision", "TEXT", "string", "day, month, year, range or unknown"),
    ("when_text", "TEXT", "string", "the date words of the source whose date was kept"),
    ("location", "TEXT", "string", "most reported location (events)"),
    ("status", "TEXT", "string", "events: agreed status; proposals/exchanges: latest step"),
    ("certainty", "TEXT", "string", "highest certainty among the sources"),
    ("n_articles", "INTEGER", "int", "distinct articles reporting it"),
    ("n_sources", "INTEGER", "int", "source rows (items) merged"),
    ("cohesion", "REAL", "float", "lowest link score that joined the members (1.0 alone)"),
    ("first_published", "TEXT", "date", "earliest publication date among the sources"),
    ("last_published", "TEXT", "date", "latest publication date among the sources"),
    ("flags", "TEXT", "list", "e.g. conflict:date, ungrounded"),
    ("conflicts", "TEXT", "json", "JSON list of {field, readings: [{value, article_ids}]}"),
    ("status_history", "TEXT", "json", "JSON list of {status, date, article_id, outlet, quote}, oldest first"),
]
SOURCE_COLUMNS: list[tuple[str, str, str, str]] = [
    ("item_id", "TEXT", "string", "the merged item this source reports"),
    ("article_id", "TEXT", "string", "batch record id of the article"),
    ("item_index", "INTEGER", "int", "position of the item in its brief's category list"),
    ("title", "TEXT", "string", "article title"),
    ("outlet", "TEXT", "string", "article source (outlet)"),
    ("url", "TEXT", "string", "article URL"),
    ("published", "TEXT", "date", "article publication date"),
    ("status", "TEXT", "string", "status as this source reports it"),
    ("certainty", "TEXT", "string", "certainty as this source reports it"),
    ("when_start", "TEXT", "date", "the source's own date for the item"),
    ("when_end", "TEXT", "date", "the source's own end date"),
    ("when_text", "TEXT", "string", "the source's date words"),
    ("quotes", "TEXT", "json", "JSON list of {quote, start, end, match}; offsets index into this article"),
    ("item", "TEXT", "json", "the item as this source's brief has it (JSON)"),
]


def _iso(d: Any) -> str | None:
    return d.isoformat() if d is not None else None


def item_rows(items: Iterable[MergedItem]) -> list[dict[str, Any]]:
    rows = []
    for m in items:
        pubs = [s.published for s in m.sources if s.published]
        rows.append(
            {
                "id": m.id,
                "category": m.category.value,
                "kind": m.kind,
                "label": m.label,
                "actors": list(m.actors),
                "parties": list(m.parties),
                "when_start": _iso(m.when.start),
                "when_end": _iso(m.when.end),
                "when_precision": m.when.precision.value,
                "when_text": m.when.text,
                "location": m.location,
                "status": m.status,
                "certainty": m.certainty.value,
                "n_articles": m.n_articles,
                "n_sources": len(m.sources),
                "cohesion": m.cohesion,
                "first_published": _iso(min(pubs)) if pubs else None,
                "last_published": _iso(max(pubs)) if pubs else None,
                "flags": list(m.flags),
                "conflicts": json.dumps([c.model_dump(mode="json") for c in m.conflicts], ensure_ascii=False),
                "status_history": json.dumps([s.model_dump(mode="json") for s in m.status_history], ensure_ascii=False),
            }
        )
    return rows


def source_rows(items: Iterable[MergedItem]) -> list[dict[str, Any]]:
    rows = []
    for m in items:
        for s in m.sources:
            it = s.item
            rows.append(
                {
                    "item_id": m.id,
                    "article_id": s.article_id,
                    "item_index": s.index,
                    "title": s.title,
                    "outlet": s.outlet,
                    "url": s.url,
                    "published": _iso(s.published),
                    "status": it.status.value,
                    "certainty": it.certainty.value,
                    "when_start": _iso(it.when.start),
                    "when_end": _iso(it.when.end),
                    "when_text": it.when.text,
                    "quotes": json.dumps(
                        [
                            {"quote": e.quote, "start": e.start, "end": e.end, "match": e.match.value}
                            for e in it.evidence
                        ],
                        ensure_ascii=False,
                    ),
                    "item": it.model_dump_json(),
                }
            )
    return rows


def sources_path(out: Path) -> Path:
    """Where the per-source table of a CSV or Parquet export goes: beside ``out``, ``.sources`` added."""
    return out.with_name(f"{out.stem}.sources{out.suffix}")


def _tmp(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.with_name(path.name + ".tmp")


def _write_jsonl(items: list[MergedItem], out: Path) -> list[Path]:
    tmp = _tmp(out)
    with tmp.open("w", encoding="utf-8") as f:
        for m in items:
            f.write(m.model_dump_json() + "\n")
    tmp.replace(out)
    return [out]


def _csv_value(v: Any) -> Any:
    return ";".join(v) if isinstance(v, list) else v


def _write_csv(items: list[MergedItem], out: Path) -> list[Path]:
    written = []
    for path, rows, cols in (
        (out, item_rows(items), ITEM_COLUMNS),
        (sources_path(out), source_rows(items), SOURCE_COLUMNS),
    ):
        tmp = _tmp(path)
        with tmp.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=[c[0] for c in cols])
            w.writeheader()
            for r in rows:
                w.writerow({k: _csv_value(v) for k, v in r.items()})
        tmp.replace(path)
        written.append(path)
    return written


def _write_parquet(items: list[MergedItem], out: Path) -> list[Path]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigError(
            "--format parquet needs pyarrow: pip install 'summarizer[parquet]' (or pyarrow); "
            "csv, jsonl and sqlite need nothing more"
        ) from None
    import datetime as dt

    types = {
        "string": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "date": pa.date32(),
        "list": pa.list_(pa.string()),
        "json": pa.string(),
    }
    written = []
    for path, rows, cols in (
        (out, item_rows(items), ITEM_COLUMNS),
        (sources_path(out), source_rows(items), SOURCE_COLUMNS),
    ):
        schema = pa.schema([pa.field(name, types[kind]) for name, _sql, kind, _doc in cols])
        data = {
            name: [
                dt.date.fromisoformat(r[name]) if kind == "date" and r[name] else r[name] if kind != "date" else None
                for r in rows
            ]
            for name, _sql, kind, _doc in cols
        }
        table = pa.Table.from_pydict(data, schema=schema)
        tmp = _tmp(path)
        pq.write_table(table, tmp)
        tmp.replace(path)
        written.append(path)
    return written


def _write_sqlite(items: list[MergedItem], out: Path) -> list[Path]:
    tmp = _tmp(out)
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        for table, cols, rows in (
            ("items", ITEM_COLUMNS, item_rows(items)),
            ("sources", SOURCE_COLUMNS, source_rows(items)),
        ):
            con.execute(f"CREATE TABLE {table} ({', '.join(f'{c[0]} {c[1]}' for c in cols)})")
            names = [c[0] for c in cols]
            con.executemany(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                [
                    tuple(json.dumps(r[n], ensure_ascii=False) if isinstance(r[n], list) else r[n] for n in names)
                    for r in rows
                ],
            )
        con.execute("CREATE INDEX sources_item ON sources (item_id)")
        con.execute("CREATE INDEX sources_article ON sources (article_id)")
        con.execute("CREATE INDEX items_start ON items (when_start)")
        con.commit()
    finally:
        con.close()
    tmp.replace(out)
    return [out]


def write(items: list[MergedItem], out: str | Path, fmt: ExportFormat | str = ExportFormat.jsonl) -> list[Path]:
    """Write ``items`` to ``out`` in ``fmt``; returns the files written (two for csv and parquet)."""
    fmt = ExportFormat(fmt)
    writer = {
        ExportFormat.jsonl: _write_jsonl,
        ExportFormat.csv: _write_csv,
        ExportFormat.parquet: _write_parquet,
        ExportFormat.sqlite: _write_sqlite,
    }[fmt]
    return writer(items, Path(out))
