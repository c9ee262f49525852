"""The candidate finder against event mentions labelled by others: RAMS 1.0 and GENEVA (/work/shared/corpora).

    python bench/corpora.py                       # the report splits: RAMS test, GENEVA test
    python bench/corpora.py --tune                # the tuning splits: RAMS dev, GENEVA val
    python bench/corpora.py --json out.json       # also write every figure as JSON

How it scores (the corpora's README, "How to use"):

* **Recall.** A positive is found when the finder emits a candidate of the record's ``our_category`` whose
  evidence sentence contains the annotated trigger ("sentence"); the tighter "trigger" figure wants the
  candidate's own trigger to overlap the annotated one. Per category and per ``our_kind``, for ``direct``
  mappings and for all. An ``also`` category counts too (a weapons purchase is an exchange as well).
* **Precision.** Positives found, against candidates of the category emitted on *negative* records (each
  such record is one false positive; the annotation is partial, so this is an upper bound on error).
  Near-miss records (a transfer of no weapon, a meeting with no soldier) are reported apart: how often the
  finder fires the category the near-miss was kept out of.
* **Roles.** For found positives: agent (RAMS attacker/communicator/giver/participant, GENEVA
  Assailant/Speaker/Supplier/Sender/Side_1/Tester/Signatory/Buyer/Seller) against the candidate's agents,
  the other party (recipient/addressee/target) against its others/targets/partners, place against the
  location. A role counts when a gold argument and the predicted value overlap as normalised strings.
  **An exchange's sides are unordered** (evals/GUIDELINES.md §5, the fixture scorer): the ``either side`` keys score
  each gold side (``EXCHANGE_FIRST_ROLES``, ``EXCHANGE_OTHER_ROLES``) against every predicted side, and ``both sides``
  whether two different gold parties are both among them; the ordered ``agent`` / ``other party`` keys are kept for
  comparison with earlier figures.

**Two readings of proposals.** The corpora map threats, coercion and commitments onto proposals (RAMS
``threatencoerce`` → demand, ``commitmentpromiseexpressintent`` → offer; GENEVA ``Commitment``); the labelling guide
does not (evals/GUIDELINES.md §12: "A threat ... is not a proposal"; §4: a vow or a statement of intent with no
counterpart asked is none). Every proposal figure is therefore also given **by the guidelines**
(``proposals_by_guidelines``, :func:`guideline_reading`): a threat or an oath is no proposal, so a candidate in its
sentence is a false positive like one on a negative record; a request or an order stays a proposal; a commitment or a
negotiation, which the guidelines decide by what the sentence says (a counterpart asked, an offer stated) and not by
its type, is left out of that reading and counted. A figure that moves because a threat is no longer a proposal is
reported under both readings.

Two levels are reported: ``finder`` (every trigger that holds, what ``extractor.find`` returns) and
``brief`` (what the heuristic strategy keeps as an item: events need a named actor, exchanges two parties; a brief
item counts in its own category, and an exchange's sides are the item's ``side_a`` and ``side_b``).

The corpora are evaluation data under their own licences (CC BY-SA 4.0, CC BY 3.0); they are read in place,
never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.extractor import Found, find
from summarizer.gazetteer import find_actors, same_actor
from summarizer.inputs import Article
from summarizer.schema import ArticleMeta, DraftExchange
from summarizer.strategies.heuristic import Candidate, candidates_from

CORPORA = Path("/work/shared/corpora")
TUNE = {"rams": "dev", "geneva": "val"}
REPORT = {"rams": "test", "geneva": "test"}


def load_records(corpus: str, split: str) -> list[dict]:
    """The records of one split of a corpus (``/work/shared/corpora/CORPUS.jsonl``)."""
    path = CORPORA / f"{corpus}.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in records if r["split"] == split]


def trigger_sentence(r: dict) -> tuple[int, int]:
    """Where the record's trigger sentence lies in its text (RAMS windows hold five sentences, joined by one
    character; a GENEVA record is one sentence); the whole text if no sentence holds the trigger."""
    start = 0
    for s in r.get("sentences") or [r["text"]]:
        if start <= r["trigger"]["start"] < start + len(s) + 1:
            return start, start + len(s)
        start += len(s) + 1
    return 0, len(r["text"])


AGENT_ROLES = {
    "attacker", "communicator", "giver", "participant", "Assailant", "Speaker", "Supplier", "Sender", "Side_1",
    "Sides", "Tester", "Signatory", "Buyer", "Seller", "Agent", "Donor", "Lender", "Borrower",
}  # fmt: skip
OTHER_ROLES = {"recipient", "target", "Addressee", "Recipient", "Victim", "Side_2", "victim"}
#: An exchange's two sides are unordered: evals/GUIDELINES.md §5 makes ``side_a`` whoever leads the article's statement
#: of the trade, and the fixture scorer (``evals.scoring.key_fields_right``) wants each gold side among the predicted
#: sides, in any order. The corpora's transaction roles follow the goods, not the telling (RAMS ``giver`` is the seller
#: of transferownership but the buyer of transfermoney; GENEVA's Buyer leads a purchase and is the other side of a
#: sale), so an exchange's gold side is scored against both predicted sides. The side roles: RAMS giver / recipient,
#: agreement participants, violator / otherparticipant; GENEVA Buyer / Seller, Signatory, Exchanger_1 / Exchanger_2.
#: RAMS ``beneficiary`` (for whose sake: "swimmers" of their stipends, "Iran" of its own purchase) is no side.
EXCHANGE_FIRST_ROLES = AGENT_ROLES | {"violator", "Exchanger_1"}
EXCHANGE_OTHER_ROLES = OTHER_ROLES | {"otherparticipant", "Exchanger_2"}
#: GENEVA frames whose agent-listed role is the trade's other side: the buyer of a sale, the seller of a purchase.
EXCHANGE_OTHER_SIDE = {"Commerce_sell": "Buyer", "Commerce_buy": "Seller", "Commerce_pay": "Seller"}
PLACE_ROLES = {"place", "Place"}

#: The corpora fold wars and fighting into "strike"; the brief files a war mentioned as context as "other".
KIND_ALIASES = {"strike": {"strike", "other"}}


def _norm(s: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", s.lower()).split())


def _overlap(a: str, b: str) -> bool:
    """Gold span text against a predicted name: the same string, shared content words, or the same actor
    by the gazetteer ("Israeli forces" and "Israel")."""
    if any(same_actor(m.name, b) for m in find_actors(a)):
        return True
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    ta, tb = set(a.split()) - {"the", "of", "a"}, set(b.split()) - {"the", "of", "a"}
    return bool(ta & tb)


@dataclass
class Tally:
    found: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.found += int(ok)

    @property
    def rate(self) -> float | None:
        return round(self.found / self.total, 3) if self.total else None


@dataclass
class Level:
    recall_sentence: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    recall_trigger: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    kind_right: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    neg_fired: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    near_fired: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    neg_window: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    near_window: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    roles: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    #: Proposals by the guidelines (guideline_reading): recall per kind over the records that stay proposals, and
    #: how often the records that are none (threats, oaths) fire a proposal in their trigger's sentence.
    g_recall: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    g_not_fired: Tally = field(default_factory=Tally)
    g_undecided: Tally = field(default_factory=Tally)

    def precision(self, category: str) -> float | None:
        tp = self.recall_sentence[f"{category} all"].found
        fp = self.neg_fired[category].found
        return round(tp / (tp + fp), 3) if tp + fp else None

    def guideline_precision(self) -> float | None:
        tp = self.g_recall["proposals all"].found
        fp = self.neg_fired["proposals"].found + self.g_not_fired.found
        return round(tp / (tp + fp), 3) if tp + fp else None


@dataclass
class Pred:
    category: str
    kind: str
    start: int
    end: int
    s_start: int
    s_end: int
    agents: list[str]
    others: list[str]
    location: str | None
    #: An exchange's sides, unordered: the finder's agents, others and partners; the brief item's side_a and side_b.
    sides: list[str] = field(default_factory=list)


def _from_found(f: Found) -> Pred:
    return Pred(
        f.category.value, f.kind, f.start, f.end, f.sentence.start, f.sentence.end,
        f.agents, f.others + f.targets + f.partners, f.location, f.agents + f.others + f.partners,
    )  # fmt: skip


def _from_candidate(c: Candidate) -> Pred:
    """A brief item: an exchange counts as one whatever the finder category it was made from (a conditional offer or a
    request for goods makes an exchange beside its proposal), and its sides are the item's own, after the brief's
    fallback to the sentence's parties."""
    assert c.found is not None
    p = _from_found(c.found)
    p.category = c.category.value
    if isinstance(c.draft, DraftExchange):
        p.sides = [s.party for s in (c.draft.side_a, c.draft.side_b) if s.party]
    return p


def predictions(text: str) -> tuple[list[Pred], list[Pred]]:
    found = find(text)
    finder = [_from_found(f) for f in found]
    article = Article(text=text, meta=ArticleMeta(chars=len(text)), id="corpus")
    brief = [_from_candidate(c) for c in candidates_from(article, found) if c.found is not None]
    return finder, brief


def exchange_sides(r: dict) -> tuple[list[dict], list[dict]]:
    """The gold arguments of an exchange's first and other side (see ``EXCHANGE_FIRST_ROLES``)."""
    args = r.get("arguments") or []
    flip = EXCHANGE_OTHER_SIDE.get(r.get("frame") or "")
    first = [a for a in args if a["role"] in EXCHANGE_FIRST_ROLES and a["role"] != flip]
    other = [a for a in args if a["role"] in EXCHANGE_OTHER_ROLES or a["role"] == flip]
    return first, other


def _gold_categories(r: dict) -> list[tuple[str, str | None]]:
    out = [(r["our_category"], r["our_kind"])]
    out += [(a["our_category"], a.get("our_kind")) for a in r.get("also") or []]
    return out


#: RAMS often marks the pronoun itself as the argument ("he" pledged): no party name can overlap it, so role accuracy
#: is also reported apart for such gold arguments.
_GOLD_PRONOUNS = frozenset({
    "he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "we", "us", "our", "i", "me", "my", "you",
    "who", "which", "whose",
})  # fmt: skip


#: Triggers whose record is no proposal by the guidelines whatever its type: "under oath", "the oath of office".
_OATH = re.compile(r"^(?:oath|oaths|sworn|swear|swore|swears)$", re.I)


def guideline_reading(r: dict) -> str | None:
    """How evals/GUIDELINES.md reads a record the corpus maps onto proposals: ``proposal``, ``not_proposal`` (a
    threat, coercion or an oath: §12, §4), ``undecided`` (a commitment or negotiation: a proposal only when the
    sentence names a counterpart asked or states an offer, which a type cannot say); None for other records."""
    if r.get("our_category") != "proposals":
        return None
    kind = r.get("rams_type") or r.get("frame") or ""
    if "threatencoerce" in kind or (kind == "Commitment" and r.get("our_kind") == "demand"):
        return "not_proposal"
    if _OATH.match(r["trigger"]["text"].strip()):
        return "not_proposal"
    if "commitmentpromiseexpressintent" in kind or kind == "Commitment" or r.get("our_kind") == "negotiation":
        return "undecided"
    return "proposal"


def _gold_kind(args: list[str]) -> str:
    return "a pronoun" if all(_norm(a) in _GOLD_PRONOUNS for a in args) else "a name or noun"


def score_record(r: dict, preds: list[Pred], level: Level) -> None:
    trig = r["trigger"]
    # Symmetric with recall: a negative fires when a candidate sits in the sentence of its annotated trigger
    # (RAMS windows hold five sentences, most of them unannotated; the whole-window rate is reported too).
    in_trigger_sentence = {p.category for p in preds if p.s_start <= trig["start"] < p.s_end}
    in_window = {p.category for p in preds}
    if r["label"] in ("negative", "near_miss"):
        table = level.neg_fired if r["label"] == "negative" else level.near_fired
        window = level.neg_window if r["label"] == "negative" else level.near_window
        for c in ("proposals", "exchanges", "military_events"):
            table[c].add(c in in_trigger_sentence)
            window[c].add(c in in_window)
        return
    reading = guideline_reading(r)
    if reading is not None:
        fired = "proposals" in in_trigger_sentence
        if reading == "not_proposal":
            level.g_not_fired.add(fired)
        elif reading == "undecided":
            level.g_undecided.add(fired)
        else:
            level.g_recall["proposals all"].add(fired)
            level.g_recall[f"proposals/{r['our_kind']} all"].add(fired)
    for cat, kind in _gold_categories(r):
        in_sentence = [p for p in preds if p.category == cat and p.s_start <= trig["start"] < p.s_end]
        on_trigger = [p for p in in_sentence if p.start < trig["end"] and trig["start"] < p.end]
        keys = [f"{cat} all", f"{cat}/{kind} all"]
        if r["mapping_confidence"] == "direct":
            keys += [f"{cat} direct", f"{cat}/{kind} direct"]
        for k in keys:
            level.recall_sentence[k].add(bool(in_sentence))
            level.recall_trigger[k].add(bool(on_trigger))
        best = on_trigger[0] if on_trigger else (in_sentence[0] if in_sentence else None)
        if best is None or cat != r["our_category"]:
            continue
        if kind:
            level.kind_right[f"{cat}/{kind}"].add(best.kind in KIND_ALIASES.get(kind, {kind}))
        args = r.get("arguments") or []
        agents = [a["text"] for a in args if a["role"] in AGENT_ROLES]
        others = [a["text"] for a in args if a["role"] in OTHER_ROLES]
        places = [a["text"] for a in args if a["role"] in PLACE_ROLES]
        if agents:
            ok = any(_overlap(g, p) for g in agents for p in best.agents)
            level.roles[f"{cat} agent"].add(ok)
            level.roles[f"{cat} agent, gold {_gold_kind(agents)}"].add(ok)
        if others:
            ok = any(_overlap(g, p) for g in others for p in best.others)
            level.roles[f"{cat} other party"].add(ok)
            level.roles[f"{cat} other party, gold {_gold_kind(others)}"].add(ok)
        if cat == "exchanges":
            _score_sides(r, best, level)
        if places and cat == "military_events":
            level.roles[f"{cat} location filled"].add(best.location is not None)
            level.roles[f"{cat} location right"].add(
                best.location is not None and any(_overlap(g, best.location) for g in places)
            )


def _score_sides(r: dict, best: Pred, level: Level) -> None:
    """An exchange's sides, unordered (``EXCHANGE_FIRST_ROLES``): each gold side against every predicted side, and
    whether two different gold parties are both among them where the record names two."""
    first, other = exchange_sides(r)
    for key, gold in (("agent", first), ("other party", other)):
        if gold:
            ok = any(_overlap(g["text"], p) for g in gold for p in best.sides)
            texts = [g["text"] for g in gold]
            level.roles[f"exchanges {key}, either side"].add(ok)
            level.roles[f"exchanges {key}, either side, gold {_gold_kind(texts)}"].add(ok)
    parties: list[str] = []
    for g in first + other:
        if _norm(g["text"]) not in _GOLD_PRONOUNS and not any(_overlap(g["text"], q) for q in parties):
            parties.append(g["text"])
    if len(parties) >= 2:
        matched = [q for q in parties if any(_overlap(q, p) for p in best.sides)]
        level.roles["exchanges both sides, two named gold parties"].add(len(matched) >= 2)


def run(corpus: str, split: str) -> dict:
    records = load_records(corpus, split)
    levels = {"finder": Level(), "brief": Level()}
    words = 0
    started = time.perf_counter()
    for r in records:
        finder, brief = predictions(r["text"])
        words += len(r["text"].split())
        score_record(r, finder, levels["finder"])
        score_record(r, brief, levels["brief"])
    seconds = time.perf_counter() - started
    out: dict = {"corpus": corpus, "split": split, "records": len(records), "seconds": round(seconds, 1)}
    out["seconds_per_1000_words"] = round(seconds / max(1, words) * 1000, 3)
    for name, lv in levels.items():
        out[name] = {
            "recall_sentence": {k: (v.found, v.total, v.rate) for k, v in sorted(lv.recall_sentence.items())},
            "recall_trigger": {k: (v.found, v.total, v.rate) for k, v in sorted(lv.recall_trigger.items())},
            "precision_vs_negatives": {c: lv.precision(c) for c in ("proposals", "exchanges", "military_events")},
            "negatives_fired": {k: (v.found, v.total, v.rate) for k, v in sorted(lv.neg_fired.items())},
            "near_misses_fired": {k: (v.found, v.total, v.rate) for k, v in sorted(lv.near_fired.items())},
            "negatives_fired_whole_window": {k: (v.found, v.total, v.rate) for k, v in sorted(lv.neg_window.items())},
            "near_misses_fired_whole_window": {
                k: (v.found, v.total, v.rate) for k, v in sorted(lv.near_window.items())
            },
            "kind_accuracy": {k: (v.found, v.total, v.rate) for k, v in sorted(lv.kind_right.items())},
            "roles": {k: (v.found, v.total, v.rate) for k, v in sorted(lv.roles.items())},
            "proposals_by_guidelines": {
                "recall": {k: (v.found, v.total, v.rate) for k, v in sorted(lv.g_recall.items())},
                "not_proposals_fired": (lv.g_not_fired.found, lv.g_not_fired.total, lv.g_not_fired.rate),
                "undecided_fired": (lv.g_undecided.found, lv.g_undecided.total, lv.g_undecided.rate),
                "precision": lv.guideline_precision(),
            },
        }
    return out


def _print(res: dict) -> None:
    print(f"\n## {res['corpus']} {res['split']} ({res['records']} records, {res['seconds']} s, "
          f"{res['seconds_per_1000_words']} s per 1,000 words)")  # fmt: skip
    for level in ("finder", "brief"):
        lv = res[level]
        print(f"\n### {level}")
        print("| category / kind | recall (sentence) | recall (trigger) |")
        print("|---|---|---|")
        for k, (f, t, rate) in lv["recall_sentence"].items():
            tf, _, trate = lv["recall_trigger"][k]
            print(f"| {k} | {f}/{t} = {rate} | {tf}/{t} = {trate} |")
        print(f"\nprecision vs negatives: {lv['precision_vs_negatives']}")
        print(f"negatives fired: { {k: v[2] for k, v in lv['negatives_fired'].items()} }")
        print(f"near-misses fired: { {k: v[2] for k, v in lv['near_misses_fired'].items()} }")
        print(f"negatives fired, whole window: { {k: v[2] for k, v in lv['negatives_fired_whole_window'].items()} }")
        print(f"kind accuracy (found): { {k: v for k, v in lv['kind_accuracy'].items()} }")
        print(f"roles (found): { {k: v for k, v in lv['roles'].items()} }")
        g = lv["proposals_by_guidelines"]
        print(
            f"proposals by the guidelines: recall { {k: v for k, v in g['recall'].items()} }; threats and oaths "
            f"that fire {g['not_proposals_fired']}; precision {g['precision']} (commitments and negotiations left "
            f"out: {g['undecided_fired']} fire)"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tune", action="store_true", help="Score the tuning splits (RAMS dev, GENEVA val).")
    ap.add_argument("--corpus", choices=["rams", "geneva"], action="append", help="Default: both.")
    ap.add_argument("--json", type=Path, help="Also write the figures here.")
    args = ap.parse_args(argv)
    if not CORPORA.exists():
        print(f"no corpora at {CORPORA}", file=sys.stderr)
        return 2
    splits = TUNE if args.tune else REPORT
    results = [run(c, splits[c]) for c in (args.corpus or ["rams", "geneva"])]
    for res in results:
        _print(res)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
