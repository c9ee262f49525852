"""How far two labellers agree, under the eval's own strict scoring (summarizer/evals/agreement.py).

    python bench/agreement.py evals/fixtures evals/agreement/batch7-b --part dev_batch7 --part heldout_batch7
    python bench/agreement.py A_DIR B_DIR --ids ID1 ID2 --json /tmp/agreement.json
    python bench/agreement.py A_DIR B_DIR --disagreements /tmp/disagreements.md   # every mismatch, to classify

Labeller B's fixtures (B_DIR, every *.yaml there unless --ids) are read as predictions and scored against
labeller A's (A_DIR, same ids) exactly as `summarizer eval` scores a brief: `score_brief`, A's optional items
costing nothing when B leaves them out. Then the other way round (A predicts, B is gold). Two rows each: the
predicting labeller's required items only (an item they marked optional is one they would not fault a system
for leaving out, so it is not a prediction they stand by), and all their items.

Figures per row: `strict` and `detect` are the eval's headline (the counts of all articles added together, F1
per category, then the mean over the categories that have anything to score: `strict_macro_f1`); `micro` pools
the three categories too; `per-art.` is the mean over articles of each article's own macro F1; then per category
strict / detection F1 and the attribute accuracies on matched pairs (of the gold side's labelled attributes).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from summarizer.evals.agreement import AgreementResult, score_agreement
from summarizer.evals.aliases import NO_ALIASES, ArticleAliases, article_aliases
from summarizer.evals.fixtures import Fixture, FixtureError, GoldEvent, GoldItem, load_fixture, load_split
from summarizer.evals.scoring import (
    Pred,
    Score,
    actor_f1,
    attribution_right,
    date_right,
    key_actors,
    location_right,
)
from summarizer.schema import Category

ROOT = Path(__file__).resolve().parent.parent
SPLITS = ROOT / "evals" / "splits.yaml"
ATTRS = ("date", "status", "certainty", "location", "actors", "kind", "attribution")
SHORT = {"proposals": "prop", "exchanges": "exch", "military_events": "events"}


def load_dir(directory: Path, ids: list[str]) -> list[Fixture]:
    missing = [i for i in ids if not (directory / f"{i}.yaml").is_file()]
    if missing:
        raise FixtureError(f"{directory}: no fixture for {', '.join(missing)}")
    return [load_fixture(directory / f"{i}.yaml") for i in ids]


def figures(result: AgreementResult, ids: list[str]) -> dict[str, object]:
    total: Score = result.total(ids)
    head = total.headline()
    out: dict[str, object] = {
        "articles": len(ids),
        "strict_macro_f1": head["strict_macro_f1"],
        "detection_macro_f1": head["detection_macro_f1"],
        "strict_micro_f1": head["strict_micro_f1"],
        "detection_micro_f1": head["detection_micro_f1"],
        "strict_per_article_f1": result.fixture_mean("strict_macro_f1", ids),
        "detection_per_article_f1": result.fixture_mean("detection_macro_f1", ids),
        "categories": {},
        "counts": {},
        "attributes": total.attribute_accuracies(),
    }
    for c in Category:
        cs = total.categories[c.value]
        # A category with nothing on either side has no F1 (the headline leaves it out too), not a free 1.0.
        scored = bool(cs.detection.tp + cs.detection.fp + cs.detection.fn)
        out["categories"][c.value] = {  # type: ignore[index]
            "strict_f1": round(cs.strict.f1, 4) if scored else None,
            "detection_f1": round(cs.detection.f1, 4) if scored else None,
        }
        out["counts"][c.value] = {"strict": cs.strict.model_dump(), "detection": cs.detection.model_dump()}  # type: ignore[index]
    return out


def _mean(a: object, b: object) -> object:
    """The figure-by-figure mean of the two directions (None where either has nothing to measure)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return {k: _mean(a[k], b[k]) for k in a if k in b}
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return round((a + b) / 2, 4)
    return None


def _fmt(x: object) -> str:
    return f"{x:.2f}" if isinstance(x, float) else ("–" if x is None else str(x))


def table(rows: list[tuple[str, str, str, dict]]) -> str:
    head = (
        "| part | direction | predicted items | n | strict | detect | strict micro | detect micro | strict per-art."
        " | detect per-art. | prop s/d | exch s/d | events s/d | " + " | ".join(ATTRS) + " |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for part, direction, items, f in rows:
        cats = f["categories"]
        cells = [
            part,
            direction,
            items,
            str(f["articles"]),
            *(
                _fmt(f[k])
                for k in (
                    "strict_macro_f1",
                    "detection_macro_f1",
                    "strict_micro_f1",
                    "detection_micro_f1",
                    "strict_per_article_f1",
                    "detection_per_article_f1",
                )
            ),
            *(f"{_fmt(cats[c.value]['strict_f1'])}/{_fmt(cats[c.value]['detection_f1'])}" for c in Category),
            *(_fmt(f["attributes"].get(a)) for a in ATTRS),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _item_line(item: object) -> str:
    # Every field that holds a value, defaults included (a predicted "occurred" is a value the gold may lack).
    raw = item.model_dump(mode="json", exclude={"evidence", "flags", "spans"}, exclude_none=True)  # type: ignore[attr-defined]
    data = {k: v for k, v in raw.items() if v not in ([], "", {})}
    when = data.pop("when", None)
    if when and (when.get("text") or when.get("start")):
        data["when"] = {k: v for k, v in when.items() if k in ("text", "start", "end", "precision")}
    quotes = [getattr(e, "quote", e) for e in getattr(item, "evidence", [])]
    return (
        f"{json.dumps(data, ensure_ascii=False, default=str)}\n      evidence: {json.dumps(quotes, ensure_ascii=False)}"
    )


def attribute_differences(pred: Pred, gold: GoldItem, aliases: ArticleAliases = NO_ALIASES) -> list[str]:
    """The attributes of a matched pair that the eval would score as wrong, judged by the scorer's own tests (names
    compared with the pairs the article defines, as ``score_brief`` compares them)."""
    out: list[str] = []
    if isinstance(gold, GoldEvent) and gold.kind is not None and pred.kind != gold.kind:  # type: ignore[union-attr]
        out.append("kind")
    if getattr(gold, "status", None) is not None and pred.status != gold.status:  # type: ignore[attr-defined]
        out.append("status")
    if gold.certainty is not None and pred.certainty != gold.certainty:
        out.append("certainty")
    if key_actors(gold) and actor_f1(key_actors(pred), key_actors(gold), aliases) < 1.0:
        out.append("actors")
    if gold.when is not None and date_right(pred.when, gold.when) < 1.0:
        out.append("date")
    if gold.attributed_to is not None and attribution_right(pred.attributed_to, gold.attributed_to, aliases) < 1.0:
        out.append("attribution")
    if (
        isinstance(gold, GoldEvent)
        and gold.location
        and location_right(getattr(pred, "location", None), gold.location) < 1.0
    ):
        out.append("location")
    return out


def disagreements(result: AgreementResult, gold: list[Fixture], pred_name: str, gold_name: str, items: str) -> str:
    """Every mismatch of one direction: the unmatched predictions, the missed required gold items, the matched
    pairs whose key fields differ, and the strictly matched pairs with an attribute the eval scores as wrong,
    each with its fields, to classify by hand."""
    by_id = {f.id: f for f in gold}
    out: list[str] = [f"## {pred_name} predicts ({items} items), {gold_name} is gold\n"]
    for r in result.results:
        fx = by_id[r.fixture_id]
        aliases = article_aliases(fx.article.text)
        lines: list[str] = []
        for c in Category:
            preds, golds, m = r.brief.items(c), fx.expected.items(c), r.matches[c.value]
            for x in m.matches:
                opt = " (gold optional)" if golds[x.gold].optional else ""
                if not x.strict:
                    lines.append(f"- {c.value}: matched, key fields differ{opt}")
                else:
                    wrong = attribute_differences(preds[x.pred], golds[x.gold], aliases)
                    if not wrong:
                        continue
                    lines.append(f"- {c.value}: strict match{opt}, attributes differ: {', '.join(wrong)}")
                lines.append(f"    {pred_name}: {_item_line(preds[x.pred])}")
                lines.append(f"    {gold_name}: {_item_line(golds[x.gold])}")
            for i in m.unmatched_pred:
                lines.append(f"- {c.value}: {pred_name}'s item matches nothing of {gold_name}'s")
                lines.append(f"    {pred_name}: {_item_line(preds[i])}")
            for j in m.unmatched_gold:
                if not golds[j].optional:
                    lines.append(f"- {c.value}: {gold_name}'s required item matches nothing of {pred_name}'s")
                    lines.append(f"    {gold_name}: {_item_line(golds[j])}")
        if lines:
            out.append(f"### {r.fixture_id}\n")
            out.extend(lines)
            out.append("")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a_dir", type=Path, help="labeller A's fixtures (the first gold)")
    ap.add_argument("b_dir", type=Path, help="labeller B's fixtures")
    ap.add_argument("--ids", nargs="+", help="only these fixture ids (default: every *.yaml of B_DIR)")
    ap.add_argument("--part", action="append", default=[], help="repeatable: also report this split of --splits")
    ap.add_argument("--splits", type=Path, default=SPLITS, help="the splits file for --part (evals/splits.yaml)")
    ap.add_argument("--json", type=Path, help="write every figure here")
    ap.add_argument(
        "--disagreements", type=Path, help="write every mismatch (strict, then attributes), both directions, here"
    )
    args = ap.parse_args(argv)

    try:
        ids = args.ids or sorted(p.stem for p in args.b_dir.glob("*.yaml"))
        if not ids:
            raise FixtureError(f"no fixtures (*.yaml) in {args.b_dir}")
        parts = {"all": ids}
        for name in args.part:
            members = load_split(args.splits, name)
            parts[name] = [i for i in ids if i in members]
        a_fx, b_fx = load_dir(args.a_dir, ids), load_dir(args.b_dir, ids)
        runs = {
            (direction, items): score_agreement(pred, gold, with_optional=items == "all")
            for direction, pred, gold in (("B vs A gold", b_fx, a_fx), ("A vs B gold", a_fx, b_fx))
            for items in ("required", "all")
        }
    except (FixtureError, KeyError, ValueError) as e:
        print(f"agreement: {e}", file=sys.stderr)
        return 2

    rows: list[tuple[str, str, str, dict]] = []
    for part, members in parts.items():
        for items in ("required", "all"):
            both = [figures(runs[(d, items)], members) for d in ("B vs A gold", "A vs B gold")]
            rows.append((part, "B vs A gold", items, both[0]))
            rows.append((part, "A vs B gold", items, both[1]))
            mean = _mean(both[0], both[1])
            assert isinstance(mean, dict)
            mean["articles"] = len(members)
            rows.append((part, "mean", items, mean))
    sys.stdout.write(table(rows))
    if args.json:
        payload = {
            "a_dir": str(args.a_dir),
            "b_dir": str(args.b_dir),
            "parts": parts,
            "rows": [{"part": p, "direction": d, "predicted_items": i, **f} for p, d, i, f in rows],
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    if args.disagreements:
        text = "# Mismatches: strict ones, then attributes of strict matches\n\n"
        for items in ("required", "all"):
            text += disagreements(runs[("B vs A gold", items)], a_fx, "B", "A", items)
            text += disagreements(runs[("A vs B gold", items)], b_fx, "A", "B", items)
        args.disagreements.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
