"""The scorer's reading of names an article defines as one ("Moro Islamic Liberation Front (MILF)")."""

from __future__ import annotations

from pathlib import Path

from summarizer.evals.agreement import prediction_from_gold
from summarizer.evals.aliases import NO_ALIASES, article_aliases
from summarizer.evals.fixtures import Fixture, load_fixture
from summarizer.evals.scoring import score_brief
from summarizer.schema import Brief, Category, Evidence, MatchKind, Proposal

FIXTURES = Path(__file__).resolve().parent.parent / "evals" / "fixtures"
# dev fixtures (evals/SPLITS.md), quoted verbatim
MILF = "The Moro Islamic Liberation Front (MILF) said the ceasefire would come into effect next Tuesday"
ABT = (
    "Two suspected members of a sleeper cell linked to the banned terror outfit Ansarullah Bangla Team (ABT) have "
    "been arrested along with a huge cache of arms and ammunition in Assam’s Kokrajhar district on Tuesday night."
)


def test_a_name_and_the_initials_defined_after_it_are_one_party() -> None:
    aliases = article_aliases(MILF)
    assert aliases.same("MILF", "Moro Islamic Liberation Front")
    assert aliases.same("the Moro Islamic Liberation Front", "MILF")
    assert not NO_ALIASES.same("MILF", "Moro Islamic Liberation Front")


def test_words_before_the_name_are_no_part_of_it() -> None:
    aliases = article_aliases(ABT)
    assert aliases.same("ABT", "Ansarullah Bangla Team")
    assert not aliases.same("ABT", "Assam")


def test_initials_that_cannot_abbreviate_the_name_make_no_pair() -> None:
    # The first letter differs, the letters are out of order, or a single word stands before a bracketed code.
    text = "The Delhi Police (UN) said so. Troops of Bangla Team (TBA) left. It ended on Tuesday (GMT)."
    aliases = article_aliases(text)
    assert not aliases.same("UN", "Delhi Police")
    assert not aliases.same("TBA", "Bangla Team")
    assert aliases.groups.get("gmt") is None


def _with_proposer(fixture: Fixture, name: str) -> Brief:
    brief = Brief()
    text = fixture.article.text
    for gold in fixture.expected.items(Category.proposals):
        evidence = [Evidence(quote=text[a:b], start=a, end=b, match=MatchKind.exact, score=1.0) for a, b in gold.spans]
        item = prediction_from_gold(gold, evidence)
        assert isinstance(item, Proposal)
        item.proposer = [name if p == "MILF" else p for p in item.proposer]
        brief.proposals.append(item)
    return brief


def test_the_scorer_takes_the_long_name_for_the_initials_only_where_the_article_defines_them() -> None:
    fixture = load_fixture(FIXTURES / "philippines_milf_rebels_declare_10_day_ceasefire_2003.yaml")
    assert any("MILF" in (g.proposer or []) for g in fixture.expected.proposals)
    brief = _with_proposer(fixture, "Moro Islamic Liberation Front")
    score, _ = score_brief(brief, fixture)
    assert score.categories[Category.proposals.value].strict.fn == 0

    # The same brief against the same text with the definition masked (same length, so every span still holds):
    # the long name is then another party.
    masked = fixture.model_copy(deep=True)
    masked.article.text = masked.article.text.replace("(MILF)", "(XQZW)")
    score, _ = score_brief(brief, masked)
    assert score.categories[Category.proposals.value].strict.fn > 0
