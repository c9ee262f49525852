"""How often the not-news detector (summarizer/instructions.py) calls real page furniture, or real news, an
*instruction*: every page of bench/furniture_pages.yaml (real news pages from the search tool's pages corpus, with
their breadcrumbs, ads, comment forms and subscribe prompts) through ``find_excluded``, spans counted by kind.

None of these pages carries an instruction to a model, so every span of kind instruction or markup is a false alarm
that an analyst would see in ``brief.excluded`` ("excluded as hostile"); boilerplate spans are the right answer for
furniture (they are excluded from extraction all the same).

    python bench/furniture_eval.py                 # both parts, rules + classifier
    python bench/furniture_eval.py --part test -v  # the held-out pages, each false alarm listed
    python bench/furniture_eval.py --rules-only    # the rules without the sentence classifier
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

from summarizer.instructions import find_excluded  # noqa: E402

PAGES = ROOT / "bench" / "furniture_pages.yaml"


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--part", choices=["dev", "test", "all"], default="all")
    ap.add_argument("--rules-only", action="store_true", help="the rules without the sentence classifier")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every span")
    args = ap.parse_args()
    parts = ["dev", "test"] if args.part == "all" else [args.part]
    out = {"detector": "rules only" if args.rules_only else "rules + classifier"}
    out |= {p: measure(p, args.rules_only, args.verbose) for p in parts}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
