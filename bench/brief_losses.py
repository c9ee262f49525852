"""What the candidate finder finds but the brief loses, and which step of the no-LLM pipeline loses it.

    python bench/brief_losses.py                                  # tuning splits (RAMS dev, GENEVA val) and dev
    python bench/brief_losses.py --corpus rams --no-dev           # one corpus only
    python bench/brief_losses.py --fixtures dev_batch6 --no-corpora
    python bench/brief_losses.py --out /tmp/losses.jsonl          # also list every loss (holds corpus text)
    python bench/brief_losses.py --json /tmp/losses.json          # the counts as JSON
    python bench/brief_losses.py --no-corpora --fixtures heldout_select --counts-only   # where a held-out loss is
    python bench/brief_losses.py --no-dev --verdicts bench/results/brief-losses-verdicts.yaml   # by hand verdict

The heuristic pipeline (``pipeline._run_pipeline`` with ``strategy="heuristic"``) is run step by step on each text,
with the same functions in the same order, so each step's output can be looked at:

1. ``screening``: text that is not news (instructions to a model, markup, page furniture) is blanked
   (``instructions.find_excluded``, ``blank``) before the rules read it;
2. ``finder``: ``extractor.find_in`` on the screened text;
3. ``candidates``: ``heuristic.candidates_from`` turns each found trigger into an item or keeps none, with its reason
   (``why=``: no proposer, fewer than two sides, no actor named, only a common noun, a war in passing, an aggregate,
   only proposed, hypothetical);
4. ``merge``: ``heuristic.assemble`` (one item per proposer / pair / actor and kind, several quotes);
5. ``grounding``: ``pipeline.ground_draft`` (quotes located; an item with none is dropped);
6. the filters ``drop_excluded``, ``drop_instruction_like``, ``drop_framed_claims`` and ``merge_restated_events``.

**Corpora** (RAMS dev, GENEVA val; the report splits are refused: their losses are not opened, evals/SPLITS.md). A
positive is *hit* when the finder, run on the raw text as ``bench/corpora.py`` runs it, emits a candidate of the
record's category (or an ``also`` category) in the sentence of the annotated trigger; it is *kept* when the final
brief has an item of that category with a located quote in that sentence. Each hit positive that is not kept is
charged to the first step after which no item of the category covers the sentence. ``bench/corpora.py``'s "brief"
level stops at step 3, so its brief recall is this tool's "after candidates" figure (both count an exchange made from
a proposal as an exchange, the item's own category).

**Fixtures** (dev splits only, except with ``--counts-only``, which keeps nothing but counts by step and generic
reason, and adds the gold items no trigger of their category reaches, as step ``finder``): a gold item is *hit* when
a found trigger of its category lies in a sentence overlapping one of its evidence quotes, *lost* when the eval's
matching (``evals.scoring.score_brief``) leaves it unmatched. A lost item whose sentence an item of the brief still
covers was taken by another gold item: ``merge`` when that item holds quotes of several sentences, ``matching``
otherwise.

The other side: for each negative and near-miss record whose trigger sentence the finder fires a category in (a
false alarm as ``bench/corpora.py`` counts it), the step that removes it, or ``kept`` (the brief's false alarm).

For "no actor" losses the sentence is described too: whether it names a party the gazetteer or the NER knows
elsewhere (``names a party``), or only the sentence before does, or neither.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from _common import refuse_closed_split
from corpora import CORPORA, TUNE, _gold_categories, load_records

from summarizer.evals.fixtures import load_fixtures, load_split
from summarizer.evals.scoring import score_brief
from summarizer.extractor import Found, find, find_in
from summarizer.gazetteer import find_actors
from summarizer.inputs import Article, infer_published
from summarizer.instructions import blank, find_excluded
from summarizer.nlp import Parsed, parse
from summarizer.pipeline import (
    drop_excluded,
    drop_framed_claims,
    drop_instruction_like,
    ground_draft,
    merge_restated_events,
    run_pipeline,
)
from summarizer.schema import ArticleMeta, Brief, Category
from summarizer.strategies.heuristic import Candidate, Unkept, assemble, candidates_from, sentences_of

ROOT = Path(__file__).resolve().parent.parent
_ACTOR_LABELS = frozenset({"ORG", "NORP", "PERSON", "GPE"})
STEPS = (
    "screening",
    "candidates",
    "merge",
    "grounding",
    "drop_excluded",
    "drop_instruction_like",
    "drop_framed_claims",
    "merge_restated_events",
)


@dataclass
class Trace:
    """One article through the heuristic pipeline, with what each step kept."""

    article: Article
    parsed: list[Parsed]
    found: list[Found]
    unkept: Unkept
    candidates: list[Candidate]
    #: Category → located evidence spans of the items after each step from ``merge`` on.
    spans: dict[str, dict[Category, list[list[tuple[int, int]]]]]
    #: The reasons ``brief.dropped`` gives, by category, with the evidence spans of each dropped item.
    dropped: list[tuple[Category, str, list[tuple[int, int]]]]
    brief: Brief


def _item_spans(items: list) -> list[list[tuple[int, int]]]:
    return [[(e.start, e.end) for e in it.evidence if e.start is not None and e.end is not None] for it in items]


def _snapshot(brief: Brief) -> dict[Category, list[list[tuple[int, int]]]]:
    return {c: _item_spans(brief.items(c)) for c in Category}


def trace(article: Article) -> Trace:
    """``pipeline._run_pipeline`` for ``strategy="heuristic"`` and no LLM, one step at a time. The final brief's
    items are those of ``run_pipeline`` (tests/test_brief_losses.py checks it on dev fixtures)."""
    if article.meta.published is None:  # as the pipeline does: a dated URL, byline or dateline
        meta = article.meta.model_copy()
        meta.published, meta.published_source = infer_published(article.text, meta.url)
        article = dataclasses.replace(article, meta=meta)
    excluded = find_excluded(article.text)
    seen = dataclasses.replace(article, text=blank(article.text, excluded)) if excluded else article
    parsed = parse(seen.text)
    found = find_in(parsed)
    unkept: Unkept = []
    candidates = candidates_from(seen, found, why=unkept)
    kept = list(candidates)  # assemble's merge folds candidates into the first of each key, in place
    draft = assemble(seen, candidates, sentences_of(parsed))
    spans: dict[str, dict[Category, list[list[tuple[int, int]]]]] = {}
    brief, _ = ground_draft(draft, article, "strict")
    # the merge step is read from the grounded items plus the ones grounding dropped (both located)
    dropped_spans = defaultdict(list)
    for d in brief.dropped:
        located = [(e["start"], e["end"]) for e in d.item.get("evidence", []) if e.get("start") is not None]
        dropped_spans[d.category].append(located)
    spans["merge"] = {c: _item_spans(brief.items(c)) + dropped_spans[c] for c in Category}
    spans["grounding"] = _snapshot(brief)
    drop_excluded(brief, excluded, article.text)
    spans["drop_excluded"] = _snapshot(brief)
    drop_instruction_like(brief, article.text)
    spans["drop_instruction_like"] = _snapshot(brief)
    drop_framed_claims(brief, article.text)
    spans["drop_framed_claims"] = _snapshot(brief)
    merge_restated_events(brief)
    spans["merge_restated_events"] = _snapshot(brief)
    dropped = [
        (
            d.category,
            d.reason,
            [(e["start"], e["end"]) for e in d.item.get("evidence", []) if e.get("start") is not None],
        )
        for d in brief.dropped
    ]
    return Trace(article, parsed, found, unkept, kept, spans, dropped, brief)


def _covers(item_spans: list[list[tuple[int, int]]], lo: int, hi: int) -> list[list[tuple[int, int]]]:
    return [s for s in item_spans if any(a < hi and lo < b for a, b in s)]


def _context(f: Found, t: Trace) -> str:
    """What the sentence of an actorless trigger offers: a party named elsewhere in it, one in the sentence before,
    or nothing."""
    sent = f.sentence
    if f.parties or find_actors(sent.text) or any(e.label_ in _ACTOR_LABELS for e in sent.span.ents):
        return "names a party"
    at = next((i for i, p in enumerate(t.parsed) if p.start == sent.start), None)
    if at:
        prev = t.parsed[at - 1]
        if find_actors(prev.text) or any(e.label_ in _ACTOR_LABELS for e in prev.span.ents):
            return "only the sentence before names a party"
    return "nothing named in it or the sentence before"


def _reason(f: Found, t: Trace) -> str:
    reason = next((r for g, r in t.unkept if g is f), "made an item of another category")
    if "no actor" in reason or "no proposer" in reason or "side(s)" in reason:
        reason += f" ({_context(f, t)})"
    return reason


def loss_step(t: Trace, category: Category, hits: list[Found], lo: int, hi: int) -> tuple[str, str]:
    """The step after which nothing of ``category`` covers ``text[lo:hi]``, and why; ("kept", "") if something does."""
    screened = [f for f in t.found if f.category is category and f.sentence.start < hi and lo < f.sentence.end]
    if not screened:
        return "screening", "its sentence is excluded as not news"
    made = [c for c in t.candidates if c.category is category and c.sentence.start < hi and lo < c.sentence.end]
    if not made:
        reasons = Counter(_reason(f, t) for f in screened)
        return "candidates", reasons.most_common(1)[0][0]
    before = "merge"
    for step in STEPS[2:]:
        if not _covers(t.spans[step][category], lo, hi):
            if step == "merge":
                return step, "its quotes were folded into an item that lost them"
            why = [r for c, r, s in t.dropped if c is category and any(a < hi and lo < b for a, b in s)]
            if step == "merge_restated_events":
                return step, "a proposed event restating a proposal or exchange"
            return step, (why[0] if why else f"removed after {before}")
        before = step
    return "kept", ""


@dataclass
class Tally:
    hit: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)
    after_candidates: Counter[str] = field(default_factory=Counter)
    #: (category, step, reason) → count
    losses: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    rows: list[dict] = field(default_factory=list)
    #: gold items of a group that no trigger of their category reaches (``--counts-only`` only)
    unhit: Counter[str] = field(default_factory=Counter)
    #: (corpus split label category, step, reason) → negative or near-miss records the finder fires on
    false_alarms: Counter[tuple[str, str, str]] = field(default_factory=Counter)


def _negative(corpus: str, split: str, r: dict, tally: Tally) -> None:
    """The other side of the gap: a negative or near-miss record whose trigger sentence the finder fires a category in
    (a false alarm as ``bench/corpora.py`` counts it), and the step that removes it, if any."""
    raw = find(r["text"])
    start = r["trigger"]["start"]
    t: Trace | None = None
    for cat in Category:
        hits = [f for f in raw if f.category is cat and f.sentence.start <= start < f.sentence.end]
        if not hits:
            continue
        t = t or trace(Article(text=r["text"], meta=ArticleMeta(chars=len(r["text"])), id="corpus"))
        step, why = loss_step(t, cat, hits, hits[0].sentence.start, hits[0].sentence.end)
        tally.false_alarms[(f"{corpus} {split} {r['label']} {cat.value}", step, why)] += 1


def run_corpus(corpus: str, split: str, tally: Tally) -> None:
    for r in load_records(corpus, split):
        if r["label"] != "positive":
            _negative(corpus, split, r, tally)
            continue
        raw = find(r["text"])
        t: Trace | None = None
        start = r["trigger"]["start"]
        for cat_name, kind in _gold_categories(r):
            cat = Category(cat_name)
            hits = [f for f in raw if f.category is cat and f.sentence.start <= start < f.sentence.end]
            if not hits:
                continue
            t = t or trace(Article(text=r["text"], meta=ArticleMeta(chars=len(r["text"])), id="corpus"))
            lo, hi = hits[0].sentence.start, hits[0].sentence.end
            step, why = loss_step(t, cat, hits, lo, hi)
            key = f"{corpus} {split} {cat_name}"
            tally.hit[key] += 1
            if step not in ("screening", "candidates"):
                tally.after_candidates[key] += 1
            if step == "kept":
                tally.kept[key] += 1
                continue
            tally.losses[(key, step, why)] += 1
            tally.rows.append(
                {"source": f"{corpus.upper()} {split} {r['id']}", "category": cat_name,
                 "kind": kind, "step": step, "why": why, "trigger": r["trigger"]["text"],
                 "sentence": r["text"][lo:hi], "hits": [(f.kind, f.lemma, f.agents, f.others) for f in hits]}
            )  # fmt: skip


async def _same_as_pipeline(article: Article, t: Trace) -> bool:
    brief = await run_pipeline(article, None, strategy="heuristic")
    return all(_item_spans(brief.items(c)) == t.spans["merge_restated_events"][c] for c in Category)


def run_fixtures(split: str, tally: Tally, check: bool = False, counts_only: bool = False) -> None:
    """``counts_only``: a held-out split may be read, because nothing but the counts by step and generic reason is
    kept (no row, no text, no id); gold items no trigger of their category reaches are counted too (step ``finder``)."""
    if not counts_only:
        refuse_closed_split(split)
    for fx in load_fixtures(ROOT / "evals/fixtures", only=load_split(ROOT / "evals/splits.yaml", split)):
        article = fx.to_article()
        t = trace(article)
        if check and not asyncio.run(_same_as_pipeline(fx.to_article(), t)):
            raise SystemExit(f"{fx.id}: the trace's brief differs from run_pipeline's")
        _, matches = score_brief(t.brief, fx)
        for cat in Category:
            golds = fx.expected.items(cat)
            lost = set(matches[cat.value].unmatched_gold)
            for j, g in enumerate(golds):
                # the triggers found in the gold item's sentences, and those of its category
                near = [f for f in t.found if any(f.sentence.start < b and a < f.sentence.end for a, b in g.spans)]
                hits = [f for f in near if f.category is cat]
                key = f"fixtures {split} {cat.value}{' (optional)' if g.optional else ''}"
                if not hits:
                    if counts_only:
                        tally.unhit[key] += 1
                        why = "a trigger of another category only" if near else "no trigger at all"
                        tally.losses[(key, "finder", f"no trigger of its category in its sentences: {why}")] += 1
                    continue
                tally.hit[key] += 1
                if j not in lost:
                    tally.kept[key] += 1
                    continue
                lo = min(f.sentence.start for f in hits)
                hi = max(f.sentence.end for f in hits)
                step, why = loss_step(t, cat, hits, lo, hi)
                if step == "kept":
                    takers = _covers(t.spans["merge_restated_events"][cat], lo, hi)
                    several = any(len({a for a, _ in s}) > 1 for s in takers)
                    step, why = ("merge", "told in one item with another") if several else ("matching", "another "
                                 "gold item took the brief's item of its sentence")  # fmt: skip
                tally.losses[(key, step, why)] += 1
                if counts_only:
                    continue
                tally.rows.append(
                    {"source": f"{fx.id}", "category": cat.value, "optional": g.optional, "step": step, "why": why,
                     "gold": g.model_dump(mode="json", exclude={"evidence"}),
                     "hits": [(f.kind, f.lemma, f.agents, f.others, f.sentence.text[:160]) for f in hits]}
                )  # fmt: skip


def _print(tally: Tally) -> dict:
    out: dict = {"groups": {}, "losses": []}
    print("| group | hit by the finder | kept in the brief | kept after candidates | lost |")
    print("|---|---|---|---|---|")
    for key in sorted(tally.hit):
        h, k, a = tally.hit[key], tally.kept[key], tally.after_candidates[key]
        print(f"| {key} | {h} | {k} | {a if not key.startswith('fixtures') else '-'} | {h - k} |")
        out["groups"][key] = {"hit": h, "kept": k, "after_candidates": a, "lost": h - k}
    for key in sorted(tally.unhit):
        print(f"| {key}: not reached by the finder | {tally.unhit[key]} | | | |")
        out["groups"].setdefault(key, {})["not_hit"] = tally.unhit[key]
    print("\n| group | step | why | count |")
    print("|---|---|---|---|")
    for (key, step, why), n in sorted(tally.losses.items(), key=lambda x: (x[0][0], -x[1], x[0][1], x[0][2])):
        print(f"| {key} | {step} | {why} | {n} |")
        out["losses"].append({"group": key, "step": step, "why": why, "count": n})
    if tally.false_alarms:
        print("\nfalse alarms (negative and near-miss records the finder fires on), and the step that removes them:\n")
        print("| group | step | why | count |")
        print("|---|---|---|---|")
        for (key, step, why), n in sorted(tally.false_alarms.items(), key=lambda x: (x[0][0], -x[1], x[0][1])):
            print(f"| {key} | {step} | {why} | {n} |")
            out.setdefault("false_alarms", []).append({"group": key, "step": step, "why": why, "count": n})
    by_step: Counter[str] = Counter()
    for (key, step, why), n in tally.losses.items():
        by_step[f"{key.split()[0]} {step}: {why.split(' (')[0]}"] += n
    print("\nby cause, all categories:")
    for k, n in by_step.most_common():
        print(f"  {n:4d}  {k}")
    return out


VERDICTS = ("item", "optional", "not_item", "unclear")


def audited(tally: Tally, path: Path) -> dict:
    """The corpus losses by hand verdict (``path``: bench/results/brief-losses-verdicts.yaml): how many of them are
    items the brief should hold, by cause, and how many the guidelines file as none."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    by_key = {}
    for e in data.get("losses") or []:
        if e["verdict"] not in VERDICTS:
            raise SystemExit(f"{path}: {e['id']}: verdict {e['verdict']!r} is not one of {VERDICTS}")
        by_key[(e["corpus"], e["split"], e["id"], e["category"])] = e
    counts: Counter[tuple[str, str]] = Counter()
    causes: Counter[str] = Counter()
    for row in tally.rows:
        corpus, split, rid = row["source"].split(" ", 2)
        if corpus not in ("RAMS", "GENEVA"):
            continue
        e = by_key.get((corpus.lower(), split, rid, row["category"]))
        verdict = e["verdict"] if e else "unaudited"
        counts[(f"{corpus.lower()} {split} {row['category']}", verdict)] += 1
        if verdict == "item":
            causes[e["cause"]] += 1  # type: ignore[index]
    groups = sorted({g for g, _ in counts})
    print("\n| corpus losses | item | optional | not_item | unclear | unaudited |")
    print("|---|---|---|---|---|---|")
    for g in groups:
        print(f"| {g} | " + " | ".join(str(counts[(g, v)]) for v in (*VERDICTS, "unaudited")) + " |")
    print("\nitems lost, by cause:")
    for c, n in causes.most_common():
        print(f"  {n:4d}  {c}")
    return {"verdicts": {g: {v: counts[(g, v)] for v in (*VERDICTS, "unaudited")} for g in groups}, "causes": causes}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=["rams", "geneva"], action="append", help="Default: both (tuning splits).")
    ap.add_argument("--no-corpora", action="store_true")
    ap.add_argument("--fixtures", action="append", help="Fixture split(s), dev ones only. Default: dev.")
    ap.add_argument("--no-dev", action="store_true", help="No fixtures.")
    ap.add_argument(
        "--counts-only",
        action="store_true",
        help="Counts by step and reason only (no --out), so a held-out split may be given; gold items the finder never "
        "reaches are counted too.",
    )
    ap.add_argument("--check", action="store_true", help="Check each fixture's traced brief against run_pipeline's.")
    ap.add_argument("--out", type=Path, help="JSON Lines, one row per loss (holds corpus text: outside the repo).")
    ap.add_argument("--json", type=Path, help="The counts as JSON.")
    ap.add_argument("--verdicts", type=Path, help="Hand verdicts on the corpus losses (YAML): print them by verdict.")
    args = ap.parse_args(argv)
    if args.out and args.out.resolve().is_relative_to(ROOT):
        print(
            f"{args.out}: the listing holds corpus text; write it outside the repository (e.g. /tmp)", file=sys.stderr
        )
        return 2
    if args.counts_only and args.out:
        print("--counts-only keeps no rows: --out would list texts", file=sys.stderr)
        return 2
    tally = Tally()
    if not args.no_corpora:
        if not CORPORA.exists():
            print(f"no corpora at {CORPORA}", file=sys.stderr)
            return 2
        for corpus in args.corpus or ["rams", "geneva"]:
            run_corpus(corpus, TUNE[corpus], tally)
    if not args.no_dev:
        for split in args.fixtures or ["dev"]:
            run_fixtures(split, tally, args.check, args.counts_only)
    out = _print(tally)
    if args.verdicts:
        out |= audited(tally, args.verdicts)
    if args.out:
        args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in tally.rows), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
