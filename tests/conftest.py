from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "articles"
SEED = ROOT / "summarizer" / "data" / "examples" / "seed-russia-trilateral-naval-exercise.txt"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Tests never talk to a real endpoint or share a response cache with the user.
    for var in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "SUMMARIZER_MODEL", "SUMMARIZER_BACKEND", "SUMMARIZER_MODE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def article_from_messages(messages: list[dict]) -> str:
    """The article text a prompt carried, recovered from between its <article> tags."""
    user = next(m["content"] for m in messages if m["role"] == "user")
    return user.split("<article>\n", 1)[1].rsplit("\n</article>", 1)[0]


def draft_payload(article: str) -> dict:
    """A valid DraftBrief whose evidence is copied from the article, as a competent model would answer."""
    sentence = next(s for s in article.split("\n") if len(s.split()) > 6)
    return {
        "summary": "A test summary.",
        "actors": [{"name": "Russia", "kind": "state", "country": "RUS", "aliases": ["Russia"]}],
        "proposals": [
            {
                "proposer": ["Russia"],
                "addressees": ["North Korea"],
                "what": "naval exercise",
                "status": "proposed",
                "evidence": [sentence],
                "when": None,
                "attributed_to": [],
                "certainty": "reported",
            }
        ],
        "exchanges": [],
        "military_events": [],
    }


def chat_completion(content: str | dict, *, prompt_tokens: int = 100, completion_tokens: int = 20) -> dict:
    if isinstance(content, dict):
        content = json.dumps(content)
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": "test-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


@pytest.fixture
def unknown_actors(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The gazetteer without its persons, units and organisations (bench/gazetteer_ablation.py): the condition of an
    unseen article, for the tests of unknown parties."""
    import yaml

    from summarizer import gazetteer
    from summarizer.data_files import read_data

    sys.path.insert(0, str(ROOT / "bench"))
    import gazetteer_ablation

    real = yaml.safe_load(read_data("actors.yaml"))
    stripped = yaml.safe_dump(gazetteer_ablation.stripped_actors(real, {"person", "military", "organization"}))
    monkeypatch.setattr(gazetteer, "read_data", lambda name: stripped if name == "actors.yaml" else read_data(name))
    caches = (gazetteer._gazetteer, gazetteer._resolve_surface, gazetteer.canonical)
    for c in caches:
        c.cache_clear()
    yield
    monkeypatch.undo()
    for c in caches:
        c.cache_clear()
