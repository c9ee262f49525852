"""Arms makers and the states they stand for (``data/companies.yaml``), validated at load.

In an arms sale or delivery a maker stands for its state ("Hyundai Rotem Co. will ship K2 ... tanks ... to Poland" is
South Korea's delivery; evals/GUIDELINES.md §3, §5). The gazetteer adds each company as an organisation affiliated with
its state, so the extractor lists the state before the company, as it lists a state before its officials, and
``gazetteer.same_actor`` counts the company as its state. Each entry carries a real sentence that names it
(``tests/test_companies.py`` runs every one).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, model_validator

from .data_files import RulesModel, data_path, parse_model, read_data
from .lexicon import Example

__all__ = ["Companies", "Company", "load_companies", "parse_companies"]


class Company(RulesModel):
    name: str = Field(min_length=2)
    aliases: list[str] = Field(default_factory=list)
    #: The gazetteer's canonical short name of the state the company stands for (checked when the gazetteer loads).
    state: str = Field(min_length=2)
    example: Example

    @model_validator(mode="after")
    def _example_names_it(self) -> Company:
        text = (self.example.text or "").lower()
        if self.example.text is not None and not any(n.lower() in text for n in [self.name, *self.aliases]):
            raise ValueError(f"{self.name}: the example sentence names the company under none of its spellings")
        return self


class Companies(RulesModel):
    version: Literal[1]
    companies: list[Company] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Companies:
        names = [n.lower() for c in self.companies for n in [c.name, *c.aliases]]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"names listed twice: {dupes}")
        return self


def parse_companies(text: str, origin: str = "companies") -> Companies:
    return parse_model(text, Companies, origin, "company list")


@lru_cache(maxsize=1)
def load_companies() -> Companies:
    return parse_companies(read_data("companies.yaml"), data_path("companies.yaml"))
