"""Locate evidence quotes in the article text: exact, then typography-normalised, then fuzzy token windows.

An LLM asked to copy sentences "word for word" mostly does, but it also straightens curly quotes,
reflows whitespace, changes case, drops or swaps a word. Every located quote must point at a span of
the ORIGINAL text (Python string indices, end exclusive), so all matching on normalised text goes
through an index map back to the original characters.

Build one :class:`Aligner` per article and reuse it: the normalised text, its offset maps and the token
inverted index are computed once, so each quote costs a couple of ``str.find`` calls (exact and
normalised paths) or a bounded window search around a few candidate positions (fuzzy path).
"""

from __future__ import annotations

import functools
import heapq
import itertools
import math
import re
import unicodedata
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from operator import itemgetter

from .schema import Evidence, MatchKind

__all__ = ["Aligner", "align", "normalize", "tokenize"]

#: Score of a match that is verbatim up to typography (quotes, dashes, whitespace, case, NFKC).
NORMALISED_SCORE = 0.99
#: Fuzzy scores are capped below the normalised score so the three kinds always rank exact > normalised
#: > fuzzy, even when a fuzzy window has every quote token in order (e.g. only punctuation differed).
FUZZY_CAP = 0.98
#: Below this many word tokens a quote must match exactly or normalised: two common words ("the
#: president") occur everywhere and a fuzzy hit on them would ground nothing.
MIN_FUZZY_TOKENS = 3

# The fuzzy search votes for candidate positions with (article position, quote position) pairs of
# shared tokens, rarest tokens first; the budget keeps "the"/"of" in a 50k-word article from
# dominating the cost while still letting every reasonably rare token vote.
_VOTE_BUDGET = 8000
_FLOAT_EPS = 1e-9
#: Diagonals within this many tokens of each other pool their votes.
_POOL = 2
#: Windows per candidate position that are re-ranked by in-order matches.
_WINDOWS_KEPT = 8

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u02bb\u02bc\u02bd\u02b9\u00b4`\uff07\u055a"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u02ba\u301d\u301e\u301f\uff02\u00ab\u00bb"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2e3a\u2e3b"
_FOLD = str.maketrans(
    {
        **dict.fromkeys(_SINGLE_QUOTES, "'"),
        **dict.fromkeys(_DOUBLE_QUOTES, '"'),
        **dict.fromkeys(_DASHES, "-"),
    }
)
_ASCII_FOLD = str.maketrans({"`": "'"})

# What the quote may carry around the span it cites: the LLM's own quotation marks, a sentence's
# final full stop, an ellipsis marking that it starts or ends mid-sentence.
_QUOTE_LEAD = " '\".\u2026"
_QUOTE_TRAIL = " '\".,;:!?\u2026"

# Han and kana are written without spaces, so each character is its own token; otherwise a whole
# clause would be one token and a single changed character would make it unmatched.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"


@functools.cache
def _mark_class() -> str:
    """A regex character-class body of every combining mark (category M) Python's Unicode knows.

    Computed once (a few tens of ms) rather than hard-coded so it follows the interpreter's Unicode
    version; marks beyond U+20000 only exist in the variation selectors supplement.
    """
    ranges: list[tuple[int, int]] = []
    for cp in itertools.chain(range(0x300, 0x20000), range(0xE0100, 0xE01F0)):
        if unicodedata.category(chr(cp))[0] == "M":
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "".join(f"\\U{a:08x}-\\U{b:08x}" if a != b else f"\\U{a:08x}" for a, b in ranges)


@functools.cache
def _cluster_re() -> re.Pattern[str]:
    marks = _mark_class()
    # A printable-ASCII run stops before a character that carries combining marks, so that the base
    # letter and its marks are normalised together ("e" + U+0301 must compose to "é").
    return re.compile(rf"(\s+)|([\x21-\x7e]+(?![{marks}]))|(.[{marks}]*)", re.DOTALL)


@functools.cache
def _token_re() -> re.Pattern[str]:
    marks = _mark_class()
    return re.compile(rf"[{_CJK}]|(?:[^\W_{_CJK}]|[{marks}])+")


@functools.lru_cache(maxsize=65536)
def _fold_cluster(cluster: str) -> str:
    # Folding before NFKC matters: NFKC turns '´' into ' ' + U+0301 and '″' into two primes.
    s = unicodedata.normalize("NFKC", cluster.translate(_FOLD))
    s = unicodedata.normalize("NFKC", s.casefold()).translate(_FOLD)
    # Soft hyphens, zero-width spaces and bidi marks are invisible and break substring matches.
    return "".join(ch for ch in s if unicodedata.category(ch) != "Cf")


def _normalize_with_map(text: str) -> tuple[str, array[int], array[int]]:
    """Normalise ``text`` and map every normalised character back to the original.

    ``starts[j]``/``ends[j]`` are the original bounds of the character cluster that produced normalised
    character ``j``. A cluster may expand ('ß' -> 'ss', 'ﬁ' -> 'fi') or vanish (zero-width space), so
    the map is many-to-one and a normalised span ``[a, b)`` maps to ``[starts[a], ends[b - 1])``.
    """
    pieces: list[str] = []
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    last_space = False
    for m in _cluster_re().finditer(text):
        a, b = m.span()
        kind = m.lastindex
        if kind == 1:
            if not last_space:
                pieces.append(" ")
                starts.append(a)
                ends.append(b)
                last_space = True
        elif kind == 2:
            # ASCII fast path: one original character per normalised character.
            pieces.append(m.group().lower().translate(_ASCII_FOLD))
            starts.extend(range(a, b))
            ends.extend(range(a + 1, b + 1))
            last_space = False
        else:
            for ch in _fold_cluster(m.group()):
                if ch.isspace():
                    if last_space:
                        continue
                    ch = " "
                    last_space = True
                else:
                    last_space = False
                pieces.append(ch)
                starts.append(a)
                ends.append(b)
    return "".join(pieces), starts, ends


def normalize(text: str) -> str:
    """The typography-insensitive form quotes and article are compared in.

    NFKC, casefold, curly/modifier quotes and apostrophes to straight ones, dash variants to '-',
    invisible format characters dropped, whitespace runs folded to one space. Not stripped.
    """
    return _normalize_with_map(text)[0]


def tokenize(text: str) -> list[str]:
    """Word tokens of ``normalize(text)``: letter/digit runs with their marks, single CJK characters."""
    return _token_re().findall(normalize(text))


def _split_quote(norm_quote: str) -> tuple[str, str, str]:
    """``(lead, core, trail)``: the quote's surrounding quotation marks / ellipses / final punctuation
    and the words between them."""
    rest = norm_quote.lstrip(_QUOTE_LEAD)
    core = rest.rstrip(_QUOTE_TRAIL)
    return norm_quote[: len(norm_quote) - len(rest)], core, rest[len(core) :]


def _at_word_boundary(hay: str, a: int, b: int) -> bool:
    left = a == 0 or not (hay[a - 1].isalnum() and hay[a].isalnum())
    right = b >= len(hay) or not (hay[b - 1].isalnum() and hay[b].isalnum())
    return left and right


def _find(hay: str, needle: str, limit: int = 64) -> int:
    """First occurrence of ``needle`` that does not cut a word, else the first occurrence, else -1.

    "Korea" should land on "North Korea." rather than inside an earlier "North Korean".
    """
    first = pos = hay.find(needle)
    for _ in range(limit):
        if pos == -1:
            break
        if _at_word_boundary(hay, pos, pos + len(needle)):
            return pos
        pos = hay.find(needle, pos + 1)
    return first


def _lcs_len(window: list[str], qpos: dict[str, list[int]]) -> int:
    """Longest common subsequence of ``window`` and the quote, as a longest increasing subsequence.

    Each window token emits its quote positions in decreasing order (Hunt-Szymanski), so the cost is
    O(matches * log m) rather than O(window * m).
    """
    tails: list[int] = []
    for t in window:
        for i in reversed(qpos.get(t, ())):
            k = bisect_left(tails, i)
            if k == len(tails):
                tails.append(i)
            else:
                tails[k] = i
    return len(tails)


class Aligner:
    """Aligns quotes against one article; build once per article, call :meth:`align` per quote.

    ``min_coverage``: the share of the quote's word tokens a fuzzy window must contain (as a multiset,
    in any order). ``min_density``: matched tokens / window length in tokens, so that a window cannot
    cover the quote by spanning a whole paragraph.
    """

    def __init__(self, text: str, *, min_coverage: float = 0.8, min_density: float = 0.6) -> None:
        if not 0.0 < min_coverage <= 1.0 or not 0.0 < min_density <= 1.0:
            raise ValueError("min_coverage and min_density must be in (0, 1]")
        self.text = text
        self.min_coverage = min_coverage
        self.min_density = min_density
        self._indexed = False

    def _build_index(self) -> None:
        """The normalised text, its offset maps and the word index, built on the first quote that is not
        an exact substring: most quotes are, and an article's index costs milliseconds to build."""
        if self._indexed:
            return
        text = self.text
        self._norm, self._starts, self._ends = _normalize_with_map(text)
        tokens: list[str] = []
        tok_start: list[int] = []
        tok_end: list[int] = []
        index: dict[str, list[int]] = defaultdict(list)
        for m in _token_re().finditer(self._norm):
            index[m.group()].append(len(tokens))
            tokens.append(m.group())
            tok_start.append(self._starts[m.start()])
            tok_end.append(self._ends[m.end() - 1])
        self._tokens = tokens
        self._tok_start = tok_start
        self._tok_end = tok_end
        self._index = dict(index)
        self._indexed = True

    # ------------------------------------------------------------------ public

    def align(self, quote: str) -> Evidence:
        """Locate ``quote`` in the article.

        1. ``exact`` (score 1.0): the quote, stripped of surrounding whitespace, is a substring.
        2. ``exact`` (score 0.99): a substring after :func:`normalize` on both sides, with the quote's
           surrounding quotation marks, ellipses and final punctuation removed. Still verbatim up to
           typography (quote style, dashes, whitespace, case, compatibility forms), hence ``exact``.
        3. ``fuzzy``: a window of article tokens (whole words, first token start to last token end)
           whose coverage >= ``min_coverage`` and density >= ``min_density``, counting matched tokens
           in any order. Windows are ranked, and scored, by coverage * density counting only the
           tokens matched in the quote's order (their longest common subsequence), capped at 0.98:
           order is a bonus, not a requirement. Needs >= 3 quote tokens.
        4. ``not_found``: no offsets, score 0.
        """
        stripped = quote.strip()
        # Without a single word or number a "quote" (".", an emoji) supports nothing, even if present.
        if not _token_re().search(stripped):
            return Evidence(quote=quote)

        pos = _find(self.text, stripped)
        if pos != -1:
            return Evidence(quote=quote, start=pos, end=pos + len(stripped), match=MatchKind.exact, score=1.0)

        self._build_index()
        lead, needle, trail = _split_quote(normalize(stripped))
        if needle:
            npos = _find(self._norm, needle)
            if npos != -1:
                a, b = self._reattach(lead, trail, npos, npos + len(needle))
                return Evidence(
                    quote=quote,
                    start=self._starts[a],
                    end=self._ends[b - 1],
                    match=MatchKind.exact,
                    score=NORMALISED_SCORE,
                )

        qtokens = _token_re().findall(needle)
        if len(qtokens) >= MIN_FUZZY_TOKENS:
            hit = self._fuzzy(qtokens)
            if hit is not None:
                a, b, score = hit
                return Evidence(
                    quote=quote,
                    start=self._tok_start[a],
                    end=self._tok_end[b],
                    match=MatchKind.fuzzy,
                    score=round(min(FUZZY_CAP, score), 4),
                )
        return Evidence(quote=quote)

    def _reattach(self, lead: str, trail: str, a: int, b: int) -> tuple[int, int]:
        """Grow the normalised match ``[a, b)`` over the quotation marks and final punctuation that were
        stripped from the quote, where the article has them too, so that '“seems appropriate”'
        cites the article's '"seems appropriate"' and not just the words."""
        for ch in reversed(lead):
            if a == 0 or self._norm[a - 1] != ch:
                break
            a -= 1
        for ch in trail:
            if b == len(self._norm) or self._norm[b] != ch:
                break
            b += 1
        return a, b

    # ------------------------------------------------------------------ fuzzy

    def _fuzzy(self, qtokens: list[str]) -> tuple[int, int, float] | None:
        """Best accepted token window ``(first, last, score)`` (inclusive token indices), or None."""
        m = len(qtokens)
        need = self.min_coverage * m - _FLOAT_EPS
        qcount = Counter(qtokens)
        qpos: dict[str, list[int]] = defaultdict(list)
        for i, t in enumerate(qtokens):
            qpos[t].append(i)

        present = sorted((len(self._index[t]), t) for t in qcount if t in self._index)
        # Even if every present token were matched, coverage could not reach the threshold.
        if sum(qcount[t] for _, t in present) < need:
            return None

        # Each shared token votes for the article position where the quote would start ("diagonal");
        # a true location collects votes from most quote tokens on (nearly) the same diagonal. Votes are
        # IDF-weighted so that a rare token (a name, a number) outweighs "the", and so that among
        # near-identical passages the one sharing the quote's rarest words ranks first.
        n_tokens = len(self._tokens)
        votes: defaultdict[int, float] = defaultdict(float)
        spent = 0
        for n_occ, t in present:
            cost = n_occ * len(qpos[t])
            if spent and spent + cost > _VOTE_BUDGET:
                break
            spent += cost
            weight = math.log1p(n_tokens / n_occ)
            for p in self._index[t]:
                for i in qpos[t]:
                    votes[p - i] += weight

        # A dropped or inserted word shifts the diagonal of the tokens after it, so neighbouring
        # diagonals are pooled before ranking; the window search then allows a wider slack around each.
        pooled: defaultdict[int, float] = defaultdict(float)
        for d, v in votes.items():
            for j in range(d - _POOL, d + _POOL + 1):
                pooled[j] += v
        slack = max(5, m // 3)
        n_cand = 8 if m <= 50 else 3
        chosen: list[int] = []
        # Ties keep insertion order (nlargest is stable), which follows the rarest token's positions.
        for d, _ in heapq.nlargest(8 * n_cand, pooled.items(), key=itemgetter(1)):
            if all(abs(d - c) > slack for c in chosen):
                chosen.append(d)
                if len(chosen) == n_cand:
                    break

        best: tuple[float, int, int, int] | None = None  # (score, -first, first, last)
        for d in chosen:
            for a, b in self._best_windows(d, slack, qcount, m, need):
                w = b - a + 1
                # Ranking by in-order matches keeps a window from stretching over a quote word that
                # sits just outside the true span (the same word ending the previous sentence, say).
                in_order = _lcs_len(self._tokens[a : b + 1], qpos)
                score = (in_order / m) * (in_order / w)
                if best is None or (score, -a) > best[:2]:
                    best = (score, -a, a, b)
        if best is None:
            return None
        return best[2], best[3], best[0]

    def _best_windows(self, d: int, slack: int, qcount: Counter[str], m: int, need: float) -> list[tuple[int, int]]:
        """The few highest coverage*density windows starting within ``slack`` tokens of ``d`` that pass
        both thresholds, as inclusive token indices ``(first, last)``.

        More than one is returned because this ranking ignores order: a window shifted by one token
        onto a quote word from the previous sentence can beat the true one here, and only the in-order
        ranking in :meth:`_fuzzy` tells them apart.
        """
        tokens = self._tokens
        n = len(tokens)
        # No window can be longer than this and still reach min_density, as at most m tokens match.
        max_w = int(m / max(self.min_density, 0.2)) + 1
        lo = max(0, d - slack)
        hi = min(n - 1, d + slack)
        if lo > hi:
            return []

        # Cheap upper bound over everything any window from here could contain; prunes most candidates.
        region = Counter(tokens[lo : min(n, hi + max_w)])
        if sum(min(c, region[t]) for t, c in qcount.items()) < need:
            return []

        def left_neighbour_always_matches(a: int) -> bool:
            # True when token a-1 is a quote token that every window starting at a leaves unmatched
            # (too few copies of it ahead), so extending the window over it would add a match.
            want = qcount.get(tokens[a - 1])
            if want is None:
                return False
            occ = self._index[tokens[a - 1]]
            return bisect_left(occ, a + max_w) - bisect_left(occ, a) < want

        top: list[tuple[float, int, int]] = []  # min-heap of (score, -first, last)
        for a in range(lo, hi + 1):
            # Extending a window left over a token it would match never lowers coverage or density, so
            # such a start cannot begin a better window than its left neighbour; skipping them leaves
            # roughly one start per run of quote tokens.
            if tokens[a] not in qcount or (a > lo and left_neighbour_always_matches(a)):
                continue
            seen: dict[str, int] = {}
            matched = 0
            for b in range(a, min(n, a + max_w)):
                t = tokens[b]
                want = qcount.get(t)
                if want is None:
                    continue
                got = seen.get(t, 0)
                if got >= want:
                    continue
                seen[t] = got + 1
                matched += 1
                w = b - a + 1
                if matched >= need and matched >= self.min_density * w - _FLOAT_EPS:
                    item = (matched * matched / (m * w), -a, b)
                    if len(top) < _WINDOWS_KEPT:
                        heapq.heappush(top, item)
                    elif item > top[0]:
                        heapq.heapreplace(top, item)
        return [(-neg_a, b) for _, neg_a, b in top]


def align(quote: str, text: str, **kw: float) -> Evidence:
    """One-off alignment; build an :class:`Aligner` instead when aligning several quotes to one text."""
    return Aligner(text, **kw).align(quote)
