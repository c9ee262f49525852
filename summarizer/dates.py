"""Deterministic normalisation of news time expressions against the article's publication date.

The LLM only copies the time words; this module turns them into ISO dates, so the same words and the
same publication date always give the same answer. Standard library only; a call takes microseconds.

Conventions (the tests pin each one):

- Explicit dates win over relative words next to them: "last Wednesday (Aug. 30)" and
  "Saturday, June 24, 2023" are read from the explicit date.
- A weekday alone ("Friday", "on Monday", "Tuesday night") is the latest such day on or before the
  publication date (news write "Friday" in the past tense for this week's Friday, and the same day when
  published on it); in a future context it is the first such day on or after the publication date.
- "last Friday" is the Friday of the week (Monday to Sunday) before the publication date's, as news write
  this week's days bare ("It began last Tuesday" on a Wednesday is 8 days back); "this past Friday" is the
  latest Friday strictly before; "next Friday" the first strictly after; "this Friday" follows the tense
  like a bare weekday.
- Future context: a cue word ("will", "would", "expected", "scheduled", "plans to", "to begin", ...) in
  the same clause *before* the expression. Words after it are ignored, so "said Friday he will go" stays
  past; "scheduled"/"planned" after a determiner are adjectives ("in the scheduled area"), no cue; a possessive
  weekday ("Friday's contract") is read back. ``normalize_when`` takes ``future=`` to override.
- A month and day without a year ("Oct. 7") is the latest occurrence on or before the publication date
  (the first on or after it in a future context), so never more than 12 months off. A month alone
  ("in April") likewise is the latest such month that has begun (or the next one to come).
- Parts of a month: early = days 1-10, mid = 11-20, late = 21 to the month's end ("the beginning / the
  middle / the end of" read the same). Parts of a year: early = Jan-Apr, mid = May-Aug, late = Sep-Dec.
  Parts of a decade: early = years 0-3, mid = 4-6, late = 7-9. All give precision ``range``.
- "this/last/next month" -> that calendar month (precision ``month``); "this/last/next year" -> that
  calendar year (``year``); weeks run Monday to Sunday (``range``); "this weekend" is the Saturday and
  Sunday of the publication date's week.
- "earlier this year/month/week" -> from the period's first day to the publication date; "later this
  ..." -> from the publication date to the period's last day (both ``range``).
- "since X" -> from X's first day to the publication date (``range``); without a publication date X's
  own reading is kept.
- "N days ago" -> that day; "N weeks ago" -> that week (``range``); "N months ago" -> that month; "N
  years ago" -> that year. Vague counts ("several years ago", "a few days ago") are ``unknown``.
- "in the next N days" -> publication date to publication date + N (hours round up to whole days); "in the
  last 18 months" -> publication date - 18 months to it. "within the next N ..." is a deadline, like "by
  September 2022": no date, its words kept (rule ``bound``; GUIDELINES §12, eighth batch).
- "overnight" -> the night before the day reported, D-1..D: D is the day the same sentence reports on ("...
  overnight ..., a monitor said Thursday"), else the publication date (GUIDELINES §12, seventh batch).
- "in 2016 and 2017" -> one range, the first year's start to the second's end (GUIDELINES §12, eighth batch).
- "the next decade" is the next calendar decade (2030-2039 when published in 2023), not "ten years".
- "last September" is the latest September before the publication month, "next March" the first after it;
  "June last year" / "in June this year" name the month of that year. "January or February 1985" and
  "from June to August" are month ranges (first day of one to last day of the other).
- "on/over the weekend" is the latest Saturday-Sunday (the next one in a future context); "the start of
  the year" is its early part, so "since the start of the year" runs from 1 January to publication.
- Bounds are not dates: "prior to July 1999", "before", "by April 1995", "until" give ``unknown`` (rule
  ``bound``), as does "since X" after "first" or a superlative ("its first test since 2009": rule
  ``since_reference``).
- Words that count from another event ("later that year", "the next day", "two days later", "earlier in
  the day", and "a day after an attack", "hours after the ..." before a named event) are recognised with their
  unit and shift (``Found.anaphor``); ``temporal`` resolves them.
- Durations ("for four days"), times of day alone ("early in the morning", "at 5 am") and
  event-relative phrases ("on the day of", "later that year", "the next day") are ``unknown``.
- Numeric dates: "2023-09-06" ISO; "06/24/23" is US month/day/year (day/month when the first number is
  over 12); "22.12.2023" is day.month.year; two-digit years are 20YY.
- Relative expressions need the publication date: without it they are ``unknown``; absolute dates with a
  year still resolve.
- ``find_when`` prefers, among the expressions it finds: one not attached to a reporting verb ("NIS
  reported on Wednesday" dates the report, not the event), then one outside a non-restrictive relative
  clause (", whose army began advancing on Friday,"), then the most precise (day > range > month >
  year), then the first in the sentence.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from .schema import DatePrecision, When

__all__ = ["find_when", "normalize_when"]

_P = DatePrecision
_Span = tuple[dt.date, dt.date, DatePrecision]

_RANK = {_P.day: 4, _P.range: 3, _P.month: 2, _P.year: 1, _P.unknown: 0}

_MONTH_NUM = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_WEEKDAY_NUM = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty": 20,
}  # fmt: skip


class _Reject(Exception):
    """A pattern matched words that are not a time expression here (e.g. "May" without a cue)."""


class _Deadline(Exception):
    """The words set a deadline ("within the next six months"): kept, with no date (rule ``bound``)."""


# --------------------------------------------------------------------------- pattern pieces


def _month(name: str) -> str:
    # "May" and "March" are also a modal verb and a verb, so only their capitalised forms count.
    return (
        # The lookahead on the first letter lets the engine skip most positions without trying 30 names.
        rf"(?=[adfjmnos])(?P<{name}>(?-i:March|MARCH|Mar\.?|MAR\.?|May|MAY)"
        r"|january|jan\.?|february|feb\.?|april|apr\.?|june|jun\.?|july|jul\.?|august|aug\.?"
        r"|september|sept\.?|sep\.?|october|oct\.?|november|nov\.?|december|dec\.?)(?!\w)"
    )


def _day(name: str) -> str:
    return rf"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"


# Not a clock time ("2023 04:19" is fine, "20:30" is no year); a colon before a space ends a chronology's label
# ("Sept. 13, 1999: North Korea pledges ...").
_YEAR4 = r"(?P<y>\d{4})(?!\d|:\d)"
_OPT_YEAR = rf"(?:,?\s+{_YEAR4})?"
# Bare years only where a year is plausible, so counts like "1000 kilometers" are not read as years.
_BARE_YEAR = r"(?P<y>1[89]\d\d|2[01]\d\d)(?![\w-]|[./,]\d)"
# A preposition just before an expression joins its text; looked up behind each match, because an optional
# prefix on every pattern would make the regex engine try it at every position (much slower).
_LEAD = re.compile(r"\b(?:on|in|during|from|since|between|throughout)\s+$", re.IGNORECASE)
# Looked up behind a match, like _LEAD, and only for rules that read it (months, years, decades, periods).
_PART = re.compile(
    r"(?:\bthe\s+)?\b(?P<part>early|mid|late|(?:the\s+)?(?:beginning|start|middle|end)\s+of)"
    r"(?:\s*-\s*|\s+)(?:in\s+)?$",
    re.IGNORECASE,
)
# Words before a date that bound the event instead of dating it ("prior to July 1999", "by April 1995").
_BOUND = re.compile(r"\b(?:prior\s+to|before|by|until|till|no\s+later\s+than|ahead\s+of)\s+$", re.IGNORECASE)
_MONTH_SEP = r"\s*(?:-|–|—|to|through|thru|until|till|or)\s*"
_RANGE_SEP = r"\s*(?:-|–|—|to|through|thru|until|till|and)\s*"
_NUM = r"(?P<n>\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_WEEKDAY = r"(?=[mtwfs])(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?!\w)"
_TIME_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"

# A future cue anywhere in the clause before the expression ("is expected to begin Thursday").
_FUTURE_CUE = re.compile(
    # "scheduled" and "planned" as adjectives after a determiner ("assembled in the scheduled area on Tuesday
    # afternoon") say nothing of the tense.
    r"\b(?:will|shall|would|expected|(?<!the\s)(?<!its\s)(?<!their\s)(?<!a\s)(?:scheduled|planned)"
    r"|plans?\s+to|set\s+to|slated|going\s+to|upcoming"
    r"|is\s+to|are\s+to|to\s+(?:begin|start|take\s+place|be\s+held|hold|meet|visit|travel|arrive|resume"
    r"|sign|open|end))\b|\w'll\b",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"['’]s\b")
_CLAUSE_BREAK = re.compile(r"[.;:!?\n,—–()\"“”]")
# A date right after a reporting verb dates the report, not the event.
_REPORTING = re.compile(r"\b(?:said|says|reported|reports|stated|added|told(?:\s+\w+){0,2})\s*$", re.IGNORECASE)


# --------------------------------------------------------------------------- date arithmetic


def _month_of(token: str) -> int:
    return _MONTH_NUM[token.rstrip(".").lower()[:3]]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_span(year: int, month: int) -> _Span:
    return dt.date(year, month, 1), _month_end(year, month), _P.month


def _year_span(year: int) -> _Span:
    return dt.date(year, 1, 1), dt.date(year, 12, 31), _P.year


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _week_span(d: dt.date) -> _Span:
    monday = d - dt.timedelta(days=d.weekday())
    return monday, monday + dt.timedelta(days=6), _P.range


def _part_key(part: str) -> str:
    p = part.lower()
    if "early" in p or "beginning" in p or "start" in p:
        return "early"
    if "mid" in p:
        return "mid"
    return "late"


def _part_of_month(part: str, year: int, month: int) -> _Span:
    first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}[_part_key(part)]
    end = min(last, calendar.monthrange(year, month)[1])
    return dt.date(year, month, first), dt.date(year, month, end), _P.range


def _part_of_year(part: str, year: int) -> _Span:
    first, last = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[_part_key(part)]
    return dt.date(year, first, 1), _month_end(year, last), _P.range


def _decade_span(decade: int, part: str | None) -> _Span:
    first, last = {"early": (0, 3), "mid": (4, 6), "late": (7, 9), "": (0, 9)}[_part_key(part) if part else ""]
    return dt.date(decade + first, 1, 1), dt.date(decade + last, 12, 31), _P.range


def _infer_day(month: int, day: int, pub: dt.date | None, future: bool) -> dt.date | None:
    """Month-day without a year: the nearest occurrence on the side of ``pub`` the tense points to."""
    if pub is None:
        return None
    step = 1 if future else -1
    for year in (pub.year, pub.year + step):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue  # Feb 29 outside a leap year: try the other candidate year
        if (d >= pub) if future else (d <= pub):
            return d
    return None


def _infer_month_year(month: int, pub: dt.date, future: bool) -> int:
    if future:
        return pub.year if month >= pub.month else pub.year + 1
    return pub.year if month <= pub.month else pub.year - 1


def _num(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBER_WORDS[token.lower()]


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class _Ctx:
    published: dt.date | None
    future: bool
    whole: bool  # the match is the whole input, so a bare "July" or "2021" is clearly meant as a date
    lead: str  # the preposition before the match, lowercased, or ""
    part: str | None  # "early", "mid-", "the end of" ... before the match


_Handler = Callable[[re.Match[str], _Ctx], _Span | None]


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    handler: _Handler
    absolute: bool  # an explicit calendar date, which wins over relative words beside it
    # Substring groups the lowercased text must contain (one of each group) for the rule to be tried:
    # most sentences have no date words, and a substring test is far cheaper than a regex scan.
    needs: tuple[tuple[str, ...], ...]
    parts: bool  # read "early/mid/late" before the match


def _iso(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    d = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    return d, d, _P.day


def _year_of(token: str) -> int:
    return 2000 + int(token) if len(token) == 2 else int(token)


def _slashed(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    a, b = int(m["a"]), int(m["b"])
    month, day = (b, a) if a > 12 else (a, b)
    d = dt.date(_year_of(m["y"]), month, day)
    return d, d, _P.day


def _dotted(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    d = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    return d, d, _P.day


def _day_with(month: int, day: int, year: str | None, ctx: _Ctx) -> dt.date | None:
    if year:
        return dt.date(int(year), month, day)
    dt.date(2000, month, day)  # leap year: rejects "Feb. 30" even when the year is unknown
    return _infer_day(month, day, ctx.published, ctx.future)


def _month_day(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    d = _day_with(_month_of(m["mon"]), int(m["d"]), m["y"], ctx)
    return (d, d, _P.day) if d else None


def _range(m1: int, d1: int, m2: int, d2: int, year: str | None, ctx: _Ctx) -> _Span | None:
    if (m2, d2) <= (m1, d1) and m1 == m2:
        raise _Reject  # "Aug. 30 to 5" is not a range; let the single-day rule read "Aug. 30"
    wraps = (m2, d2) < (m1, d1)  # "Dec. 28 to Jan. 3"
    if year:
        end = dt.date(int(year), m2, d2)
        start = dt.date(int(year) - wraps, m1, d1)
    else:
        dt.date(2000, m1, d1), dt.date(2000, m2, d2)  # reject impossible days even without a year
        inferred = _infer_day(m1, d1, ctx.published, ctx.future)
        if inferred is None:
            return None
        start, end = inferred, dt.date(inferred.year + wraps, m2, d2)
    return start, end, _P.range


def _month_day_range(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    m1 = _month_of(m["mon"])
    m2 = _month_of(m["mon2"]) if m["mon2"] else m1
    return _range(m1, int(m["d"]), m2, int(m["d2"]), m["y"], ctx)


def _day_month_range(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    m2 = _month_of(m["mon2"])
    m1 = _month_of(m["mon"]) if m["mon"] else m2
    return _range(m1, int(m["d"]), m2, int(m["d2"]), m["y"], ctx)


def _month_level(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    if not (ctx.lead or ctx.part or m["y"] or ctx.whole):
        raise _Reject  # a bare capitalised month name mid-sentence is too weak a signal
    month = _month_of(m["mon"])
    if m["y"]:
        year = int(m["y"])
    elif ctx.published is None:
        return None
    else:
        year = _infer_month_year(month, ctx.published, ctx.future)
    return _part_of_month(ctx.part, year, month) if ctx.part else _month_span(year, month)


def _year_level(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    if not (ctx.lead or ctx.part or ctx.whole):
        raise _Reject  # "Joint Sea-2025", "its 2020 pandemic closure": names and adjectives, not dates
    year = int(m["y"])
    return _part_of_year(ctx.part, year) if ctx.part else _year_span(year)


def _year_range(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """ "1987-92", "2014–2016": from the first year's start to the last one's end. "2023-09" is a month, and an
    end before its start is no range."""
    first, tail = int(m["y"]), m["y2"]
    last = (first // 100) * 100 + int(tail) if len(tail) == 2 else int(tail)
    if not first < last <= first + 50:
        raise _Reject
    return dt.date(first, 1, 1), dt.date(last, 12, 31), _P.range


def _month_pair(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """ "from June to August 2023", "January or February 1985": both months, first day to last."""
    if not (ctx.lead or m["y"] or ctx.whole):
        raise _Reject
    m1, m2 = _month_of(m["mon"]), _month_of(m["mon2"])
    if m1 == m2:
        raise _Reject
    if m["y"]:
        y2 = int(m["y"])
        y1 = y2 - (m1 > m2)
    elif ctx.published is None:
        return None
    else:
        y1 = _infer_month_year(m1, ctx.published, ctx.future)
        y2 = y1 + (m1 > m2)
    return dt.date(y1, m1, 1), _month_end(y2, m2), _P.range


def _relative_month(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """ "last September", "this March", "in June last year": a named month counted from publication."""
    pub = ctx.published
    if pub is None:
        return None
    month = _month_of(m["mon"] or m["mon2"])
    rel = " ".join((m["rel"] or m["rel2"]).lower().split())
    if m["rel2"]:  # "<Month> last/this/next year"
        year = pub.year + {"last": -1, "this": 0, "next": 1}[rel]
    elif rel in ("last", "this past"):
        year = pub.year if month < pub.month else pub.year - 1
    elif rel in ("next", "this coming"):
        year = pub.year if month > pub.month else pub.year + 1
    else:
        year = pub.year
    return _part_of_month(ctx.part, year, month) if ctx.part else _month_span(year, month)


def _the_weekend(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """ "on the weekend", "over the weekend": the latest Saturday and Sunday, or the next in a future context."""
    pub = ctx.published
    if pub is None:
        return None
    wd = pub.weekday()
    if ctx.future:
        saturday = pub + dt.timedelta(days=(5 - wd) % 7) if wd != 6 else pub - dt.timedelta(days=1)
    else:
        saturday = pub - dt.timedelta(days=wd - 5) if wd >= 5 else pub - dt.timedelta(days=wd + 2)
    return saturday, saturday + dt.timedelta(days=1), _P.range


def _period_start(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """ "the start of the year": the early part of the publication date's year or month."""
    pub = ctx.published
    if pub is None:
        return None
    if m["unit"].lower() == "year":
        return _part_of_year("early", pub.year)
    return _part_of_month("early", pub.year, pub.month)


def _decade(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    return _decade_span(int(m["dec"]), ctx.part)


def _overnight(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """ "overnight" in a report of day D is the night D-1..D (GUIDELINES §12, seventh batch); D is the publication
    date here, and the day the same sentence reports on when it names one (``scan``)."""
    if ctx.published is None:
        return None
    return ctx.published - dt.timedelta(days=1), ctx.published, _P.range


def _relative_day(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    if ctx.published is None:
        return None
    word = m["w"].lower()
    offset = -1 if word == "yesterday" else 1 if word == "tomorrow" else 0
    d = ctx.published + dt.timedelta(days=offset)
    return d, d, _P.day


def _weekday(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    pub = ctx.published
    if pub is None:
        return None
    wd = _WEEKDAY_NUM[m["wd"].lower()]
    mod = " ".join((m["mod"] or "").lower().split())
    back = (pub.weekday() - wd) % 7
    ahead = (wd - pub.weekday()) % 7
    if mod == "last":
        # News style: "last Tuesday" is the Tuesday of the week before (this week's would be just "Tuesday").
        d = pub - dt.timedelta(days=pub.weekday() + 7 - wd)
    elif mod in ("past", "this past"):
        d = pub - dt.timedelta(days=back or 7)
    elif mod in ("next", "coming", "this coming"):
        d = pub + dt.timedelta(days=ahead or 7)
    elif ctx.future:
        d = pub + dt.timedelta(days=ahead)
    else:
        d = pub - dt.timedelta(days=back)
    return d, d, _P.day


def _period_start_end(unit: str, pub: dt.date) -> tuple[dt.date, dt.date]:
    if unit == "week":
        start, end, _ = _week_span(pub)
        return start, end
    if unit == "month":
        return dt.date(pub.year, pub.month, 1), _month_end(pub.year, pub.month)
    return dt.date(pub.year, 1, 1), dt.date(pub.year, 12, 31)


def _earlier_later(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    if ctx.published is None:
        return None
    start, end = _period_start_end(m["unit"].lower(), ctx.published)
    if m["dir"].lower() == "earlier":
        return start, ctx.published, _P.range
    return ctx.published, end, _P.range


def _relative_period(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    pub = ctx.published
    if pub is None:
        return None
    shift = {"this": 0, "last": -1, "next": 1, "coming": 1}[m["rel"].lower()]
    unit, part = m["unit"].lower(), ctx.part
    if unit in ("week", "weekend"):
        monday, sunday, _ = _week_span(pub + dt.timedelta(weeks=shift))
        # Parts of a week are too loose to pin down; the whole week is the honest answer.
        return (sunday - dt.timedelta(days=1), sunday, _P.range) if unit == "weekend" else (monday, sunday, _P.range)
    if unit == "month":
        first = _add_months(dt.date(pub.year, pub.month, 1), shift)
        return _part_of_month(part, first.year, first.month) if part else _month_span(first.year, first.month)
    if unit == "year":
        return _part_of_year(part, pub.year + shift) if part else _year_span(pub.year + shift)
    return _decade_span(pub.year // 10 * 10 + 10 * shift, part)


def _ago(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    pub = ctx.published
    if pub is None:
        return None
    n, unit = _num(m["n"]), m["unit"].lower().rstrip("s")
    if unit == "day":
        d = pub - dt.timedelta(days=n)
        return d, d, _P.day
    if unit == "week":
        return _week_span(pub - dt.timedelta(weeks=n))
    if unit == "month":
        d = _add_months(pub, -n)
        return _month_span(d.year, d.month)
    return _year_span(pub.year - n)


def _window(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    pub = ctx.published
    if pub is None:
        return None
    if m.group(0).lower().startswith("within") and m["dir"].lower() in ("next", "coming"):
        # GUIDELINES §12 (eighth batch): "The delivery within the next six months" is a deadline, like "by September
        # 2022": the event may come any time before it, so no date
        raise _Deadline
    n, unit = _num(m["n"]), m["unit"].lower().rstrip("s")
    sign = 1 if m["dir"].lower() in ("next", "coming") else -1
    if unit == "hour":
        other = pub + dt.timedelta(days=sign * math.ceil(n / 24))
    elif unit in ("day", "week"):
        other = pub + dt.timedelta(days=sign * n * (7 if unit == "week" else 1))
    else:
        other = _add_months(pub, sign * n * (12 if unit == "year" else 1))
    return min(pub, other), max(pub, other), _P.range


def _anaphoric(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    return None  # dated by the temporal layer from the event it counts from (see ``_anaphor``)


def _event_offset(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    return None  # "a day after an attack in Tumaco": dated by the temporal layer from that event's date


def _event_anaphor(m: re.Match[str]) -> tuple[str, int, str]:
    """ "a day after", "two weeks before", "hours after" a named event: days from that event's date ("hours"
    keep its day, as GUIDELINES §7.5 says)."""
    unit = (m["unit"] or "day").lower().rstrip("s")
    n = 0 if unit == "hour" else (_num(m["n"]) if m["n"] else 1) * (7 if unit == "week" else 1)
    return "event", n if m["ba"].lower() == "after" else -n, "event"


def _anaphor(m: re.Match[str]) -> tuple[str, int, str]:
    groups = m.groupdict()
    named = (groups.get(k) for k in ("unit", "unit2", "unit3", "unit4"))
    unit = next((u for u in named if u), "day").lower().rstrip("s")
    if groups.get("rel"):
        return unit, 1 if groups["rel"].lower() in ("next", "following") else -1, "shift"
    if groups.get("ba"):
        return "day", 1 if groups["ba"].lower() == "after" else -1, "shift"
    if groups.get("n"):
        n = _num(m["n"])
        return unit, n if m["dir2"].lower() == "later" else -n, "shift"
    return unit, 0, "same"


def _offset_date(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """ "a day after June 27", "two days before Aug. 30": the explicit date moved by whole days."""
    base = _day_with(_month_of(m["mon"]), int(m["d"]), m["y"], ctx)
    if base is None:
        return None
    n = _num(m["n"]) if m["n"] else 1
    days = n * (7 if (m["unit"] or "").lower().startswith("week") else 1)
    d = base + dt.timedelta(days=days if m["ba"].lower() == "after" else -days)
    return d, d, _P.day


def _vague(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    return None  # recognised so find_when can return the words, but there is no honest date for them


_DIGITS = tuple("0123456789")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _rule(
    pattern: str, handler: _Handler, *needs: tuple[str, ...], absolute: bool = False, parts: bool = False
) -> _Rule:
    return _Rule(re.compile(pattern, re.IGNORECASE), handler, absolute, needs, parts)


_RULES: tuple[_Rule, ...] = (
    _rule(r"\b(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)", _iso, _DIGITS, absolute=True),
    _rule(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])", _slashed, _DIGITS, absolute=True),
    _rule(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?![\d.])", _dotted, _DIGITS, absolute=True),
    _rule(
        rf"\b{_month('mon')}\s*{_day('d')}{_RANGE_SEP}(?:{_month('mon2')}\s*)?{_day('d2')}{_OPT_YEAR}",
        _month_day_range,
        _DIGITS,
        _MONTHS,
        absolute=True,
    ),
    _rule(
        rf"\b{_day('d')}(?:\s+{_month('mon')})?{_RANGE_SEP}{_day('d2')}\s+(?:of\s+)?{_month('mon2')}{_OPT_YEAR}",
        _day_month_range,
        _DIGITS,
        _MONTHS,
        absolute=True,
    ),
    _rule(rf"\b{_month('mon')}\s*{_day('d')}{_OPT_YEAR}", _month_day, _DIGITS, _MONTHS, absolute=True),
    _rule(rf"\b{_day('d')}\s+(?:of\s+)?{_month('mon')}{_OPT_YEAR}", _month_day, _DIGITS, _MONTHS, absolute=True),
    _rule(rf"\b{_month('mon')}{_MONTH_SEP}{_month('mon2')}(?:,?\s+{_YEAR4})?", _month_pair, _MONTHS, absolute=True),
    _rule(
        rf"\b(?P<rel>last|this\s+past|this\s+coming|this|next)\s+{_month('mon')}(?!\s*\d)"
        rf"|\b{_month('mon2')}\s+(?P<rel2>last|this|next)\s+year\b",
        _relative_month,
        ("last", "this", "next"),
        _MONTHS,
        parts=True,
    ),
    _rule(
        r"\b(?:between|from)\s+(?P<y>1[89]\d\d|20\d\d)\s+(?:and|to|until|through)\s+(?P<y2>1[89]\d\d|20\d\d)\b",
        _year_range,
        _DIGITS,
        absolute=True,
    ),
    _rule(rf"\b{_month('mon')}(?:,?\s+{_YEAR4})?", _month_level, _MONTHS, absolute=True, parts=True),
    _rule(
        r"\b(?P<y>1[89]\d\d|20\d\d)\s?[-–]\s?(?P<y2>\d\d|1[89]\d\d|20\d\d)(?![\d-])",
        _year_range,
        _DIGITS,
        absolute=True,
    ),
    _rule(rf"\b{_BARE_YEAR}", _year_level, _DIGITS, absolute=True, parts=True),
    _rule(r"\b(?P<dec>1[89]\d0|2[01]\d0)s\b", _decade, _DIGITS, absolute=True, parts=True),
    _rule(r"\bovernight\b", _overnight, ("overnight",)),
    _rule(
        # "expected ... in 2016 and 2017": two years told together are one span (GUIDELINES §12, eighth batch)
        r"\bin\s+(?P<y>1[89]\d\d|20\d\d)\s+and\s+(?P<y2>1[89]\d\d|20\d\d)\b",
        _year_range,
        _DIGITS,
        absolute=True,
    ),
    _rule(
        r"\b(?P<w>today|tonight|yesterday|tomorrow|(?:earlier|later)\s+today|this\s+(?:morning|afternoon|evening))"
        + _TIME_OF_DAY,
        _relative_day,
        ("today", "tonight", "yesterday", "tomorrow", "this"),
    ),
    _rule(
        r"\b(?=[lntpcmwfs])(?:(?P<mod>last|next|this\s+past|this\s+coming|this|past|coming)\s+)?\b"
        + _WEEKDAY
        + _TIME_OF_DAY,
        _weekday,
        ("day",),
    ),
    _rule(r"\b(?P<dir>earlier|later)\s+this\s+(?P<unit>week|month|year)\b", _earlier_later, ("this",)),
    _rule(r"\b(?:on|over|at|during)\s+the\s+weekend\b", _the_weekend, ("weekend",)),
    _rule(r"\b(?:the\s+)?(?:start|beginning)\s+of\s+(?:the|this)\s+(?P<unit>year|month)\b", _period_start, ("of",)),
    _rule(
        # "the" only before "decade": "the next month" usually counts from an event, not from publication.
        r"(?:\bthe\s+(?=\w+\s+decade))?\b(?P<rel>this|last|next|coming)\s+"
        r"(?P<unit>weekend|week|month|year|decade)\b",
        _relative_period,
        ("this", "last", "next", "coming"),
        parts=True,
    ),
    _rule(rf"\b{_NUM}\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b", _ago, ("ago",)),
    _rule(
        # "the" is required: "talks will last four days" is a duration, not a window.
        rf"\b(?=[wfot])(?:(?:within|over|for)\s+)?the\s+(?P<dir>next|coming|last|past)\s+{_NUM}\s+"
        r"(?P<unit>hours?|days?|weeks?|months?|years?)\b",
        _window,
        ("next", "coming", "last", "past"),
    ),
    _rule(r"\b(?:several|a\s+few|few|many|some)\s+(?:days|weeks|months|years|decades)\s+ago\b", _vague, ("ago",)),
    _rule(
        rf"\b(?:the\s+day|(?:{_NUM})\s+(?P<unit>days?|weeks?))\s+(?P<ba>after|before)\s+{_month('mon')}\s*{_day('d')}"
        + _OPT_YEAR,
        _offset_date,
        ("after", "before"),
        _MONTHS,
        absolute=True,
    ),
    _rule(
        r"\b(?:(?:earlier|later)\s+(?:in\s+)?)?that\s+(?P<unit>day|week|month|year)\b"
        r"|\b(?:on\s+)?the\s+same\s+(?P<unit2>day|week|month|year)\b(?!\s+(?:when|as|that|of)\b)"
        r"|\b(?:earlier|later)\s+in\s+the\s+day\b"
        r"|\bthe\s+(?P<rel>next|following|previous|preceding)\s+(?P<unit3>day|week|month|year)\b"
        r"|\bthe\s+day\s+(?P<ba>before|after)\b(?!\s+(?:the|a|an|his|her|its|their|\w+'s)\b)"
        rf"|\b{_NUM}\s+(?P<unit4>days?|weeks?|months?|years?)\s+(?P<dir2>later|earlier)\b",
        _anaphoric,
        ("that", "same", "next", "following", "previous", "preceding", "day", "later", "earlier"),
    ),
    _rule(
        # "came a day after an attack in ...", "hours after the U.S. flew bombers": counted from an event the
        # article names, not from a date; a determiner must follow, so "24 hours after North Korea launched" (no
        # event noun to look up) and "a day after June 27" (``_offset_date``) are not read here.
        rf"\b(?:the\s+day|{_NUM}\s+(?P<unit>hours?|days?|weeks?)|hours)\s+(?P<ba>after|before)"
        r"(?=\s+(?:an?|the|this|that|his|her|its|their)\s)",
        _event_offset,
        ("after", "before"),
    ),
)

_TENSED = {_weekday, _month_day, _month_level, _month_day_range, _day_month_range, _month_pair, _the_weekend}
# A superlative or "first" before "since X" compares the event with X; it does not date it.
_SINCE_REFERENCE = re.compile(
    r"\b(?:first|largest|biggest|highest|lowest|worst|best|longest|strongest|most|only|fewest|no\s+\w+)\b",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- scanning


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    span: _Span | None
    absolute: bool
    rule: str = ""
    # For words that count from another dated event ("later that year", "the next day"): the unit, the
    # shift in that unit, and "same" (the anchor's own period) or "shift" (anchor moved by the shift).
    anaphor: tuple[str, int, str] | None = None

    @property
    def rank(self) -> int:
        return _RANK[self.span[2]] if self.span else 0


def _clause_before(text: str, pos: int) -> str:
    before = text[max(0, pos - 120) : pos]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    return before[breaks[-1].end() :] if breaks else before


def _is_future(text: str, pos: int) -> bool:
    return _FUTURE_CUE.search(_clause_before(text, pos)) is not None


Tense = Callable[[int, int], bool | None]
"""Whether the clause around ``text[start:end]`` speaks of the future, read from its grammar; None: can't tell."""


def _future_at(text: str, start: int, end: int, future: bool | None, tense: Tense | None) -> bool:
    if future is not None:
        return future
    if _is_future(text, start):
        return True
    if tense is not None:
        return bool(tense(start, end))
    return False


def _raw_hits(text: str, published: dt.date | None, future: bool | None, tense: Tense | None = None) -> list[_Hit]:
    hits: list[_Hit] = []
    # An LLM may copy the closing full stop too ("July."); that still counts as the whole input.
    stripped = text.strip().rstrip(".,;:")
    lowered = text.lower()
    for rule in _RULES:
        if not all(any(n in lowered for n in group) for group in rule.needs):
            continue
        for m in rule.pattern.finditer(text):
            start, part = m.start(), None
            if rule.parts and (pm := _PART.search(text, max(0, start - 30), start)):
                start, part = pm.start(), pm["part"]
            lead = _LEAD.search(text, max(0, start - 12), start)
            if lead:
                start = lead.start()
            # "Friday's contract covers ...": a weekday's event named by a possessive is one the news knows, past.
            possessive = rule.handler is _weekday and future is None and _POSSESSIVE.match(text, m.end()) is not None
            # "a spate of deadly attacks since March": "since" looks back, whatever the tense of the clause
            since = future is None and lead is not None and lead.group(0).split()[0].lower() == "since"
            ctx = _Ctx(
                published,
                False
                if possessive or since
                else _future_at(text, start, m.end(), future, tense if rule.handler in _TENSED else None),
                text[start : m.end()] == stripped,
                lead.group(0).split()[0].lower() if lead else "",
                part,
            )
            try:
                span = rule.handler(m, ctx)
            except _Reject:
                continue
            except _Deadline:
                hits.append(_Hit(start, m.end(), None, rule.absolute, "bound"))
                continue
            except (ValueError, OverflowError):
                span = None  # words that look like a date but name none ("Feb. 30") or leave the calendar
            name = rule.handler.__name__.strip("_")
            if ctx.lead == "since" and _SINCE_REFERENCE.search(_clause_before(text, start)):
                # "its first test since 2009": the year is what the event is compared with, not its date.
                span, name = None, "since_reference"
            elif _BOUND.search(text, max(0, start - 24), start):
                span, name = None, "bound"  # "prior to July 1999": before it, not on it
            elif span and ctx.lead == "since" and published and published >= span[0]:
                span, name = (span[0], published, _P.range), "since"
            anaphor = (
                _anaphor(m)
                if rule.handler is _anaphoric
                else _event_anaphor(m)
                if rule.handler is _event_offset
                else None
            )
            hits.append(_Hit(start, m.end(), span, rule.absolute, name, anaphor))
    return hits


def _select(hits: list[_Hit]) -> list[_Hit]:
    """Longest matches first, dropping any that overlap a kept one; then in text order."""
    kept: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


_PAREN_OPEN = re.compile(r"\s*\(\s*")
_PAREN_CLOSE = re.compile(r"\s*\)")
_JOIN = re.compile(r"\s*,?\s*")


def _dayish(hit: _Hit) -> bool:
    return hit.span is None or hit.span[2] is _P.day


def _merge(text: str, hits: list[_Hit]) -> list[_Hit]:
    """Fuse a relative phrase with the explicit date beside it: "last Wednesday (Aug. 30)"."""
    out: list[_Hit] = []
    i = 0
    while i < len(hits):
        a = hits[i]
        b = hits[i + 1] if i + 1 < len(hits) else None
        if b is not None and a.absolute != b.absolute:
            gap = text[a.end : b.start]
            end = None
            if _PAREN_OPEN.fullmatch(gap) and (close := _PAREN_CLOSE.match(text, b.end)):
                end = close.end()
            elif _JOIN.fullmatch(gap) and _dayish(a) and _dayish(b):
                # Without brackets only "Saturday, June 24" style pairs are one expression; "last year,
                # in April 2021" is two.
                end = b.end
            if end is not None:
                explicit, other = (a, b) if a.absolute else (b, a)
                out.append(_Hit(a.start, end, explicit.span or other.span, True, explicit.rule or other.rule))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _hits(text: str, published: dt.date | None, future: bool | None, tense: Tense | None = None) -> list[_Hit]:
    return _merge(text, _select(_raw_hits(text, published, future, tense)))


# A non-restrictive relative clause (", whose army began advancing on Friday,") tells background, not the
# sentence's own event.
_RELATIVE_CLAUSE = re.compile(r",\s*(?:whose|which|who)\b[^,;.]*,", re.IGNORECASE)


def _best(text: str, hits: list[_Hit]) -> _Hit:
    clauses = [(m.start(), m.end()) for m in _RELATIVE_CLAUSE.finditer(text)] if len(hits) > 1 else []

    def key(h: _Hit) -> tuple[bool, bool, int, int]:
        reporting = _REPORTING.search(text[max(0, h.start - 60) : h.start]) is not None
        background = any(a <= h.start and h.end <= b for a, b in clauses)
        return (not reporting, not background, h.rank, -h.start)

    return max(hits, key=key)


def _when(text: str | None, span: _Span | None) -> When:
    if span is None:
        return When(text=text)
    start, end, precision = span
    return When(text=text, start=start, end=end, precision=precision)


# --------------------------------------------------------------------------- public API


def normalize_when(text: str | None, published: dt.date | None, *, future: bool | None = None) -> When:
    """Normalise a time expression as written in an article against its publication date.

    ``future`` forces the reading of bare weekdays and month-days (True: on or after ``published``;
    False: on or before); None infers it from cue words in ``text`` itself. ``text`` is kept verbatim;
    anything unparseable gives precision ``unknown`` with no dates.
    """
    if not text or not text.strip():
        return When(text=text)
    hits = _hits(text, published, future)
    if not hits:
        return When(text=text)
    return _when(text, _best(text, hits).span)


@dataclass(frozen=True)
class Found:
    """One time expression found in a text: where, what it resolves to, and by which rule."""

    start: int
    end: int
    text: str
    when: When
    rule: str
    absolute: bool
    reporting: bool  # right after a reporting verb ("said Friday"): dates the report, not the event
    anaphor: tuple[str, int, str] | None = None
    background: bool = False  # inside ", whose/which/who ...,": not the sentence's own event


def scan(
    text: str, published: dt.date | None, *, future: bool | None = None, tense: Tense | None = None
) -> list[Found]:
    """Every time expression in ``text``, in text order, resolved against ``published``.

    ``tense(start, end)`` decides past or future for weekdays and months when no cue word does.
    """
    out = []
    clauses = [(m.start(), m.end()) for m in _RELATIVE_CLAUSE.finditer(text)]
    for h in _hits(text, published, future, tense):
        words = text[h.start : h.end]
        reporting = _REPORTING.search(text[max(0, h.start - 60) : h.start]) is not None
        background = any(a <= h.start and h.end <= b for a, b in clauses)
        when = _when(words, h.span)
        out.append(Found(h.start, h.end, words, when, h.rule, h.absolute, reporting, h.anaphor, background))
    days = [f for f in out if f.rule != "overnight" and f.when.precision is _P.day and f.when.start is not None]
    for i, f in enumerate(out):
        if f.rule == "overnight" and days:
            # "Air strikes killed 19 people ... overnight ..., said on Wednesday": the night before the day reported
            d = min(days, key=lambda x: abs(x.start - f.start)).when.start
            assert d is not None
            out[i] = replace(f, when=_when(f.text, (d - dt.timedelta(days=1), d, _P.range)))
    return out


def find_when(sentence: str, published: dt.date | None) -> When:
    """Find the time expression of a sentence's event and normalise it.

    The returned ``text`` is an exact substring of ``sentence``; ``When()`` when the sentence has none.
    """
    if not sentence:
        return When()
    hits = _hits(sentence, published, None)
    if not hits:
        return When()
    best = _best(sentence, hits)
    return _when(sentence[best.start : best.end], best.span)
