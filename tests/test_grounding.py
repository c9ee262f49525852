"""Quote alignment: exact, typography-normalised and fuzzy matches must point at the original text."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.grounding import Aligner, align, normalize, tokenize
from summarizer.schema import Evidence, MatchKind

SEED = Path(__file__).resolve().parents[2] / "shared/articles/seed-russia-trilateral-naval-exercise.txt"

MISSILES = (
    "NIS also confirmed that North Korea had launched two short-range ballistic missiles last Wednesday (Aug. 30)"
)
AMBASSADOR = (
    "Alexander Matsegora, told Russian News Agency TASS that the idea of joint military drills with "
    'Russian and Chinese militaries "seems appropriate"'
)


@pytest.fixture(scope="module")
def article() -> str:
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def aligner(article: str) -> Aligner:
    return Aligner(article)


def _span(text: str, ev: Evidence) -> str:
    assert ev.start is not None and ev.end is not None
    return text[ev.start : ev.end]


# --------------------------------------------------------------------------- exact


def test_exact_sentence(article: str, aligner: Aligner) -> None:
    ev = aligner.align(MISSILES)
    assert ev.match is MatchKind.exact and ev.score == 1.0
    assert (ev.start, ev.end) == (article.index(MISSILES), article.index(MISSILES) + len(MISSILES))
    assert ev.quote == MISSILES


def test_exact_ignores_surrounding_whitespace(article: str, aligner: Aligner) -> None:
    ev = aligner.align(f"  {MISSILES}\n")
    assert ev.match is MatchKind.exact and ev.score == 1.0
    assert _span(article, ev) == MISSILES


def test_exact_prefers_whole_words() -> None:
    # A substring hit inside "North Korean" would cite the wrong clause.
    text = "North Korean officials met. Then North Korea spoke."
    ev = align("North Korea", text)
    assert ev.start == text.index("North Korea spoke")


# --------------------------------------------------------------------------- normalised


def test_normalised_curly_quotes(article: str, aligner: Aligner) -> None:
    curly = AMBASSADOR.replace('"seems appropriate"', "\u201cseems appropriate\u201d")
    ev = aligner.align(curly)
    assert ev.match is MatchKind.exact and ev.score == 0.99
    assert _span(article, ev) == AMBASSADOR
    ev = aligner.align("\u201cseems appropriate\u201d")
    assert ev.match is MatchKind.exact and _span(article, ev) == '"seems appropriate"'


def test_normalised_apostrophe(article: str, aligner: Aligner) -> None:
    ev = aligner.align("citing South Korea\u2019s intelligence agency")
    assert ev.match is MatchKind.exact and ev.score == 0.99
    assert _span(article, ev) == "citing South Korea's intelligence agency"


def test_normalised_whitespace_and_case(article: str, aligner: Aligner) -> None:
    quote = "north korea had   launched\n two SHORT-RANGE\tballistic missiles"
    ev = aligner.align(quote)
    assert ev.match is MatchKind.exact and ev.score == 0.99
    assert _span(article, ev) == "North Korea had launched two short-range ballistic missiles"


def test_normalised_strips_quote_marks_and_final_punctuation(article: str, aligner: Aligner) -> None:
    ev = aligner.align("\u201cShoigu visited the North from Jul. 25 to 27!\u201d")
    assert ev.match is MatchKind.exact and ev.score == 0.99
    assert _span(article, ev) == "Shoigu visited the North from Jul. 25 to 27"


def test_normalised_dashes(article: str, aligner: Aligner) -> None:
    ev = aligner.align("two short\u2013range ballistic missiles")
    assert ev.match is MatchKind.exact and ev.score == 0.99
    assert _span(article, ev) == "two short-range ballistic missiles"


# --------------------------------------------------------------------------- fuzzy


def test_fuzzy_punctuation_changed(article: str, aligner: Aligner) -> None:
    quote = "North Korea had launched two short-range ballistic missiles last Wednesday (Aug 30)"
    ev = aligner.align(quote)
    assert ev.match is MatchKind.fuzzy
    assert 0.9 <= ev.score < 0.99
    assert _span(article, ev) == "North Korea had launched two short-range ballistic missiles last Wednesday (Aug. 30"


def test_fuzzy_word_dropped(article: str, aligner: Aligner) -> None:
    ev = aligner.align("North Korea launched two short-range ballistic missiles last Wednesday")
    assert ev.match is MatchKind.fuzzy and 0.8 < ev.score < 0.99
    assert _span(article, ev) == "North Korea had launched two short-range ballistic missiles last Wednesday"


def test_fuzzy_word_changed(article: str, aligner: Aligner) -> None:
    ev = aligner.align("North Korea had fired two short-range ballistic missiles last Wednesday")
    assert ev.match is MatchKind.fuzzy and 0.6 < ev.score < 0.99
    assert _span(article, ev) == "North Korea had launched two short-range ballistic missiles last Wednesday"


def test_fuzzy_ellipsis_and_lost_inner_quotes(article: str, aligner: Aligner) -> None:
    quote = "the idea of joint military drills ... with Russian and Chinese militaries seems appropriate"
    ev = aligner.align(quote)
    assert ev.match is MatchKind.fuzzy
    assert (
        _span(article, ev) == 'the idea of joint military drills with Russian and Chinese militaries "seems appropriate'
    )


def test_fuzzy_thresholds_are_configurable(article: str) -> None:
    quote = "North Korea had fired two short-range ballistic missiles last Wednesday"
    assert Aligner(article, min_coverage=0.95).align(quote).match is MatchKind.not_found
    assert Aligner(article, min_density=0.95).align(quote).match is MatchKind.not_found
    with pytest.raises(ValueError):
        Aligner(article, min_coverage=0)


# --------------------------------------------------------------------------- not found


@pytest.mark.parametrize(
    "quote",
    [
        "The Pope visited Moscow to bless the new submarine fleet yesterday.",
        "China rejected the proposal and announced sanctions on Seoul.",
        "",
        "   \n\t",
        '"\u2026"',
        "Korea North",  # two tokens, not verbatim: too short to fuzzy-match
        "North the",
        "military the North",  # three tokens, but scattered and out of place
    ],
)
def test_not_found(aligner: Aligner, quote: str) -> None:
    ev = aligner.align(quote)
    assert ev.match is MatchKind.not_found
    assert ev.start is None and ev.end is None and ev.score == 0.0
    assert ev.quote == quote


# --------------------------------------------------------------------------- non-ASCII offsets

UNICODE_TEXT = (
    "Stockholm \U0001f1f8\U0001f1ea\u00a0\u2014 Swedenʼs bid was signed by Erdoğan on Tuesday, "
    "said a diplomat on Stra\u00dfe 12 in Berlin \U0001f44d\U0001f3fd. 東京都の報道によると、協議は続く。 "
    "The cafe\u0301 owner said the \ufb01nal vote was überraschend and\u200b soft\u00adly delayed."
)


@pytest.mark.parametrize(
    ("quote", "expected", "kind"),
    [
        ("Swedenʼs bid was signed by Erdoğan", "Swedenʼs bid was signed by Erdoğan", MatchKind.exact),
        ("Sweden's bid was signed by ERDOĞAN", "Swedenʼs bid was signed by Erdoğan", MatchKind.exact),
        ("on STRASSE 12 in Berlin", "on Stra\u00dfe 12 in Berlin", MatchKind.exact),
        ("Berlin \U0001f44d\U0001f3fd", "Berlin \U0001f44d\U0001f3fd", MatchKind.exact),
        ("東京都", "東京都", MatchKind.exact),
        ("協議は続く", "協議は続く", MatchKind.exact),
        (
            "the caf\u00e9 owner said the final vote",
            "The cafe\u0301 owner said the \ufb01nal vote",
            MatchKind.exact,
        ),
        (
            "\U0001f1f8\U0001f1ea - Sweden's bid",
            "\U0001f1f8\U0001f1ea\u00a0\u2014 Swedenʼs bid",
            MatchKind.exact,
        ),
        ("and softly delayed", "and\u200b soft\u00adly delayed", MatchKind.exact),
        (
            "Sweden's bid was approved by Erdoğan on Tuesday",
            "Swedenʼs bid was signed by Erdoğan on Tuesday",
            MatchKind.fuzzy,
        ),
        (
            "diplomat at Straße 12 in Berlin \U0001f44d",
            "diplomat on Stra\u00dfe 12 in Berlin",
            MatchKind.fuzzy,
        ),
    ],
)
def test_non_ascii_offsets(quote: str, expected: str, kind: MatchKind) -> None:
    ev = Aligner(UNICODE_TEXT).align(quote)
    assert ev.match is kind
    assert _span(UNICODE_TEXT, ev) == expected
    assert ev.start == UNICODE_TEXT.index(expected)


@pytest.mark.parametrize("quote", [".", "\U0001f44d\U0001f3fd", " \u2014 ", "\u3001"])
def test_quote_without_words_is_not_evidence(quote: str) -> None:
    assert quote.strip() in UNICODE_TEXT
    assert Aligner(UNICODE_TEXT).align(quote).match is MatchKind.not_found


def test_normalize_and_tokenize() -> None:
    assert normalize("  Stra\u00dfe\u2019s \u201cBIG\u201d\n\n\u2013 \ufb01x ") == ' strasse\'s "big" - fix '
    assert normalize("cafe\u0301") == normalize("caf\u00e9")
    assert tokenize("Swedenʼs Erdoğan 東京 short-range") == [
        "sweden",
        "s",
        "erdoğan",
        "東",
        "京",
        "short",
        "range",
    ]


# --------------------------------------------------------------------------- properties

LETTERS = "abcdefghiklmnoprstuvwyéğøñçüßåł"
_plain = st.text(alphabet=LETTERS, min_size=2, max_size=8)
_special = st.sampled_from(["\U0001f44d\U0001f3fd", "東京", "e\u0301te\u0301", "\ufb01x", "Erdoğan", "Straße"])
WORD = st.one_of(_plain, _plain, _plain, _special)
SEPARATORS = st.sampled_from([" ", " ", " ", "\n", ", ", " \u2014 ", ". ", " (", ") "])
PROPS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def planted(draw: st.DrawFn, perturb: bool) -> tuple[str, str, int, int]:
    """(text, quote, start, end): quote words joined by spaces, planted between random words."""
    before = draw(st.lists(WORD, max_size=30))
    after = draw(st.lists(WORD, max_size=30))
    words = draw(st.lists(st.one_of(WORD, st.tuples(_plain, _plain).map("'".join)), max_size=7))
    # A quote needs a word or number to count as evidence; an emoji alone is rejected by design.
    words.insert(draw(st.integers(0, len(words))), draw(_plain))
    quote = " ".join(words)
    if perturb:
        pieces = []
        for i, w in enumerate(words):
            w = "".join(c.upper() if draw(st.booleans()) else c for c in w)
            w = w.replace("'", draw(st.sampled_from(["'", "\u2019", "\u02bc", "\u2018", "`"])))
            pieces.append(w)
            if i < len(words) - 1:
                pieces.append(draw(st.sampled_from([" ", "  ", "\n", " \n\t ", "\u00a0", "\u2003"])))
        planted_quote = "".join(pieces)
    else:
        planted_quote = quote
    head = "".join(w + draw(SEPARATORS) for w in before)
    tail = "".join(draw(SEPARATORS) + w for w in after)
    return head + planted_quote + tail, quote, len(head), len(head) + len(planted_quote)


@PROPS
@given(planted(perturb=False))
def test_property_planted_quote_is_found_exactly(case: tuple[str, str, int, int]) -> None:
    text, quote, start, end = case
    ev = Aligner(text).align(quote)
    assert ev.match is MatchKind.exact and ev.score == 1.0
    assert _span(text, ev) == quote
    # An earlier whole-word copy of the quote may legitimately win; otherwise it is the planted one.
    assert ev.start is not None and ev.start <= start
    if text.count(quote) == 1:
        assert (ev.start, ev.end) == (start, end)


@PROPS
@given(planted(perturb=True))
def test_property_perturbed_quote_maps_back_to_original(case: tuple[str, str, int, int]) -> None:
    text, quote, start, end = case
    ev = Aligner(text).align(quote)
    assert ev.match is MatchKind.exact and ev.score >= 0.99
    assert normalize(_span(text, ev)) == normalize(quote)
    if normalize(text).count(normalize(quote)) == 1:
        assert (ev.start, ev.end) == (start, end)


@PROPS
@given(
    st.lists(WORD, min_size=0, max_size=60),
    st.lists(st.text(alphabet="qxzjŧ", min_size=3, max_size=8), min_size=5, max_size=12, unique=True),
    st.lists(WORD, max_size=2),
    st.randoms(use_true_random=False),
)
def test_property_invented_quote_not_found(
    text_words: list[str], invented: list[str], real: list[str], rnd: random.Random
) -> None:
    text = " ".join(text_words)
    words = invented + real
    rnd.shuffle(words)
    ev = Aligner(text).align(" ".join(words))
    assert ev.match is MatchKind.not_found and ev.start is None


# --------------------------------------------------------------------------- scale


def _long_article(article: str) -> tuple[str, list[tuple[int, int, str]]]:
    """~300k characters of the seed paragraphs, each copy tagged with a unique marker and varied in
    typography, so that every (copy, paragraph) line is locatable; returns (text, [(start, end, line)])."""
    paragraphs = [p for p in article.split("\n") if len(p.split()) >= 12]
    parts: list[str] = []
    lines: list[tuple[int, int, str]] = []
    pos = 0
    k = 0
    while pos < 300_000:
        for i, p in enumerate(paragraphs):
            line = f"Ref{k}n{i} {p}"
            if k % 2:
                line = line.replace("'", "\u2019")
            if k % 3 == 0:
                line = line.replace(", ", ",\n")
            lines.append((pos, pos + len(line), line))
            parts.append(line + "\n\n")
            pos += len(line) + 2
        k += 1
    return "".join(parts), lines


def test_many_quotes_in_long_article(article: str) -> None:
    text, lines = _long_article(article)
    assert len(text) >= 300_000
    aligner = Aligner(text)
    rnd = random.Random(1234)
    modes = ["exact", "normalised", "drop", "change"]
    for n in range(50):
        start, _, line = rnd.choice(lines)
        spans = [m.span() for m in re.finditer(r"\S+", line)]
        words = [line[a:b] for a, b in spans]
        # End the quote on a plain word so every path agrees on where the span ends.
        j = rnd.choice([k for k in range(10, len(words) + 1) if words[k - 1].isalnum()])
        expected = (start, start + spans[j - 1][1])
        mode = modes[n % 4]
        if mode == "exact":
            quote = line[: spans[j - 1][1]]
        elif mode == "normalised":
            quote = " ".join(words[:j]).replace("\u2019", "'").upper()
        elif mode == "drop":
            quote = " ".join(words[:j][:5] + words[:j][6:])
        else:
            quote = " ".join(words[:j][:5] + ["zzyzx"] + words[:j][6:])
        ev = aligner.align(quote)
        assert (ev.start, ev.end) == expected, (mode, quote, ev)
        kind = {"exact": MatchKind.exact, "normalised": MatchKind.exact}.get(mode, MatchKind.fuzzy)
        assert ev.match is kind, (mode, quote, ev)
