"""Does the offline finder reach the phrasings of news it was never written against? Every page of
bench/coverage_pages.yaml (real news pages from the search tool's pages corpus, none a fixture, each sentence that holds
a proposal, an exchange or a military event labelled by hand from evals/GUIDELINES.md) is run through the finder and
through the whole no-LLM pipeline, and counted per part (tune, test) and category:

* **finder recall**: a required label is reached when ``extractor.find_in`` on the page emits a trigger of the label's
  category whose sentence overlaps the labelled sentence;
* **finder precision**: of the sentences in which the finder emits a trigger of a category, those that overlap a label
  of that category are right, those that overlap none are false alarms; those that overlap only optional labels are
  set aside;
* **brief recall / precision**: the same, with the items of ``run_pipeline(..., strategy="heuristic")`` in place of the
  finder's sentences (an item reaches a label when one of its evidence quotes overlaps it; an item is right when one
  of its quotes overlaps a required label, set aside when its quotes overlap only optional ones).

Lexicon entries may be written from the tune part only. The test part is reported as figures; ``--misses`` lists the
missed and falsely found sentences of the tune part and refuses the test part.

    python bench/coverage_eval.py                     # both parts, finder and brief
    python bench/coverage_eval.py --part tune --misses
    python bench/coverage_eval.py --json /tmp/coverage.json
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ROOT / "bench" / "coverage_pages.yaml"
CATEGORIES: tuple[str, ...] = ("proposals", "exchanges", "military_events")
Part = Literal["tune", "test"]
Span = tuple[int, int]


class Label(BaseModel):
    """One labelled sentence: verbatim, with what it holds."""

    model_config = ConfigDict(extra="forbid")
    sentence: str
    category: Literal["proposals", "exchanges", "military_events"]
    kind: str
    trigger: str
    optional: bool = False


class Page(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str
    part: Part
    query: str
    date: dt.date | None = None
    text: str
    labels: list[Label] = []

    @model_validator(mode="after")
    def _verbatim(self) -> Page:
        for lab in self.labels:
            if lab.sentence not in self.text:
                raise ValueError(f"{self.url}: label sentence not verbatim in the page text: {lab.sentence[:80]!r}")
        return self

    def spans(self, label: Label) -> list[Span]:
        """Every place the labelled sentence stands (a headline repeated above the story is one label)."""
        out, start = [], self.text.find(label.sentence)
        while start >= 0:
            out.append((start, start + len(label.sentence)))
            start = self.text.find(label.sentence, start + 1)
        return out


class Pages(BaseModel):
    model_config = ConfigDict(extra="forbid")
    entries: list[Page]


def load_pages(path: Path = PAGES) -> list[Page]:
    """The pages, validated: an unknown field, a category not in the schema or a label that is not verbatim in its
    page stops the run with the page's url."""
    return Pages.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))).entries


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Tally:
    """Counts of one part, one category, at one stage (finder or brief)."""

    labels: int = 0  # required labels
    reached: int = 0  # required labels reached
    optional_reached: int = 0
    optional_labels: int = 0
    right: int = 0  # emitted units (finder sentences / brief items) overlapping a required label
    aside: int = 0  # overlapping only optional labels
    false: int = 0  # overlapping no label of the category
    missed: list[str] = field(default_factory=list)
    false_units: list[str] = field(default_factory=list)

    def recall(self) -> float:
        return self.reached / self.labels if self.labels else 0.0

    def precision(self) -> float:
        return self.right / (self.right + self.false) if self.right + self.false else 0.0

    def add(self, other: Tally) -> None:
        for name in ("labels", "reached", "optional_reached", "optional_labels", "right", "aside", "false"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.missed += other.missed
        self.false_units += other.false_units

    def figures(self) -> dict[str, float | int]:
        return {
            "labels": self.labels,
            "reached": self.reached,
            "recall": round(self.recall(), 3),
            "optional_reached": f"{self.optional_reached}/{self.optional_labels}",
            "right": self.right,
            "false": self.false,
            "aside": self.aside,
            "precision": round(self.precision(), 3),
        }


def count(labels: Sequence[tuple[Sequence[Span], bool]], emitted: Iterable[Sequence[Span]], text: str = "") -> Tally:
    """Counts of one page and category. ``labels``: (spans, optional) of each label of the category, the spans being
    every place its sentence stands; ``emitted``: per emitted unit (a finder sentence, a brief item) the spans it
    covers (a sentence; an item's evidence quotes)."""
    t = Tally()
    units = [list(u) for u in emitted]
    for spans, optional in labels:
        hit = any(_overlaps(span, s) for span in spans for u in units for s in u)
        if optional:
            t.optional_labels += 1
            t.optional_reached += hit
        else:
            t.labels += 1
            t.reached += hit
            if not hit:
                t.missed.append(text[spans[0][0] : spans[0][1]])
    for u in units:
        touched = [opt for spans, opt in labels if any(_overlaps(span, s) for span in spans for s in u)]
        if any(not opt for opt in touched):
            t.right += 1
        elif touched:
            t.aside += 1
        else:
            t.false += 1
            t.false_units.append(" | ".join(text[a:b] for a, b in u))
    return t


def finder_units(text: str) -> dict[str, list[list[Span]]]:
    """Per category, the sentences in which the finder emits a trigger of it (each sentence once)."""
    from summarizer.extractor import find_in
    from summarizer.nlp import parse

    out: dict[str, set[Span]] = {c: set() for c in CATEGORIES}
    for f in find_in(parse(text)):
        out[f.category.value].add((f.sentence.start, f.sentence.end))
    return {c: [[s] for s in sorted(spans)] for c, spans in out.items()}


def brief_units(page: Page) -> dict[str, list[list[Span]]]:
    """Per category, the evidence spans of each item of the no-LLM brief."""
    from summarizer.inputs import Article
    from summarizer.pipeline import run_pipeline
    from summarizer.schema import ArticleMeta, Category

    article = Article(text=page.text, meta=ArticleMeta(url=page.url, published=page.date))
    brief = asyncio.run(run_pipeline(article, None, strategy="heuristic"))
    out: dict[str, list[list[Span]]] = {}
    for c in Category:
        out[c.value] = [
            [(e.start, e.end) for e in item.evidence if e.start is not None and e.end is not None]
            for item in brief.items(c)
        ]
    return out


def measure(pages: list[Page], stages: Sequence[str] = ("finder", "brief")) -> dict[str, dict[str, dict[str, Tally]]]:
    """{part: {stage: {category: Tally}}}, with an ``all`` category per stage."""
    result: dict[str, dict[str, dict[str, Tally]]] = {}
    for page in pages:
        units = {"finder": finder_units(page.text) if "finder" in stages else {}}
        if "brief" in stages:
            units["brief"] = brief_units(page)
        for stage in stages:
            for cat in CATEGORIES:
                labels = [(page.spans(lab), lab.optional) for lab in page.labels if lab.category == cat]
                t = count(labels, units[stage].get(cat, []), page.text)
                t.missed = [f"{page.url}\n      {m}" for m in t.missed]
                t.false_units = [f"{page.url}\n      {m}" for m in t.false_units]
                by_cat = result.setdefault(page.part, {}).setdefault(stage, {})
                by_cat.setdefault(cat, Tally()).add(t)
                by_cat.setdefault("all", Tally()).add(t)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=["tune", "test", "all"], default="all")
    ap.add_argument("--stage", choices=["finder", "brief", "both"], default="both")
    ap.add_argument("--misses", action="store_true", help="list the tune part's missed labels and false sentences")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args(argv)
    if args.misses and args.part != "tune":
        raise SystemExit("--misses reads the tune part only (--part tune): the test part is reported as figures")
    pages = [p for p in load_pages() if args.part in ("all", p.part)]
    stages = ("finder", "brief") if args.stage == "both" else (args.stage,)
    result = measure(pages, stages)
    figures = {
        part: {stage: {cat: t.figures() for cat, t in by_cat.items()} for stage, by_cat in by_stage.items()}
        for part, by_stage in sorted(result.items(), key=lambda kv: kv[0] != "tune")
    }
    for part, by_stage in figures.items():
        n = sum(p.part == part for p in pages)
        print(f"{part} ({n} pages)")
        for stage, by_cat in by_stage.items():
            for cat in (*CATEGORIES, "all"):
                f = by_cat[cat]
                print(
                    f"  {stage:6s} {cat:16s} recall {f['reached']:3d}/{f['labels']:<3d} = {f['recall']:.3f}  "
                    f"precision {f['right']:3d}/{f['right'] + f['false']:<3d} = {f['precision']:.3f}  "
                    f"(optional reached {f['optional_reached']}, aside {f['aside']})"
                )
    if args.misses:
        for stage, by_cat in result["tune"].items():
            for cat in CATEGORIES:
                t = by_cat[cat]
                for m in t.missed:
                    print(f"MISSED {stage} {cat}: {m}")
                for m in t.false_units:
                    print(f"FALSE  {stage} {cat}: {m}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
