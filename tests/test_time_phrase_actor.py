"""An attack named in a phrase of time ("after the attack") dates the verb the phrase hangs from: that verb's subject
(a witness, a politician) did not make the attack (own5 pass, round of 2026-12-03, fifth session, second wave).
Sentences from a dev fixture and from RAMS dev, cited by record and span."""

from __future__ import annotations

from summarizer.extractor import find
from summarizer.schema import Category

from .corpus import corpus_text
from .fixture_files import dev_fixture_text


def _agents(text: str, lemma: str) -> list[list[str]]:
    return [f.agents for f in find(text) if f.category is Category.military_events and f.lemma == lemma]


def test_a_witness_acting_after_the_attack_did_not_make_it() -> None:
    text = dev_fixture_text("zamfara_gunmen_kill_17_magami_village")
    sentence = next(line for line in text.splitlines() if line.startswith("“After the attack"))
    found = _agents(sentence, "attack")
    assert found and all("Kasimu Bello" not in a for a in found)


def test_who_misled_a_family_after_the_attack_did_not_make_it() -> None:
    # "Clinton was asked about Smith 's allegations that she misled her ... after the 2012 attack"
    text = corpus_text("RAMS dev nw_RC262e879f88a6e1dc4e200f8c352da31efccc3dffc475ab2429ecd1a0", (205, 360))
    found = _agents(text, "attack")
    assert found and all("Clinton" not in a for a in found)


def test_the_subject_of_the_verb_that_carries_the_attack_still_makes_it() -> None:
    found = _agents("Gunmen carried out the attack after midnight.", "attack")
    assert found in ([["Gunmen"]], [["gunmen"]])
