"""JUnit XML for an eval report, so CI dashboards show every fixture of every run as a test.

One testsuite per run, one testcase per scored fixture (and repeat), and one ``gate`` testcase per run
when the report carries a gate verdict.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from .report import EvalReport, FixtureResult, GateResult, RunResult

# Characters XML 1.0 cannot carry at all, not even escaped; an error message from a model or server
# may contain them, and one of them would make the whole file unparseable.
_INVALID_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_HEADLINE_ORDER = (
    "strict_macro_f1",
    "detection_macro_f1",
    "strict_micro_f1",
    "detection_micro_f1",
    "grounding_rate",
    "hallucination_rate",
)


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _headline_text(headline: dict[str, float]) -> str:
    keys = [k for k in _HEADLINE_ORDER if k in headline]
    keys += sorted(k for k in headline if k not in _HEADLINE_ORDER)
    return "\n".join(f"{k}: {headline[k]:.4f}" for k in keys)


def _case_name(run: RunResult, fr: FixtureResult) -> str:
    # With repeats, the same fixture appears once per repeat; keep the names unique per suite.
    return f"{fr.fixture_id} [repeat {fr.repeat}]" if run.repeats > 1 else fr.fixture_id


def _fixture_case(suite: ET.Element, run: RunResult, fr: FixtureResult, min_f1: float | None) -> bool:
    """Add one fixture's testcase; returns whether it failed."""
    name = _clean(_case_name(run, fr))
    case = ET.SubElement(suite, "testcase", classname=_clean(run.label), name=name, time=f"{fr.seconds:.3f}")
    strict = fr.headline.get("strict_macro_f1")
    failed = True
    if fr.error:
        failure = ET.SubElement(case, "failure", message=_clean(fr.error), type="error")
        failure.text = _clean(fr.error)
    elif min_f1 is not None and (strict is None or strict < min_f1):
        got = "missing" if strict is None else f"{strict:.4f}"
        message = f"strict macro F1 {got} < min_f1 {min_f1:.4f}"
        ET.SubElement(case, "failure", message=message, type="below_min_f1")
    else:
        failed = False
    out = ET.SubElement(case, "system-out")
    out.text = _clean(_headline_text(fr.headline))
    return failed


def _gate_reasons(gate: GateResult, run: RunResult) -> list[str]:
    # gate() prefixes each reason with the run's label and a colon; the colon keeps "a/b" from claiming
    # the reasons of "a/b/prompt".
    return [r for r in gate.reasons if r.startswith(f"{run.label}:")]


def _gate_case(suite: ET.Element, classname: str, reasons: list[str]) -> bool:
    case = ET.SubElement(suite, "testcase", classname=_clean(classname), name="gate", time="0")
    if reasons:
        failure = ET.SubElement(case, "failure", message=_clean(reasons[0]), type="gate")
        failure.text = _clean("\n".join(reasons))
    return bool(reasons)


def build_junit(report: EvalReport, *, min_f1: float | None = None) -> ET.Element:
    root = ET.Element("testsuites", name="summarizer-evals")
    total_tests = total_failures = 0
    total_time = 0.0
    claimed: set[str] = set()
    timestamp = report.created_at.replace(microsecond=0).isoformat()
    for run in report.runs:
        suite = ET.SubElement(root, "testsuite", name=_clean(run.label), timestamp=timestamp)
        tests = failures = 0
        seconds = 0.0
        for fr in run.fixtures:
            failures += _fixture_case(suite, run, fr, min_f1)
            tests += 1
            seconds += fr.seconds
        if report.gate is not None:
            reasons = _gate_reasons(report.gate, run)
            claimed.update(reasons)
            failures += _gate_case(suite, run.label, reasons)
            tests += 1
        props = ET.Element("properties")
        for key, value in (
            ("backend", run.backend),
            ("model", run.model),
            ("strategy", run.strategy),
            ("prompt", run.prompt or ""),
            ("repeats", str(run.repeats)),
        ):
            ET.SubElement(props, "property", name=key, value=_clean(value))
        suite.insert(0, props)
        out = ET.SubElement(suite, "system-out")
        out.text = _clean(_headline_text(run.headline))
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        suite.set("time", f"{seconds:.3f}")
        total_tests += tests
        total_failures += failures
        total_time += seconds
    if report.gate is not None:
        # A failed gate whose reasons name no run (or there are no runs) must still show as a failure.
        orphans = [r for r in report.gate.reasons if r not in claimed]
        if orphans or (not report.gate.passed and not claimed):
            suite = ET.SubElement(root, "testsuite", name="gate", timestamp=timestamp)
            failed = _gate_case(suite, "gate", orphans or ["gate failed"])
            suite.set("tests", "1")
            suite.set("failures", str(int(failed)))
            suite.set("errors", "0")
            suite.set("skipped", "0")
            suite.set("time", "0")
            total_tests += 1
            total_failures += int(failed)
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    root.set("time", f"{total_time:.3f}")
    return root


def write_junit(report: EvalReport, path: Path, *, min_f1: float | None = None) -> None:
    root = build_junit(report, min_f1=min_f1)
    ET.indent(root)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
