"""The HTML views: built from real briefs, then opened in real headless Chromium as a user would."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.inputs import read_article
from summarizer.merge import merge_records
from summarizer.pipeline import summarize
from summarizer.testing.browser import find_chromium, inspect_page
from summarizer.views import _json_for_script, brief_html, timeline_html

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "evals" / "coref" / "articles"
runner = CliRunner()

needs_browser = pytest.mark.skipif(
    find_chromium() is None, reason="no chromium on PATH: apt-get install -y chromium (or set $CHROMIUM)"
)


def _aiohttp() -> None:
    pytest.importorskip("aiohttp", reason="the CDP client needs aiohttp (pip install aiohttp)")


@pytest.fixture(scope="module")
def heuristic_records() -> list[dict]:
    """Briefs of the coreference articles by the no-LLM strategy (fast and deterministic)."""
    out = []
    for path in sorted(ARTICLES.glob("*.txt")):
        brief = summarize(read_article(path), strategy="heuristic", cache=False)
        out.append({"id": path.stem, "status": "ok", "brief": brief.model_dump(mode="json")})
    return out


def test_json_in_a_page_cannot_close_its_script_element() -> None:
    text = _json_for_script({"t": "a </script><script>alert(1)</script> \u2028"})
    assert "</script" not in text and "<" not in text
    assert json.loads(text) == {"t": "a </script><script>alert(1)</script> \u2028"}


def test_brief_page_marks_every_located_quote() -> None:
    art = read_article(ARTICLES / "north_korea_icbm_japan_eez.txt")
    brief = summarize(art, strategy="heuristic", cache=False)
    html = brief_html(brief, art.text)
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S).group(1))
    assert "".join(s["text"] for s in data["segments"]) == art.text  # the whole article, in order
    marked = {i for s in data["segments"] for i in s["items"]}
    located = {it["id"] for it in data["items"] if any(e["start"] is not None for e in it["evidence"])}
    assert marked == located and located
    assert "http://" not in html.split("<body>")[0] and "https://" not in html.split("<body>")[0]


def test_brief_cli_writes_html_by_suffix(tmp_path: Path) -> None:
    out = tmp_path / "b.html"
    res = runner.invoke(
        app, ["brief", str(ARTICLES / "dw_us_iran_prisoner_swap.txt"), "--strategy", "heuristic", "-o", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.slow
@needs_browser
def test_the_inspector_sees_errors_it_is_meant_to_catch(tmp_path: Path) -> None:
    _aiohttp()
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><title>x</title><script>console.error('boom'); undefinedFunction();</script>",
        encoding="utf-8",
    )
    rep = inspect_page(page)
    assert any("boom" in e for e in rep.console_errors)
    assert any("undefinedFunction" in e for e in rep.exceptions)


@pytest.mark.slow
@needs_browser
def test_brief_page_in_chromium(tmp_path: Path) -> None:
    _aiohttp()
    art = read_article(ARTICLES / "seed-russia-trilateral-naval-exercise.txt")
    brief = summarize(art, strategy="heuristic", cache=False)
    assert brief.proposals or brief.exchanges or brief.military_events  # something for the page to highlight
    page = tmp_path / "brief.html"
    page.write_text(brief_html(brief, art.text), encoding="utf-8")
    shot = tmp_path / "brief.png"
    rep = inspect_page(
        page,
        scripts=[
            "document.querySelectorAll('mark').length",
            "document.querySelector('.item').click(); document.querySelectorAll('mark.active').length",
            "document.getElementById('article').textContent.length",
        ],
        screenshot=shot,
    )
    assert rep.errors == [] and rep.external_requests() == []
    marks, active, chars = rep.results
    assert marks > 0 and active > 0
    assert chars == len(art.text)
    assert shot.stat().st_size > 10_000


@pytest.mark.slow
@needs_browser
def test_timeline_page_in_chromium(tmp_path: Path, heuristic_records: list[dict]) -> None:
    _aiohttp()
    items = merge_records(heuristic_records)
    multi = next(m for m in items if m.n_articles > 1 and m.when.start)
    day = multi.when.start.isoformat()
    page = tmp_path / "timeline.html"
    page.write_text(timeline_html(items, title="Coref articles"), encoding="utf-8")
    shot = tmp_path / "timeline.png"
    rep = inspect_page(
        page,
        scripts=[
            "document.querySelectorAll('.dot').length + document.querySelectorAll('.chip').length",
            f"document.querySelector('[data-id=\"{multi.id}\"]').click();"
            " [document.querySelectorAll('#detail .src').length,"
            " document.querySelectorAll('#detail blockquote').length]",
            # Filter by an actor of that item: it stays, and fewer items show.
            f"const s = document.getElementById('actor'); s.value = {json.dumps(multi.actors[0])};"
            " s.dispatchEvent(new Event('input'));"
            f" [document.querySelectorAll('.dot, .chip').length, !!document.querySelector('[data-id=\"{multi.id}\"]')]",
            # A one-day date window around that item: it stays, and the view narrows.
            "s.value = ''; s.dispatchEvent(new Event('input'));"
            f" for (const id of ['from', 'to']) {{ const d = document.getElementById(id); d.value = {json.dumps(day)};"
            " d.dispatchEvent(new Event('input')); }"
            f" [document.querySelectorAll('.dot, .chip').length, !!document.querySelector('[data-id=\"{multi.id}\"]')]",
        ],
        screenshot=shot,
    )
    assert rep.errors == [] and rep.external_requests() == []
    shown, (sources, quotes), (filtered, still_there), (windowed, in_window) = rep.results
    assert shown == len(items)
    assert sources == len(multi.sources) and quotes >= sources
    assert still_there and filtered <= shown
    assert in_window and windowed < shown
    assert shot.stat().st_size > 10_000
