"""What the corpus precision and recall figures are made of: every candidate the finder fires on a negative or
near-miss record and every positive, found or missed, listed for a hand audit; then the audited figures.

    python bench/corpora_audit.py --corpus rams --split test --out /tmp/audit-rams-test.jsonl
    python bench/corpora_audit.py --corpus geneva --split test --out /tmp/audit-geneva-test.jsonl
    python bench/corpora_audit.py --corpus rams --split dev --out /tmp/audit-rams-dev.jsonl     # tuning split
    python bench/corpora_audit.py --corpus rams --split test --out /tmp/a.jsonl \\
        --verdicts bench/results/corpora-audit-test.yaml                      # measured vs audited precision

The listing (JSON Lines: one line per candidate on a negative or near-miss, one per positive) holds the corpus's
sentence text, so it is written where you say (under /tmp): RAMS (CC BY-SA 4.0) and GENEVA (CC BY 3.0) text stays
out of the repository. The verdicts file holds only record ids, trigger words, verdicts, error kinds and causes.

Scoring is `bench/corpora.py`'s own (`predictions`, `score_record`, `Level`): a negative "fires" a category when a
finder candidate of that category lies in the sentence of the record's annotated trigger, one false positive per
record however many candidates it holds; precision = positives found / (positives found + negatives that fire).
Candidates elsewhere in a RAMS window are listed too (``in_trigger_sentence: false``) but are not in the figure.

Audited precision counts as false positives only the firing records judged ``wrong``: a record is ``wrong`` when any
of its candidates in the trigger sentence is wrong, ``unclear`` when none is wrong and one is unclear, ``real`` when
all are real events of the category (GUIDELINES §6, §12) that the corpus left unlabelled. ``unclear`` is reported
both ways; a firing record with no verdict counts as a false positive.

The same judgement can be put on the positives counted as found (``positives_found``: is the candidate that found
the record a real event of the category? the corpus counts a robbery's "shot" as an attack found): the
``symmetric`` figure is then real / all firing records, positives and negatives pooled, as the measured one pools
them, with ``unclear`` both ways.

Each missed positive in the verdicts' ``positives_missed`` gets a cause and a side: ``finder`` (the lexicon or the parse
fails on a real event of the category), ``mapping`` (the corpus type maps onto the category, but the guidelines
file no such item: a robbery, a debate), ``annotation`` (the annotated word is no event of its type: "blasted" as
criticism) or ``unclear``. Audited recall leaves the corpus-side misses out of the denominator.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml
from corpora import CORPORA, Level, Pred, _gold_categories, load_records, predictions, score_record, trigger_sentence

CATEGORIES = ("military_events", "proposals", "exchanges")
VERDICTS = ("real", "wrong", "unclear")
SIDES = ("finder", "mapping", "annotation", "unclear")


def _in_trigger_sentence(p: Pred, r: dict) -> bool:
    # The same test as corpora.score_record, so the listing adds up to its "negatives fired".
    return p.s_start <= r["trigger"]["start"] < p.s_end


def _gold_sentence(r: dict) -> str:
    """The sentence of the record's trigger (RAMS windows hold five; GENEVA records are one sentence)."""
    start, end = trigger_sentence(r)
    return r["text"][start:end]


def _common(r: dict, corpus: str) -> dict:
    return {
        "corpus": corpus,
        "split": r["split"],
        "id": r["id"],
        "label": r["label"],
        "dataset_type": r.get("rams_type") or r.get("frame"),
        "gold_trigger": r["trigger"]["text"],
    }


def listing(corpus: str, records: list[dict]) -> tuple[list[dict], Level]:
    """One row per finder candidate on a negative or near-miss record (``row: candidate``), one per positive
    record and gold category (``row: positive``, with ``missed`` and the candidates that found it)."""
    rows: list[dict] = []
    level = Level()
    for r in records:
        finder, brief = predictions(r["text"])
        score_record(r, finder, level)
        kept = {(p.category, p.start, p.end) for p in brief}
        if r["label"] in ("negative", "near_miss"):
            for p in finder:
                rows.append(
                    _common(r, corpus)
                    | {
                        "row": "candidate",
                        "category": p.category,
                        "kind": p.kind,
                        "trigger": r["text"][p.start : p.end],
                        "start": p.start,
                        "in_trigger_sentence": _in_trigger_sentence(p, r),
                        "in_brief": (p.category, p.start, p.end) in kept,
                        "sentence": r["text"][p.s_start : p.s_end],
                    }
                )
            continue
        for cat, kind in _gold_categories(r):
            hits = [p for p in finder if p.category == cat and _in_trigger_sentence(p, r)]
            rows.append(
                _common(r, corpus)
                | {
                    "row": "positive",
                    "category": cat,
                    "kind": kind,
                    "mapping_confidence": r["mapping_confidence"],
                    "note": r.get("note"),
                    "missed": not hits,
                    # what made it "found": a candidate of the category anywhere in the trigger's sentence
                    "found_by": [(p.kind, r["text"][p.start : p.end], p.start) for p in hits],
                    "sentence": _gold_sentence(r),
                    "arguments": [(a["role"], a["text"]) for a in r.get("arguments") or []],
                    "other_candidates": [
                        (p.category, p.kind, r["text"][p.start : p.end], _in_trigger_sentence(p, r)) for p in finder
                    ],
                }
            )
    return rows, level


def _record_verdict(verdicts: list[str]) -> str:
    if "wrong" in verdicts:
        return "wrong"
    if "unclear" in verdicts:
        return "unclear"
    return "real"


def audited(corpus: str, split: str, rows: list[dict], level: Level, path: Path) -> list[dict]:
    """Measured against audited precision per category, from the hand verdicts in ``path``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = [e for e in data.get("negatives") or [] if e["corpus"] == corpus and e["split"] == split]
    for e in entries:
        if e["verdict"] not in VERDICTS:
            raise SystemExit(f"{path}: {e['id']}: verdict {e['verdict']!r} is not one of {VERDICTS}")
    by_key: dict[tuple[str, str, int], str] = {(e["id"], e["category"], e["start"]): e["verdict"] for e in entries}
    fired: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        if row["row"] == "candidate" and row["label"] == "negative" and row["in_trigger_sentence"]:
            fired[(row["id"], row["category"])].append(row)
    stale = set(by_key) - {(r["id"], r["category"], r["start"]) for rs in fired.values() for r in rs}
    if stale:
        print(f"warning: {len(stale)} verdicts match no candidate the finder emits now: {sorted(stale)[:5]}")
    out = []
    for cat in CATEGORIES:
        tp = level.recall_sentence[f"{cat} all"].found
        counts: Counter[str] = Counter()
        errors: Counter[str] = Counter()
        for (rid, c), cands in fired.items():
            if c != cat:
                continue
            got = [by_key.get((rid, cat, x["start"])) for x in cands]
            if None in got:
                counts["unaudited"] += 1
                continue
            counts[_record_verdict(got)] += 1
        for e in entries:
            if e["category"] == cat and e["verdict"] == "wrong":
                errors[e.get("error") or "?"] += 1
        fp = sum(counts.values())
        assert fp == level.neg_fired[cat].found, (fp, level.neg_fired[cat].found)
        found_rows = [r for r in rows if r["row"] == "positive" and r["category"] == cat and not r["missed"]]
        assert len(found_rows) == tp, (len(found_rows), tp)
        found_v = {
            e["id"]: e["verdict"]
            for e in data.get("positives_found") or []
            if e["corpus"] == corpus and e["split"] == split and e["category"] == cat
        }
        symmetric = None
        if found_v:
            pos: Counter[str] = Counter(found_v.get(r["id"], "unaudited") for r in found_rows)
            real = pos["real"] + counts["real"]
            n = tp + fp
            symmetric = {
                "found_real": pos["real"],
                "found_wrong": pos["wrong"],
                "found_unclear": pos["unclear"],
                "found_unaudited": pos["unaudited"],
                "found_wrong_by_confidence": dict(
                    Counter(r["mapping_confidence"] for r in found_rows if found_v.get(r["id"]) == "wrong")
                ),
                "precision_symmetric_unclear_as_fp": round(real / n, 3),
                "precision_symmetric_unclear_left_out": round(
                    real / (real + pos["wrong"] + counts["wrong"] + pos["unaudited"] + counts["unaudited"]), 3
                ),
                "precision_symmetric_unclear_as_tp": round((real + pos["unclear"] + counts["unclear"]) / n, 3),
            }

        def prec(n_fp: int, tp: int = tp) -> float | None:
            return round(tp / (tp + n_fp), 3) if tp + n_fp else None

        out.append(
            {
                "corpus": corpus,
                "split": split,
                "category": cat,
                "positives_found": tp,
                "positives": level.recall_sentence[f"{cat} all"].total,
                "negatives": level.neg_fired[cat].total,
                "negatives_fired": fp,
                **{k: counts[k] for k in (*VERDICTS, "unaudited")},
                "precision_measured": prec(fp),
                # unaudited records stay false positives: no verdict is no excuse
                "precision_audited_unclear_as_fp": prec(counts["wrong"] + counts["unclear"] + counts["unaudited"]),
                "precision_audited_unclear_as_tp": prec(counts["wrong"] + counts["unaudited"]),
                "errors": dict(errors.most_common()),
                "symmetric": symmetric,
            }
        )
    return out


def audited_recall(corpus: str, split: str, rows: list[dict], path: Path) -> list[dict]:
    """Measured recall against recall without the misses that the corpus side explains."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = {
        (e["id"], e["category"]): e
        for e in data.get("positives_missed") or []
        if e["corpus"] == corpus and e["split"] == split
    }
    for e in entries.values():
        if e["side"] not in SIDES:
            raise SystemExit(f"{path}: {e['id']}: side {e['side']!r} is not one of {SIDES}")
    out = []
    groups = [(c, None) for c in CATEGORIES]
    groups += sorted({(r["category"], r["kind"]) for r in rows if r["row"] == "positive" and r["kind"]})
    for cat, kind in groups:
        positives = [r for r in rows if r["row"] == "positive" and r["category"] == cat and kind in (None, r["kind"])]
        missed = [r for r in positives if r["missed"]]
        if not any((r["id"], cat) in entries for r in missed):
            continue
        sides: Counter[str] = Counter(entries[(r["id"], cat)]["side"] if (r["id"], cat) in entries else "unaudited"
                                      for r in missed)  # fmt: skip
        stale = [k for k in entries if k[1] == cat and k[0] not in {r["id"] for r in missed}]
        if stale and kind is None:
            print(f"warning: {len(stale)} {cat} misses are found now: {stale[:5]}")
        found = len(positives) - len(missed)
        corpus_side = sides["mapping"] + sides["annotation"]

        def rec(n_missed: int, found: int = found) -> float | None:
            return round(found / (found + n_missed), 3) if found + n_missed else None

        out.append(
            {
                "corpus": corpus,
                "split": split,
                "category": cat if kind is None else f"{cat}/{kind}",
                "found": found,
                "positives": len(positives),
                "missed": len(missed),
                **{k: sides[k] for k in (*SIDES, "unaudited")},
                "recall_measured": rec(len(missed)),
                "recall_without_corpus_side_unclear_as_miss": rec(len(missed) - corpus_side),
                "recall_without_corpus_side_or_unclear": rec(len(missed) - corpus_side - sides["unclear"]),
                "causes": dict(
                    Counter(entries[(r["id"], cat)]["cause"] for r in missed if (r["id"], cat) in entries).most_common()
                ),
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=["rams", "geneva"], required=True)
    ap.add_argument("--split", required=True, help="rams: dev | test; geneva: val | test")
    ap.add_argument("--out", type=Path, required=True, help="JSON Lines listing (holds corpus text: keep it in /tmp)")
    ap.add_argument("--verdicts", type=Path, help="Hand verdicts (YAML): print measured vs audited precision.")
    ap.add_argument("--json", type=Path, help="With --verdicts: also write the audited figures here.")
    args = ap.parse_args(argv)
    if not CORPORA.exists():
        print(f"no corpora at {CORPORA}", file=sys.stderr)
        return 2
    if args.out.resolve().is_relative_to(Path(__file__).resolve().parent.parent):
        print(
            f"{args.out}: the listing holds corpus text; write it outside the repository (e.g. /tmp)", file=sys.stderr
        )
        return 2
    records = load_records(args.corpus, args.split)
    if not records:
        print(f"no {args.corpus} records in split {args.split!r}", file=sys.stderr)
        return 2
    rows, level = listing(args.corpus, records)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{args.corpus} {args.split}: {len(records)} records, {len(rows)} rows → {args.out}")
    for cat in CATEGORIES:
        neg = level.neg_fired[cat]
        near = level.near_fired[cat]
        rec = level.recall_sentence[f"{cat} all"]
        print(
            f"  {cat}: positives found {rec.found}/{rec.total}, negatives fired {neg.found}/{neg.total}, "
            f"near-misses fired {near.found}/{near.total}, precision vs negatives {level.precision(cat)}"
        )
    if args.verdicts:
        table = audited(args.corpus, args.split, rows, level, args.verdicts)
        print("\n| category | found / positives | negatives fired | real | wrong | unclear | unaudited "
              "| precision measured | audited (unclear = FP) | audited (unclear = TP) |")  # fmt: skip
        print("|---|---|---|---|---|---|---|---|---|---|")
        for t in table:
            print(
                f"| {t['category']} | {t['positives_found']}/{t['positives']} | {t['negatives_fired']}/"
                f"{t['negatives']} | {t['real']} | {t['wrong']} | {t['unclear']} | {t['unaudited']} | "
                f"{t['precision_measured']} | {t['precision_audited_unclear_as_fp']} | "
                f"{t['precision_audited_unclear_as_tp']} |"
            )
        for t in table:
            if t["errors"]:
                print(f"  {t['category']} errors: {t['errors']}")
            if t["symmetric"]:
                print(f"  {t['category']} positives found, audited the same way: {t['symmetric']}")
        recall = audited_recall(args.corpus, args.split, rows, args.verdicts)
        if recall:
            print("\n| category | found / positives | missed | finder | mapping | annotation | unclear | unaudited "
                  "| recall measured | without corpus-side misses (unclear = miss) | (unclear left out) |")  # fmt: skip
            print("|---|---|---|---|---|---|---|---|---|---|---|")
            for t in recall:
                print(
                    f"| {t['category']} | {t['found']}/{t['positives']} | {t['missed']} | {t['finder']} | "
                    f"{t['mapping']} | {t['annotation']} | {t['unclear']} | {t['unaudited']} | "
                    f"{t['recall_measured']} | {t['recall_without_corpus_side_unclear_as_miss']} | "
                    f"{t['recall_without_corpus_side_or_unclear']} |"
                )
        if args.json:
            args.json.write_text(json.dumps({"precision": table, "recall": recall}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
