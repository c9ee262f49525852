"""Does a learned keep/drop gate over the items the no-LLM default emits raise text it was not fitted on?

    python bench/item_gate.py --cv                                   # choose the threshold on dev (5-fold by fixture)
    python bench/item_gate.py --report --threshold T --split heldout # fit on all of dev, run once on a split
    python bench/item_gate.py --report --threshold T --split heldout --split batch14 --json out.json

The eighth session's round (evals/SPLITS.md, "Round of 2026-12-04, eighth session"). Every item the heuristic brief
emits is one row; its label is *strict-right* (matched to a gold item with its key fields right, as ``summarizer eval``
scores it; ``bench/item_groups.py`` marks it). Its features are properties of the item, never a word of the text: the
category, and under it the properties of ``item_groups.GROUPS`` (kind, status, certainty, quotes, position, place,
date, attribution, parties), the number of quotes, the first quote's relative position, the gazetteer kind of the first
party, and the item's date against the article's publication date. A logistic regression (scikit-learn, C=1, unweighted:
the gate needs probabilities) gives each item a probability of being right; an item below the threshold is dropped.

``--cv`` fits on four fifths of dev's fixtures and predicts the fifth (seed 9), then prints, for each threshold, the
change of both headlines when the out-of-fold predictions drop items. ``--report`` fits on all of dev and prints, for
each split named, the headlines before and after the drop with ``bench/compare_reports.py``'s paired-bootstrap 90 %
interval. Only counts are printed (no text, no item), so it may be run on held-out splits.

Needs the ``[train]`` extra (scikit-learn).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compare_reports import Counts, compare  # noqa: E402
from item_groups import Item, Scored, _run, _without, emitted, rescore  # noqa: E402

from summarizer.evals.fixtures import load_fixtures, load_split  # noqa: E402
from summarizer.evals.scoring import key_actors, score_brief  # noqa: E402
from summarizer.gazetteer import actor_record  # noqa: E402
from summarizer.schema import Brief, Category  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = [round(0.05 * k, 2) for k in range(1, 11)]  # 0.05 … 0.50, fixed by the round's declaration
FOLDS, SEED = 5, 9
RECENT_DAYS = 31


def _party_kind(item: Item) -> str:
    names = key_actors(item)
    if not names:
        return "none"
    kind = actor_record(names[0]).kind.value
    # the gazetteer's "other" is a name it does not know
    return "unknown" if kind == "other" else kind


def _dated(item: Item, brief: Brief) -> str:
    start, published = item.when.start, brief.article.published
    if start is None:
        return "no date"
    if published is None:
        return "dated, no publication date"
    return "within a month" if abs((published - start).days) <= RECENT_DAYS else "older or later"


def features(item: Item, category: Category, groups: dict[str, str], brief: Brief, text: str) -> dict[str, float]:
    """The item's properties as one-hot and numeric features, each under its category (no word of the text);
    ``groups`` are its ``item_groups.GROUPS`` values, as ``item_groups.emitted`` gives them."""
    c = category.value
    out: dict[str, float] = {f"category={c}": 1.0}
    out.update({f"{c}|{name}={value}": 1.0 for name, value in groups.items()})
    out[f"{c}|party={_party_kind(item)}"] = 1.0
    out[f"{c}|date={_dated(item, brief)}"] = 1.0
    out[f"{c}|quotes"] = float(min(len(item.evidence), 5))
    starts = [e.start for e in item.evidence if e.start is not None]
    out[f"{c}|position"] = min(starts) / len(text) if starts and text else 1.0
    return out


@dataclass
class Row:
    fixture: int
    category: Category
    index: int
    x: dict[str, float]
    strict: bool


def rows(scored: list[Scored]) -> list[Row]:
    """Each emitted item, marked strict-right as ``item_groups.emitted`` (and so ``summarizer eval``) marks it."""
    out: list[Row] = []
    for e in emitted(scored):
        s = scored[e.fixture]
        item = s.brief.items(e.category)[e.index]
        x = features(item, e.category, e.groups, s.brief, s.fixture.article.text)
        out.append(Row(e.fixture, e.category, e.index, x, e.strict))
    return out


def fit(train: list[Row]) -> Any:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(DictVectorizer(), LogisticRegression(C=1.0, max_iter=3000, solver="lbfgs"))
    model.fit([r.x for r in train], [int(r.strict) for r in train])
    return model


def predict(model: Any, these: list[Row]) -> list[float]:
    return [float(p) for p in model.predict_proba([r.x for r in these])[:, 1]] if these else []


def out_of_fold(data: list[Row], n_fixtures: int, folds: int = FOLDS, seed: int = SEED) -> list[float]:
    """Each row's probability from a model fitted on the other folds' fixtures."""
    order = list(range(n_fixtures))
    random.Random(seed).shuffle(order)
    fold_of = {f: k % folds for k, f in enumerate(order)}
    probs = [0.0] * len(data)
    for k in range(folds):
        train = [r for r in data if fold_of[r.fixture] != k]
        held = [i for i, r in enumerate(data) if fold_of[r.fixture] == k]
        for i, p in zip(held, predict(fit(train), [data[i] for i in held]), strict=True):
            probs[i] = p
    return probs


def _dropped(data: list[Row], probs: list[float], threshold: float) -> set[tuple[int, Category, int]]:
    return {(r.fixture, r.category, r.index) for r, p in zip(data, probs, strict=True) if p < threshold}


def sweep(scored: list[Scored], data: list[Row], probs: list[float]) -> dict:
    base = rescore(scored, set())
    out = []
    for t in THRESHOLDS:
        drop = _dropped(data, probs, t)
        after = rescore(scored, drop)
        right = sum(1 for r, p in zip(data, probs, strict=True) if p < t and r.strict)
        out.append(
            {
                "threshold": t,
                "dropped": len(drop),
                "dropped_strict_right": right,
                "strict_change": round(after["strict"]["headline"] - base["strict"]["headline"], 4),
                "detection_change": round(after["detection"]["headline"] - base["detection"]["headline"], 4),
            }
        )
    rising = [r for r in out if r["strict_change"] > 0 and r["detection_change"] >= 0]
    best = max(rising, key=lambda r: (r["strict_change"], -r["threshold"]), default=None)
    return {"base": base, "rows": out, "chosen": best["threshold"] if best else None}


def counts(scored: list[Scored], drop: set[tuple[int, Category, int]]) -> dict[str, Counts]:
    """Per fixture id, the strict and detection counts after dropping (compare_reports' shape)."""
    out: dict[str, Counts] = {}
    for n, s in enumerate(scored):
        mine = {(c, i) for f, c, i in drop if f == n}
        score, _ = score_brief(_without(s.brief, mine), s.fixture)
        out[s.fixture.id] = {
            c: {
                w: {k: int(getattr(getattr(score.categories[c], w), k)) for k in ("tp", "fp", "fn")}
                for w in ("strict", "detection")
            }
            for c in (x.value for x in Category)
        }
    return out


def _split(name: str) -> list[Scored]:
    ids = load_split(ROOT / "evals" / "splits.yaml", name)
    fixtures = load_fixtures(ROOT / "evals" / "fixtures", only=ids)
    print(f"running the no-LLM default on {len(fixtures)} fixtures of {name} ...", file=sys.stderr)
    return _run(fixtures)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--cv", action="store_true", help="choose the threshold on the fit split by 5-fold CV")
    mode.add_argument("--report", action="store_true", help="fit on all of the fit split, run on each --split")
    ap.add_argument("--fit-split", default="dev", help="the split the gate is fitted on (default dev)")
    ap.add_argument("--split", action="append", default=[], help="with --report: a split to run on (repeatable)")
    ap.add_argument("--threshold", type=float, help="with --report: drop items below this probability")
    ap.add_argument("--json", type=Path, help="also write the result as JSON")
    args = ap.parse_args(argv)
    if args.report and (args.threshold is None or not args.split):
        ap.error("--report needs --threshold and at least one --split")
    fit_scored = _split(args.fit_split)
    fit_rows = rows(fit_scored)
    n_right = sum(r.strict for r in fit_rows)
    print(f"{args.fit_split}: {len(fit_scored)} fixtures, {len(fit_rows)} emitted items, {n_right} strict-right")
    result: dict[str, Any] = {"fit_split": args.fit_split, "items": len(fit_rows), "strict_right": n_right}
    if args.cv:
        result["cv"] = sweep(fit_scored, fit_rows, out_of_fold(fit_rows, len(fit_scored)))
        for r in result["cv"]["rows"]:
            print(
                f"  t {r['threshold']:.2f}: drop {r['dropped']:3d} ({r['dropped_strict_right']:3d} strict-right)"
                f"  Δstrict {r['strict_change']:+.4f}  Δdet {r['detection_change']:+.4f}"
            )
        print(f"chosen threshold: {result['cv']['chosen']}")
    else:
        model = fit(fit_rows)
        result["threshold"] = args.threshold
        result["splits"] = {}
        for name in args.split:
            scored = _split(name)
            data = rows(scored)
            drop = _dropped(data, predict(model, data), args.threshold)
            cmp = compare(counts(scored, set()), counts(scored, drop))
            cmp["dropped"] = len(drop)
            cmp["dropped_strict_right"] = sum(1 for r in data if (r.fixture, r.category, r.index) in drop and r.strict)
            cmp["moved"] = len(cmp["moved"])  # a count only: the fixture ids stay out of the record
            result["splits"][name] = cmp
            for which in ("strict", "detection"):
                c = cmp[which]
                print(
                    f"{name} ({cmp['fixtures']}): {which} {c['before']:.3f} -> {c['after']:.3f}"
                    f"  change {c['change']:+.4f} [{c['interval90'][0]:+.4f}, {c['interval90'][1]:+.4f}]"
                )
            print(
                f"  dropped {len(drop)} items ({cmp['dropped_strict_right']} strict-right);"
                f" {cmp['moved']} fixtures moved"
            )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
