"""Role errors on the tuning corpora, listed and classified by cause: who the finder named for a found positive
against who the corpus says (agent: attacker / giver / communicator ...; other party: target / recipient /
addressee ...), scored exactly as ``bench/corpora.py`` scores roles.

    python bench/role_errors.py --out /tmp/role-errors.jsonl                     # both tuning splits, the finder
    python bench/role_errors.py --corpus rams --level brief --out /tmp/r.jsonl   # what the brief keeps
    python bench/role_errors.py --category military_events --role agent --show 40  # print 40 rows

Only the tuning splits (RAMS dev, GENEVA val) can be listed: the report splits' errors are never opened. The
listing holds the corpus's sentences (RAMS CC BY-SA 4.0, GENEVA CC BY 3.0), so ``--out`` must lie outside the
repository and stdout gets them only with ``--show``; the cause table holds counts only.

Causes, decided in this order for each wrong role (one per record and role):

* ``gold pronoun``: every gold argument is a pronoun ("he", "they"): no name can overlap it (bench/corpora.py
  reports these apart);
* ``another event of the sentence``: no candidate lies on the gold trigger, so the scorer compares the roles of
  another item of the same category in its sentence ("Democrats wanted the FBI to recommend indictments": the gold is
  the FBI's recommendation, the candidate the Democrats' wish);
* ``scorer match``: a predicted name is written in the window where a gold argument is (the finder took the gold
  words; the scorer's string and gazetteer test does not see it: "the Syrian army" vs "Syria" when the gazetteer
  does not read the phrase, a canonical name not spelt as the text spells it);
* ``gold target is the location``: the gold target of an attack is a place ("bombing Aleppo") and the finder has it
  as the event's location, which the scorer does not compare with targets;
* ``role swapped``: the prediction is the gold argument of the other role (attacker given as target);
* ``scorer role map``: GENEVA's Buyer of a sale (Seller of a purchase), which bench/corpora.py files as an agent,
  is the trade's other side: the seller the finder names can never match it (proposals and events only: an
  exchange's gold sides are scored against both predicted sides, as bench/corpora.py's "either side" figures do, and
  its predicted sides are the finder's agents, others and partners, or the brief item's two sides);
* ``nobody picked, gold a name`` / ``..., gold a common noun`` / ``..., gold elsewhere``: no value at all; the gold
  argument, in the trigger's sentence, holds a name or only a common noun phrase (the finder keeps named parties,
  and common nouns only for armed actors, targets and addressees), or lies only in another sentence of the window;
* ``wrong token, gold elsewhere``: a value, but the gold argument is only in another sentence of the window;
* ``wrong token picked``: a value, the gold argument in the trigger's sentence, and they differ.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from corpora import (
    _GOLD_PRONOUNS,
    AGENT_ROLES,
    OTHER_ROLES,
    TUNE,
    Level,
    Pred,
    _gold_categories,
    _norm,
    _overlap,
    exchange_sides,
    load_records,
    predictions,
    score_record,
    trigger_sentence,
)

from summarizer.gazetteer import find_actors, same_actor

REPO = Path(__file__).resolve().parents[1]
PRONOUNS = _GOLD_PRONOUNS


def _written_at(text: str, name: str) -> list[tuple[int, int]]:
    """Where the window writes a predicted name: its literal occurrences, and the gazetteer's mentions of it."""
    spans = [(m.start, m.end) for m in find_actors(text) if same_actor(m.name, name) or m.name == name]
    low, key = text.lower(), name.lower()
    i = low.find(key)
    while key and i >= 0:
        spans.append((i, i + len(key)))
        i = low.find(key, i + 1)
    # A name the finder keeps as written but shortened ("Prigozhin" for "Yevgeny Prigozhin"): its last word.
    last = key.split()[-1] if key.split() else ""
    if last and last != key and len(last) > 3:
        i = low.find(last)
        while i >= 0:
            spans.append((i, i + len(last)))
            i = low.find(last, i + 1)
    return spans


#: GENEVA frames whose agent-listed role is the transaction's other side: the buyer of a sale, the seller of a purchase
#: (bench/corpora.py lists Buyer and Seller both as agents).
_OTHER_SIDE = {"Commerce_sell": "Buyer", "Commerce_buy": "Seller"}


def _named(text: str) -> bool:
    """A gold argument that holds a name (a word in capitals after its first, or a party the gazetteer knows), not
    only a common noun phrase ("banks", "the government")."""
    words = text.split()
    return (
        bool(find_actors(text))
        or any(w[:1].isupper() for w in words[1:])
        or (bool(words) and words[0][:1].isupper() and words[0].lower() not in ("the", "a", "an"))
    )


def cause(
    r: dict,
    pred: list[str],
    gold: list[dict],
    other_gold: list[dict],
    location: str | None = None,
    on_trigger: bool = True,
) -> str:
    if all(_norm(a["text"]) in PRONOUNS for a in gold):
        return "gold pronoun"
    side = _OTHER_SIDE.get(r.get("frame") or "") if r.get("our_category") != "exchanges" else None
    if side and all(a["role"] == side for a in gold if _norm(a["text"]) not in PRONOUNS):
        return "scorer role map"
    if not on_trigger:
        return "another event of the sentence"
    text = r["text"]
    for name in pred:
        for s, e in _written_at(text, name):
            if any(s < a["end"] and a["start"] < e for a in gold):
                return "scorer match"
    if location and any(_overlap(g["text"], location) for g in gold):
        return "gold target is the location"
    if pred and other_gold and any(_overlap(g["text"], p) for g in other_gold for p in pred):
        return "role swapped"
    lo, hi = trigger_sentence(r)
    in_sentence = any(lo <= a["start"] < hi for a in gold)
    if not pred:
        if not in_sentence:
            return "nobody picked, gold elsewhere"
        return f"nobody picked, gold {'a name' if any(_named(a['text']) for a in gold) else 'a common noun'}"
    return "wrong token picked" if in_sentence else "wrong token, gold elsewhere"


def rows_for(r: dict, preds: list[Pred]) -> list[dict]:
    """The wrong roles of one positive record, by the same choice of candidate as ``corpora.score_record``."""
    trig = r["trigger"]
    out = []
    for cat, _kind in _gold_categories(r):
        if cat != r["our_category"]:
            continue
        in_sentence = [p for p in preds if p.category == cat and p.s_start <= trig["start"] < p.s_end]
        on_trigger = [p for p in in_sentence if p.start < trig["end"] and trig["start"] < p.end]
        best = on_trigger[0] if on_trigger else (in_sentence[0] if in_sentence else None)
        if best is None:
            continue
        args = r.get("arguments") or []
        agents = [a for a in args if a["role"] in AGENT_ROLES]
        others = [a for a in args if a["role"] in OTHER_ROLES]
        pred_agents, pred_others = best.agents, best.others
        if cat == "exchanges":
            # a trade's sides are unordered, as bench/corpora.py scores them ("either side")
            agents, others = exchange_sides(r)
            pred_agents = pred_others = best.sides
        for role, gold, pred, other_gold in (
            ("agent", agents, pred_agents, others),
            ("other party", others, pred_others, agents),
        ):
            if not gold:
                continue
            if any(_overlap(g["text"], p) for g in gold for p in pred):
                out.append({"category": cat, "role": role, "right": True})
                continue
            lo, hi = trigger_sentence(r)
            out.append(
                {
                    "category": cat,
                    "role": role,
                    "right": False,
                    "cause": cause(
                        r, pred, gold, other_gold, best.location if role == "other party" else None, bool(on_trigger)
                    ),
                    "id": r["id"],
                    "dataset_type": r.get("rams_type") or r.get("frame"),
                    "trigger": trig["text"],
                    "found_trigger": r["text"][best.start : best.end],
                    "kind": best.kind,
                    "sentence": r["text"][lo:hi],
                    "gold": [(a["role"], a["text"]) for a in gold],
                    "predicted": pred,
                }
            )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=["rams", "geneva"], action="append", help="Default: both.")
    ap.add_argument("--level", choices=["finder", "brief"], default="finder")
    ap.add_argument("--category", choices=["military_events", "proposals", "exchanges"])
    ap.add_argument("--role", choices=["agent", "other party"])
    ap.add_argument("--out", type=Path, help="Write every wrong role as JSON Lines here (outside the repository).")
    ap.add_argument("--show", type=int, default=0, help="Print this many wrong roles (corpus text) to stdout.")
    args = ap.parse_args(argv)
    if args.out is not None and args.out.resolve().is_relative_to(REPO):
        print(f"{args.out}: corpus text stays out of the repository; write it under /tmp", file=sys.stderr)
        return 2
    rows: list[dict] = []
    for corpus in args.corpus or ["rams", "geneva"]:
        for r in load_records(corpus, TUNE[corpus]):
            if r["label"] != "positive":
                continue
            finder, brief = predictions(r["text"])
            preds = finder if args.level == "finder" else brief
            score_record(r, preds, Level())
            for row in rows_for(r, preds):
                if (args.category and row["category"] != args.category) or (args.role and row["role"] != args.role):
                    continue
                rows.append({"corpus": corpus, "split": TUNE[corpus]} | row)
    table: Counter[tuple[str, str, str]] = Counter()
    totals: Counter[tuple[str, str]] = Counter()
    for row in rows:
        totals[(row["category"], row["role"])] += 1
        table[(row["category"], row["role"], "right" if row["right"] else row["cause"])] += 1
    print(f"| category | role | cause | count | of |  ({args.level}, {', '.join(args.corpus or ['rams', 'geneva'])})")
    print("|---|---|---|---|---|")
    for (cat, role, c), n in sorted(table.items(), key=lambda kv: (kv[0][0], kv[0][1], -kv[1])):
        print(f"| {cat} | {role} | {c} | {n} | {totals[(cat, role)]} |")
    wrong = [row for row in rows if not row["right"]]
    for row in wrong[: args.show]:
        print(json.dumps(row, ensure_ascii=False))
    if args.out is not None:
        args.out.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in wrong), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
