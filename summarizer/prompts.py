"""Prompt templates: Jinja2 files loaded by name, hashed, overridable from a user directory.

A prompt ``NAME`` is the pair ``NAME.system.j2`` and ``NAME.user.j2``. The article always reaches the
model inside ``<article>`` delimiters as untrusted data; templates must render it with the ``article``
filter, which neutralises anything in the text that could close the delimiter early.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from .errors import ConfigError
from .exchange_context import set_context

_BUILTIN = "summarizer._prompts"


def _builtin_dir() -> Path:
    # A wheel ships prompts/ as the summarizer._prompts package; an editable install or a plain checkout
    # has it beside the package, which setuptools' editable finder does not map.
    try:
        return Path(str(resources.files(_BUILTIN)))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "prompts"


def _fence(text: str) -> str:
    # The model sees the article between <article> tags; a literal tag inside the text would let the
    # article end its own data block and speak as the instructions, so it is defanged.
    return text.replace("<article", "‹article").replace("</article", "‹/article")


@dataclass(frozen=True)
class Prompt:
    name: str
    system: jinja2.Template
    user: jinja2.Template
    sha256: str
    origin: str

    def messages(self, **context: Any) -> list[dict[str, str]]:
        # The request about to be sent carries this prompt: label it for a cassette (record or explain a miss).
        set_context(prompt=self.name, prompt_sha256=self.sha256)
        return [
            {"role": "system", "content": self.system.render(**context).strip()},
            {"role": "user", "content": self.user.render(**context).strip()},
        ]


class PromptLibrary:
    """Finds prompts in ``user_dir`` first (if given), then in the built-in ``prompts/`` directory."""

    def __init__(self, user_dir: str | Path | None = None) -> None:
        dirs = [Path(user_dir)] if user_dir else []
        if user_dir and not Path(user_dir).is_dir():
            raise ConfigError(f"prompt directory {user_dir} does not exist")
        dirs.append(_builtin_dir())
        self.dirs = dirs
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=False,
        )
        self.env.filters["article"] = _fence
        self._cache: dict[str, Prompt] = {}

    def names(self) -> list[str]:
        found: set[str] = set()
        for d in self.dirs:
            found.update(p.name[: -len(".system.j2")] for p in d.glob("*.system.j2"))
        return sorted(found)

    def get(self, name: str) -> Prompt:
        if name in self._cache:
            return self._cache[name]
        try:
            system = self.env.get_template(f"{name}.system.j2")
            user = self.env.get_template(f"{name}.user.j2")
        except jinja2.TemplateNotFound:
            raise ConfigError(
                f"prompt {name!r} not found (looked in {', '.join(map(str, self.dirs))}; "
                f"available: {', '.join(self.names())})"
            ) from None
        sources = [Path(t.filename).read_bytes() for t in (system, user) if t.filename]
        digest = hashlib.sha256(b"\0".join(sources)).hexdigest()
        prompt = Prompt(name, system, user, digest, origin=str(Path(system.filename or "").parent))
        self._cache[name] = prompt
        return prompt


_default: PromptLibrary | None = None


def get_prompt(name: str, user_dir: str | Path | None = None) -> Prompt:
    global _default
    if user_dir:
        return PromptLibrary(user_dir).get(name)
    if _default is None:
        _default = PromptLibrary()
    return _default.get(name)
