"""Is a change of score real, or the luck of a few fixtures? Two eval reports of the same fixtures, compared.

    summarizer eval -m none --no-cache --split heldout_9to11 --out /tmp/before   # on the old code
    summarizer eval -m none --no-cache --split heldout_9to11 --out /tmp/after    # on the new code
    python bench/compare_reports.py /tmp/before /tmp/after
    python bench/compare_reports.py /tmp/before /tmp/after --json /tmp/cmp.json --label heldout_9to11

Each argument is an ``--out`` directory (or its ``report.json``); the first run of each is compared (the no-LLM row
when ``-m none``). The headline is recomputed from the per-fixture counts exactly as ``Score.headline`` does (the
strict and detection counts pooled over fixtures per category, F1 per category, the mean over categories with
anything to score), so it equals the figure ``summarizer eval`` prints.

**The interval.** A paired bootstrap over fixtures: the same resample of fixtures is scored before and after, 2,000
times (seed fixed), and the 5th and 95th percentiles of the change are printed. A held-out split of 12–36 articles
moves by a few hundredths when one article gains or loses an item, so a change whose interval holds 0 is reported as
such. Per fixture, the strict tp / fp / fn counts that changed are listed (ids and counts only: no text, so the tool
may be run on held-out reports).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

CATEGORIES = ("proposals", "exchanges", "military_events")
Counts = dict[str, dict[str, dict[str, int]]]  # category -> "strict"/"detection" -> tp/fp/fn


class ReportError(ValueError):
    """A path that holds no eval report with a run."""


def read_report(path: Path) -> dict[str, Any]:
    """An ``--out`` directory's (or a ``report.json``'s) report, checked to have a first run with fixtures."""
    report = path / "report.json" if path.is_dir() else path
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
        data["runs"][0]["fixtures"]
    except (OSError, ValueError, KeyError, IndexError) as e:
        raise ReportError(f"{report}: not an eval report with a run ({e})") from None
    return data


def load_counts(path: Path) -> dict[str, Counts]:
    """Per fixture id, the strict and detection counts of each category, from the report's first run."""
    try:
        fixtures = read_report(path)["runs"][0]["fixtures"]
    except ReportError as e:
        raise SystemExit(str(e)) from None
    out: dict[str, Counts] = {}
    for f in fixtures:
        cats = f["score"]["categories"]
        out[f["fixture_id"]] = {
            c: {w: {k: int(cats[c][w][k]) for k in ("tp", "fp", "fn")} for w in ("strict", "detection")}
            for c in CATEGORIES
        }
    return out


def _f1(tp: int, fp: int, fn: int) -> float:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def macro_f1(counts: list[Counts], which: str) -> float:
    """``Score.headline``'s macro F1 of the pooled counts: categories with nothing to score are left out."""
    f1s = []
    for c in CATEGORIES:
        tp = sum(x[c][which]["tp"] for x in counts)
        fp = sum(x[c][which]["fp"] for x in counts)
        fn = sum(x[c][which]["fn"] for x in counts)
        det = [sum(x[c]["detection"][k] for x in counts) for k in ("tp", "fp", "fn")]
        if sum(det):
            f1s.append(_f1(tp, fp, fn))
    return sum(f1s) / len(f1s) if f1s else 0.0


def compare(before: dict[str, Counts], after: dict[str, Counts], *, resamples: int = 2000, seed: int = 0) -> dict:
    """The headline before and after, the change, its paired-bootstrap 90% interval, and the fixtures that moved."""
    ids = sorted(before)
    if sorted(after) != ids:
        missing = sorted(set(before) ^ set(after))
        raise SystemExit(f"the two reports hold different fixtures: {', '.join(missing[:5])} ...")
    rng = random.Random(seed)
    out: dict[str, Any] = {"fixtures": len(ids), "resamples": resamples}
    for which in ("strict", "detection"):
        b = macro_f1([before[i] for i in ids], which)
        a = macro_f1([after[i] for i in ids], which)
        deltas = []
        for _ in range(resamples):
            pick = [ids[rng.randrange(len(ids))] for _ in ids]
            deltas.append(macro_f1([after[i] for i in pick], which) - macro_f1([before[i] for i in pick], which))
        deltas.sort()
        lo, hi = deltas[int(0.05 * resamples)], deltas[int(0.95 * resamples) - 1]
        out[which] = {
            "before": round(b, 4),
            "after": round(a, 4),
            "change": round(a - b, 4),
            "interval90": [round(lo, 4), round(hi, 4)],
        }
    moved = []
    for i in ids:
        diff = {
            c: (before[i][c]["strict"], after[i][c]["strict"])
            for c in CATEGORIES
            if before[i][c]["strict"] != after[i][c]["strict"]
        }
        if diff:
            gain = sum(
                x[1]["tp"] - x[0]["tp"] - (x[1]["fp"] - x[0]["fp"]) - (x[1]["fn"] - x[0]["fn"]) for x in diff.values()
            )
            moved.append({"fixture": i, "better": gain > 0, "worse": gain < 0, "categories": diff})
    out["moved"] = moved
    return out


def render(result: dict, label: str) -> str:
    lines = [
        f"## {label}: {result['fixtures']} fixtures, paired bootstrap over fixtures ({result['resamples']} resamples)",
        "",
    ]
    lines += ["| measure | before | after | change | 90% interval |", "|---|---|---|---|---|"]
    for which in ("strict", "detection"):
        r = result[which]
        lo, hi = r["interval90"]
        lines.append(
            f"| {which} macro F1 | {r['before']:.3f} | {r['after']:.3f} | {r['change']:+.3f} | {lo:+.3f} … {hi:+.3f} |"
        )
    better = sum(m["better"] for m in result["moved"])
    worse = sum(m["worse"] for m in result["moved"])
    lines += [
        "",
        f"Fixtures whose strict counts changed: {len(result['moved'])} ({better} better, {worse} worse, "
        "by tp − fp − fn).",
        "",
    ]
    for m in result["moved"]:
        tag = "better" if m["better"] else "worse" if m["worse"] else "mixed"
        parts = [
            f"{c} tp/fp/fn {b['tp']}/{b['fp']}/{b['fn']} → {a['tp']}/{a['fp']}/{a['fn']}"
            for c, (b, a) in m["categories"].items()
        ]
        lines.append(f"- {m['fixture']} ({tag}): " + "; ".join(parts))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("before", type=Path, help="eval --out directory (or report.json) of the old code")
    ap.add_argument("after", type=Path, help="eval --out directory (or report.json) of the new code")
    ap.add_argument("--label", default="comparison", help="heading of the printed table")
    ap.add_argument("--resamples", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, help="also write the result here")
    args = ap.parse_args(argv)
    result = compare(load_counts(args.before), load_counts(args.after), resamples=args.resamples, seed=args.seed)
    sys.stdout.write(render(result, args.label))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
