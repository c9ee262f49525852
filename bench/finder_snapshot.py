"""Snapshot what the offline extractor makes of every fixture and corpus window, and compare two snapshots.

A change meant to leave behaviour alone (moving code between modules, naming a stage of ``_found``) is checked by
taking a snapshot before and after and comparing them: every field of every :class:`~summarizer.extractor.Found` that
``find()`` returns on each fixture article and each third-party corpus window, ``background_setting`` of each, and each
fixture's heuristic brief (its provenance's time and latency left out).

    python bench/finder_snapshot.py write /tmp/before            # on the old code (a worktree of it)
    python bench/finder_snapshot.py write /tmp/after             # on the new code
    python bench/finder_snapshot.py compare /tmp/before /tmp/after

``compare`` exits 1 and names the fixtures and windows that differ, 0 when all are identical; a file that one snapshot
holds and the other lacks or holds empty is named once, not as every record differing. Corpus windows are read from
``--corpora`` (default ../shared/corpora beside the checkout; never written into the repository): ``write`` stops with
exit 2 when that folder is missing, since a worktree elsewhere would otherwise write no windows without a word, and
``--no-corpora`` leaves them out on purpose.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import summarize  # noqa: E402
from summarizer.evals.fixtures import load_fixtures  # noqa: E402
from summarizer.extractor import Found, background_setting, find  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"


def found_record(f: Found) -> dict[str, Any]:
    """Every field of a Found as JSON (the parse it points into left out; a retold item by its offsets)."""
    out: dict[str, Any] = {}
    for fl in dataclasses.fields(f):
        if fl.name in ("sentence", "retells"):
            continue
        value = getattr(f, fl.name)
        out[fl.name] = value.value if hasattr(value, "value") else value
    out["retells"] = None if f.retells is None else [f.retells.start, f.retells.end]
    out["background"] = background_setting(f)
    return out


def write(out: Path, fixtures_dir: Path, corpora: Path | None) -> int:
    if corpora is not None and not any(corpora.glob("*.jsonl")):
        print(f"no corpus windows at {corpora}: pass --corpora DIR, or --no-corpora for fixtures only", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    with (out / "fixtures.jsonl").open("w", encoding="utf-8") as fh:
        for fx in load_fixtures(fixtures_dir):
            brief = summarize(fx.to_article(), strategy="heuristic", cache=False).model_dump(mode="json")
            if brief.get("provenance"):
                brief["provenance"].pop("created_at", None)
                brief["provenance"].pop("latency_s", None)
            found = [found_record(f) for f in find(fx.article.text)]
            fh.write(json.dumps({"id": fx.id, "found": found, "brief": brief}, default=str) + "\n")
    windows = 0
    with (out / "corpora.jsonl").open("w", encoding="utf-8") as fh:
        for path in sorted(corpora.glob("*.jsonl")) if corpora is not None else []:
            for line in path.open(encoding="utf-8"):
                record = json.loads(line)
                found = [found_record(f) for f in find(record["text"])]
                fh.write(json.dumps({"id": f"{path.stem}:{record['id']}", "found": found}, default=str) + "\n")
                windows += 1
    print(f"wrote {out}: fixtures and {windows} corpus windows")
    return 0


def _rows(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    return {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def compare(a: Path, b: Path) -> int:
    differ: list[str] = []
    counts = []
    for name in ("fixtures.jsonl", "corpora.jsonl"):
        left, right = _rows(a / name), _rows(b / name)
        if bool(left) != bool(right):
            empty = a if not left else b
            differ.append(f"{name}: {empty} has no records ({len(left or right)} on the other side)")
            counts.append(len(left or right))
            continue
        differ += [k for k in sorted(set(left) | set(right)) if left.get(k) != right.get(k)]
        counts.append(len(left))
    for k in differ:
        print(f"differs: {k}")
    print(f"{counts[0]} fixtures, {counts[1]} corpus windows; {len(differ)} differ")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write", help="snapshot the current code's output into DIR")
    w.add_argument("dir", type=Path)
    w.add_argument("--fixtures", type=Path, default=ROOT / "evals" / "fixtures")
    w.add_argument("--corpora", type=Path, default=CORPORA, help=f"the corpus windows (default {CORPORA})")
    w.add_argument("--no-corpora", action="store_true", help="fixtures only")
    c = sub.add_parser("compare", help="compare two snapshots; exit 1 when any record differs")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = ap.parse_args(argv)
    if args.command == "write":
        return write(args.dir, args.fixtures, None if args.no_corpora else args.corpora)
    return compare(args.before, args.after)


if __name__ == "__main__":
    raise SystemExit(main())
