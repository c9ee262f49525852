"""How often the not-news detector (summarizer/instructions.py) calls real page furniture, or real news, an
*instruction*: every page of bench/furniture_pages.yaml (real news pages from the search tool's pages corpus, with
their breadcrumbs, ads, comment forms and subscribe prompts) through ``find_excluded``, spans counted by kind.

None of these pages carries an instruction to a model, so every span of kind instruction or markup is a false alarm
that an analyst would see in ``brief.excluded`` ("excluded as hostile"); boilerplate spans are the right answer for
furniture (they are excluded from extraction all the same).

    python bench/furniture_eval.py                 # both parts, rules + classifier
    python bench/furniture_eval.py --part test -v  # the held-out pages, each false alarm listed
    python bench/furniture_eval.py --rules-only    # the rules without the sentence classifier
    python bench/furniture_eval.py --items         # + items the extractor grounds in furniture (round-6 pages)
    python bench/furniture_eval.py --fixtures      # + what the screen excludes on the dev fixtures

Round 6 pages (``round: 6``) list their ``furniture``: the verbatim strings that are page furniture, not story. For
them the measure also counts how many of those strings the screen excludes (at least half of their non-space
characters inside excluded spans), how many non-space characters of the story around them it excludes (a loss), and,
with ``--items``, how many items the no-LLM extractor (``summarize(text, backend="none")``, what ``summarizer brief
-m none PAGE.txt`` runs) grounds in furniture: an item any of whose evidence quotes overlaps a furniture string.
``--fixtures`` runs the screen on every dev fixture (``evals/splits.yaml``) and counts excluded spans and those that
touch a gold evidence quote (a real sentence blanked); held-out fixtures are not read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.instructions import Excluded, find_excluded  # noqa: E402

PAGES = ROOT / "bench" / "furniture_pages.yaml"
FIXTURES = ROOT / "evals" / "fixtures"
SPLITS = ROOT / "evals" / "splits.yaml"


def load_pages(part: str = "all") -> list[dict[str, Any]]:
    entries = yaml.safe_load(PAGES.read_text(encoding="utf-8"))["entries"]
    return [e for e in entries if part == "all" or e["part"] == part]


def measure(part: str, rules_only: bool, verbose: bool) -> dict[str, Any]:
    pages = load_pages(part)
    kinds: dict[str, int] = {"instruction": 0, "markup": 0, "boilerplate": 0}
    pages_flagged = 0
    for e in pages:
        spans = find_excluded(e["text"], classifier=not rules_only)
        serious = [s for s in spans if s.kind != "boilerplate"]
        pages_flagged += bool(serious)
        for s in spans:
            kinds[s.kind] += 1
            if verbose:
                text = " | ".join(x.strip() for x in e["text"][s.start : s.end].split("\n") if x.strip())
                score = f" {s.score:.3f}" if s.score is not None else ""
                print(f"  {e['part']:4s} {s.kind:11s} {'+'.join(s.rules)}{score}: {text[:110]!r}  <{e['url'][:70]}>")
    return {
        "part": part,
        "pages": len(pages),
        "spans": kinds,
        "pages_with_an_instruction_or_markup_span": pages_flagged,
    }


def furniture_spans(e: dict[str, Any]) -> list[tuple[int, int]]:
    """Every occurrence of every furniture string of a round-6 page, as offsets into its text."""
    out = []
    for f in e.get("furniture") or []:
        i = e["text"].find(f)
        while i >= 0:
            out.append((i, i + len(f)))
            i = e["text"].find(f, i + 1)
    return sorted(set(out))


def _nonspace(text: str, a: int, b: int) -> int:
    return sum(1 for ch in text[a:b] if not ch.isspace())


def _excluded_mask(text: str, spans: list[Excluded]) -> list[bool]:
    mask = [False] * len(text)
    for s in spans:
        for i in range(s.start, s.end):
            mask[i] = True
    return mask


def measure_furniture(part: str, rules_only: bool, items: bool, verbose: bool) -> dict[str, Any]:
    """The round-6 pages: furniture strings excluded, story characters excluded, items grounded in furniture."""
    pages = [e for e in load_pages(part) if e.get("round") == 6]
    caught = total = story_lost = story = 0
    item_total = item_on_furniture = 0
    for e in pages:
        text = e["text"]
        spans = find_excluded(text, classifier=not rules_only)
        mask = _excluded_mask(text, spans)
        furn = furniture_spans(e)
        in_furniture = [False] * len(text)
        for a, b in furn:
            for i in range(a, b):
                in_furniture[i] = True
        for a, b in furn:
            n = _nonspace(text, a, b)
            got = sum(1 for i in range(a, b) if mask[i] and not text[i].isspace())
            total += 1
            caught += got * 2 >= n
            if verbose and got * 2 < n:
                print(f"  {e['part']:4s} furniture kept: {text[a:b][:100]!r}  <{e['url'][:60]}>")
        for i, ch in enumerate(text):
            if not ch.isspace() and not in_furniture[i]:
                story += 1
                story_lost += mask[i]
        if verbose:
            lost = "".join(ch if mask[i] and not in_furniture[i] else " " for i, ch in enumerate(text)).split()
            if lost:
                print(f"  {e['part']:4s} STORY excluded: {' '.join(lost)[:160]!r}  <{e['url'][:60]}>")
        if items:
            from summarizer.pipeline import summarize

            brief = summarize(text, backend="none")
            for c in ("proposals", "exchanges", "military_events"):
                for it in getattr(brief, c):
                    item_total += 1
                    on = any(
                        ev.start is not None
                        and ev.end is not None
                        and any(ev.start < b and a < ev.end for a, b in furn)
                        for ev in it.evidence
                    )
                    item_on_furniture += on
                    if verbose and on:
                        quotes = " | ".join(ev.quote[:80] for ev in it.evidence)
                        print(f"  {e['part']:4s} ITEM on furniture ({c}): {quotes!r}  <{e['url'][:60]}>")
    out: dict[str, Any] = {
        "round6_pages": len(pages),
        "furniture_strings_excluded": f"{caught} of {total}",
        "story_nonspace_chars_excluded": f"{story_lost} of {story}",
    }
    if items:
        out["items_on_furniture"] = f"{item_on_furniture} of {item_total}"
    return out


def measure_fixtures(rules_only: bool, verbose: bool) -> dict[str, Any]:
    """The screen on the dev fixtures: spans by kind, and spans that touch a gold evidence quote."""
    from summarizer.evals.fixtures import load_fixtures, load_split
    from summarizer.schema import Category

    fixtures = load_fixtures(FIXTURES, only=load_split(SPLITS, "dev"))
    kinds: dict[str, int] = {"instruction": 0, "markup": 0, "boilerplate": 0}
    on_gold = 0
    for fx in fixtures:
        text = fx.article.text
        spans = find_excluded(text, classifier=not rules_only)
        gold = [span for c in Category for it in fx.expected.items(c) for span in it.spans]
        for s in spans:
            kinds[s.kind] += 1
            hit = any(s.start < b and a < s.end for a, b in gold)
            on_gold += hit
            if verbose:
                flag = " ON GOLD" if hit else ""
                print(f"  fixture {s.kind:11s} {'+'.join(s.rules)}{flag}: {s.preview[:100]!r}  <{fx.id}>")
    return {"dev_fixtures": len(fixtures), "spans": kinds, "spans_touching_gold_evidence": on_gold}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--part", choices=["dev", "test", "all"], default="all")
    ap.add_argument("--rules-only", action="store_true", help="the rules without the sentence classifier")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every span")
    ap.add_argument("--items", action="store_true", help="run the no-LLM extractor on the round-6 pages")
    ap.add_argument("--fixtures", action="store_true", help="also run the screen on the dev fixtures")
    args = ap.parse_args()
    parts = ["dev", "test"] if args.part == "all" else [args.part]
    out = {"detector": "rules only" if args.rules_only else "rules + classifier"}
    out |= {p: measure(p, args.rules_only, args.verbose) for p in parts}
    for p in parts:
        out[p] |= measure_furniture(p, args.rules_only, args.items, args.verbose)
    if args.fixtures:
        out["fixtures"] = measure_fixtures(args.rules_only, args.verbose)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
