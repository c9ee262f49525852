"""The linguistic layer's layout step: hard-wrapped wire copy is read as whole sentences, other text as it is."""

from __future__ import annotations

from summarizer.nlp import parse, unwrap

from .fixture_files import fixture_text


def test_hard_wrapped_wire_copy_is_parsed_as_whole_sentences() -> None:
    # fixture bahrain_arrests_suspects_accuses_hezbollah_bombings_2012 (dev): Reuters copy wrapped at ~60 columns
    text = fixture_text("bahrain_arrests_suspects_accuses_hezbollah_bombings_2012")
    flat = unwrap(text)
    assert len(flat) == len(text)  # every offset into the article holds
    assert "arrested four suspects on Tuesday" in flat
    first = parse(text)[0]
    assert first.text.endswith("accused the Lebanese militant group Hezbollah of being behind the attacks.")
    # a line that ends a sentence keeps its break: the next paragraph is not glued to it
    assert "authorities said.\n" in flat


def test_one_paragraph_per_line_is_left_alone() -> None:
    # fixture egypt_proposes_gaza_ceasefire_and_cairo_talks (dev): a headline line and long paragraph lines
    text = fixture_text("egypt_proposes_gaza_ceasefire_and_cairo_talks")
    assert unwrap(text) == text


def test_a_page_with_link_lists_is_no_wrapped_paragraph() -> None:
    # fixture niger_protesters_demand_us_troop_withdrawal_2024 (heldout_batch4; its layout only, no error read): one
    # paragraph per line, then lists of other headlines ("Related Stories") that end without a full stop
    text = fixture_text("niger_protesters_demand_us_troop_withdrawal_2024")
    assert "Related Stories\n- " in text and unwrap(text) == text
