"""The article's temporal layer: every time expression found and resolved once, in its sentence's context.

``dates`` reads the words; this module reads them where they stand. Three things need the article around
the words, not the words alone:

- **Tense.** "Freedom Edge 24-2 ends on Friday" in an article published on a Thursday is the next day. When
  no cue word ("will", "expected", ...) decides, the sentence's grammar does: the verb that governs the
  expression, read by spaCy's ``en_core_web_sm`` parser (loaded once, only for sentences with a bare
  weekday, month-day or month). Present tense of a non-reporting verb, or a present progressive, reads as
  scheduled (on or after the publication date); past tense and perfects read as past. Headlines, which
  use the present for the past, are not read this way.
- **Anchors other than the publication date.** "later that year", "the next day", "two days later" count
  from the nearest earlier dated expression in the last few sentences that is precise enough for the unit
  (a day for "the next day"); with none, they stay unknown.
- **Dating an item from nearby words** (``Timeline.date_item``): the model's own time words, located in the
  article, first; then the expressions inside the evidence; then the nearest expression tied to the same
  event (the speaker's last dated statement for a reported statement; else a sentence up to three back that
  names the same actors or shares words of the event). A coarse date ("in late July") gives way to a finer
  one inside it next door that names the same actors or event ("from Jul. 25 to 27"). Unknown beats wrong:
  "since 2009" after "first", vague counts and durations never become a day, and an evidence sentence in
  the perfect ("has demanded", "had called") is background and borrows no date.
- **The same event told again** (``data/dating.yaml``, validated here at load, each entry with a real example):
  a sentence just after the evidence that names the event by another noun of its group ("deal" → "The
  contracts, signed ... on Friday (August 26)") or repeats its words dates it, before the report's day of the
  evidence ("..., the agency said on Saturday (August 27)"); a headline takes its lede's date; words that say the
  article has no date ("recently", "in the coming years") keep an item unknown; "a day after an attack in ..."
  counts from the day the article gives that attack; a day said to come in reported speech counts from the day
  it was said.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from .data_files import data_path, parse_model, read_data
from .dates import Found, Tense, normalize_when, scan
from .errors import ConfigError
from .nlp import pipeline
from .schema import DatePrecision, Evidence, When
from .sentences import Sentence, ends_like_a_sentence, split_sentences

__all__ = ["Dating", "TimeExpr", "Timeline", "dates_a_report", "dating", "parse_dating"]

_P = DatePrecision
_RANK = {_P.day: 4, _P.range: 3, _P.month: 2, _P.year: 1, _P.unknown: 0}
_REPORTING_VERBS = frozenset({
    "say", "says", "said", "tell", "tells", "told", "report", "reports", "reported", "add", "adds", "added",
    "state", "states", "stated", "announce", "announces", "claim", "claims", "note", "notes", "according",
})  # fmt: skip
# Words that carry no event: kept out of the "same event" overlap between an item and a nearby sentence.
_STOP = frozenset({
    "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "from", "with", "by", "as", "that",
    "this", "these", "those", "which", "who", "whom", "whose", "is", "are", "was", "were", "be", "been", "being",
    "has", "have", "had", "will", "would", "could", "should", "may", "might", "can", "its", "it", "their", "they",
    "them", "he", "she", "his", "her", "said", "says", "after", "before", "since", "during", "also", "more",
    "most", "than", "about", "over", "into", "not", "no", "yes", "there", "here", "when", "where", "while", "what",
    "week", "month", "year", "day", "days", "today",
})  # fmt: skip
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
# A perfect ("has demanded", "had called") reports background, not the dated news event.
_PERFECT = re.compile(
    r"\b(?:has|have|had|'ve|’ve)\s+(?:not\s+|also\s+|long\s+|already\s+|never\s+|repeatedly\s+)?"
    r"(?:been\s+)?[a-z]+(?:ed|en|wn|ne|de|ht|lt|nt|ld)\b",
    re.IGNORECASE,
)
_PAST_PERFECT = re.compile(r"\bhad\b", re.IGNORECASE)
# Words between an expression and the quote that tie the date to another event ("after Russia launched").
_OTHER_EVENT = re.compile(r"\b(?:after|before|since|until|following|ahead\s+of)\b", re.IGNORECASE)
# A time expression right after a speech verb dates a statement ("Putin promised Friday", "said on Saturday").
_SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|told|reported|announced|promised|pledged|vowed|proposed|offered|urged|warned|declared|stated"
    r"|speaking|spoke)(?:\s+[\w.’'-]+){0,6}\s*$",
    re.IGNORECASE,
)
# A quote that is itself a reported statement ("..., Putin said."): dated by when it was said.
_SPEECH_IN_QUOTE = re.compile(r"\b(?:said|says|told|reported|according\s+to|announced|stated)\b", re.IGNORECASE)
# A time expression that dates the announcement ("on Monday announced that", "said Friday"), not what was announced.
_REPORT_AFTER = re.compile(
    r"^\s*,?\s*(?:\w+\s+)?(?:said|says|announced|announces|told|reported|stated|declared|confirmed|revealed)\b",
    re.IGNORECASE,
)
# Words opening the expression's clause that tie it to another event ("After Washington earlier this year
# accused ...", "Following the talks on Monday, ..."): that event's date, not the item's.
_OTHER_EVENT_CLAUSE = re.compile(r"(?:^|[,;:(—–-]\s*)(?:after|before|since|until|following|ahead\s+of)\b[^,;:]*$", re.I)
# A sentence that refers back to an event by a definite noun ("The proposal came when ...", "This deal was
# signed ..."): its time words date that event, wherever the event itself was told.
_BACK_REFERENCE = re.compile(r"^\W*(?:the|this|that|such\s+an?)\s+(?:[a-z-]+\s+){0,2}?([a-z]{5,})\b", re.IGNORECASE)
# Words before a date that make it the end of something under way ("to run through Sunday", "will end on").
_END_MARKER = re.compile(
    r"\b(?:through|thru|until|till|end(?:s|ed|ing)?(?:\s+on)?|conclude[sd]?(?:\s+on)?|finish(?:es|ed)?(?:\s+on)?)"
    r"\s*$",
    re.IGNORECASE,
)
# A sentence that carries on with the same subject ("They will end on 12 July", "The joint exercises are to ...").
_REFERS_BACK = re.compile(r"^\W*(?:they|it|the|this|these|those)\b", re.IGNORECASE)
_LASTS_AT_MOST = 62  # days: drills and deployments told with a start and an end
_CONTEXT_BACK = 3  # sentences before the evidence searched for a date tied to the same event
_STATEMENT_AHEAD = 3  # sentences after a lede's statement searched for its speaker's dated words (captions between)
_CONTEXT_AHEAD = 2  # sentences after the evidence searched for a definite reference back to the event
_HEADLINE_LINES = 3  # a headline is one of the article's first lines (a date or a kicker may stand above it)
_LEDE_AHEAD = 4  # sentences after a headline searched for its lede (a standfirst, a caption, a byline between)
# A date borrowed from nearby words (the item's own have none) must lie within this many days of publication:
# an item told without a date is the news of the article, not an anniversary ("the July 27, 1953, armistice").
_CONTEXT_MAX_AGE = 366
_ANCHOR_BACK = 3  # sentences before an anaphor ("later that year") searched for what it counts from
# Rules whose dates are a loose part of a period ("late July", "in April", "this month"): a finer date of
# the same event nearby may replace them. Explicit ranges ("Aug. 21 to 31") and "since" are never refined.
_COARSE_RULES = frozenset({"month_level", "relative_period", "year_level"})
# Not borrowed by an item from nearby: words that date nothing, or count from an unresolved event.
# "a day after an attack in Tumaco" (``event_offset``) dates its own clause's event, and its sentence names another
# one: an item told elsewhere does not borrow it.
_NO_CONTEXT = frozenset({"since_reference", "vague", "anaphoric", "bound", "event_offset"})
_YEARLESS = frozenset({"month_day", "month_day_range", "day_month_range"})
# Days read by tense from their anchor; "would" after a dated speech verb ("said on Friday they would ...") puts
# the anchor at the speech.
_WEEKDAY_LIKE = frozenset({"weekday", "month_day"})
_FUTURE_IN_PAST = re.compile(r"\b(?:would|was\s+to|were\s+to|was\s+going\s+to|were\s+going\s+to)\b", re.I)
# The words after a sentence's opening determiner that may name an event told before ("The contracts, signed ...").
_DEFINITE_HEAD = re.compile(r"^\W*(?:the|this|that|these|such\s+an?)\s+((?:[A-Za-z-]+\s+){0,2}[A-Za-z-]+)", re.I)
# A sentence just after the evidence that repeats this many of its event words tells the same event again ("have
# arrived on a four-day goodwill and training visit at ... Karachi" → "... reached in Karachi on a four-day
# goodwill and training visit on Saturday").
_RESTATED = 4
# "a four-day visit", "a two-week exercise": how long an event that lasts runs from its start day.
_N_UNITS = re.compile(
    r"\b(?:a|an|the|its|their)\s+(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"[- ](?P<unit>day|week)\b",
    re.IGNORECASE,
)
_DAY_OF = re.compile(r"\bday\s+of\s+$", re.IGNORECASE)
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "eleven": 11, "twelve": 12}  # fmt: skip
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_SKIP_RULES = frozenset({"since", "since_reference", "vague", "anaphoric", "ago"})


class _Pair(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str
    first: str = Field(min_length=1)
    again: str = Field(min_length=1)


class _Group(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nouns: list[str] = Field(min_length=2)
    example: _Pair

    @field_validator("nouns")
    @classmethod
    def _single_lower_words(cls, nouns: list[str]) -> list[str]:
        bad = [n for n in nouns if not re.fullmatch(r"[a-z-]+", n)]
        if bad:
            raise ValueError(f"nouns are single lower-case words: {bad}")
        return nouns


class _Sentence(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str
    text: str = Field(min_length=1)


class _Undated(BaseModel):
    model_config = ConfigDict(extra="forbid")

    words: list[str] = Field(min_length=1)
    example: _Sentence

    @field_validator("words")
    @classmethod
    def _lower(cls, words: list[str]) -> list[str]:
        bad = [w for w in words if not re.fullmatch(r"[a-z]+(?: [a-z]+)*", w)]
        if bad:
            raise ValueError(f"undated words are lower-case words separated by single spaces: {bad}")
        return words

    def model_post_init(self, __context: Any) -> None:
        if not any(re.search(rf"\b{re.escape(w)}\b", self.example.text, re.I) for w in self.words):
            raise ValueError(f"the example holds none of {self.words}: {self.example.text!r}")


class _InForce(BaseModel):
    """``in_force``: the words that say a trade is carried out under an agreement in force since a day."""

    model_config = ConfigDict(extra="forbid")

    nouns: list[str] = Field(min_length=1)
    verbs: list[str] = Field(min_length=1)
    examples: list[_Sentence] = Field(min_length=1)
    _before: re.Pattern[str] = PrivateAttr()

    def model_post_init(self, __context: Any) -> None:
        nouns = "|".join(re.escape(n) for n in self.nouns)
        verbs = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in self.verbs)
        # "under an agreement that came into force on", "under the fragile ceasefire, which initially began on"
        self._before = re.compile(
            rf"\bunder\s+(?:an?|the|this|that|its|their)\s+(?:[\w-]+\s+){{0,3}}?(?:{nouns})s?\s*,?\s+(?:that|which)"
            rf"\s+(?:\w+ly\s+)?(?:{verbs})\s+(?:on\s+|in\s+)?$",
            re.IGNORECASE,
        )
        for ex in self.examples:
            if not any(self._before.search(ex.text[: m.start()]) for m in re.finditer(r"\b(?:on|in)\s+\S", ex.text)):
                raise ValueError(f"in_force: the example reads no day in force: {ex.text!r}")

    def opens(self, before: str) -> bool:
        """Whether ``before`` (the sentence up to a time expression) says the day is the one an agreement under
        which something was done came into force."""
        return self._before.search(before) is not None


class Dating(BaseModel):
    """``data/dating.yaml``: nouns that name one event again ("deal" → "The contracts"), time words that say
    the article gives no date ("recently", "in the coming years"), and the words that say a trade runs under an
    agreement in force since a day (``in_force``)."""

    model_config = ConfigDict(extra="forbid")

    version: int
    same_event: list[_Group]
    undated: list[_Undated]
    in_force: _InForce | None = None
    _undated: re.Pattern[str] = PrivateAttr()

    def group_of(self, word: str) -> int | None:
        """The index of the ``same_event`` group that names ``word`` (singular or plural), or None."""
        w = word.lower()
        for form in (w, w[:-1] if w.endswith("s") else w, w[:-2] if w.endswith("es") else w):
            for i, g in enumerate(self.same_event):
                if form in g.nouns:
                    return i
        return None

    def model_post_init(self, __context: Any) -> None:
        words = sorted((w for u in self.undated for w in u.words), key=len, reverse=True)
        self._undated = re.compile(
            r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b", re.I
        )

    def undated_in(self, text: str) -> str | None:
        """The first words of ``undated`` in ``text``, as written there, or None."""
        m = self._undated.search(text)
        return m.group(0) if m else None


def parse_dating(text: str, origin: str) -> Dating:
    return parse_model(text, Dating, origin, "dating rules")


@lru_cache(maxsize=1)
def dating() -> Dating:
    return parse_dating(read_data("dating.yaml"), data_path("dating.yaml"))


@dataclass(frozen=True)
class TimeExpr:
    """One resolved time expression of the article (offsets are Python string indices into the text)."""

    start: int
    end: int
    text: str
    when: When
    sentence: int
    reporting: bool
    rule: str
    speech: bool = False  # right after a speech verb: the date of a statement
    background: bool = False  # inside a non-restrictive relative clause: another event's date
    #: Next to a reporting verb ("on Monday announced", "said Friday"): the date of the announcement.
    frames_report: bool = False
    #: In a clause opened by "after"/"before"/"since"... : the date of another event.
    other_event: bool = False

    @property
    def rank(self) -> int:
        return _RANK[self.when.precision]


#: Tense needs tags and dependencies only: these components are skipped for each parse.
_UNUSED = ("ner", "lemmatizer")


def _nlp() -> Callable[[str], Any] | None:
    """A parse with the extractor's own spaCy pipeline (one model in memory per process, loaded once), or None
    when the model is missing: tense then comes from cue words alone."""
    try:
        nlp = pipeline()
    except ConfigError:
        return None
    return lambda text: nlp(text, disable=list(_UNUSED))


def _acts_as_verb(tok: Any) -> bool:
    # The small model tags a short sentence's verb as a plural noun now and then ("Freedom Edge 24-2 ends on
    # Friday": "ends"/NNS); a token with a subject is a verb whatever its tag.
    return tok.pos_ in ("VERB", "AUX") or any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def _governing_verb(tok: Any) -> Any | None:
    for _ in range(8):
        if _acts_as_verb(tok):
            return tok
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def _tense_reader(sentence: str, decisions: dict[tuple[int, int], bool]) -> Tense:
    """A ``Tense`` for one sentence: parses it on first use only, and records each decision."""
    doc: Any = None

    def tense(start: int, end: int) -> bool | None:
        nonlocal doc
        if doc is None:
            nlp = _nlp()
            if nlp is None:
                return None
            doc = nlp(sentence)
        span = doc.char_span(start, end, alignment_mode="expand")
        verb = _governing_verb(span.root) if span is not None else None
        if verb is None:
            return None
        aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        future: bool | None = None
        if any(a.lower_ in ("will", "shall", "'ll", "’ll") for a in aux):
            future = True
        elif verb.tag_ in ("VBD", "VBN") or any(a.tag_ == "VBD" or a.lower_ in ("has", "have", "had") for a in aux):
            future = False
        elif verb.lower_ in _REPORTING_VERBS:
            future = False  # "says Friday": the report, dated like the past
        elif verb.tag_ in ("VBZ", "VBP", "NNS") or (verb.tag_ == "VBG" and any(a.tag_ in ("VBZ", "VBP") for a in aux)):
            future = True  # "ends on Friday", "is holding drills on Monday": scheduled
        if future is not None:
            decisions[(start, end)] = future
        return future

    return tense


def _present(quote: str) -> bool:
    """Whether the quote's main clause is in the present ("suggests there may be room", "is supplying"):
    it speaks of now, so an earlier sentence's past date is not its date. False without spaCy."""
    nlp = _nlp()
    if nlp is None:
        return False
    doc = nlp(quote[:400])
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return False
    aux = [c for c in root.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("will", "shall", "'ll", "’ll", "would") or a.tag_ == "VBD" for a in aux):
        return False
    present_aux = any(a.tag_ in ("VBZ", "VBP") or a.lower_ in ("may", "might", "can", "must") for a in aux)
    return root.tag_ in ("VBZ", "VBP") or present_aux


def _is_headline(s: Sentence) -> bool:
    # Headlines and captions drop the final full stop, and write the past in the present tense.
    return not ends_like_a_sentence(s.text)


def _shift(anchor: When, unit: str, n: int, mode: str) -> When | None:
    """Resolve an anaphor against an anchor's dates, at the precision the anchor supports."""
    a, p = anchor.start, anchor.precision
    if a is None:
        return None
    if unit == "year":
        year = a.year + (n if mode == "shift" else 0)
        return When(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), precision=_P.year)
    if unit == "month":
        if p not in (_P.day, _P.month) and not (p is _P.range and anchor.end and anchor.end.month == a.month):
            return None
        y, m = divmod(a.year * 12 + a.month - 1 + (n if mode == "shift" else 0), 12)
        first = dt.date(y, m + 1, 1)
        last = (dt.date(y + (m + 1) // 12, (m + 1) % 12 + 1, 1)) - dt.timedelta(days=1)
        return When(start=first, end=last, precision=_P.month)
    if p is not _P.day:
        return None  # "the next day" after "late July" has no honest day
    if unit == "week":
        d = a + dt.timedelta(weeks=n if mode == "shift" else 0)
        monday = d - dt.timedelta(days=d.weekday())
        return When(start=monday, end=monday + dt.timedelta(days=6), precision=_P.range)
    d = a + dt.timedelta(days=n if mode == "shift" else 0)
    return When(start=d, end=d, precision=_P.day)


def _words(text: str) -> set[str]:
    return {w.lower().strip("'’") for w in _WORD.findall(text) if len(w) > 3 and w.lower() not in _STOP}


def _actor_words(names: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for name in names:
        out.update(w.lower() for w in _WORD.findall(name or "") if len(w) > 2 and w[0].isupper())
    return out


def _mentions(text: str, actor_words: set[str]) -> bool:
    # Prefix match, so "Russia" finds "Russian" and "Putin" finds "Putin's".
    lowered = [w.lower() for w in _WORD.findall(text)]
    return any(w.startswith(a) for a in actor_words for w in lowered)


@dataclass
class Timeline:
    """Every time expression of one article, resolved once. Build with ``Timeline.build``."""

    text: str
    published: dt.date | None
    sentences: list[Sentence] = field(default_factory=list)
    exprs: list[TimeExpr] = field(default_factory=list)

    @classmethod
    def build(cls, text: str, published: dt.date | None) -> Timeline:
        tl = cls(text, published, split_sentences(text))
        pending: list[tuple[int, int]] = []  # counted from a named event: resolved once every expression is known
        for s in tl.sentences:
            decisions: dict[tuple[int, int], bool] = {}
            tense = None if _is_headline(s) else _tense_reader(s.text, decisions)
            found = scan(s.text, published, tense=tense)
            for i, f in enumerate(found):
                when = tl._resolve(f, s, decisions, found[:i])
                speech = _SPEECH_BEFORE.search(s.text[max(0, f.start - 80) : f.start]) is not None
                frames_report = speech or _REPORT_AFTER.search(s.text[f.end : f.end + 40]) is not None
                other_event = _OTHER_EVENT_CLAUSE.search(s.text[max(0, f.start - 80) : f.start]) is not None
                tl.exprs.append(
                    TimeExpr(
                        s.start + f.start,
                        s.start + f.end,
                        f.text,
                        when,
                        s.index,
                        f.reporting,
                        when.rule or "",
                        speech,
                        f.background,
                        frames_report,
                        other_event,
                    )
                )
                if f.anaphor is not None and f.anaphor[2] == "event":
                    pending.append((len(tl.exprs) - 1, f.anaphor[1]))
        tl._resolve_events(pending)
        return tl

    def _resolve_events(self, pending: list[tuple[int, int]]) -> None:
        """ "a day after an attack in Tumaco": the day of the event its words name, found in its own clause ("two
        days after the vote on Sunday"), in the next two sentences that name it again ("The bombing on Wednesday
        killed nine people": a noun of the same stem or ``same_event`` group), or in the three before; moved by the
        offset. Unknown when none of them dates it to the day."""
        mentions = dating()
        for i, days in pending:
            e = self.exprs[i]
            s = self.sentences[e.sentence]
            named = [w for w in _WORD.findall(self.text[e.end : s.end])[1:4] if w.lower() not in _STOP]
            stems = {w.lower()[:5] for w in named if len(w) >= 5}
            groups = {g for w in named if (g := mentions.group_of(w)) is not None}

            def names(text: str, stems: set[str] = stems, groups: set[int] = groups) -> bool:
                return any(w.lower()[:5] in stems or mentions.group_of(w) in groups for w in _WORD.findall(text))

            clause = re.search(r"[,;:]", self.text[e.end : s.end])
            clause_end = e.end + clause.start() if clause else s.end
            own = [x for x in self.exprs if x.sentence == e.sentence and e.end <= x.start < clause_end]
            around = [
                x
                for k in (e.sentence + 1, e.sentence + 2, e.sentence - 1, e.sentence - 2, e.sentence - 3)
                if 0 <= k < len(self.sentences) and names(self.sentences[k].text)
                for x in self.exprs
                if x.sentence == k and not x.frames_report
            ]
            anchor = next((x for x in own + around if x.when.precision is _P.day and x.when.start), None)
            if anchor is None or anchor.when.start is None or not (stems or groups):
                continue
            d = anchor.when.start + dt.timedelta(days=days)
            when = When(
                text=e.text, start=d, end=d, precision=_P.day, rule=f"event_offset ({days:+d} days)",
                anchor=f"'{anchor.text}' ({anchor.when.start.isoformat()}, at {anchor.start})",
            )  # fmt: skip
            self.exprs[i] = replace(e, when=when, rule=when.rule or "")

    # ------------------------------------------------------------------ resolving

    def _resolve(
        self, f: Found, s: Sentence, decisions: dict[tuple[int, int], bool], earlier: list[Found] | None = None
    ) -> When:
        if f.rule in _YEARLESS and not _YEAR.search(f.text):
            # "After announcing on 21 October 2003 ..., Iran signed ... on 18 December": the sentence's own year
            # outranks the publication date's.
            for e in reversed(earlier or []):
                m = _YEAR.search(e.text)
                if m and e.when.start is not None:
                    year, anchor = int(m.group(0)), e.when.start
                    # The reading nearest the dated words: "on 18 December" after "21 October 2003" is 2003's.
                    readings = [normalize_when(f"{f.text} {y}", None) for y in (year - 1, year, year + 1)]
                    dated = [w for w in readings if w.start is not None]
                    when = min(dated, key=lambda w: abs((w.start - anchor).days), default=When())  # type: ignore[operator]
                    if when.start is not None:
                        when.text, when.rule, when.anchor = f.text, f"{f.rule} (year of '{e.text}')", e.text
                        return when
        later = self._future_of_speech(f, s, earlier or [])
        if later is not None:
            return later
        when = f.when.model_copy()
        rule = f.rule
        if (f.start, f.end) in decisions:
            rule += " (future tense)" if decisions[(f.start, f.end)] else " (past tense)"
        when.rule = rule
        if f.anaphor is not None:
            return self._resolve_anaphor(f, s, when)
        if when.precision is not _P.unknown and not re.search(r"\b\d{4}\b", f.text) and self.published:
            when.anchor = f"published {self.published.isoformat()}"
        return when

    def _future_of_speech(self, f: Found, s: Sentence, earlier: list[Found]) -> When | None:
        """A day said to come in reported speech counts forward from the day it was said, not from publication:
        "the UFDD and the RFC said on Friday they would break a ceasefire as of Sunday", published on Monday 26
        November 2007, is Sunday 25 November (the Sunday after that Friday), not 2 December."""
        if f.rule not in _WEEKDAY_LIKE or f.when.start is None:
            return None
        for x in reversed(earlier):
            said = x.when.start
            if x.when.precision is not _P.day or said is None:
                continue
            if not _SPEECH_BEFORE.search(s.text[max(0, x.start - 80) : x.start]):
                continue
            if not _FUTURE_IN_PAST.search(s.text[x.end : f.start]):
                return None
            when = normalize_when(f.text, said, future=True)
            if when.start is None or when.start == f.when.start:
                return None
            when.text, when.rule, when.anchor = f.text, f"{f.rule} (future of '{x.text}')", f"'{x.text}' ({said})"
            return when
        return None

    def _resolve_anaphor(self, f: Found, s: Sentence, when: When) -> When:
        unit, n, mode = f.anaphor  # type: ignore[misc]
        if mode == "event":
            return when  # counted from a named event, which may be dated after it: ``_resolve_events``
        for e in reversed(self.exprs):
            if e.sentence < s.index - _ANCHOR_BACK:
                break
            if e.when.start is None or _base(e.rule) in _SKIP_RULES - {"anaphoric"}:
                continue
            resolved = _shift(e.when, unit, n, mode)
            if resolved is not None:
                resolved.text, resolved.rule = f.text, f"anaphor ({unit} {mode} {n:+d})"
                resolved.anchor = f"'{e.text}' ({e.when.start.isoformat()}, at {e.start})"
                return resolved
        if re.match(r"(?i)(?:earlier|later)\s+in\s+the\s+day", f.text) and self.published:
            # News write "earlier in the day" of the day they report on: with no dated event before it, that day.
            d = self.published
            return When(
                text=f.text, start=d, end=d, precision=_P.day, rule="anaphor (the day reported)",
                anchor=f"published {d.isoformat()}",
            )  # fmt: skip
        return when  # nothing it can count from: honestly unknown

    # ------------------------------------------------------------------ lookups

    def sentence_of(self, offset: int) -> int:
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s.index
        return -1

    def within(self, start: int, end: int) -> list[TimeExpr]:
        return [e for e in self.exprs if start <= e.start and e.end <= end]

    def locate(self, words: str, near: int) -> TimeExpr | None:
        """The expression written as ``words`` (or containing them) closest to offset ``near``."""
        needle = " ".join(words.split()).strip(" .,;:").lower()
        if not needle:
            return None
        candidates = [
            e
            for e in self.exprs
            if needle in " ".join(e.text.split()).lower() or " ".join(e.text.split()).lower() in needle
        ]
        return min(candidates, key=lambda e: abs(e.start - near), default=None)

    # ------------------------------------------------------------------ dating an item

    def date_item(
        self,
        words: str | None,
        evidence: list[Evidence],
        actors: Iterable[str] = (),
        source: Evidence | None = None,
        planned: bool = False,
        lasting: bool = False,
        statement: bool = False,
    ) -> When:
        """Date one item (see ``_date``), then, for an event that lasts (``lasting``: drills, deployments), let
        a start day run to the end its article gives ("started ... on Thursday" + "are to run through Sunday")."""
        when = self._date(words, evidence, list(actors), source, planned, statement)
        spans = [(e.start, e.end) for e in evidence if e.start is not None and e.end is not None]
        if not lasting and not statement:
            return self._in_force(when, spans)
        return self._lasting(self._until(when, spans), spans) if lasting else when

    def _in_force(self, when: When, spans: list[tuple[int, int]]) -> When:
        """A trade (neither a military event nor a proposal) told near "under an agreement that came into force on
        Friday" runs from that day to publication (GUIDELINES §12, third and seventh batches: a swap in rounds under
        one agreement is dated "under way since"), when the date it had lies inside that range or it had none."""
        rules = dating().in_force
        if rules is None or not spans or self.published is None:
            return when
        s_first = self.sentence_of(min(a for a, _ in spans))
        s_last = self.sentence_of(max(b for _, b in spans) - 1)
        stems = {w.lower()[:5] for a, b in spans for w in _WORD.findall(self.text[a:b]) if len(w) >= 5}

        def about(k: int) -> bool:
            # the evidence's sentences and three either side, or a sentence that names the trade again by a definite
            # noun of the same stem ("This exchange forms the second of such under the fragile ceasefire, ...")
            if s_first - _CONTEXT_BACK <= k <= s_last + _CONTEXT_BACK:
                return True
            m = _BACK_REFERENCE.match(self.sentences[k].text)
            return m is not None and m.group(1).lower()[:5] in stems

        near = [
            e
            for e in self.exprs
            if about(e.sentence)
            and e.when.precision is _P.day
            and e.when.start is not None
            and e.when.start <= self.published
            and rules.opens(self.text[self.sentences[e.sentence].start : e.start])
        ]
        if not near:
            return when
        x = min(near, key=lambda e: min(abs(e.sentence - s_first), abs(e.sentence - s_last)))
        start = x.when.start
        assert start is not None
        if when.start is not None and not start <= when.start <= self.published:
            return when
        return When(
            text=x.text, start=start, end=self.published, precision=_P.range, rule=f"{x.rule}; in force since",
            anchor=f"published {self.published.isoformat()}", source="context",
        )  # fmt: skip

    def _date(
        self,
        words: str | None,
        evidence: list[Evidence],
        actors: list[str],
        source: Evidence | None,
        planned: bool,
        statement: bool,
    ) -> When:
        """Date one item: its own time words, then its evidence, then the nearest words of the same event.

        ``source`` (brief-v2) is the located sentence that holds the time words when they are outside the
        evidence: the words are looked up there first. A ``planned`` event is not dated by the day its plan was
        announced ("on Monday announced that Australia will purchase ..."): words next to a reporting verb are
        passed over for it. A ``statement`` (a proposal, a demand) with no date of its own takes its speaker's
        dated statement, before it or just after ("Syria is demanding ..." then "... told the U.N. General
        Assembly on Saturday").
        """
        spans = [(e.start, e.end) for e in evidence if e.start is not None and e.end is not None]
        first = min((a for a, _ in spans), default=None)
        if source is not None and source.start is not None:
            first = source.start
        when = When()
        model_vague = False
        found: TimeExpr | None = None
        if words and words.strip():
            found = self.locate(words, first if first is not None else 0)
            if found is not None and planned and found.frames_report:
                found, words = None, None  # the announcement's day, not the planned event's
            elif found is not None and _base(found.rule) == "event_offset" and found.when.start is None:
                # "hours after the U.S. flew long-range bombers" with that flight dated nowhere: the words give no
                # date, and the same event's date nearby is the best reading (GUIDELINES §7.5: "hours after" takes
                # the dated event's day), so they do not stop the search as vague words do.
                found, words = None, None
        if words and words.strip():
            when = found.when.model_copy() if found is not None else normalize_when(words, self.published)
            if found is None and when.precision is not _P.unknown and self.published:
                when.anchor = f"published {self.published.isoformat()}"
                when.rule = when.rule or "words out of context"
            if when.precision is not _P.unknown:
                return self._cross_check(self._refine(_tagged(when, words, "when"), spans, actors), spans, found)
            model_vague = True  # the model named the time ("Earlier") but it has no date: don't borrow one
        for a, b in spans:
            inside = [
                e for e in self.within(a, b) if e.when.precision is not _P.unknown and not (planned and e.frames_report)
            ]
            if inside:
                best = max(inside, key=lambda e: (not e.reporting, not e.background, e.rank, -e.start))
                again = self._told_again(spans) if best.frames_report and not planned else None
                # "... have agreed a deal ..., the agency said on Saturday (August 27)": the words date the report;
                # the event told again next door ("The contracts, signed ... on Friday (August 26)") has its own
                # day. A report tells what was done by its day, so a later date there is a plan.
                if again is not None and again.when.start and best.when.start and again.when.start < best.when.start:
                    when = _tagged(again.when.model_copy(), again.text, "context")
                    when.rule = f"{when.rule}; the event told again, not the report's '{best.text}'"
                    return self._refine(when, spans, actors)
                return self._refine(_tagged(best.when.model_copy(), best.text, "evidence"), spans, actors)
        if spans and not model_vague:
            undated = dating().undated_in(self.text[spans[0][0] : spans[0][1]])
            if undated is not None:
                # "had recently arrived", "in the coming years": the article gives no date; a nearby one is
                # another event's. Only the item's first quote, its own sentence: a later one added by merging may
                # say "previously" of something else.
                return When(text=undated, rule="undated", source="evidence")
            found_ctx = self._context(spans, set(actors), statement)
            if found_ctx is not None:
                # The sentence the date came from joins the evidence for refining: "in late July" there may be
                # told more finely next to it ("Shoigu visited the North from Jul. 25 to 27").
                at = self.sentences[found_ctx.sentence]
                near = [*spans, (at.start, at.end)]
                return self._refine(_tagged(found_ctx.when.model_copy(), found_ctx.text, "context"), near, actors)
        return when if words else When()

    def _context(self, spans: list[tuple[int, int]], actors: set[str], statement: bool = False) -> TimeExpr | None:
        quote = " ".join(self.text[a:b] for a, b in spans)
        quoted = {self.sentence_of(a) for a, _ in spans} | {self.sentence_of(max(a, b - 1)) for a, b in spans}
        usable = self._usable()
        for q in sorted(quoted):
            named_later = self._back_reference(quote, q, usable)
            if named_later is not None:
                return named_later
        for q in sorted(quoted):
            if q < _HEADLINE_LINES and _is_headline(self.sentences[q]):
                lede = self._lede(quote, q, usable, actors)
                if lede is not None:
                    return lede
        if _PERFECT.search(quote) and not (statement and not _PAST_PERFECT.search(quote)):
            # Background ("had called for"); but a statement in the present perfect is the news of the day
            # ("Egypt has put forward a plan"), dated by its speaker's words below.
            return None
        s_first = min(quoted)
        actor_words = _actor_words(actors)
        if _SPEECH_IN_QUOTE.search(quote) or statement:
            # A reported statement with no date of its own: when its speaker last spoke with a date, anywhere
            # before; else the nearest dated statement in the last few sentences; else (a lede that a later
            # sentence tells in full) the speaker's dated statement just after.
            spoken = [e for e in usable if e.speech and e.sentence < s_first]
            by_speaker = [e for e in spoken if actor_words and _mentions(self.sentences[e.sentence].text, actor_words)]
            near = [e for e in spoken if e.sentence >= s_first - _CONTEXT_BACK]
            if by_speaker or near:
                return (by_speaker or near)[-1]
            s_last = max(quoted)
            after = [
                e
                for e in usable
                if e.speech
                and s_last < e.sentence <= s_last + _STATEMENT_AHEAD
                and actor_words
                and _mentions(self.sentences[e.sentence].text, actor_words)
            ]
            if after:
                return after[0]
        if _present(quote):
            # A present-tense quote speaks of now: only an ongoing span up to publication ("since early
            # August") can date it, not the date of some past event nearby.
            usable = [e for e in usable if _base(e.rule) == "since"]
        event_words = _words(quote)
        best: tuple[float, TimeExpr] | None = None
        for e in usable:
            if e.sentence in quoted:
                # A quoted sentence, outside the quote: only when no other event stands between them.
                a, b = min(spans, key=lambda sp: min(abs(sp[0] - e.end), abs(sp[1] - e.start)))
                between = self.text[e.end : a] if e.end <= a else self.text[b : e.start]
                if _OTHER_EVENT.search(between):
                    continue
                distance = 0
            else:
                before = [q - e.sentence for q in quoted if q > e.sentence]
                if not before or min(before) > _CONTEXT_BACK:
                    continue
                distance = min(before)
            sentence = self.sentences[e.sentence].text
            actor_hit = bool(actor_words) and _mentions(sentence, actor_words)
            shared = len(event_words & _words(sentence))
            if not actor_hit and shared == 0 and distance > 0:
                continue
            score = 2.0 * actor_hit + min(shared, 3) - 0.75 * distance - 0.5 * e.reporting
            if best is None or score > best[0]:
                best = (score, e)
        return best[1] if best is not None else None

    def _until(self, when: When, spans: list[tuple[int, int]]) -> When:
        """A start day and the end the article gives for the same event, in its sentence or the next one that
        refers back to it ("They will end on 12 July"), make a range; up to two months long."""
        if when.precision is not _P.day or when.start is None or not spans:
            return when
        s_first = self.sentence_of(min(a for a, _ in spans))
        s_last = self.sentence_of(max(b for _, b in spans) - 1)
        for e in self.exprs:
            if not s_first <= e.sentence <= s_last + 1:
                continue
            sentence = self.sentences[e.sentence]
            if e.sentence == s_last + 1 and not _REFERS_BACK.match(sentence.text):
                continue
            if not _END_MARKER.search(self.text[max(sentence.start, e.start - 30) : e.start]):
                continue
            end = e.when.start
            if end is None and _base(e.rule) == "bound":
                end = normalize_when(e.text, self.published).start  # "until Aug. 31": its day is the end
            if end is None or not when.start < end <= when.start + dt.timedelta(days=_LASTS_AT_MOST):
                continue
            return When(
                text=f"{when.text} … {e.text}", start=when.start, end=end, precision=_P.range,
                rule=f"{when.rule}; ends '{e.text}'", anchor=when.anchor, source=when.source, check=when.check,
            )  # fmt: skip
        return when

    def _cross_check(self, when: When, spans: list[tuple[int, int]], used: TimeExpr | None) -> When:
        """The model's words against the evidence's own time words: a reading of the evidence at least as
        precise that does not overlap the model's is written into ``when.check`` (the model's date is kept)."""
        if when.start is None:
            return when
        end = when.end or when.start
        for a, b in spans:
            for e in self.within(a, b):
                if e is used or e.reporting or e.background or e.frames_report or e.when.start is None:
                    continue
                if e.rank < _RANK[when.precision] or _base(e.rule) in _SKIP_RULES:
                    continue
                if e.when.start <= end and when.start <= (e.when.end or e.when.start):
                    return when  # the evidence agrees with some reading: no conflict
                when.check = f"evidence '{e.text}' reads {e.when.start.isoformat()}" + (
                    f"..{e.when.end.isoformat()}" if e.when.end and e.when.end != e.when.start else ""
                )
                return when
        return when

    def _recent(self, when: When) -> bool:
        if self.published is None or when.start is None:
            return True
        return ((when.end or when.start) - self.published).days >= -_CONTEXT_MAX_AGE

    def _back_reference(self, quote: str, s_quoted: int, usable: list[TimeExpr]) -> TimeExpr | None:
        """The time words of a sentence just after the quote that names its event again: by a definite noun of
        the same stem ("Russia has proposed ..." → "The proposal came when ... in late July") or of the same
        ``same_event`` group of ``data/dating.yaml`` ("agreed a $5.76 billion deal" → "The contracts, signed ... on
        Friday (August 26)"), or by repeating its event words ("have arrived on a four-day goodwill and training
        visit at ... Karachi" → "... reached in Karachi on a four-day goodwill and training visit on Saturday")."""
        stems = {w.lower()[:5] for w in _WORD.findall(quote) if len(w) >= 5}
        mentions = dating()
        groups = {g for w in _WORD.findall(quote) if (g := mentions.group_of(w)) is not None}
        event_words = _words(quote)
        for k in range(s_quoted + 1, min(s_quoted + 1 + _CONTEXT_AHEAD, len(self.sentences))):
            text = self.sentences[k].text
            m = _BACK_REFERENCE.match(text)
            head = _DEFINITE_HEAD.match(text)
            again = (
                (m is not None and m.group(1).lower()[:5] in stems)
                or (head is not None and any(mentions.group_of(w) in groups - {None} for w in head.group(1).split()))
                or len(event_words & _words(text)) >= _RESTATED
            )
            if not again:
                continue
            dated = [e for e in usable if e.sentence == k and not e.frames_report]
            if dated:
                return dated[0]
        return None

    def _lede(self, headline: str, q: int, usable: list[TimeExpr], actors: set[str]) -> TimeExpr | None:
        """A headline's event is the lede's: the first body sentence after it (captions and bylines skipped) that
        names one of its actors or events ("Myanmar junta launches airstrike on own village" → "An airstrike
        carried out by Myanmar's military on Tuesday ...")."""
        mentions = dating()
        stems = {w.lower()[:5] for w in _WORD.findall(headline) if len(w) >= 5 and w.lower() not in _STOP}
        groups = {g for w in _WORD.findall(headline) if (g := mentions.group_of(w)) is not None}
        actor_words = _actor_words(actors)
        for k in range(q + 1, min(q + 1 + _LEDE_AHEAD, len(self.sentences))):
            sentence = self.sentences[k]
            if _is_headline(sentence):
                continue
            words = _WORD.findall(sentence.text)
            same = any(w.lower()[:5] in stems or mentions.group_of(w) in groups for w in words)
            if not same and not (actor_words and _mentions(sentence.text, actor_words)):
                continue
            dated = [e for e in usable if e.sentence == k and not e.background]
            if dated:
                return max(dated, key=lambda e: (not e.frames_report, e.rank, -e.start))
        return None

    def _usable(self) -> list[TimeExpr]:
        """Expressions an item may borrow from nearby: a date, not a bound or a comparison, not another event's,
        and not from long before publication."""
        return [
            e
            for e in self.exprs
            if e.when.precision is not _P.unknown
            and _base(e.rule) not in _NO_CONTEXT
            and not e.other_event
            and self._recent(e.when)
        ]

    def _told_again(self, spans: list[tuple[int, int]]) -> TimeExpr | None:
        """The date of the item's event told again just after its evidence (see ``_back_reference``)."""
        quote = " ".join(self.text[a:b] for a, b in spans)
        usable = self._usable()
        for q in sorted({self.sentence_of(max(a, b - 1)) for a, b in spans}):
            found = self._back_reference(quote, q, usable)
            if found is not None:
                return found
        return None

    def _lasting(self, when: When, spans: list[tuple[int, int]]) -> When:
        """A start day of an event its evidence says lasts N days or weeks ("arrived on a four-day goodwill and
        training visit", dated Saturday) runs N days from that day."""
        if when.precision is not _P.day or when.start is None or not spans:
            return when
        # only the sentences that hold the evidence: one between two quotes of a merged item tells of something else
        # ("... declared a 10-day unilateral ceasefire" between the offensive's caption and "ordered a military
        # offensive ... 12 days ago")
        held = sorted({k for a, b in spans for k in range(self.sentence_of(a), self.sentence_of(max(a, b - 1)) + 1)})
        for k in (k for k in held if k >= 0):
            text = self.sentences[k].text
            m = _N_UNITS.search(text)
            if m is None or _DAY_OF.search(text, max(0, m.start() - 20), m.start()):
                continue  # "on the last day of a three-day visit": the day is not the start
            at = text.find(when.text or "\0")
            if at >= 0 and _END_MARKER.search(text[max(0, at - 30) : at]):
                continue  # "the four-day drills ended on Friday": the day is the end
            n = int(m["n"]) if m["n"].isdigit() else _SMALL[m["n"].lower()]
            days = n * (7 if m["unit"].lower() == "week" else 1)
            if not 1 < days <= _LASTS_AT_MOST:
                continue
            return When(
                text=when.text, start=when.start, end=when.start + dt.timedelta(days=days - 1), precision=_P.range,
                rule=f"{when.rule}; lasts '{m.group(0)}'", anchor=when.anchor, source=when.source, check=when.check,
            )  # fmt: skip
        return when

    def _refine(self, when: When, spans: list[tuple[int, int]], actors: Iterable[str] = ()) -> When:
        """A coarse date ("in late July") gives way to a finer one inside it in the neighbouring sentence
        ("from Jul. 25 to 27"): the same event, told more precisely. The finer sentence must name one of the
        item's actors or share a word of its event, so a month is not turned into another event's day."""
        coarse = _base(when.rule or "") in _COARSE_RULES
        if when.start is None or when.end is None or not coarse or not spans:
            return when
        s_first = self.sentence_of(min(a for a, _ in spans))
        s_last = self.sentence_of(max(b for _, b in spans) - 1)
        quote = " ".join(self.text[a:b] for a, b in spans)
        for e in self.exprs:
            if not (s_first - 1 <= e.sentence <= s_last + 1) or e.when.start is None or e.when.end is None:
                continue
            finer = e.when.precision is _P.day or (
                e.when.precision is _P.range and (e.when.end - e.when.start) < (when.end - when.start)
            )
            inside = when.start <= e.when.start and e.when.end <= when.end
            if not (finer and inside and _base(e.rule) not in _SKIP_RULES):
                continue
            sentence = self.sentences[e.sentence].text
            if e.sentence not in range(s_first, s_last + 1) and not (
                _mentions(sentence, _actor_words(actors)) or _words(quote) & _words(sentence)
            ):
                continue
            refined = e.when.model_copy()
            refined.rule = f"{e.rule}; refines '{when.text}'"
            refined.source = when.source
            return refined
        return when


def dates_a_report(sentence: str, start: int, end: int) -> bool:
    """Whether the time words at ``sentence[start:end]`` stand next to a reporting verb ("on Monday announced
    that ...", "said Friday"): the date of the announcement, not of what it announces."""
    return (
        _SPEECH_BEFORE.search(sentence[max(0, start - 80) : start]) is not None
        or _REPORT_AFTER.search(sentence[end : end + 40]) is not None
    )


def _base(rule: str) -> str:
    return rule.split(" ")[0].rstrip(";")


def _tagged(when: When, text: str, source: str) -> When:
    when.text = when.text or text
    when.source = source
    return when
