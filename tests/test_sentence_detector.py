"""bench/sentence_detector.py: the learned detector's features of a real dev-fixture sentence, and the threshold sweep
that sets each way's cut (docs/EXTRACTOR.md, "A learned sentence detector vs the rules")."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import sentence_detector as sd  # noqa: E402

from summarizer.evals.fixtures import load_fixture, load_split  # noqa: E402
from summarizer.nlp import parse  # noqa: E402

FIXTURE = "putin_ceasefire_offer_withdraw_four_regions"


def _sentence(starts: str) -> object:
    assert FIXTURE in load_split(ROOT / "evals" / "splits.yaml", sd.DEV_FIXTURES), "features are shown on dev text only"
    text = load_fixture(ROOT / "evals" / "fixtures" / f"{FIXTURE}.yaml").article.text
    (found,) = [p for p in parse(text) if p.text.startswith(starts)]
    return found.span


def test_features_of_a_dev_sentence() -> None:
    # "Russian President Vladimir Putin promised Friday to “immediately” order a cease-fire in Ukraine and begin
    # negotiations if Kyiv started withdrawing troops from the four regions annexed by Moscow in 2022 ..."
    feats = sd.sentence_features(_sentence("Russian President Vladimir Putin promised Friday"))
    assert {"l:promise", "l:negotiation", "r:promise", "e:PERSON", "e:GPE"} <= feats
    # Lemma pairs skip punctuation: "cease-fire" is the pair cease_fire.
    assert "b:cease_fire" in feats
    # Who acts, by role and entity type; a preposition's object under its preposition; a verb with its object.
    assert {"d:promise>nsubj:PERSON", "d:annex>agent:GPE", "d:withdraw>from:-", "o:withdraw>troop"} <= feats
    assert not any(f.startswith("m:") for f in feats)


def test_modal_and_negation_markers() -> None:
    said = sd.sentence_features(_sentence("“We will do it immediately,” Putin said"))
    assert {"m:md:will", "d:say>nsubj:PERSON", "r:say"} <= said
    # "Such a deal appears a nonstarter for Kyiv, which ... has demanded that Russia withdraw its troops"
    demanded = sd.sentence_features(_sentence("Such a deal appears a nonstarter"))
    assert "d:withdraw>nsubj:GPE" in demanded and "l:demand" in demanded


def test_groups_keep_only_their_prefixes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sd, "_groups", frozenset("ld"))
    assert sd._kept(["l:promise", "b:cease_fire", "d:promise>nsubj:PERSON", "m:md:will"]) == [
        "l:promise",
        "d:promise>nsubj:PERSON",
    ]


def _doc(rows: list[tuple[float, bool, bool]]) -> sd.Doc:
    """A document of scored sentences: (learned score, rules flag, gold) for military_events."""
    cat = "military_events"
    d = sd.Doc("d", "g", "", [(i, i + 1) for i in range(len(rows))], [[] for _ in rows], [[] for _ in rows])
    d.rules = [[cat] if r else [] for _, r, _ in rows]
    d.labels = [{cat} if y else set() for _, _, y in rows]
    d.scores = [{cat: s} for s, _, _ in rows]
    return d


def test_sweep_picks_the_cut_that_maximises_each_ways_f1() -> None:
    # Two gold sentences the rules miss score 0.9 and 0.8; a false one scores 0.7; the rules find the third gold one.
    d = _doc([(0.9, False, True), (0.8, False, True), (0.7, False, False), (0.2, True, True), (0.1, False, False)])
    units = [(d, i) for i in range(5)]
    # Alone, flagging down to 0.2 finds all three gold sentences for one false one (F1 6/7 against 4/5 at 0.8).
    alone = sd._sweep(units, "military_events", "learned")
    assert alone["threshold"] == 0.2 and alone["cv_f1"] == pytest.approx(0.857)
    # With the rules, 0.8 is enough: the rules bring the third.
    either = sd._sweep(units, "military_events", "rules OR* learned")
    assert either["threshold"] == 0.8 and either["cv_recall"] == 1.0 and either["cv_precision"] == 1.0
    # AND can only lose the rules' one find here: its best cut keeps it (any score at or below 0.2).
    both = sd._sweep(units, "military_events", "rules AND* learned")
    assert both["threshold"] <= 0.2 and both["cv_recall"] == 0.333
    fixed = sd._at(units, "military_events", "rules OR learned", 0.8)
    assert fixed["cv_f1"] == 1.0


def test_the_encoder_group_adds_the_scaled_embedding_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    # Group v's input is the sentence's embedding, scaled; the parse features keep their own filter. The encoder itself
    # (torch, the [embed] extra) is not needed here: the vector is what embed() would have stored.
    d = sd.Doc("d", "g", "", [(0, 1)], [["l:strike", "d:strike>nsubj:GPE", "m:neg"]], [[]])
    d.vecs = [[0.5, -0.25]]
    monkeypatch.setattr(sd, "_groups", frozenset("ld"))
    assert sd._x(d, 0) == {"l:strike": 1.0, "d:strike>nsubj:GPE": 1.0}
    monkeypatch.setattr(sd, "_groups", frozenset("lv"))
    monkeypatch.setattr(sd, "_vec_scale", 2.0)
    assert sd._x(d, 0) == {"l:strike": 1.0, "v:0": 1.0, "v:1": -0.5}
    # A training vocabulary (features seen often enough) filters the strings, never the embedding.
    assert sd._x(d, 0, keep=set()) == {"v:0": 1.0, "v:1": -0.5}
