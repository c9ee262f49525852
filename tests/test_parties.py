"""Who asks and who trades: the proposer of a proposal and the sides of an exchange, on third-party sentences (RAMS dev,
GENEVA val: the tuning corpora of evals/SPLITS.md's round of 2026-12-03, second session), cited by record and span."""

from __future__ import annotations

from summarizer.extractor import find
from summarizer.inputs import Article
from summarizer.schema import ArticleMeta, Category
from summarizer.strategies.heuristic import candidates_from

from .brief_items import found_of
from .corpus import corpus_text


def test_a_request_with_its_own_subject_borrows_no_subject_from_the_main_clause() -> None:
    # the agency asked; North Korea, subject of the clause the request hangs from, asked nothing
    text = corpus_text("GENEVA val 135_23562_4097727_655_0", (0, 144))
    f = found_of(text, Category.proposals, "request")
    assert "North Korea" not in f.agents


def test_a_relative_pronoun_still_stands_for_its_noun_and_its_conjuncts() -> None:
    text = corpus_text("RAMS dev nw_RCcd221b9b2a72f66ea8ceac19de9f00a08517c3da7d96a0d859e3f4cb", (592, 755))
    f = found_of(text, Category.proposals, "urge")
    assert "Democrats" in f.agents


def test_a_pronoun_subject_still_takes_whom_the_clause_above_names() -> None:
    text = corpus_text("RAMS dev nw_RCcb5a2825bae84b1cbc394b22ca47d61d434cb74816a7900c168f150a", (407, 785))
    f = found_of(text, Category.proposals, "call")
    assert f.agents and "Clinton" in " ".join(f.agents)


def test_a_trade_side_named_only_by_a_common_noun_is_found_but_no_named_party() -> None:
    text = corpus_text("RAMS dev nw_RCb6ef7a766ec459f394e53d261d5ef278e241767947abaeeeacf35690", (372, 576))
    f = found_of(text, Category.exchanges, "lend")
    assert f.agents == ["major banks"] and f.noun_sides == ["major banks"]
    loan = found_of(
        corpus_text("RAMS dev nw_RCf9bd88a01b9075910328f40594ae1d5ad7aa99a3cf4ecd86429ae06a", (105, 222)),
        Category.exchanges,
        "loan",
    )
    assert "financial firm" in loan.others + loan.agents
    # the brief keeps no trade whose sides are a common noun and nobody the article names
    article = Article(text=text, meta=ArticleMeta(chars=len(text)), id="t")
    assert not [c for c in candidates_from(article, [f]) if c.category is Category.exchanges]


def test_a_payment_for_a_named_party_pays_that_party() -> None:
    text = corpus_text("RAMS dev nw_RC970e93159d77bdfd1bf8683130c38674b8f9e1ab49e790aadd777c5e", (576, 790))
    first = next(f for f in find(text) if f.category is Category.exchanges and f.lemma == "payment")
    assert first.others == ["Manafort"]
