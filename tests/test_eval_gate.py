"""CI's eval: every fixture, the embedded model (no cache, so the model really runs), gated on the
committed baseline. Reports land in evals/reports/ci/ for a person to open."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.backends import available_models
from summarizer.cli import app
from summarizer.evals.report import EvalReport

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


@pytest.mark.skipif(not available_models(), reason="no GGUF installed")
def test_eval_on_all_fixtures_passes_the_baseline_gate() -> None:
    out = ROOT / "evals" / "reports" / "ci"
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "--fixtures",
            str(ROOT / "evals/fixtures"),
            "--baseline",
            str(ROOT / "evals/baseline.json"),
            "--no-cache",
            "--out",
            str(out),
        ],
    )
    report = EvalReport.model_validate_json((out / "report.json").read_text())
    rows = {r.label: r.headline for r in report.runs}
    print({k: (v["strict_macro_f1"], v["detection_macro_f1"]) for k, v in rows.items()}, f"{report.wall_seconds} s")
    assert result.exit_code == 0, result.output
    assert "none/heuristic" in rows  # the no-LLM floor is always in the matrix
    # The embedded default must beat the floor; if it does not, the model is doing harm.
    assert rows["local/guided"]["strict_macro_f1"] >= rows["none/heuristic"]["strict_macro_f1"]
    assert (out / "junit.xml").exists() and (out / "report.html").exists()
