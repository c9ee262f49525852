"""Reading an article: plain text (with optional header lines), HTML, or stdin, into an ``Article``."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BinaryInput, EmptyInput, InputNotFound, InputTooLarge, UndecodableInput
from .schema import ArticleMeta

DEFAULT_MAX_BYTES = 5_000_000
_HEADER = re.compile(r"^(title|source|url|published|author|date|id):[ \t]*(.*)$", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.IGNORECASE)


@dataclass
class Article:
    text: str
    meta: ArticleMeta = field(default_factory=ArticleMeta)
    id: str = ""


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    value = value.strip()
    if value.lower() in {"unknown", "none", "null", "n/a", ""}:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


_MONTH_WORD = (
    r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_BYLINE_DATE = re.compile(rf"\b{_MONTH_WORD}\.? (\d{{1,2}}), (\d{{4}})\b")
# Day first, as British, Indian and Russian outlets write it: "11 Feb, 2016", "30th Sep, 2016", "5 March 2014".
_BYLINE_DAY_FIRST = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? {_MONTH_WORD}\.?,? (\d{{4}})\b")
# A wire dateline's date closes its bracket before the dash that opens the story: "CULIACAN, Mexico, (APP -
# UrduPoint / Pakistan Point News - 30th Sep, 2016 ) - Gunmen ambushed ...".
_DATELINE_CLOSE = re.compile(r"\s*\)\s*[-–—]")
_MONTHS = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}


def byline_date(text: str, window: int = 400) -> dt.date | None:
    """A full date in the first lines (a byline such as 'September 06, 2023, 04:19 PM' or '11 Feb, 2016', or a wire
    dateline's '(APP - 30th Sep, 2016 ) -') dates the article when no header does; relative dates ('last
    Wednesday') are meaningless without it."""
    head = text[:window]
    found = [(m.start(), m.end(), m.group(3), m.group(1), m.group(2)) for m in _BYLINE_DATE.finditer(head)]
    found += [(m.start(), m.end(), m.group(3), m.group(2), m.group(1)) for m in _BYLINE_DAY_FIRST.finditer(head)]
    for start, end, year, month, day in sorted(found):
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        # A byline is a short line ("Keyla Supharta | September 06, 2023, 04:19 PM"); a dated sentence or a
        # chronology's entry ("Aug. 31, 1998: North Korea fires ...") dates an event, not the article.
        if (len(line.split()) > 12 and not _DATELINE_CLOSE.match(text, end)) or text[end : end + 1] == ":":
            continue
        try:
            return dt.date(int(year), _MONTHS[month[:3].lower()], int(day))
        except ValueError:
            continue
    return None


# A date in the article's address: /2022/11/18/, /2024-06-14-, or eight digits (…/20221118-71832/).
_URL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<sep>[/_-]?)(?P<m>0[1-9]|1[0-2])(?P=sep)(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
    # Unpadded only between slashes, a folder each: Al Jazeera's /news/2023/11/1/slug.
    r"|/(?P<y2>(?:19|20)\d\d)/(?P<m2>[1-9]|1[0-2])/(?P<d2>[1-9]|[12]\d|3[01])/"
)
# Numeric datelines and bylines near the top: "06/24/23 5:18 PM ET", "06:09 GMT 22.12.2023", "2023-09-06", and
# day first with dashes, as Indian outlets write it ("Reuters | Updated: 22-01-2023 01:45 IST").
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.])(?:(?P<iy>20\d\d)-(?P<im>\d\d)-(?P<id>\d\d)"
    r"|(?P<um>\d{1,2})/(?P<ud>\d{1,2})/(?P<uy>\d{4}|\d{2})"
    r"|(?P<ed>\d{1,2})[.-](?P<em>\d{1,2})[.-](?P<ey>20\d\d))(?![\d/.])"
)
# Only a date next to a time of day or a byline word is the article's own; "5/6/23" elsewhere may be anything.
_BYLINE_CUE = re.compile(r"(?i)\b(?:by|published|updated|posted|am|pm|gmt|utc|et|edt|est|bst|cet|kst|jst)\b|\d:\d\d")


def url_date(url: str | None) -> dt.date | None:
    """The publication date many sites put in an article's address, or None."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url.strip())  # the host name never holds the date
    for m in _URL_DATE.finditer(path):
        try:
            y, mo, d_ = (m["y"], m["m"], m["d"]) if m["y"] else (m["y2"], m["m2"], m["d2"])
            d = dt.date(int(y), int(mo), int(d_))
        except ValueError:
            continue
        if d.year >= 1990:
            return d
    return None


def dateline_date(text: str, window: int = 600) -> dt.date | None:
    """A numeric date on a dateline or byline line near the top ('by J. S. - 06/24/23 5:18 PM ET')."""
    for line in text[:window].split("\n"):
        if len(line) > 160 or not _BYLINE_CUE.search(line):
            continue
        m = _NUMERIC_DATE.search(line)
        if not m:
            continue
        try:
            if m["iy"]:
                return dt.date(int(m["iy"]), int(m["im"]), int(m["id"]))
            if m["uy"]:
                year = int(m["uy"]) + (2000 if len(m["uy"]) == 2 else 0)
                return dt.date(year, int(m["um"]), int(m["ud"]))
            return dt.date(int(m["ey"]), int(m["em"]), int(m["ed"]))
        except ValueError:
            continue
    return None


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A weekday with a full date ("Saturday, Sept. 28, 2019", "on Friday (18 November 2022)"): the text pins a day.
_WEEKDAY_DATE = re.compile(
    rf"\b(?P<wd>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\W{{1,3}}(?:{_MONTH_WORD}\.?\s+(?P<d1>\d{{1,2}}),?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})\s+{_MONTH_WORD}\.?,?\s+(?P<y2>\d{{4}}))\b"
)


def internal_date(text: str) -> dt.date | None:
    """The latest day the text pins with a weekday and a full date whose weekday is right ("Saturday, Sept. 28,
    2019", a caption's or a dateline's): the article is of that day or just after. None when none does."""
    days = []
    for m in _WEEKDAY_DATE.finditer(text):
        month = m.group(2) or m.group(6)
        day, year = (m["d1"], m["y1"]) if m["d1"] else (m["d2"], m["y2"])
        try:
            d = dt.date(int(year), _MONTHS[month[:3].lower()], int(day))
        except (ValueError, KeyError):
            continue
        if _WEEKDAYS[d.weekday()] == m["wd"].lower():
            days.append(d)
    return max(days, default=None)


def infer_published(text: str, url: str | None) -> tuple[dt.date | None, str | None]:
    """The publication date when no header gives it, and where it came from: the address (``url``), a
    written-out date in the byline (``byline``), a numeric dateline (``dateline``), or the latest weekday-dated
    day in the text (``internal``: an estimate, the brief says so); ``(None, None)``."""
    for source, found in (
        ("url", lambda: url_date(url)),
        ("byline", lambda: byline_date(text)),
        ("dateline", lambda: dateline_date(text)),
        ("internal", lambda: internal_date(text)),
    ):
        d = found()
        if d is not None:
            return d, source
    return None, None


def _first_line_title(text: str) -> str | None:
    first = text.lstrip().split("\n", 1)[0].strip()
    if 3 <= len(first.split()) <= 25 and first[-1:] not in ".!?\"'”":
        return first
    return None


def _split_headers(text: str) -> tuple[dict[str, str], str]:
    """Header lines (``title: ...``) at the very top, ended by a blank line, are metadata, not body."""
    lines = text.split("\n")
    headers: dict[str, str] = {}
    i = 0
    while i < len(lines):
        m = _HEADER.match(lines[i].strip("\r"))
        if not m:
            break
        headers[m.group(1).lower()] = m.group(2).strip()
        i += 1
    if headers and i < len(lines) and lines[i].strip() == "":
        return headers, "\n".join(lines[i + 1 :])
    return {}, text


def _decode(data: bytes, origin: str, encoding: str) -> str:
    head = data[:8192]
    if b"\x00" in head:
        raise BinaryInput(f"{origin}: looks like a binary file (NUL bytes), not an article")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        raise UndecodableInput(
            f"{origin}: not valid {encoding} (byte 0x{data[e.start]:02x} at offset {e.start}); "
            "pass --encoding if the file uses another encoding"
        ) from None
    except LookupError:
        raise UndecodableInput(f"{origin}: unknown encoding {encoding!r}") from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:8192]) // 20):
        raise BinaryInput(f"{origin}: looks like a binary file ({controls} control characters), not an article")
    return text.lstrip("\ufeff")


def _from_html(html: str, origin: str) -> tuple[str, ArticleMeta]:
    import trafilatura

    doc = trafilatura.bare_extraction(html, include_comments=False, with_metadata=True)
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise EmptyInput(f"{origin}: the HTML has no main text that could be extracted")
    meta = ArticleMeta(
        title=getattr(doc, "title", None),
        source=getattr(doc, "sitename", None),
        author=getattr(doc, "author", None),
        url=getattr(doc, "url", None),
        published=_parse_date(getattr(doc, "date", None)),
    )
    meta.published_source = "html" if meta.published else None
    return body, meta


def article_from_bytes(
    data: bytes,
    *,
    origin: str = "<input>",
    encoding: str = "utf-8",
    max_bytes: int = DEFAULT_MAX_BYTES,
    html: bool | None = None,
    id: str = "",
) -> Article:
    if len(data) > max_bytes:
        raise InputTooLarge(f"{origin}: {len(data):,} bytes is over the limit of {max_bytes:,} (--max-bytes)")
    if not data.strip():
        raise EmptyInput(f"{origin}: the article is empty")
    is_html = bool(_HTML_START.match(data[:2048])) if html is None else html
    text = _decode(data, origin, encoding)
    return article_from_text(text, origin=origin, html=is_html, id=id)


def article_from_text(text: str, *, origin: str = "<input>", html: bool = False, id: str = "") -> Article:
    if not text.strip():
        raise EmptyInput(f"{origin}: the article is empty")
    if html:
        body, meta = _from_html(text, origin)
    else:
        headers, body = _split_headers(text.replace("\r\n", "\n"))
        meta = ArticleMeta(
            title=headers.get("title") or None,
            source=headers.get("source") or None,
            url=headers.get("url") or None,
            author=headers.get("author") or None,
            published=_parse_date(headers.get("published") or headers.get("date")),
        )
        meta.published_source = "header" if meta.published else None
        id = id or headers.get("id", "")
        if not headers:
            meta.title = _first_line_title(body)
    if meta.published is None:
        meta.published, meta.published_source = infer_published(body, meta.url)
    if not body.strip():
        raise EmptyInput(f"{origin}: the article has header lines but no text")
    meta.chars = len(body)
    meta.sha256 = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return Article(text=body, meta=meta, id=id)


def read_article(
    source: str | Path,
    *,
    encoding: str = "utf-8",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article:
    """Read a path, or ``-`` for stdin. HTML is recognised by suffix or by its first tag."""
    if str(source) == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return article_from_bytes(data, origin="<stdin>", encoding=encoding, max_bytes=max_bytes)
    path = Path(source)
    if not path.exists():
        raise InputNotFound(f"{path}: no such file")
    if path.is_dir():
        raise InputNotFound(f"{path}: is a directory (use `summarizer batch` for many articles)")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputTooLarge(f"{path}: {size:,} bytes is over the limit of {max_bytes:,} (--max-bytes)")
    html = True if path.suffix.lower() in {".html", ".htm", ".xhtml"} else None
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputNotFound(f"{path}: cannot read ({e.strerror})") from None
    return article_from_bytes(data, origin=str(path), encoding=encoding, max_bytes=max_bytes, html=html, id=path.stem)


def coerce_article(text_or_path: str | Path | Article, **kw: object) -> Article:
    """The Python API's input rule: an ``Article``, a ``Path``, an existing file's path, or article text."""
    if isinstance(text_or_path, Article):
        return text_or_path
    if isinstance(text_or_path, Path):
        return read_article(text_or_path, **kw)  # type: ignore[arg-type]
    if "\n" not in text_or_path and len(text_or_path) < 4096 and Path(text_or_path).is_file():
        return read_article(text_or_path, **kw)  # type: ignore[arg-type]
    return article_from_text(text_or_path, origin="<text>", html=bool(_HTML_START.match(text_or_path[:2048].encode())))
