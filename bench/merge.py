"""Merge 10,000 briefs: wall time, peak memory, comparisons, and how right the merge is on known truth.

The briefs are real ones varied: the no-LLM briefs of the coreference articles (evals/coref/articles) are
copied into "stories" of ``--copies`` outlets each. Every story of an article is moved to its own date
(a random shift of up to ±``--spread-days``, the same for all its dates), and each copy inside a story
jitters by up to a day, as outlets do. So the truth is known: copies of one story report the same events
(they must merge), and two stories of the same article are different events with the same words and
actors (they must not; only the dates tell them apart, which is the hardest case for blocking). Articles
without a publication date get 2023-06-01 before the shift, so every variant has one.

The merge runs in a fresh child process, so its peak RSS is the merge's own.

    python bench/merge.py                      # 10,000 briefs
    python bench/merge.py --n 2000 --copies 3
    python bench/merge.py --engine ray         # the comparisons in Ray tasks
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, record  # noqa: E402

ARTICLES = ROOT / "evals" / "coref" / "articles"


def base_records() -> list[dict[str, Any]]:
    from summarizer.inputs import read_article
    from summarizer.pipeline import summarize

    out = []
    for path in sorted(ARTICLES.glob("*.txt")):
        brief = summarize(read_article(path), strategy="heuristic", cache=False)
        out.append({"id": path.stem, "brief": brief.model_dump(mode="json")})
    return out


def _shift(value: str | None, days: int) -> str | None:
    if not value:
        return value
    return (dt.date.fromisoformat(value[:10]) + dt.timedelta(days=days)).isoformat()


def variant(base: dict[str, Any], rid: str, days: int) -> dict[str, Any]:
    brief = json.loads(json.dumps(base["brief"]))
    art = brief["article"]
    art["published"] = _shift(art.get("published") or "2023-06-01", days)
    for cat in ("proposals", "exchanges", "military_events"):
        for item in brief[cat]:
            w = item.get("when") or {}
            w["start"], w["end"] = _shift(w.get("start"), days), _shift(w.get("end"), days)
    return {
        "id": rid,
        "content_sha256": rid,
        "status": "ok",
        "brief": brief,
        "error": None,
        "seconds": 0.0,
        "backend": "none",
        "model": "none",
        "strategy": "heuristic",
    }


def generate(path: Path, n: int, copies: int, spread: int, seed: int) -> dict[str, str]:
    """Write ``n`` variant records; return each record id's story id (the truth)."""
    rng = random.Random(seed)
    bases = base_records()
    truth: dict[str, str] = {}
    with path.open("w", encoding="utf-8") as f:
        k = 0
        story = 0
        while k < n:
            base = bases[story % len(bases)]
            shift = rng.randint(-spread, spread)
            for c in range(copies):
                if k >= n:
                    break
                rid = f"{base['id']}~s{story}c{c}"
                f.write(json.dumps(variant(base, rid, shift + rng.randint(0, 1)), ensure_ascii=False) + "\n")
                truth[rid] = f"s{story}"
                k += 1
            story += 1
    return truth


CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from summarizer.merge import MergeStats, merge_file
from summarizer.export import write
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t1 = time.perf_counter()
c1 = time.process_time()
st = MergeStats()
items = merge_file(sys.argv[1], stats=st, engine=sys.argv[4])
t2 = time.perf_counter()
c2 = time.process_time()
write(items, sys.argv[2])
t3 = time.perf_counter()
clusters = [[(s.article_id, m.category.value, s.index) for s in m.sources] for m in items]
json.dump({"import_s": t1 - t0, "merge_s": t2 - t1, "merge_cpu_s": c2 - c1, "merge_inner_s": st.seconds,
           "write_s": t3 - t2,
           "rss0_mb": rss0 / 1024, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
           "items": st.items, "records": st.records, "blocks": st.blocks, "comparisons": st.comparisons,
           "links": st.links, "merged": st.merged_items, "multi": st.multi_source_items, "clusters": clusters},
          open(sys.argv[3], "w"))
"""


def pairwise(clusters: list[list[list[Any]]], truth: dict[str, str]) -> dict[str, float]:
    """Pairwise precision/recall against the stories: two items are one event iff same story, same
    category, same index in the (identical) base brief."""
    from collections import defaultdict

    def key(m: list[Any]) -> tuple[str, str, int]:
        return truth[m[0]], m[1], m[2]

    sys_pairs = 0
    tp = 0
    gold_sizes: dict[tuple[str, str, int], int] = defaultdict(int)
    for c in clusters:
        sys_pairs += len(c) * (len(c) - 1) // 2
        by: dict[tuple[str, str, int], int] = defaultdict(int)
        for m in c:
            by[key(m)] += 1
            gold_sizes[key(m)] += 1
        tp += sum(v * (v - 1) // 2 for v in by.values())
    gold_pairs = sum(v * (v - 1) // 2 for v in gold_sizes.values())
    p = tp / sys_pairs if sys_pairs else 1.0
    r = tp / gold_pairs if gold_pairs else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="briefs to merge")
    ap.add_argument("--copies", type=int, default=4, help="outlets per story")
    ap.add_argument("--spread-days", type=int, default=3650)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--engine", default="local", help="local or ray (a local Ray started in the child)")
    ap.add_argument("--note", default="")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        briefs, merged, result = Path(tmp) / "briefs.jsonl", Path(tmp) / "merged.jsonl", Path(tmp) / "r.json"
        t = time.perf_counter()
        truth = generate(briefs, a.n, a.copies, a.spread_days, a.seed)
        gen_s = time.perf_counter() - t
        size_mb = briefs.stat().st_size / 1e6
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", CHILD, str(briefs), str(merged), str(result), a.engine], check=True)
        wall = time.perf_counter() - t
        r = json.loads(result.read_text())
    pw = pairwise(r["clusters"], truth)
    row = {
        "engine": a.engine,
        "briefs": r["records"],
        "input MB": f"{size_mb:.1f}",
        "items": r["items"],
        "blocks": r["blocks"],
        "comparisons": r["comparisons"],
        "all pairs": r["items"] * (r["items"] - 1) // 2,
        "links": r["links"],
        "merged items": r["merged"],
        "2+ sources": r["multi"],
        "read+validate+merge s": f"{r['merge_s']:.2f}",
        "of which merge s": f"{r['merge_inner_s']:.2f}",
        "read+validate+merge CPU s": f"{r['merge_cpu_s']:.2f}",
        "write jsonl s": f"{r['write_s']:.2f}",
        "process wall s": f"{wall:.2f}",
        "peak RSS MB": f"{r['rss_mb']:.0f}",
        "RSS after imports MB": f"{r['rss0_mb']:.0f}",
        "pairwise P": pw["precision"],
        "pairwise R": pw["recall"],
    }
    notes = [
        f"input: {a.n} variants of the heuristic briefs of the {len(list(ARTICLES.glob('*.txt')))} coref articles, "
        f"{a.copies} copies per story, stories shifted ±{a.spread_days} days, copies jittered 0-1 day "
        f"(generated in {gen_s:.1f} s, not timed)",
        "truth: copies of a story are one event per item; stories never are (P/R are pairwise on that truth)",
    ]
    if a.note:
        notes.append(f"note: {a.note}")
    record("merge", [row], notes)


if __name__ == "__main__":
    main()
