"""What the pipeline does with a capable model's answers: the recorded brief-v1 answers (evals/cassettes/)
grounded as the pipeline grounds them. Each test pins one place where a right answer used to be lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.evals.fixtures import load_fixtures
from summarizer.evals.scoring import location_right, score_brief
from summarizer.gazetteer import canonical, canonical_actors, canonical_names, same_actor
from summarizer.pipeline import ground_draft, merge_restated_events
from summarizer.schema import Actor, ActorKind, DraftBrief

ROOT = Path(__file__).resolve().parents[1]
CASSETTE = ROOT / "evals" / "cassettes" / "brief-v1"
FIXTURES = ROOT / "evals" / "fixtures"


def recorded_brief(fixture_id: str):
    """The pipeline's brief of one fixture from the answer the capable model gave (no HTTP: the same draft)."""
    data = json.loads((CASSETTE / f"{fixture_id}.json").read_text(encoding="utf-8"))
    arguments = data["response"]["body"]["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
    fixture = load_fixtures(FIXTURES, [fixture_id])[0]
    brief, missing = ground_draft(DraftBrief.model_validate_json(arguments), fixture.to_article())
    assert not missing
    return brief, fixture


# --------------------------------------------------------------------------- actor names


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Ministry of Defense (Japan)", "Japan's Ministry of Defense"),
        ("Joint Chiefs of Staff (South Korea)", "South Korea's Joint Chiefs of Staff"),
        ("Ministry of Foreign Affairs (Iran)", "Iran's Foreign Ministry"),
        ("Russian military", "Russian Armed Forces"),
        ("Ukrainian forces", "Armed Forces of Ukraine"),
        ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
    ],
)
def test_names_a_model_gives_resolve_to_the_gazetteer(given: str, expected: str) -> None:
    assert canonical(given) == expected


def test_a_parenthesis_that_names_no_state_is_left_alone() -> None:
    assert canonical("Foo Council (provisional)") == "Foo Council (provisional)"
    assert canonical("Satellite imagery") == "Satellite imagery"


def test_a_states_armed_forces_count_as_the_state() -> None:
    assert same_actor("Russian military", "Russia") and not same_actor("Russian military", "Ukraine")


def test_canonical_names_and_actor_records_merge_what_is_one_actor() -> None:
    assert canonical_names(["Erdoğan", "Recep Tayyip Erdogan", "Turkey", "", "Unknown Body"]) == [
        "Recep Tayyip Erdogan",
        "Turkey",
        "Unknown Body",
    ]
    merged = canonical_actors(
        [
            Actor(name="Washington", aliases=["Washington"]),
            Actor(name="United States", kind=ActorKind.state, country="USA", aliases=["the US"]),
        ]
    )
    assert [(a.name, a.kind, a.country) for a in merged] == [("United States", ActorKind.state, "USA")]
    assert set(merged[0].aliases) == {"Washington", "the US"}


def test_wagner_a_strike_by_the_russian_military_is_a_strike_by_russia() -> None:
    brief, fixture = recorded_brief("wagner_prigozhin_belarus_deal")
    strike = next(e for e in brief.military_events if e.kind.value == "strike")
    assert strike.actors[0] == "Russian Armed Forces"
    _, matches = score_brief(brief, fixture)
    assert all(m.strict for m in matches["military_events"].matches)


# --------------------------------------------------------------------------- attribution


def test_an_item_crediting_no_one_is_credited_to_the_outlet() -> None:
    brief, _ = recorded_brief("seed-russia-trilateral-naval-exercise")
    visit = next(e for e in brief.military_events if e.kind.value == "military_visit")
    assert visit.attributed_to == ["Mothership"]  # the model left it empty; the article is Mothership's
    launch = next(e for e in brief.military_events if e.kind.value == "missile_launch")
    assert launch.attributed_to == ["South Korea's National Intelligence Service"]  # credited: kept, canonical


# --------------------------------------------------------------------------- merging


def test_a_proposed_event_restating_an_offer_is_merged_into_it() -> None:
    brief, fixture = recorded_brief("turkey_f16_sale_depends_on_sweden_nato_vote")
    before = len(brief.military_events)
    assert any(e.status.value == "proposed" for e in brief.military_events)
    assert merge_restated_events(brief) == 1 and len(brief.military_events) == before - 1
    score, _ = score_brief(brief, fixture)
    assert score.categories["military_events"].detection.fp == 0


def test_events_that_happened_are_never_merged_away() -> None:
    brief, _ = recorded_brief("north_korea_artillery_for_satellite_advice")
    # The arms shipments quote the same sentences as the exchange, but they are under way, not proposed.
    assert merge_restated_events(brief) == 0
    assert any(e.kind.value == "arms_transfer" for e in brief.military_events)


# --------------------------------------------------------------------------- scoring


def test_a_gold_quote_the_article_repeats_matches_at_any_occurrence() -> None:
    fixture = load_fixtures(FIXTURES, ["shoigu_pyongyang_weapons_exhibition"])[0]
    supply = next(e for e in fixture.expected.military_events if e.kind and e.kind.value == "arms_transfer")
    assert len(supply.spans) == 2  # the headline and the body say it word for word
    brief, _ = recorded_brief("shoigu_pyongyang_weapons_exhibition")
    _, matches = score_brief(brief, fixture)
    assert all(m.strict for m in matches["military_events"].matches)


def test_location_is_scored_on_the_places_it_names() -> None:
    gold = "launched from Sunan near Pyongyang; fell about 200 km west of Oshima-Oshima, Hokkaido, inside Japan’s EEZ"
    model = "Sunan near Pyongyang, toward the Sea of Japan; landed west of Hokkaido inside Japan's EEZ"
    assert location_right(model, gold) == 1.0
    assert location_right("Pyongyang", "Pyongyang") == 1.0
    assert location_right("Vladivostok", "Pyongyang") == 0.0
    assert location_right(None, "Pyongyang") == 0.0
