"""What every strategy is and returns: the protocol and ``Extraction``, importing nothing above them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Protocol

from ..backends.base import Backend
from ..inputs import Article
from ..prompts import PromptLibrary
from ..schema import DraftBrief, Usage


@dataclass
class Extraction:
    draft: DraftBrief
    usage: Usage = field(default_factory=Usage)
    attempts: int = 0
    prompt_name: str = ""
    prompt_sha256: str = ""


class Strategy(Protocol):
    name: str

    async def extract(
        self,
        article: Article,
        backend: Backend | None,
        prompts: PromptLibrary,
        *,
        feedback: str | None = None,
    ) -> Extraction: ...


def combined_hash(*digests: str) -> str:
    return hashlib.sha256("".join(digests).encode()).hexdigest()
