"""How much of the no-LLM score comes from actors the gazetteer knows by name: extract with some kinds of curated
actor removed from ``summarizer/data/actors.yaml``, score with the full gazetteer, per split.

    python bench/gazetteer_ablation.py                                  # dev and heldout; persons, units, organisations
    python bench/gazetteer_ablation.py --split dev_78 --drop person --json /tmp/ablation.json
    python bench/gazetteer_ablation.py --split dev --errors military_events    # dev only: what goes wrong without them

Why: the curated gazetteer's persons, military units and organisations were written while labelling and tuning on the
dev fixtures; the held-out fixtures' actors mostly are not in it. If the dev/held-out gap came from that knowledge,
removing it would pull dev down towards held-out. The scorer keeps the full gazetteer in every row (it decides whether
two names denote one party, and must not change between rows), so extraction runs in a child process that loads the
stripped file. States (pycountry plus the curated demonyms and capitals) are never removed. Figures only: no brief or
error is printed, so held-out splits may be run (evals/SPLITS.md).

``--errors`` lists, for dev splits only (``refuse_closed_split``), what the stripped extraction gets wrong, as
``bench/dev_errors.py`` lists it: a dev fixture whose actors the gazetteer does not know reads like an unseen article,
so those errors show how the rules handle unknown persons, units and groups without opening held-out text.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

KINDS = ("person", "military", "organization", "other")


def stripped_actors(data: dict[str, Any], drop: set[str]) -> dict[str, Any]:
    """``actors.yaml`` without the ``actors`` entries whose kind is in ``drop``, kept consistent: links to a removed
    parent are cut, and ``title_case_only`` and ``contextual`` entries naming what was removed are left out (the
    loader rejects dangling ones)."""
    out = dict(data)
    kept = [dict(a) for a in data.get("actors") or [] if a.get("kind") not in drop]
    names = {a["name"] for a in kept}
    for a in kept:
        if a.get("affiliation") and a["affiliation"] not in names:
            a.pop("affiliation")
    forms: set[str] = set()
    for a in kept:
        forms.update([a["name"], *(a.get("aliases") or []), *(a.get("canonical_only") or [])])
    for state in (data.get("states") or {}).values():
        if isinstance(state, dict):
            forms.update([*(state.get("aliases") or []), *(state.get("canonical_only") or [])])
            if state.get("name"):
                forms.add(state["name"])
    out["actors"] = kept
    out["title_case_only"] = [f for f in data.get("title_case_only") or [] if f in forms]
    out["contextual"] = [c for c in data.get("contextual") or [] if c.get("name") in names or c.get("name") in forms]
    return out


def _extract(split: str, drop: set[str], out: Path) -> None:
    """Child process: patch the gazetteer's data before anything reads it, then write every brief of the split."""
    import summarizer.gazetteer as gazetteer

    original = gazetteer.read_data

    def read_data(name: str) -> str:
        text = original(name)
        if name != "actors.yaml" or not drop:
            return text
        return yaml.safe_dump(stripped_actors(yaml.safe_load(text), drop), allow_unicode=True)

    gazetteer.read_data = read_data
    from summarizer.evals.fixtures import load_fixtures, load_split
    from summarizer.pipeline import run_pipeline

    ids = load_split(Path("evals/splits.yaml"), split)
    briefs = {}
    for fixture in load_fixtures(Path("evals/fixtures"), only=ids):
        brief = asyncio.run(run_pipeline(fixture.to_article(), None, strategy="heuristic"))
        briefs[fixture.id] = json.loads(brief.model_dump_json())
    out.write_text(json.dumps(briefs), encoding="utf-8")


def _errors(path: Path, categories: list[str]) -> None:
    from dev_errors import print_errors

    from summarizer.evals.fixtures import load_fixtures
    from summarizer.schema import Brief, Category

    briefs = json.loads(path.read_text(encoding="utf-8"))
    for fixture in load_fixtures(Path("evals/fixtures"), only=list(briefs)):
        print_errors(fixture, Brief.model_validate(briefs[fixture.id]), [Category(c) for c in categories])


def _score(path: Path) -> dict[str, float]:
    from summarizer.evals.fixtures import load_fixtures
    from summarizer.evals.scoring import score_brief
    from summarizer.schema import Brief

    briefs = json.loads(path.read_text(encoding="utf-8"))
    fixtures = {f.id: f for f in load_fixtures(Path("evals/fixtures"), only=list(briefs))}
    total = None
    for fid, data in briefs.items():
        score, _ = score_brief(Brief.model_validate(data), fixtures[fid])
        if total is None:
            total = score
        else:
            total.merge(score)
    assert total is not None, "empty split"
    return total.headline()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", action="append", help="splits of evals/splits.yaml (default: dev and heldout)")
    ap.add_argument("--drop", default="person,military,organization", help=f"kinds to remove, of {', '.join(KINDS)}")
    ap.add_argument("--json", type=Path, help="write the figures here too")
    ap.add_argument(
        "--errors",
        metavar="CATEGORIES",
        help="dev splits only: list the stripped run's errors, e.g. proposals,exchanges,military_events",
    )
    ap.add_argument("--child", nargs=2, metavar=("SPLIT", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    drop = {k for k in args.drop.split(",") if k}
    if unknown := drop - set(KINDS):
        ap.error(f"unknown kinds: {sorted(unknown)}")
    if args.child:
        _extract(args.child[0], drop, Path(args.child[1]))
        return 0
    if args.errors:
        from _common import refuse_closed_split

        for split in args.split or ["dev"]:
            refuse_closed_split(split)
        with tempfile.TemporaryDirectory() as tmp:
            for split in args.split or ["dev"]:
                out = Path(tmp) / f"{split}.json"
                subprocess.run([sys.executable, __file__, "--drop", args.drop, "--child", split, str(out)], check=True)
                _errors(out, args.errors.split(","))
        return 0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for split in args.split or ["dev", "heldout"]:
            for removed in ("", args.drop):
                out = Path(tmp) / f"{split}-{removed or 'none'}.json"
                child = [sys.executable, __file__, "--drop", removed, "--child", split, str(out)]
                subprocess.run(child, check=True)
                head = _score(out)
                rows.append({"split": split, "removed": removed or "nothing", **head})
                print(
                    f"{split:<12} removed {removed or 'nothing':<32} strict {head['strict_macro_f1']:.3f}"
                    f"  detection {head['detection_macro_f1']:.3f}",
                    flush=True,
                )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
