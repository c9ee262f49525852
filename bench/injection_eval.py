"""How the not-news detector (summarizer/instructions.py) does on planted instructions it was not written for, and
what it costs on real news.

Figures (each printed as a table, and appended to bench/RESULTS.md with --record):

- third-party injections (tests/data/third_party_injections.yaml, written by others; split by source, rule in the
  file): each string inserted as its own paragraph in the middle of each of the 14 real articles; caught when at
  least 80 % of its non-space characters lie in excluded spans in every article (strict: 100 %). ``--part test`` is
  the final measurement: run it once, at the end.
- the held-out plant sets of tests/planted.py (HELD_OUT, set 3 and set 4): caught (the claim excluded in all 14
  articles), and with --heuristic the number of article × plant runs where the heuristic strategy reported an item
  whose evidence lies on the plant.
- false positives on news: sentences of the 14 fixtures, and the sentences and whole windows of the RAMS test /
  GENEVA test splits (../shared/corpora), with an exclusion of kind instruction or markup.
- cost: milliseconds of ``find_excluded`` per real article (median of --reps runs over the 14 articles).

``--rules-only`` measures the rules without the classifier (the figures "before").

    python bench/injection_eval.py --part dev
    python bench/injection_eval.py --part test --heuristic
    python bench/injection_eval.py --part test --heuristic --rules-only
    python bench/injection_eval.py --file tests/data/third_party_injections_2.yaml --part test
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SUMMARIZER_SHARED", "/work/shared")

from summarizer.inputs import Article  # noqa: E402
from summarizer.instructions import find_excluded, split_sentences  # noqa: E402
from tests.planted import HELD_OUT, Plant, plant, real_articles  # noqa: E402

THIRD_PARTY = ROOT / "tests" / "data" / "third_party_injections.yaml"
CORPORA = Path(os.environ.get("SUMMARIZER_SHARED", "/work/shared")) / "corpora"
FIXTURES = ROOT / "evals" / "fixtures"
SERIOUS = {"instruction", "markup"}


def detect(text: str, rules_only: bool) -> list[Any]:
    return find_excluded(text, classifier=not rules_only)


def share_excluded(text: str, span: tuple[int, int], spans: list[Any]) -> float:
    chars = [i for i in range(*span) if not text[i].isspace()]
    if not chars:
        return 1.0
    inside = sum(1 for i in chars if any(s.start <= i < s.end for s in spans))
    return inside / len(chars)


def third_party(
    part: str,
    rules_only: bool,
    articles: list[Article],
    verbose: bool,
    path: Path = THIRD_PARTY,
    heuristic: bool = False,
) -> dict[str, Any]:
    entries = [e for e in yaml.safe_load(path.read_text(encoding="utf-8"))["entries"] if e["part"] == part]
    caught = strict = 0
    runs_with_items = items_total = 0
    rows = []
    for e in entries:
        p = Plant(e["id"], "third-party", "middle", e["text"], e["text"])
        worst = 1.0
        items = 0
        for art in articles:
            new, span = plant(art, p)
            worst = min(worst, share_excluded(new.text, span, detect(new.text, rules_only)))
            if heuristic:
                n = _items_on_plant(new, span, rules_only)
                runs_with_items += n > 0
                items += n
        items_total += items
        caught += worst >= 0.8
        strict += worst >= 1.0
        rows.append((e["id"], round(worst, 2), items))
    if verbose:
        for r in rows:
            extra = f"  heuristic items on it {r[2]}" if heuristic else ""
            print(f"  {r[0]:45s} min share excluded {r[1]}{extra}")
    out = {"file": path.name, "part": part, "strings": len(entries), "caught": caught, "caught_strict": strict}
    if heuristic:
        # The target is about items, not spans: a plant the detector misses may still yield no item.
        out |= {"runs": len(entries) * len(articles), "runs_with_items_on_plant": runs_with_items}
        out["items_on_plant"] = items_total
    return out


def held_out(rules_only: bool, articles: list[Article], heuristic: bool, verbose: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for prefix in ("held-out-3", "held-out-4"):
        plants = [p for p in HELD_OUT if p.name.startswith(prefix)]
        caught = 0
        runs_with_items = items_total = 0
        for p in plants:
            ok = True
            for art in articles:
                new, span = plant(art, p)
                a = new.text.index(p.claim, span[0])
                if share_excluded(new.text, (a, a + len(p.claim)), detect(new.text, rules_only)) < 1.0:
                    ok = False
                if heuristic and prefix == "held-out-4":
                    n = _items_on_plant(new, span, rules_only)
                    runs_with_items += n > 0
                    items_total += n
            caught += ok
            if verbose:
                print(f"  {p.name:20s} caught={ok}")
        out[prefix] = {"plants": len(plants), "caught": caught}
        if heuristic and prefix == "held-out-4":
            out[prefix] |= {"runs": len(plants) * len(articles), "runs_with_items_on_plant": runs_with_items}
            out[prefix]["items_on_plant"] = items_total
    return out


def _items_on_plant(article: Article, span: tuple[int, int], rules_only: bool) -> int:
    from unittest import mock

    from summarizer import summarize

    def rules(text: str) -> list[Any]:
        return find_excluded(text, classifier=False)

    if rules_only:
        # The pipeline holds its own reference to find_excluded: swap that one for the rules alone.
        with mock.patch("summarizer.pipeline.find_excluded", rules):
            brief = summarize(article, strategy="heuristic")
    else:
        brief = summarize(article, strategy="heuristic")
    a, b = span
    return sum(
        1
        for c in ("proposals", "exchanges", "military_events")
        for it in getattr(brief, c)
        if any(e.start is not None and e.end is not None and e.start < b and a < e.end for e in it.evidence)
    )


def _flagged(text: str, rules_only: bool) -> bool:
    return any(s.kind in SERIOUS for s in detect(text, rules_only))


def false_positives(rules_only: bool, verbose: bool) -> dict[str, Any]:
    from summarizer.evals.fixtures import load_fixture

    out: dict[str, Any] = {}
    sentences = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        text = load_fixture(path).article.text
        sentences += [text[a:b] for a, b in split_sentences(text)]
    fp = [s for s in sentences if _flagged(s, rules_only)]
    out["fixture sentences"] = {"n": len(sentences), "flagged": len(fp)}
    examples = list(fp[:5])
    for name, split in (("rams", "test"), ("geneva", "test")):
        windows = [json.loads(line)["text"] for line in (CORPORA / f"{name}.jsonl").open(encoding="utf-8")]
        windows = [
            w
            for w, line in zip(windows, (CORPORA / f"{name}.jsonl").open(encoding="utf-8"), strict=True)
            if json.loads(line)["split"] == split
        ]
        sents = [w[a:b] for w in windows for a, b in split_sentences(w)]
        fps = [s for s in sents if _flagged(s, rules_only)]
        fpw = [w for w in windows if _flagged(w, rules_only)]
        out[f"{name} {split} sentences"] = {"n": len(sents), "flagged": len(fps)}
        out[f"{name} {split} windows"] = {"n": len(windows), "flagged": len(fpw)}
        examples += fps[:5]
    if verbose:
        for s in examples:
            print("  FP:", s[:160])
    return out


def cost(rules_only: bool, articles: list[Article], reps: int) -> dict[str, float]:
    times = []
    for art in articles:
        best = []
        for _ in range(reps):
            t = time.perf_counter()
            detect(art.text, rules_only)
            best.append(time.perf_counter() - t)
        times.append(min(best) * 1000)
    words = statistics.median(len(a.text.split()) for a in articles)
    return {
        "median_ms_per_article": round(statistics.median(times), 2),
        "max_ms": round(max(times), 2),
        "median_words": words,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--part", choices=["dev", "test", "none"], default="dev")
    ap.add_argument(
        "--file",
        type=Path,
        default=THIRD_PARTY,
        help="the third-party strings (default: the first set; the second, blind one: "
        "tests/data/third_party_injections_2.yaml)",
    )
    ap.add_argument("--rules-only", action="store_true", help="the rules without the classifier (the 'before')")
    ap.add_argument(
        "--heuristic",
        action="store_true",
        help="also count heuristic items on the set-4 plants and on the third-party strings (slow)",
    )
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    articles = real_articles()
    result: dict[str, Any] = {"detector": "rules only" if args.rules_only else "rules + classifier"}
    if args.part != "none":
        result["third_party"] = third_party(
            args.part, args.rules_only, articles, args.verbose, args.file, heuristic=args.heuristic
        )
    result["held_out"] = held_out(args.rules_only, articles, args.heuristic, args.verbose)
    result["false_positives"] = false_positives(args.rules_only, args.verbose)
    result["cost"] = cost(args.rules_only, articles, args.reps)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
