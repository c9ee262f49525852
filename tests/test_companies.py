"""Arms makers stand for their states (``data/companies.yaml``): every entry's example names it, the gazetteer ties it
to its state, a bad file is refused, and a delivery by a maker is its state's (a dev fixture sentence)."""

from __future__ import annotations

import pytest

from summarizer.companies import load_companies, parse_companies
from summarizer.errors import ConfigError
from summarizer.extractor import find
from summarizer.gazetteer import affiliation, find_actors, same_actor
from summarizer.schema import Category

from .fixture_files import dev_fixture_text

COMPANIES = load_companies().companies


@pytest.mark.parametrize("company", COMPANIES, ids=[c.name for c in COMPANIES])
def test_each_example_names_the_company_and_it_stands_for_its_state(company) -> None:  # type: ignore[no-untyped-def]
    assert company.example.text is not None
    if company.example.source.startswith("fixture "):
        fixture = company.example.source.split()[1]
        assert company.example.text in dev_fixture_text(fixture), "quoted verbatim from a dev fixture"
    names = [m.name for m in find_actors(company.example.text)]
    assert company.name in names
    assert affiliation(company.name) == company.state and same_actor(company.name, company.state)


def test_a_bad_company_list_is_refused() -> None:
    with pytest.raises(ConfigError, match="example"):
        parse_companies("version: 1\ncompanies:\n  - {name: Acme Arms, state: Utopia}\n")
    with pytest.raises(ConfigError, match="names the company"):
        parse_companies(
            "version: 1\ncompanies:\n  - name: Acme Arms\n    state: Sweden\n"
            "    example: {text: 'A sentence that names nobody at all.', source: 'fixture x (dev)'}\n"
        )


def test_a_delivery_by_a_maker_is_its_states() -> None:
    text = (
        "Hyundai Rotem Co. will ship K2 Black Panther tanks, and Hanwha Defense, the defence unit of Hanwha Corp , "
        "will send K9 self-propelled howitzers to Poland, said the Defense Acquisition Program Administration (DAPA)."
    )
    assert text in dev_fixture_text("south_korea_poland_k2_k9_contracts_2022")
    ship = next(f for f in find(text) if f.category is Category.military_events and f.lemma == "ship")
    assert ship.agents == ["South Korea", "Hyundai Rotem"] and ship.others == ["Poland"]
