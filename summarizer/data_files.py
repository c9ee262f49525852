"""Rules shipped as data: read a packaged YAML file and validate it against its pydantic model.

The lexicon, the dating rules, the antecedent rules, the instruction rules and the actor gazetteer all live in
``summarizer/data/*.yaml``. Each is read the same way, so one module does it: the C loader where libyaml exists
(about ten times faster on the larger files), and a bad file becomes a :class:`ConfigError` that names the file,
never a pydantic traceback at a user.
"""

from __future__ import annotations

from importlib import resources
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import ConfigError

__all__ = ["RulesModel", "data_path", "load_yaml", "parse_model", "read_data"]

M = TypeVar("M", bound=BaseModel)


class RulesModel(BaseModel):
    """The base of every model a rule file is read into: an unknown key is refused (a misspelt field is an error, not
    a rule silently ignored), and the rules, loaded once and shared, cannot be changed by whoever reads them."""

    model_config = ConfigDict(extra="forbid", frozen=True)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def data_path(name: str) -> str:
    """How error messages name a packaged data file."""
    return f"summarizer/data/{name}"


def read_data(name: str) -> str:
    """The text of ``summarizer/data/NAME``, from the installed package."""
    return resources.files("summarizer").joinpath("data", name).read_text(encoding="utf-8")


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)


def parse_model(text: str, model: type[M], origin: str, what: str) -> M:
    """``text`` (YAML) validated as ``model``; ``origin`` and ``what`` name the file and its rules in the error."""
    try:
        return model.model_validate(load_yaml(text))
    except (yaml.YAMLError, ValidationError) as e:
        raise ConfigError(f"{origin}: invalid {what}: {e}") from None
