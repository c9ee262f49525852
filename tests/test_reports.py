"""The HTML and JUnit reports, built from a real (no-LLM) eval run over real fixtures."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from summarizer.evals.fixtures import Fixture, load_fixture
from summarizer.evals.html import _Span, highlight, segments, write_html
from summarizer.evals.junit import write_junit
from summarizer.evals.report import EvalReport, GateResult
from summarizer.evals.runner import RunSpec, gate, run_eval

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "evals" / "fixtures"
REAL = ["seed-russia-trilateral-naval-exercise", "us_iran_prisoner_swap_six_billion"]

PLANTED_YAML = """\
id: planted-xss
article:
  title: "Hostile <img src=x onerror=alert(2)> title"
  text: |-
    Russia has proposed holding a naval exercise with China & North Korea.

    <script>alert(1)</script>

    North Korea launched two ballistic missiles on Monday, officials said.
expected:
  proposals:
  - proposer: [Russia]
    evidence:
    - Russia has proposed holding a naval exercise with China & North Korea.
  military_events:
  - kind: missile_launch
    actors: [North Korea]
    evidence:
    - North Korea launched two ballistic missiles on Monday
"""


@pytest.fixture(scope="module")
def real_fixtures() -> list[Fixture]:
    return [load_fixture(FIXTURES / f"{fid}.yaml") for fid in REAL]


@pytest.fixture(scope="module")
def report(real_fixtures: list[Fixture]) -> EvalReport:
    return run_eval(real_fixtures, [RunSpec("none", "heuristic")], cache=False)


@pytest.fixture
def planted(tmp_path: Path) -> Fixture:
    path = tmp_path / "planted.yaml"
    path.write_text(PLANTED_YAML, encoding="utf-8")
    return load_fixture(path)


# --------------------------------------------------------------------------- the report itself


def test_report_shape(report: EvalReport) -> None:
    assert report.fixture_ids == REAL
    assert [r.label for r in report.runs] == ["none/heuristic"]
    run = report.runs[0]
    assert [fr.fixture_id for fr in run.fixtures] == REAL
    assert all(fr.brief is not None and fr.error is None for fr in run.fixtures)
    wanted = {"strict_macro_f1", "detection_macro_f1", "grounding_rate", "hallucination_rate"}
    assert wanted <= set(run.headline)
    # The heuristic floor calls no model.
    assert run.tokens_in_per_article == run.tokens_out_per_article == run.calls_per_article == 0


def test_report_round_trips_through_json(report: EvalReport) -> None:
    again = EvalReport.model_validate_json(report.model_dump_json())
    assert again == report
    assert again.model_dump_json() == report.model_dump_json()


# --------------------------------------------------------------------------- HTML


def test_html_contains_matrix_fixtures_and_highlights(
    report: EvalReport, real_fixtures: list[Fixture], tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    write_html(report, real_fixtures, out)
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    for fid in REAL:
        assert fid in page
    assert "none/heuristic" in page
    assert "floor" in page  # the heuristic row is marked as the floor
    assert '<mark class="g' in page  # gold evidence
    assert re.search(r'<mark class="(g )?p"', page)  # predicted evidence
    assert "<details" in page
    # Self-contained: no external stylesheets, scripts or images.
    assert "<link" not in page
    assert not re.search(r"""<(script|img|iframe)[^>]*\ssrc=""", page)


def test_html_escapes_untrusted_text(planted: Fixture, tmp_path: Path) -> None:
    planted_report = run_eval([planted], [RunSpec("none", "heuristic")], cache=False)
    out = tmp_path / "planted.html"
    write_html(planted_report, [planted], out)
    page = out.read_text(encoding="utf-8")
    assert planted_report.runs[0].fixtures[0].brief is not None
    assert "planted-xss" in page
    assert "alert(1)" in page
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "China &amp; North Korea" in page
    # The only script on the page is the report's own.
    assert page.count("<script>") == 1


def test_html_copes_with_missing_brief_and_errors(
    report: EvalReport, real_fixtures: list[Fixture], tmp_path: Path
) -> None:
    broken = report.model_copy(deep=True)
    first, second = broken.runs[0].fixtures
    first.brief = None
    first.error = "ProviderError: server said <b>no</b>"
    second.error = "SchemaError: bad JSON"
    broken.gate = GateResult(passed=False, reasons=["none/heuristic: strict_macro_f1 0.100 < --min-f1 0.500"])
    out = tmp_path / "broken.html"
    write_html(broken, real_fixtures, out)
    page = out.read_text(encoding="utf-8")
    assert "ProviderError: server said &lt;b&gt;no&lt;/b&gt;" in page
    assert "SchemaError: bad JSON" in page
    assert "No brief was recorded" in page
    assert "FAILED" in page
    for fid in REAL:
        assert fid in page


def test_html_with_no_runs_still_shows_gold(real_fixtures: list[Fixture], tmp_path: Path) -> None:
    out = tmp_path / "empty.html"
    write_html(EvalReport(), real_fixtures, out)
    page = out.read_text(encoding="utf-8")
    assert "No runs in this report" in page
    assert '<mark class="g"' in page


def test_segments_split_overlapping_spans_at_every_endpoint() -> None:
    text = "abcdefghij"
    segs = segments(text, [_Span(2, 6, "g0"), _Span(3, 4, "g1")], [_Span(4, 8, "p0"), _Span(-5, 1, "p1")])
    assert [(s.start, s.end) for s in segs] == [(0, 1), (1, 2), (2, 3), (3, 4), (4, 6), (6, 8), (8, 10)]
    cover = {(s.start, s.end): (s.gold, s.pred) for s in segs}
    assert cover[0, 1] == ([], ["p1"])  # clamped to the text
    assert cover[3, 4] == (["g0", "g1"], [])  # nested gold
    assert cover[4, 6] == (["g0"], ["p0"])  # gold and predicted overlap
    assert cover[6, 8] == ([], ["p0"])
    assert "".join(text[s.start : s.end] for s in segs) == text


def test_highlight_reassembles_the_escaped_text() -> None:
    text = "a <b> & c"
    out = highlight(text, [_Span(0, 5, "g")], [_Span(2, 9, "p"), _Span(50, 60, "off the end")])
    assert re.sub(r"</?mark[^>]*>", "", out) == "a &lt;b&gt; &amp; c"
    assert '<mark class="g p"' in out
    assert "off the end" not in out


# --------------------------------------------------------------------------- JUnit


def _cases(root: ET.Element) -> list[ET.Element]:
    return list(root.iter("testcase"))


def test_junit_has_a_case_per_fixture(report: EvalReport, tmp_path: Path) -> None:
    out = tmp_path / "junit.xml"
    write_junit(report, out)
    root = ET.parse(out).getroot()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["none/heuristic"]
    cases = _cases(root)
    assert len(cases) == len(REAL)
    assert [c.get("name") for c in cases] == REAL
    assert {c.get("classname") for c in cases} == {"none/heuristic"}
    for case, fr in zip(cases, report.runs[0].fixtures, strict=True):
        assert float(case.get("time", "-1")) == pytest.approx(fr.seconds, abs=1e-3)
        assert case.find("failure") is None
        assert "strict_macro_f1" in (case.findtext("system-out") or "")
    assert root.get("tests") == str(len(REAL))
    assert root.get("failures") == "0"


def test_junit_min_f1_and_gate_failures(report: EvalReport, tmp_path: Path) -> None:
    gated = report.model_copy(deep=True)
    gated.gate = gate(gated, min_f1=1.01, baseline=None)
    assert not gated.gate.passed
    out = tmp_path / "junit.xml"
    write_junit(gated, out, min_f1=1.01)
    root = ET.parse(out).getroot()
    cases = _cases(root)
    assert len(cases) == len(REAL) + 1  # one gate case for the one run
    fixture_cases = [c for c in cases if c.get("name") != "gate"]
    assert all(c.find("failure") is not None for c in fixture_cases)
    assert all(c.find("failure").get("type") == "below_min_f1" for c in fixture_cases)  # type: ignore[union-attr]
    gate_case = next(c for c in cases if c.get("name") == "gate")
    assert gate_case.get("classname") == "none/heuristic"
    assert "--min-f1" in (gate_case.find("failure").text or "")  # type: ignore[union-attr]
    assert root.get("failures") == str(len(REAL) + 1)


def test_junit_passing_gate_and_errors(report: EvalReport, tmp_path: Path) -> None:
    broken = report.model_copy(deep=True)
    broken.runs[0].fixtures[0].error = "ProviderError: bad \x00 byte <here>"
    broken.runs[0].fixtures[0].brief = None
    broken.gate = GateResult(passed=True)
    out = tmp_path / "junit.xml"
    write_junit(broken, out, min_f1=0.0)
    root = ET.parse(out).getroot()  # a control character in a message must not break the XML
    cases = _cases(root)
    assert len(cases) == len(REAL) + 1
    failure = cases[0].find("failure")
    assert failure is not None
    assert "ProviderError" in (failure.get("message") or "")
    assert "<here>" in (failure.get("message") or "")
    assert cases[1].find("failure") is None
    gate_case = next(c for c in cases if c.get("name") == "gate")
    assert gate_case.find("failure") is None


def test_dates_show_per_category_in_the_report_and_the_html(
    report: EvalReport, real_fixtures: list[Fixture], tmp_path: Path
) -> None:
    run = report.runs[0]
    assert {"date_accuracy", "date_coverage"} <= set(run.headline)
    dated = [c for c in run.categories.values() if c.date_coverage is not None]
    assert dated and all(0.0 <= c.date_coverage <= 1.0 for c in dated)  # type: ignore[operator]
    out = tmp_path / "report.html"
    write_html(report, real_fixtures, out)
    page = out.read_text(encoding="utf-8")
    assert "<h2>Dates</h2>" in page and "accuracy / coverage" in page
