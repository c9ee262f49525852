"""Candidates for reading time expressions, measured on the phrasing table (tests/data/time_phrases.yaml).

Each candidate gets what the pipeline has: the sentence and the article's publication date (the reference
for relative words; without one, the library's own default, which is what a caller would get). The
expression it returns that overlaps the table's words is its answer; none is "unknown".

- ``temporal``: this project's temporal layer (``summarizer.temporal.Timeline``: ``dates`` + tense + anchors);
- ``dates-v0``: ``summarizer/dates.py`` as it was before issue 10 (``git show 389f530:summarizer/dates.py``);
- ``dateparser``: ``dateparser.search.search_dates`` (PREFER_DATES_FROM past), each hit's precision from
  ``DateDataParser.get_date_data`` (day / month / year);
- ``recognizers``: Microsoft Recognizers-Text DateTime (``recognize_datetime``), first resolution value;
- ``ctparse``: given the table's words themselves (it parses a whole string, it does not search), timeout 1 s.

Scores: ``gold precision`` counts a date right when it agrees with the answer at the answer's precision (as
the eval does); ``strict`` also wants the same precision and both ends of a range; ``unknown`` rows are right
only with no date. Run (ctparse and recognizers are bench-only:
``pip install ctparse recognizers-text-date-time "emoji<1"``): ``python bench/dates_candidates.py``.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import subprocess
import sys
import time
import types
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.schema import DatePrecision  # noqa: E402
from summarizer.temporal import Timeline  # noqa: E402
from tests.test_time_phrases import Phrase, load_table  # noqa: E402

P = DatePrecision
Answer = tuple[dt.date | None, dt.date | None, DatePrecision]
UNKNOWN: Answer = (None, None, P.unknown)


def _span(p: Phrase) -> tuple[int, int]:
    a = p.sentence.index(p.text)
    return a, a + len(p.text)


def _overlapping(p: Phrase, hits: list[tuple[int, int, Answer]]) -> Answer:
    a, b = _span(p)
    over = [h for h in hits if h[0] < b and a < h[1]]
    if not over:
        return UNKNOWN
    return max(over, key=lambda h: min(h[1], b) - max(h[0], a))[2]


# --------------------------------------------------------------------------- candidates


def temporal(p: Phrase) -> Answer:
    prefix = f"{p.context}\n" if p.context else ""
    tl = Timeline.build(prefix + p.sentence, p.published)
    hits = [
        (e.start - len(prefix), e.end - len(prefix), (e.when.start, e.when.end, e.when.precision)) for e in tl.exprs
    ]
    return _overlapping(p, hits)


def _dates_v0() -> types.ModuleType:
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", "389f530:summarizer/dates.py"], capture_output=True, text=True, check=True
    ).stdout
    spec = importlib.util.spec_from_loader("summarizer._dates_v0", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "summarizer"
    sys.modules["summarizer._dates_v0"] = module
    exec(compile(source, "dates_v0.py", "exec"), module.__dict__)  # noqa: S102
    return module


def dates_v0(p: Phrase, _mod: list[types.ModuleType] = []) -> Answer:  # noqa: B006
    if not _mod:
        _mod.append(_dates_v0())
    hits = [(h.start, h.end, h.span or UNKNOWN) for h in _mod[0]._hits(p.sentence, p.published, None)]
    return _overlapping(p, hits)


def _reference(p: Phrase) -> dt.datetime | None:
    return dt.datetime.combine(p.published, dt.time(12)) if p.published else None


def dateparser_search(p: Phrase) -> Answer:
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    settings: dict = {"PREFER_DATES_FROM": "past"}
    if p.published:
        settings["RELATIVE_BASE"] = _reference(p)
    found = search_dates(p.sentence, languages=["en"], settings=settings) or []
    hits: list[tuple[int, int, Answer]] = []
    pos = 0
    ddp = DateDataParser(languages=["en"], settings=settings)
    for words, when in found:
        i = p.sentence.find(words, pos)
        if i < 0:
            continue
        pos = i + len(words)
        period = ddp.get_date_data(words).period or "day"
        d = when.date()
        if period == "year":
            ans: Answer = (dt.date(d.year, 1, 1), dt.date(d.year, 12, 31), P.year)
        elif period == "month":
            ans = (dt.date(d.year, d.month, 1), None, P.month)
        else:
            ans = (d, d, P.day)
        hits.append((i, i + len(words), ans))
    return _overlapping(p, hits)


def recognizers(p: Phrase) -> Answer:
    from recognizers_date_time import Culture, recognize_datetime

    hits: list[tuple[int, int, Answer]] = []
    for r in recognize_datetime(p.sentence, Culture.English, reference=_reference(p)):
        values = (r.resolution or {}).get("values") or []
        if not values:
            continue
        v = values[0]
        kind, timex = v.get("type", ""), v.get("timex", "")
        try:
            if kind in ("date", "datetime") and "value" in v:
                d = dt.date.fromisoformat(v["value"][:10])
                ans: Answer = (d, d, P.day)
            elif kind in ("daterange", "datetimerange") and "start" in v and "end" in v:
                start = dt.date.fromisoformat(v["start"][:10])
                end = dt.date.fromisoformat(v["end"][:10]) - dt.timedelta(days=1)
                if len(timex) == 4 and timex.isdigit():
                    ans = (start, end, P.year)
                elif len(timex) == 7 and timex[:4].isdigit() and "Mod" not in v:
                    ans = (start, end, P.month)
                else:
                    ans = (start, end, P.range)
            else:
                continue
        except ValueError:
            continue
        # The library lowercases nothing in offsets; its end is inclusive.
        hits.append((r.start, r.end + 1, ans))
    return _overlapping(p, hits)


def ctparse_words(p: Phrase) -> Answer:
    from ctparse import ctparse
    from ctparse.types import Interval, Time

    ref = _reference(p) or dt.datetime.now()
    parsed = ctparse(p.text, ts=ref, timeout=1.0)
    res = parsed.resolution if parsed else None

    def day(t: Time) -> dt.date | None:
        return dt.date(t.year, t.month, t.day) if t.year and t.month and t.day else None

    if isinstance(res, Time):
        if res.day:
            d = day(res)
            return (d, d, P.day) if d else UNKNOWN
        if res.month and res.year:
            return (dt.date(res.year, res.month, 1), None, P.month)
        if res.year:
            return (dt.date(res.year, 1, 1), dt.date(res.year, 12, 31), P.year)
    if isinstance(res, Interval) and res.t_from is not None and res.t_to is not None:
        a, b = day(res.t_from), day(res.t_to)
        if a and b:
            return (a, b, P.range)
    return UNKNOWN


# --------------------------------------------------------------------------- scoring


def at_gold_precision(p: Phrase, got: Answer) -> bool:
    start, end, _ = got
    if p.start is None:
        return start is None
    if start is None:
        return False
    if p.precision is P.year:
        return start.year == p.start.year
    if p.precision is P.month:
        return (start.year, start.month) == (p.start.year, p.start.month)
    if p.precision is P.range:
        return start == p.start and (end or start) == (p.end or p.start)
    return start == p.start


def strict(p: Phrase, got: Answer) -> bool:
    start, end, precision = got
    if p.start is None:
        return start is None
    return (start, end or start, precision) == (p.start, p.end or p.start, p.precision)


CANDIDATES: dict[str, Callable[[Phrase], Answer]] = {
    "temporal": temporal,
    "dates-v0": dates_v0,
    "dateparser": dateparser_search,
    "recognizers": recognizers,
    "ctparse (words)": ctparse_words,
}


def main() -> None:
    warnings.filterwarnings("ignore")
    table = load_table()
    dated = [p for p in table if p.start is not None]
    print(f"{len(table)} phrases ({len(dated)} with a date, {len(table) - len(dated)} honestly unknown)\n")
    print("| candidate | right at gold precision | strict | dated rows right | unknown rows right | ms / phrase |")
    print("|---|---|---|---|---|---|")
    for name, fn in CANDIDATES.items():
        try:
            fn(table[0])  # warm up: imports, model loads, compiled patterns
        except ImportError as e:
            print(f"| {name} | not installed ({e.name}) | | | | |")
            continue
        started = time.perf_counter()
        answers = []
        for p in table:
            try:
                answers.append(fn(p))
            except Exception:  # noqa: BLE001 - a library that crashes on a phrase gets it wrong
                answers.append(UNKNOWN)
        ms = (time.perf_counter() - started) * 1000 / len(table)
        gold = sum(at_gold_precision(p, a) for p, a in zip(table, answers, strict=True))
        exact = sum(strict(p, a) for p, a in zip(table, answers, strict=True))
        d_right = sum(at_gold_precision(p, a) for p, a in zip(table, answers, strict=True) if p.start is not None)
        u_right = sum(at_gold_precision(p, a) for p, a in zip(table, answers, strict=True) if p.start is None)
        n = len(table)
        print(
            f"| {name} | {gold / n:.3f} ({gold}/{n}) | {exact / n:.3f} | {d_right}/{len(dated)} "
            f"| {u_right}/{n - len(dated)} | {ms:.1f} |"
        )


if __name__ == "__main__":
    main()
