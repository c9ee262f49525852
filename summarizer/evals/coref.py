"""Score cross-article coreference: how well ``summarizer merge`` groups the items that report one event.

Gold clusters (``evals/coref/gold.yaml``) name each event's mentions by verbatim quotes in each article; a
system item belongs to the cluster whose quotes its evidence overlaps most, and an item that overlaps no
mention is its own event. Reported: pairwise precision/recall/F1 over item pairs, and B³ (per item: the
share of its system cluster that is in its gold cluster, and the reverse), both over every item.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, model_validator

from ..errors import ConfigError
from ..inputs import read_article
from ..merge import MergedItem
from ..schema import Category

__all__ = ["CorefGold", "CorefScores", "align", "load_gold", "score_merge", "split_articles"]


class GoldMention(BaseModel):
    article: str = Field(description="Article id: the file name without its suffix, as `summarizer batch` names it.")
    quotes: list[str] = Field(min_length=1, description="Verbatim sentences of that article reporting the event.")


class GoldCluster(BaseModel):
    id: str
    category: Category
    label: str
    split: Literal["dev", "heldout"] = Field(
        "dev", description="heldout: labelled and added after the merge rules were frozen, never used to write them."
    )
    mentions: list[GoldMention] = Field(min_length=2)

    @model_validator(mode="after")
    def _two_articles(self) -> GoldCluster:
        if len({m.article for m in self.mentions}) < 2:
            raise ValueError(f"cluster {self.id}: a cross-article cluster needs mentions in two articles")
        return self


class CorefGold(BaseModel):
    clusters: list[GoldCluster]

    @model_validator(mode="after")
    def _unique_ids(self) -> CorefGold:
        ids = [c.id for c in self.clusters]
        if len(ids) != len(set(ids)):
            raise ValueError("cluster ids must be unique")
        return self


@dataclass(frozen=True)
class _Span:
    cluster: str
    category: Category
    article: str
    start: int
    end: int


def split_articles(gold: CorefGold, heldout_file: str | Path, all_articles: Iterable[str]) -> dict[str, set[str]]:
    """dev: every article not held out; heldout: the held-out articles and those their clusters pair them with."""
    held = {line.strip() for line in Path(heldout_file).read_text(encoding="utf-8").splitlines() if line.strip()}
    partners = {m.article for c in gold.clusters if c.split == "heldout" for m in c.mentions}
    everything = set(all_articles)
    return {"dev": everything - held, "heldout": (held | partners) & everything}


def load_gold(path: str | Path, articles: str | Path) -> tuple[CorefGold, list[_Span]]:
    """Load and check the gold: every quote must occur exactly once in its article's text."""
    path, articles = Path(path), Path(articles)
    gold = CorefGold.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    texts: dict[str, str] = {}
    spans: list[_Span] = []
    problems: list[str] = []
    for c in gold.clusters:
        for m in c.mentions:
            if m.article not in texts:
                found = sorted(articles.glob(m.article + ".*"))
                if not found:
                    problems.append(f"{c.id}: no article {m.article} in {articles}")
                    continue
                texts[m.article] = read_article(found[0]).text
            text = texts[m.article]
            for q in m.quotes:
                n = text.count(q)
                if n != 1:
                    problems.append(f"{c.id}/{m.article}: quote found {n} times: {q[:60]!r}")
                    continue
                i = text.index(q)
                spans.append(_Span(c.id, c.category, m.article, i, i + len(q)))
    if problems:
        raise ConfigError(f"{path}: " + "; ".join(problems))
    return gold, spans


ItemKey = tuple[str, str, int]  # (article id, category, index in the brief)


def align(merged: Iterable[MergedItem], spans: list[_Span]) -> tuple[dict[ItemKey, str], dict[ItemKey, str]]:
    """(system cluster of each item, gold cluster of each item). Unaligned items get a singleton gold id."""
    by_article: dict[tuple[str, str], list[_Span]] = defaultdict(list)
    for s in spans:
        by_article[(s.article, s.category.value)].append(s)
    system: dict[ItemKey, str] = {}
    gold: dict[ItemKey, str] = {}
    for m in merged:
        for src in m.sources:
            key: ItemKey = (src.article_id, m.category.value, src.index)
            system[key] = m.id
            overlap: dict[str, int] = defaultdict(int)
            for e in src.item.evidence:
                if e.start is None or e.end is None:
                    continue
                for s in by_article.get((src.article_id, m.category.value), []):
                    o = min(e.end, s.end) - max(e.start, s.start)
                    if o > 0:
                        overlap[s.cluster] += o
            gold[key] = max(overlap, key=lambda c: (overlap[c], c)) if overlap else f"_single:{key}"
    return system, gold


class CorefScores(BaseModel):
    items: int
    aligned_items: int = Field(description="Items whose evidence overlaps a gold mention.")
    gold_mentions_found: int = Field(description="Gold (cluster, article) mentions some item aligned to.")
    gold_mentions: int
    system_links: int = Field(description="Item pairs the merge put together.")
    gold_links: int
    pairwise: dict[str, float]
    b_cubed: dict[str, float]
    wrong_merges: list[str] = Field(default_factory=list, description="System clusters mixing gold clusters.")


def _prf(p: float, r: float) -> dict[str, float]:
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score_merge(merged: list[MergedItem], spans: list[_Span], articles: set[str] | None = None) -> CorefScores:
    """Scores over every item, or only over the items of ``articles`` (a split), pairs within them."""
    system, gold = align(merged, spans)
    keys = sorted(k for k in system if articles is None or k[0] in articles)
    if articles is not None:
        spans = [s for s in spans if s.article in articles]
    sys_clusters: dict[str, set[ItemKey]] = defaultdict(set)
    gold_clusters: dict[str, set[ItemKey]] = defaultdict(set)
    for k in keys:
        sys_clusters[system[k]].add(k)
        gold_clusters[gold[k]].add(k)

    def links(clusters: dict[str, set[ItemKey]]) -> set[tuple[ItemKey, ItemKey]]:
        out = set()
        for members in clusters.values():
            ms = sorted(members)
            out.update((a, b) for i, a in enumerate(ms) for b in ms[i + 1 :])
        return out

    sl, gl = links(sys_clusters), links(gold_clusters)
    tp = len(sl & gl)
    pairwise = _prf(tp / len(sl) if sl else 1.0, tp / len(gl) if gl else 1.0)
    p_sum = r_sum = 0.0
    for k in keys:
        s, g = sys_clusters[system[k]], gold_clusters[gold[k]]
        inter = len(s & g)
        p_sum += inter / len(s)
        r_sum += inter / len(g)
    n = len(keys) or 1
    wrong = []
    for sid, members in sys_clusters.items():
        golds = {gold[k] for k in members}
        if len(golds) > 1:
            wrong.append(f"{sid}: " + ", ".join(sorted(golds)))
    found = {(gold[k], k[0]) for k in keys if not gold[k].startswith("_single:")}
    all_mentions = {(s.cluster, s.article) for s in spans}
    return CorefScores(
        items=len(keys),
        aligned_items=sum(1 for k in keys if not gold[k].startswith("_single:")),
        gold_mentions_found=len(found & all_mentions),
        gold_mentions=len(all_mentions),
        system_links=len(sl),
        gold_links=len(gl),
        pairwise=pairwise,
        b_cubed=_prf(p_sum / n, r_sum / n),
        wrong_merges=sorted(wrong),
    )
