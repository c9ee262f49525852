"""The eval's summary as plain text that reads in a CI log: no terminal, 80 columns, nothing cut off.

Each row of the matrix is a headline line (strict and detection macro-F1, grounding and hallucination rates)
followed by indented detail lines that wrap at the width: per category strict/detection F1, the attribute
accuracies on matched items, and cost. A row that could not be scored says why instead of showing zeros.
"""

from __future__ import annotations

import textwrap

from .report import EvalReport, RunResult

HEAD = ("strict", "detect", "ground", "halluc")
COL = 7  # width of one number column
CATEGORIES = (("proposals", "proposals"), ("exchanges", "exchanges"), ("military_events", "events"))
ATTRIBUTES = ("status", "certainty", "attribution", "date", "location", "actors", "kind")


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _wrap(parts: list[str], width: int, indent: str = "  ") -> list[str]:
    """Pack the parts into lines of ``width``, breaking only between parts (a name stays with its number)."""
    lines: list[str] = []
    line = indent
    for part in parts:
        sep = "" if line.strip() == "" else "  "
        if line.strip() and len(line) + len(sep) + len(part) > width:
            lines.append(line)
            line, sep = indent + "  ", ""
        line += sep + part
    if line.strip():
        lines.append(line)
    return [x if len(x) <= width else textwrap.shorten(x, width, placeholder="…") for x in lines]


def _row(run: RunResult, width: int, label_width: int) -> list[str]:
    label = run.label + (" (floor)" if run.strategy == "heuristic" else "")
    if run.not_scored:
        return [label, *_wrap([f"not scored: {run.not_scored}"], width)]
    h = run.headline
    spread = f"±{run.spread.get('strict_macro_f1', 0):.2f}" if run.repeats > 1 else ""
    cells = [
        f"{h.get('strict_macro_f1', 0):.3f}{spread}",
        f"{h.get('detection_macro_f1', 0):.3f}",
        _num(h.get("grounding_rate")),
        _num(h.get("hallucination_rate")),
    ]
    numbers = "".join(c.rjust(COL) for c in cells)
    lines = (
        [label.ljust(label_width) + numbers]
        if len(label) <= label_width
        else [label, " " * label_width + numbers]  # a long label gets its own line rather than being cut
    )
    cats = [
        f"{name} {_num(run.categories[c].strict.get('f1'))}/{_num(run.categories[c].detection.get('f1'))}"
        for c, name in CATEGORIES
        if c in run.categories
    ]
    lines += _wrap(["strict/detect:", *cats], width)
    if run.strategy != "heuristic" or run.attributes:
        attrs = [f"{a} {_num(run.attributes.get(a))}" for a in ATTRIBUTES if a in run.attributes]
        if attrs:
            lines += _wrap(["accuracy:", *attrs], width)
    cost = [
        f"{run.seconds_per_article:.1f} s/article",
        f"{run.tokens_in_per_article:.0f}/{run.tokens_out_per_article:.0f} tokens in/out",
        f"{run.calls_per_article:.1f} calls",
    ]
    if run.errors:
        cost.append(f"{run.errors} error(s)")
    lines += _wrap(cost, width)
    if run.unrecorded:
        lines += _wrap([f"not replayed ({len(run.unrecorded)}): {', '.join(run.unrecorded)}"], width)
    for note in run.replay_notes:
        lines += _wrap([f"note: {note}"], width)
    return lines


def render_table(report: EvalReport, width: int = 80) -> str:
    """The report's rows as text no wider than ``width`` (at least 60)."""
    width = max(60, width)
    label_width = width - COL * len(HEAD)
    n = len(report.fixture_ids)
    lines = [
        f"eval: {n} fixtures, {report.wall_seconds:.0f} s; macro F1, then per category and attribute accuracy",
        "run".ljust(label_width) + "".join(h.rjust(COL) for h in HEAD),
        "-" * width,
    ]
    for run in report.runs:
        lines += _row(run, width, label_width)
    missing = [run for run in report.runs if run.unrecorded]
    if missing:
        lines.append("-" * width)
        for run in missing:
            why = run.not_scored or f"{len(run.unrecorded)} of {len(report.fixture_ids)} fixtures not replayed"
            lines += _wrap([f"needs recording: {run.label}:", f"{why}; record it with"], width, indent="")
            prompt = f" -p {run.prompt}" if run.prompt else ""
            lines.append(f"  summarizer eval -m openai:MODEL -s {run.strategy}{prompt} --record DIR")
    return "\n".join(textwrap.shorten(x, width, placeholder="…") if len(x) > width else x for x in lines) + "\n"
