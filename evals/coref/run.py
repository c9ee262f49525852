"""Cross-article coreference of `summarizer merge`, measured: batch the coref articles, merge, score.

Rows: the no-LLM heuristic floor, the embedded default (local model, guided strategy), and the recorded
capable model (its answers in /work/shared/recordings/brief-v1, replayed through the real openai +
instructor path by a local fake server; recordings exist only for the 14 shared articles, so that row
covers those 14, and the other rows are also given on the same 14 for comparison). Each row at several
merge thresholds, so the trade between wrong and missed merges is visible.

    python evals/coref/run.py                       # writes evals/reports/coref/report.json and .md
    python evals/coref/run.py --rows heuristic      # the fast row only
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "evals" / "coref" / "articles"
GOLD = ROOT / "evals" / "coref" / "gold.yaml"
RECORDINGS = Path(os.environ.get("SUMMARIZER_RECORDINGS", "/work/shared/recordings/brief-v1"))
OUT = ROOT / "evals" / "reports" / "coref"
THRESHOLDS = [0.35, 0.45, 0.55, 0.65, 0.75]


def _article_of(messages: list[dict[str, Any]]) -> str:
    user = next(m["content"] for m in messages if m["role"] == "user")
    return user.split("<article>", 1)[1].rsplit("</article>", 1)[0].strip()


def _recorded_answers() -> dict[str, str]:
    """Article text (as the prompt fenced it) → the recorded tool-call arguments."""
    answers = {}
    for path in sorted(RECORDINGS.glob("*.json")):
        rec = json.loads(path.read_text(encoding="utf-8"))
        call = rec["response"]["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
        answers[_article_of(rec["request"]["messages"])] = call
    return answers


def _batch(src: Path, out: Path, args: list[str], env: dict[str, str] | None = None) -> None:
    cmd = [
        sys.executable,
        "-m",
        "summarizer.cli",
        "batch",
        str(src),
        "-o",
        str(out),
        "--no-progress",
        "--no-cache",
        *args,
    ]
    res = subprocess.run(cmd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    if res.returncode not in (0, 12):
        raise SystemExit(f"batch failed ({res.returncode}): {res.stderr[-2000:]}")
    print(res.stderr.strip().splitlines()[-1] if res.stderr.strip() else "", file=sys.stderr)


def _recorded_batch(src: Path, out: Path) -> None:
    from summarizer.testing.fakeserver import FakeOpenAI

    answers = _recorded_answers()
    missing: list[str] = []

    def respond(body: dict[str, Any]) -> str:
        text = _article_of(body["messages"])
        if text not in answers:
            missing.append(text[:60])
            raise KeyError("no recording for this article")
        return answers[text]

    with FakeOpenAI(respond, model="frontier") as fake:
        _batch(
            src,
            out,
            ["--backend", "openai", "--base-url", fake.base_url, "--model", "frontier", "--strategy", "oneshot"],
            {"OPENAI_API_KEY": "replay"},
        )
    if missing:
        print(f"{len(missing)} request(s) had no recording", file=sys.stderr)


def _score(briefs: Path, articles: set[str] | None = None) -> list[dict[str, Any]]:
    from summarizer.evals.coref import load_gold, score_merge
    from summarizer.merge import MergeOptions, MergeStats, merge_file

    _, spans = load_gold(GOLD, ARTICLES)
    rows = []
    for t in THRESHOLDS:
        st = MergeStats()
        items = merge_file(briefs, MergeOptions(threshold=t), stats=st)
        sc = score_merge(items, spans, articles)
        rows.append({"threshold": t, **sc.model_dump(), "merged_items": len(items)})
    return rows


def _splits() -> dict[str, set[str]]:
    from summarizer.evals.coref import load_gold, split_articles

    gold, _ = load_gold(GOLD, ARTICLES)
    return split_articles(gold, ARTICLES.parent / "heldout.txt", (p.stem for p in ARTICLES.glob("*.txt")))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", default="heuristic,embedded,recorded")
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    rows = a.rows.split(",")
    recorded_ids = {p.stem for p in RECORDINGS.glob("*.json")}
    report: dict[str, Any] = {
        "gold": str(GOLD.relative_to(ROOT)),
        "articles": len(list(ARTICLES.glob("*.txt"))),
        "runs": [],
    }
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        subset = tmp_path / "recorded-articles"
        subset.mkdir()
        for p in ARTICLES.glob("*.txt"):
            if p.stem in recorded_ids:
                shutil.copy(p, subset / p.name)
        n_subset = len(list(subset.glob("*.txt")))
        runs: list[tuple[str, Path, Path, list[str]]] = []
        if "heuristic" in rows:
            runs.append(("heuristic (no LLM)", ARTICLES, tmp_path / "h.jsonl", ["--strategy", "heuristic"]))
        if "embedded" in rows:
            runs.append(("embedded default (local, guided)", ARTICLES, tmp_path / "e.jsonl", ["--backend", "local"]))
        splits = _splits()
        for label, src, out, args in runs:
            _batch(src, out, args)
            report["runs"].append({"label": label, "articles": f"all {report['articles']}", "rows": _score(out)})
            # Merged over all articles, scored on each split's articles (pairs within them).
            for name, arts in splits.items():
                report["runs"].append({"label": label, "articles": f"{name} ({len(arts)})", "rows": _score(out, arts)})
            # The same strategy on the recorded subset alone, to compare with the recorded row.
            sub_out = out.with_name(out.stem + "-subset.jsonl")
            _batch(subset, sub_out, args)
            report["runs"].append({"label": label, "articles": f"the {n_subset} recorded", "rows": _score(sub_out)})
        if "recorded" in rows and n_subset:
            out = tmp_path / "r.jsonl"
            _recorded_batch(subset, out)
            report["runs"].append(
                {
                    "label": "recorded capable model (brief-v1, oneshot)",
                    "articles": f"the {n_subset} recorded",
                    "rows": _score(out),
                }
            )
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    lines = [
        "| run | articles | threshold | pairwise P | pairwise R | pairwise F1 | B³ P | B³ R | B³ F1 "
        "| links (sys/gold) | wrong merges |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in report["runs"]:
        for r in run["rows"]:
            pw, b3 = r["pairwise"], r["b_cubed"]
            lines.append(
                f"| {run['label']} | {run['articles']} | {r['threshold']} | {pw['precision']:.3f} | "
                f"{pw['recall']:.3f} | "
                f"{pw['f1']:.3f} | {b3['precision']:.3f} | {b3['recall']:.3f} | {b3['f1']:.3f} | "
                f"{r['system_links']}/{r['gold_links']} | {len(r['wrong_merges'])} |"
            )
    (a.out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
