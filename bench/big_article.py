"""A 5 MB article must finish in bounded time: `summarizer brief BIG.txt` with the heuristic and with the
default (embedded model, guided, per-article budgets), and the cost of the non-LLM parts per 1,000 words.

BIG.txt is the real articles (``/work/shared/articles`` or the fixtures' copies) concatenated until just under
the CLI's default ``--max-bytes`` (5,000,000 bytes); it is generated, never committed.

    python bench/big_article.py [--bytes 5000000] [--out /tmp/BIG.txt] [--runs heuristic,default]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from _common import real_articles, record

from summarizer.inputs import read_article
from summarizer.instructions import find_excluded
from summarizer.sentences import split_sentences


def build(path: Path, limit: int) -> int:
    block = "\n\n".join(a.text.strip() for a in real_articles())
    data = block.encode("utf-8")
    sep = b"\n\n"
    parts: list[bytes] = []
    size = 0
    while size + len(sep) + len(data) <= limit:
        parts.append(data)
        size += len(data) + len(sep)
    path.write_bytes(sep.join(parts) + b"\n")
    return path.stat().st_size


def brief(path: Path, strategy: str | None, out: Path) -> tuple[float, dict]:
    cmd = [sys.executable, "-m", "summarizer.cli", "brief", str(path), "-f", "json", "-o", str(out), "--no-cache"]
    if strategy:
        cmd += ["--strategy", strategy]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return wall, json.loads(out.read_text(encoding="utf-8"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bytes", type=int, default=5_000_000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/BIG.txt"))
    ap.add_argument("--runs", default="heuristic,default")
    ap.add_argument("--note", default="")
    args = ap.parse_args()

    size = build(args.out, args.bytes)
    article = read_article(args.out)
    words = len(article.text.split())
    per_k = 1000 / words

    rows: list[dict[str, object]] = []
    t0 = time.perf_counter()
    spans = find_excluded(article.text)
    t_detect = time.perf_counter() - t0
    t0 = time.perf_counter()
    sentences = split_sentences(article.text)
    t_split = time.perf_counter() - t0
    rows.append(
        {
            "run": "in process: find_excluded (instructions + boilerplate)",
            "wall s": f"{t_detect:.2f}",
            "s per 1k words": f"{t_detect * per_k:.4f}",
            "LLM calls": 0,
            "excluded spans": len(spans),
            "items p/x/e": "",
            "notes": "",
        }
    )
    rows.append(
        {
            "run": "in process: split_sentences (pysbd)",
            "wall s": f"{t_split:.2f}",
            "s per 1k words": f"{t_split * per_k:.4f}",
            "LLM calls": 0,
            "excluded spans": "",
            "items p/x/e": f"{len(sentences):,} sentences",
            "notes": "",
        }
    )
    for run in args.runs.split(","):
        strategy = None if run == "default" else run
        wall, data = brief(args.out, strategy, args.out.with_suffix(f".{run}.json"))
        prov = data.get("provenance") or {}
        rows.append(
            {
                "run": f"`summarizer brief BIG.txt{' --strategy ' + strategy if strategy else ''} --no-cache`",
                "wall s": f"{wall:.1f}",
                "s per 1k words": f"{wall * per_k:.4f}",
                "LLM calls": (prov.get("usage") or {}).get("calls", 0),
                "excluded spans": len(data.get("excluded", [])),
                "items p/x/e": f"{len(data['proposals'])}/{len(data['exchanges'])}/{len(data['military_events'])}",
                "notes": "; ".join(prov.get("notes") or []) or "",
            }
        )
    notes = [
        f"article: {size:,} bytes, {words:,} words, the real articles concatenated (generated, not committed)",
        "wall s of a CLI run includes start-up, reading, the rules, the model, grounding and writing the JSON",
        "default = embedded model (SmolLM2-135M), guided, --max-llm-calls 200 --time-budget 300 (the defaults)",
    ]
    if args.note:
        notes.append(args.note)
    record("5 MB article: bounded work", rows, notes)


if __name__ == "__main__":
    main()
