"""Which kinds of item the no-LLM default emits cost more than they bring? Counts per group of emitted items.

    python bench/item_groups.py                               # the round's selection split (heldout_select)
    python bench/item_groups.py --split dev --min-items 5
    python bench/item_groups.py --json /tmp/groups.json
    python bench/item_groups.py --gates                       # each candidate gate bypassed in turn
    python bench/item_groups.py --keys                        # why matched items have a key field wrong

The heuristic brief of every fixture of the split is scored as ``summarizer eval`` scores it
(``evals.scoring.score_brief``), and every emitted item is marked *strict-right* (matched to a gold item with its
key fields right) and *detection-right* (matched at all). Items are then grouped by one property at a time, within
their category (``GROUPS`` below: kind, status, certainty, number of quotes, where the first quote lies, place, date,
attribution, number of parties).

A group **costs** both headlines when its strict precision is below half its category's strict F1 on the split and
its detection precision below half the category's detection F1: removing t right and f wrong items raises an F1
exactly when t / (t + f) < F1 / 2, and the headline is the mean of the categories' F1 (evals/SPLITS.md, "Round of
2026-12-03, fourth session"). Because an item matched to an *optional* gold item is right but its loss is no miss,
each group's removal is also re-scored exactly, and the change of both headlines printed.

``--gates`` asks the other way round: each gate of ``strategies/heuristic.py`` that withholds a found trigger whose
item would name a party (``GATES`` below) is bypassed in turn, and the items it adds and the exact change of both
headlines are printed. A gate is worth switching off only where bypassing it adds items and raises both headlines.

``--keys`` counts, for every matched item whose key fields are wrong, a generic class: an event's kind pair (emitted
→ gold) or why its actor is wrong (none emitted; the gazetteer kinds of the emitted and the gold actors; whether a
gold actor's name is in the item's own quotes); a proposal's proposer (none; a gold addressee; another party); an
exchange's sides (one right, or none).

Only counts are printed (no text, no fixture id), so the tool may be run on held-out splits: it tells which kinds of
item to stop emitting, never what a held-out article says.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.evals.aliases import ArticleAliases, article_aliases
from summarizer.evals.fixtures import (
    Fixture,
    GoldEvent,
    GoldExchange,
    GoldItem,
    GoldProposal,
    load_fixtures,
    load_split,
)
from summarizer.evals.scoring import CategoryMatches, Score, key_actors, key_fields_right, matched_pairs, score_brief
from summarizer.extractor import Found
from summarizer.gazetteer import actor_record
from summarizer.inputs import Article
from summarizer.pipeline import run_pipeline
from summarizer.schema import Brief, Category, Exchange, MilitaryEvent, Proposal
from summarizer.strategies import heuristic

ROOT = Path(__file__).resolve().parent.parent
Item = Proposal | Exchange | MilitaryEvent


def _quotes(item: Item, text: str) -> str:
    return "one quote" if len(item.evidence) == 1 else "several quotes"


def _first_third(item: Item, text: str) -> str:
    starts = [e.start for e in item.evidence if e.start is not None]
    if not starts or not text:
        return "quote not located"
    return "first quote in the first third" if min(starts) < len(text) / 3 else "first quote after the first third"


def _dated(item: Item, text: str) -> str:
    return "dated" if item.when.start is not None else "no date"


def _attributed(item: Item, text: str) -> str:
    return "attributed" if item.attributed_to else "not attributed"


def _certainty(item: Item, text: str) -> str:
    return f"certainty {item.certainty.value}"


def _status(item: Item, text: str) -> str:
    return f"status {item.status.value}"


def _kind(item: Item, text: str) -> str | None:
    return f"kind {item.kind.value}" if isinstance(item, MilitaryEvent) else None


def _place(item: Item, text: str) -> str | None:
    if not isinstance(item, MilitaryEvent):
        return None
    return "place named" if item.location else "no place"


def _count(n: int, what: str) -> str:
    return f"{min(n, 2)}{'+' if n >= 2 else ''} {what}"


def _parties(item: Item, text: str) -> str:
    if isinstance(item, MilitaryEvent):
        return _count(len(item.actors), "actors")
    if isinstance(item, Proposal):
        return f"{_count(len(item.proposer), 'proposers')}, {_count(len(item.addressees), 'addressees')}"
    named = sum(1 for side in (item.side_a, item.side_b) if side.party)
    return f"{named} of 2 sides named"


# One property per entry; a property that does not apply to a category returns None.
GROUPS: dict[str, Callable[[Item, str], str | None]] = {
    "kind": _kind,
    "status": _status,
    "certainty": _certainty,
    "quotes": _quotes,
    "position": _first_third,
    "place": _place,
    "date": _dated,
    "attribution": _attributed,
    "parties": _parties,
}


@dataclass
class Emitted:
    """One emitted item: which fixture and category, whether it is right, and its group under every property."""

    fixture: int
    category: Category
    index: int
    strict: bool
    detected: bool
    groups: dict[str, str] = field(default_factory=dict)


@dataclass
class Scored:
    fixture: Fixture
    brief: Brief


def _marks(matches: CategoryMatches) -> dict[int, bool]:
    return {m.pred: m.strict for m in matches.matches}


def emitted(scored: list[Scored]) -> Iterator[Emitted]:
    for n, s in enumerate(scored):
        _, matches = score_brief(s.brief, s.fixture)
        text = s.fixture.article.text
        for category in Category:
            marks = _marks(matches[category.value])
            for i, item in enumerate(s.brief.items(category)):
                groups = {name: value for name, f in GROUPS.items() if (value := f(item, text)) is not None}
                yield Emitted(n, category, i, marks.get(i, False), i in marks, groups)


def _pooled(scores: list[Score]) -> dict[str, dict[str, float]]:
    """Per level (strict, detection), each category's F1 of the counts pooled over fixtures, and their mean: the
    headline ``summarizer eval`` prints (``Score.merge``, ``Score.headline``), unrounded."""
    total = Score()
    for s in scores:
        total.merge(s)
    # the categories the headline averages: those with anything to score
    cats = {k: c for k, c in total.categories.items() if c.detection.tp + c.detection.fp + c.detection.fn}
    out: dict[str, dict[str, float]] = {}
    for level in ("strict", "detection"):
        f1s = {k: getattr(c, level).f1 for k, c in cats.items()}
        out[level] = {**f1s, "headline": sum(f1s.values()) / len(f1s) if f1s else 0.0}
    return out


def _without(brief: Brief, drop: set[tuple[Category, int]]) -> Brief:
    update = {c.value: [x for i, x in enumerate(brief.items(c)) if (c, i) not in drop] for c in Category}
    return brief.model_copy(update=update)


def rescore(scored: list[Scored], drop: set[tuple[int, Category, int]]) -> dict[str, dict[str, float]]:
    scores = []
    for n, s in enumerate(scored):
        mine = {(c, i) for f, c, i in drop if f == n}
        scores.append(score_brief(_without(s.brief, mine), s.fixture)[0])
    return _pooled(scores)


def table(scored: list[Scored], min_items: int) -> dict:
    items = list(emitted(scored))
    base = rescore(scored, set())
    rows = []
    for category in Category:
        mine = [e for e in items if e.category is category]
        f_strict = base["strict"].get(category.value)
        f_det = base["detection"].get(category.value)
        if f_strict is None or f_det is None:
            continue
        for prop in GROUPS:
            for value in sorted({e.groups[prop] for e in mine if prop in e.groups}):
                group = [e for e in mine if e.groups.get(prop) == value]
                n = len(group)
                strict = sum(e.strict for e in group)
                det = sum(e.detected for e in group)
                costs = n >= min_items and strict / n < f_strict / 2 and det / n < f_det / 2
                after = rescore(scored, {(e.fixture, e.category, e.index) for e in group})
                rows.append(
                    {
                        "category": category.value,
                        "property": prop,
                        "group": value,
                        "items": n,
                        "strict_right": strict,
                        "detection_right": det,
                        "costs_both": costs,
                        "strict_change": round(after["strict"]["headline"] - base["strict"]["headline"], 4),
                        "detection_change": round(after["detection"]["headline"] - base["detection"]["headline"], 4),
                    }
                )
    return {"fixtures": len(scored), "items": len(items), "base": base, "min_items": min_items, "groups": rows}


@contextmanager
def _cleared(maker: str, flag: str, value: object) -> Iterator[None]:
    """``heuristic.<maker>`` sees ``Found.<flag>`` as ``value`` while it builds its candidate (restored after)."""
    original = getattr(heuristic, maker)

    def patched(f: Found, article: Article, why: heuristic.Unkept | None = None) -> heuristic.Candidate | None:
        saved = getattr(f, flag)
        setattr(f, flag, value if not callable(value) else value(f))
        try:
            return original(f, article, why)
        finally:
            setattr(f, flag, saved)

    setattr(heuristic, maker, patched)
    try:
        yield
    finally:
        setattr(heuristic, maker, original)


@contextmanager
def _replaced(name: str, value: object) -> Iterator[None]:
    original = getattr(heuristic, name)
    setattr(heuristic, name, value)
    try:
        yield
    finally:
        setattr(heuristic, name, original)


# Each gate that withholds an item naming a party, and how to bypass it (heuristic's own checks, read as they are).
GATES: dict[str, Callable[[], AbstractContextManager[None]]] = {
    "event: an aggregate": lambda: _cleared("_event", "aggregate", False),
    "event: a setting in the background": lambda: _replaced("background_setting", lambda f: None),
    "event: only proposed": lambda: _cleared("_event", "proposed", False),
    "event: hypothetical": lambda: _cleared("_event", "hypothetical", False),
    "event: a war in passing": lambda: _cleared("_event", "has_subject", True),
    "proposal: withheld": lambda: _replaced("_withheld", lambda f: False),
    "exchange: an agreement naming nothing traded": lambda: _cleared("_exchange", "what", lambda f: f.what or "-"),
}


def gates(fixtures: list[Fixture], base: list[Scored]) -> dict:
    before = rescore(base, set())
    n_before = sum(len(s.brief.items(c)) for s in base for c in Category)
    rows = []
    for name, bypass in GATES.items():
        with bypass():
            scored = _run(fixtures)
        after = rescore(scored, set())
        added = sum(len(s.brief.items(c)) for s in scored for c in Category) - n_before
        rows.append(
            {
                "gate": name,
                "items_added": added,
                "strict_change": round(after["strict"]["headline"] - before["strict"]["headline"], 4),
                "detection_change": round(after["detection"]["headline"] - before["detection"]["headline"], 4),
            }
        )
    return {"base": before, "items": n_before, "gates": rows}


def _kind_of(names: list[str]) -> str:
    return "/".join(sorted({actor_record(n).kind.value for n in names})) or "none"


def _in_quotes(item: Item, names: list[str]) -> str:
    quotes = " ".join(e.quote for e in item.evidence).casefold()
    return "in its quotes" if any(n.casefold() in quotes for n in names) else "not in its quotes"


def key_error(item: Item, gold: GoldItem, aliases: ArticleAliases) -> list[str]:
    """The generic classes of what is wrong in a matched pair whose key fields are wrong (no names)."""
    out: list[str] = []
    if isinstance(gold, GoldEvent) and isinstance(item, MilitaryEvent):
        if gold.kind is not None and item.kind != gold.kind:
            out.append(f"event kind {item.kind.value} -> {gold.kind.value}")
        if gold.actors and not any(aliases.same(p, g) for p in item.actors for g in gold.actors):
            if not item.actors:
                out.append(f"event actor: none emitted; gold {_kind_of(gold.actors)}, {_in_quotes(item, gold.actors)}")
            else:
                out.append(
                    f"event actor: emitted {_kind_of(item.actors)}, gold {_kind_of(gold.actors)}, gold "
                    f"{_in_quotes(item, gold.actors)}"
                )
    elif isinstance(gold, GoldProposal) and isinstance(item, Proposal):
        addressees = gold.addressees or []
        if not item.proposer:
            why = "none emitted"
        elif any(aliases.same(p, a) for p in item.proposer for a in addressees):
            why = "a gold addressee emitted as proposer"
        else:
            why = f"emitted {_kind_of(item.proposer)}"
        out.append(f"proposer: {why}; gold {_kind_of(gold.proposer or [])}, {_in_quotes(item, gold.proposer or [])}")
    elif isinstance(gold, GoldExchange):
        parties, gold_parties = key_actors(item), key_actors(gold)
        right = sum(1 for g in gold_parties if any(aliases.same(p, g) for p in parties))
        out.append(f"exchange: {right} of {len(gold_parties)} gold sides right, {len(parties)} emitted")
    return out


def keys(scored: list[Scored]) -> dict:
    counts: dict[str, int] = {}
    matched = wrong = 0
    for s in scored:
        _, matches = score_brief(s.brief, s.fixture)
        aliases = article_aliases(s.fixture.article.text)
        for _category, _match, pred, gold in matched_pairs(s.brief, s.fixture, matches):
            matched += 1
            if key_fields_right(pred, gold, aliases):
                continue
            wrong += 1
            for cls in key_error(pred, gold, aliases):
                label = f"{cls}{' (optional gold)' if gold.optional else ''}"
                counts[label] = counts.get(label, 0) + 1
    return {"matched": matched, "key_fields_wrong": wrong, "classes": dict(sorted(counts.items(), key=lambda x: -x[1]))}


def _run(fixtures: list[Fixture]) -> list[Scored]:
    async def one(fx: Fixture) -> Scored:
        return Scored(fx, await run_pipeline(fx.to_article(), None, strategy="heuristic"))

    return [asyncio.run(one(fx)) for fx in fixtures]


def _headlines(base: dict[str, dict[str, float]]) -> str:
    return f"strict {base['strict']['headline']:.3f}, detection {base['detection']['headline']:.3f}"


def _print(result: dict) -> None:
    base = result["base"]
    print(f"{result['fixtures']} fixtures, {result['items']} emitted items")
    for level in ("strict", "detection"):
        cats = ", ".join(f"{c} {v:.3f}" for c, v in base[level].items() if c != "headline")
        print(f"  {level}: headline {base[level]['headline']:.3f} ({cats})")
    print()
    print(f"{'category':16} {'group':44} {'items':>5} {'strict':>6} {'det':>5}  {'Δstrict':>8} {'Δdet':>8}  costs")
    for r in result["groups"]:
        mark = "COSTS BOTH" if r["costs_both"] else ""
        print(
            f"{r['category']:16} {r['property'] + ': ' + r['group']:44} {r['items']:5d} {r['strict_right']:6d}"
            f" {r['detection_right']:5d}  {r['strict_change']:+8.4f} {r['detection_change']:+8.4f}  {mark}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--split", default="heldout_select", help="a key of evals/splits.yaml (default heldout_select)")
    ap.add_argument("--min-items", type=int, default=8, help="a group needs this many items to be switched off")
    ap.add_argument("--gates", action="store_true", help="bypass each candidate gate in turn instead")
    ap.add_argument("--keys", action="store_true", help="classes of wrong key fields on matched items instead")
    ap.add_argument("--json", type=Path, help="also write the table as JSON")
    args = ap.parse_args(argv)
    ids = load_split(ROOT / "evals" / "splits.yaml", args.split)
    fixtures = load_fixtures(ROOT / "evals" / "fixtures", only=ids)
    print(f"running the no-LLM default on {len(fixtures)} fixtures of {args.split} ...", file=sys.stderr)
    if args.keys:
        result = {"split": args.split, "fixtures": len(fixtures), **keys(_run(fixtures))}
        print(f"{result['fixtures']} fixtures: {result['matched']} matched items, {result['key_fields_wrong']} wrong")
        for label, n in result["classes"].items():
            print(f"  {n:3d}  {label}")
    elif args.gates:
        result = {"split": args.split, "fixtures": len(fixtures), **gates(fixtures, _run(fixtures))}
        print(f"{result['fixtures']} fixtures, {result['items']} emitted items;", _headlines(result["base"]))
        for r in result["gates"]:
            print(
                f"  {r['gate']:48} +{r['items_added']:3d} items  Δstrict {r['strict_change']:+.4f}"
                f"  Δdet {r['detection_change']:+.4f}"
            )
    else:
        result = {"split": args.split, **table(_run(fixtures), args.min_items)}
        _print(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
