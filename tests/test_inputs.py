from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from summarizer.errors import BinaryInput, EmptyInput, InputNotFound, InputTooLarge, UndecodableInput
from summarizer.inputs import (
    article_from_bytes,
    article_from_text,
    coerce_article,
    dateline_date,
    read_article,
    url_date,
)

from .conftest import SHARED
from .fixture_files import fixture_text


def test_header_lines_become_metadata_and_are_not_body() -> None:
    a = article_from_text("title: T\nsource: S\nurl: http://x\npublished: 2023-10-23\n\nBody text here.\n")
    assert a.meta.title == "T" and a.meta.source == "S" and a.meta.published == dt.date(2023, 10, 23)
    assert a.text == "Body text here.\n"


def test_unknown_published_is_none() -> None:
    a = article_from_text("title: T\npublished: unknown\n\nBody.")
    assert a.meta.published is None


def test_text_without_headers_is_kept_whole(seed_text: str) -> None:
    a = article_from_text(seed_text)
    assert a.text == seed_text
    # No header lines: the headline is the first line, and the byline dates the article.
    assert a.meta.title == seed_text.split("\n", 1)[0]
    assert a.meta.published == dt.date(2023, 9, 6)


@pytest.mark.skipif(not SHARED.exists(), reason="shared articles not present")
def test_real_shared_article_reads() -> None:
    a = read_article(SHARED / "erdogan_signs_sweden_nato_protocol_f16_request.txt")
    assert a.meta.source == "Babel" and a.text.startswith("Turkish President")
    assert a.id == "erdogan_signs_sweden_nato_protocol_f16_request"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyInput),
        (b"   \n\t  ", EmptyInput),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryInput),
        (b"caf\xe9 au lait is not utf-8", UndecodableInput),
        (b"title: x\n\n   \n", EmptyInput),
    ],
)
def test_bad_bytes_raise_typed_errors(data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        article_from_bytes(data)


def test_distinct_exit_codes() -> None:
    codes = {e.exit_code for e in (EmptyInput, BinaryInput, UndecodableInput, InputTooLarge, InputNotFound)}
    assert len(codes) == 5 and 0 not in codes


def test_too_large(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text("word " * 1000)
    with pytest.raises(InputTooLarge, match="over the limit"):
        read_article(p, max_bytes=100)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(InputNotFound, match="directory"):
        read_article(tmp_path)


def test_html_main_text_is_extracted(tmp_path: Path) -> None:
    body = " ".join(["Russia has proposed holding a trilateral naval exercise with North Korea and China."] * 3)
    html = f"""<!doctype html><html><head><title>Naval drills</title></head><body>
    <nav><a href="/">Home</a> | <a href="/world">World</a> | Subscribe to our newsletter</nav>
    <article><h1>Naval drills</h1><p>{body}</p><p>The proposal came in late July during a visit.</p></article>
    <footer>Copyright 2023. All rights reserved. Cookie settings.</footer></body></html>"""
    p = tmp_path / "a.html"
    p.write_text(html)
    a = read_article(p)
    assert "trilateral naval exercise" in a.text
    assert "Cookie settings" not in a.text and "Subscribe" not in a.text


def test_coerce_accepts_path_text_and_article(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    p.write_text("Some article text.")
    assert coerce_article(str(p)).text == "Some article text."
    assert coerce_article(p).text == "Some article text."
    assert coerce_article("Inline article text, not a path.\n").text.startswith("Inline")


# --------------------------------------------------------------------------- publication date without a header


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://japannews.yomiuri.co.jp/politics/defense-security/20221118-71832/", dt.date(2022, 11, 18)),
        (
            "https://kesq.com/news/2024/06/14/putin-vows-truce-if-ukraine-exits-moscow-occupied-areas/",
            dt.date(2024, 6, 14),
        ),
        ("https://sputnikglobe.com/20231222/us-expecting-turkeys-approval-1115739305.html", dt.date(2023, 12, 22)),
        ("https://www.aljazeera.com/news/2023/11/1/north-korea-sends-russia-artillery-rounds", dt.date(2023, 11, 1)),
        ("https://example.com/2023/11/1234/story", None),  # unpadded: only a folder each
        ("https://news.antiwar.com/?p=132940", None),
        ("https://www.gulf-times.com/article/672220/qatar/breakthrough-in-qatar-mediation", None),
        (None, None),
    ],
)
def test_url_date(url: str | None, expected: dt.date | None) -> None:
    assert url_date(url) == expected


def test_url_dates_an_article_whose_header_does_not() -> None:
    a = article_from_text(
        "title: Japan protests N. Korea ICBM\n"
        "url: https://japannews.yomiuri.co.jp/politics/defense-security/20221118-71832/\n"
        "published: unknown\n\n"
        "North Korea launched a suspected intercontinental ballistic missile on Friday.\n"
    )
    assert (a.meta.published, a.meta.published_source) == (dt.date(2022, 11, 18), "url")


def test_numeric_byline_dates_the_article() -> None:
    # The Hill's byline "by Julia Shapero - 06/24/23 5:18 PM ET", in the fixture's verbatim article text.
    body = fixture_text("wagner_prigozhin_belarus_deal")
    assert dateline_date(body) == dt.date(2023, 6, 24)
    a = article_from_text(body)
    assert a.meta.published_source in {"byline", "dateline"} and a.meta.published == dt.date(2023, 6, 24)


def test_header_and_byline_sources_are_recorded(seed_text: str) -> None:
    assert article_from_text(seed_text).meta.published_source == "byline"
    assert article_from_text("published: 2023-10-23\n\nBody.").meta.published_source == "header"


def test_no_date_anywhere_is_none_and_noted() -> None:
    from summarizer import summarize

    a = article_from_text(fixture_text("us_iran_prisoner_swap_six_billion"))
    assert (a.meta.published, a.meta.published_source) == (None, None)
    brief = summarize(a, strategy="heuristic")
    assert any("no publication date" in n for n in brief.provenance.notes)  # type: ignore[union-attr]
    # "arrived in Qatar on Monday": without a publication date, no day is invented.
    assert all(it.when.start is None for it in brief.exchanges)


def test_a_weekday_dated_day_in_the_text_estimates_the_publication_date() -> None:
    # AP via TIME, the header left out: the caption's "Saturday, Sept. 28, 2019" pins the day; "on Saturday"
    # in the body is then that day. The brief says the date is an estimate.
    from summarizer import summarize
    from summarizer.inputs import internal_date

    a = article_from_text(fixture_text("syria_demands_foreign_forces_withdraw_unga"))
    assert (a.meta.published, a.meta.published_source) == (dt.date(2019, 9, 28), "internal")
    brief = summarize(a, strategy="heuristic")
    assert any("estimated as 2019-09-28" in n for n in brief.provenance.notes)  # type: ignore[union-attr]
    # A weekday that does not fit the date pins nothing.
    assert internal_date("He spoke on Monday, Sept. 28, 2019, in New York.") is None


@pytest.mark.parametrize(
    ("fixture_id", "expected", "source"),
    [
        # " 11 Feb, 2016" on a line of its own under the headline (strogosekretno.com, RT's text).
        ("lavrov_russia_proposes_syria_ceasefire", dt.date(2016, 2, 11), "byline"),
        # "CULIACAN, Mexico, (APP - UrduPoint / Pakistan Point News - 30th Sep, 2016 ) - Gunmen ambushed ...".
        ("sinaloa_gunmen_ambush_military_convoy_culiacan_2016", dt.date(2016, 9, 30), "byline"),
        # "Reuters | Updated: 22-01-2023 01:45 IST | Created: 22-01-2023 01:45 IST" (Devdiscourse).
        ("burkina_junta_demands_french_troops_leave", dt.date(2023, 1, 22), "dateline"),
        # "/ 26 November 2007" above the headline (Mail & Guardian, Reuters' text).
        ("chad_rebels_army_clash_as_truce_ends_2007", dt.date(2007, 11, 26), "byline"),
    ],
)
def test_day_first_bylines_and_datelines_date_the_article(fixture_id: str, expected: dt.date, source: str) -> None:
    from summarizer.inputs import infer_published

    assert infer_published(fixture_text(fixture_id), None) == (expected, source)
