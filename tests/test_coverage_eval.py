"""bench/coverage_eval.py: how labelled sentences and emitted units are counted, and how the pages file is checked at
load; and the lexicon entry written from the coverage pages' tune part (docs/EXTRACTOR.md, last section)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from summarizer.extractor import find
from summarizer.schema import Category

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import coverage_eval  # noqa: E402
from coverage_eval import Pages, count  # noqa: E402

TEXT = "A attacked B. C called for talks. D said nothing. E attacked F."
# sentence spans of TEXT
S1, S2, S3, S4 = (0, 13), (14, 33), (34, 49), (50, 63)


def test_a_label_is_reached_by_an_overlapping_unit_and_missed_otherwise() -> None:
    t = count([([S1], False), ([S4], False)], [[S1]], TEXT)
    assert (t.labels, t.reached, t.recall()) == (2, 1, 0.5)
    assert t.missed == ["E attacked F."]


def test_units_are_right_false_or_set_aside_by_the_labels_they_touch() -> None:
    labels = [([S1], False), ([S2], True)]
    t = count(labels, [[S1], [S2], [S3]], TEXT)
    # S1 touches a required label (right), S2 only an optional one (aside), S3 none (false)
    assert (t.right, t.aside, t.false) == (1, 1, 1)
    assert t.precision() == 0.5
    assert (t.optional_labels, t.optional_reached, t.labels) == (1, 1, 1)
    assert t.false_units == ["D said nothing."]


def test_a_brief_item_with_several_quotes_is_one_unit_and_reaches_each_label_it_quotes() -> None:
    t = count([([S1], False), ([S4], False)], [[S1, S4]], TEXT)
    assert (t.reached, t.right, t.false) == (2, 1, 0)


def test_a_sentence_that_stands_twice_is_reached_at_either_place() -> None:
    t = count([([S1, S4], False)], [[S4]], TEXT)
    assert (t.reached, t.right) == (1, 1)


def test_nothing_emitted_and_nothing_labelled_count_zero_not_an_error() -> None:
    t = count([], [], TEXT)
    assert (t.recall(), t.precision()) == (0.0, 0.0)


def _page(**kw: object) -> dict:
    page = {"url": "u", "part": "tune", "query": "q", "date": None, "text": TEXT, "labels": []}
    page.update(kw)
    return {"entries": [page]}


def test_a_label_that_is_not_verbatim_in_its_page_is_refused_with_the_url() -> None:
    label = {"sentence": "A attacked Z.", "category": "military_events", "kind": "strike", "trigger": "attacked"}
    with pytest.raises(ValidationError, match="not verbatim"):
        Pages.model_validate(_page(labels=[label]))


def test_an_unknown_category_part_or_field_is_refused() -> None:
    label = {"sentence": "A attacked B.", "category": "events", "kind": "strike", "trigger": "attacked"}
    with pytest.raises(ValidationError):
        Pages.model_validate(_page(labels=[label]))
    with pytest.raises(ValidationError):
        Pages.model_validate(_page(part="dev"))
    with pytest.raises(ValidationError):
        Pages.model_validate(_page(furniture=[]))


def test_the_pages_file_loads_and_its_parts_alternate_by_page_order() -> None:
    pages = coverage_eval.load_pages()
    assert len(pages) >= 30
    assert [p.part for p in pages] == ["tune" if i % 2 == 0 else "test" for i in range(len(pages))]
    assert len({p.url for p in pages}) == len(pages)
    # the url lines only, as the brief's check did (`grep -h url evals/fixtures/*.yaml`): no fixture text is read
    fixture_urls = {
        line.split("url:", 1)[1].strip().strip("'\"")
        for f in (ROOT / "evals" / "fixtures").glob("*.yaml")
        for line in f.read_text(encoding="utf-8").splitlines()
        if line.startswith("  url:")
    }
    assert len(fixture_urls) > 100
    assert not {p.url for p in pages} & fixture_urls


def test_misses_refuse_the_test_part() -> None:
    with pytest.raises(SystemExit, match="tune part only"):
        coverage_eval.main(["--part", "all", "--misses"])


# The lexicon entry from the tune part: "propose" as a noun's modifier (exclude_deps: [amod]).
@pytest.mark.parametrize(
    "sentence",
    [
        # https://www.dailysabah.com/mideast/2018/03/23/us-state-department-approves-1b-worth-of-weapon-sales-to-saudis
        "The proposed sales must now be approved by Congress.",
        # https://en.trend.az/world/us/3110319.html
        "“This proposed sale will support the foreign policy and national security of the United States by improving "
        "the security of a major ally that is a force for political stability and economic progress in the "
        "Asia-Pacific region,” the statement said.",
    ],
)
def test_a_proposed_thing_is_no_proposal(sentence: str) -> None:
    assert not [f for f in find(sentence) if f.category is Category.proposals]


def test_proposing_is_still_a_proposal() -> None:
    # fixture seed-russia-trilateral-naval-exercise (dev), the entry's own example
    text = (
        "Russia has proposed holding a trilateral naval exercise with North Korea and China, Yonhap reported, citing "
        "South Korea's intelligence agency."
    )
    found = [f for f in find(text) if f.category is Category.proposals]
    assert found and found[0].lemma == "propose" and found[0].agents == ["Russia"]


# The role rule from the tune part: a plural pronoun whose antecedent is the article's noun for people makes that noun
# a proposal's maker (summarizer/antecedents.common_antecedent, extractor.actors._pronoun_noun_party).
def test_they_after_a_noun_for_people_names_the_proposals_maker() -> None:
    # https://m.guardian.ng/news/world/foreign-ministers-in-ukraine-talks-call-for-ceasefire/
    text = (
        "The four top diplomats in their statement said they “call on all sides involved to cease hostilities and to "
        "withdraw heavy weapons” from a demarcation line agreed in a September truce pact signed in Minsk."
    )
    (f,) = [f for f in find(text) if f.category is Category.proposals]
    assert (f.lemma, f.agents, f.others) == ("call", ["four top diplomats"], ["all sides"])


def test_they_in_the_next_sentence_stands_for_the_protesters() -> None:
    # http://rferl.org/content/kyrgyzstan-opposition-rallies/25327950.html (two sentences of one page, in order)
    text = (
        "The Bishkek protesters called on President Almazbek Atambaev to revise plans to allow Russian companies to "
        "take over the transit center at Manas airport after NATO troops withdraw from Afghanistan later this year.\n"
        "The opposition held similar protest rallies in several other towns and cities across Kyrgyzstan.\n"
        "They are demanding that presidential powers be limited, that deals on Kyrgyzstan's joining a Russia-led "
        "customs union be revised, that a jailed former parliament speaker be freed, and that a major gold mine be "
        "nationalized."
    )
    demands = [f for f in find(text) if f.category is Category.proposals and f.lemma == "demand"]
    assert [f.agents for f in demands] == [["Bishkek protesters"]]
