"""Bounded work: per-article LLM call and time budgets for the guided strategies, enforced at the backend
boundary (the fake OpenAI server counts what really went out), with the rules' answer kept past the budget."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import summarize
from summarizer.backends.openai_compat import OpenAIBackend
from summarizer.budget import Budget
from summarizer.cli import app
from summarizer.inputs import Article
from summarizer.schema import Brief
from summarizer.testing import FakeOpenAI

from .planted import real_articles
from .test_instructions import _answer_slots


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(_answer_slots) as server:
        yield server


@pytest.fixture(autouse=True)
def _reset(fake: FakeOpenAI) -> None:
    fake.reset()
    fake.responder = _answer_slots
    fake.latency = 0.0


def backend(fake: FakeOpenAI) -> OpenAIBackend:
    return OpenAIBackend(
        "test-model", base_url=fake.base_url, api_key="sk-test", transport_retries=1, backoff_initial=0.01, timeout=10
    )


@pytest.fixture(scope="module")
def long_article() -> Article:
    """Every real article, end to end: many candidates, so many guided calls."""
    return Article(text="\n\n".join(a.text.strip() for a in real_articles()))


def _items(brief: Brief) -> tuple[int, int, int]:
    return len(brief.proposals), len(brief.exchanges), len(brief.military_events)


def test_unbounded_guided_asks_many_times(fake: FakeOpenAI, long_article: Article) -> None:
    brief = summarize(long_article, backend=backend(fake), strategy="guided-all", cache=False, max_llm_calls=None)
    assert fake.calls > 10
    assert not any("budget" in n for n in brief.provenance.notes)


def test_call_budget_stops_calls_and_keeps_the_rules_answer(fake: FakeOpenAI, long_article: Article) -> None:
    brief = summarize(long_article, backend=backend(fake), strategy="guided-all", cache=False, max_llm_calls=3)
    assert fake.calls == 3
    note = next(n for n in brief.provenance.notes if "LLM budget reached" in n)
    assert "limit of 3 LLM calls" in note
    assert brief.provenance.usage.calls == 3
    # Past the budget every candidate keeps the rules' answer: as many items as the rules alone find.
    assert _items(brief) == _items(summarize(long_article, strategy="heuristic"))


def test_zero_calls_means_rules_only(fake: FakeOpenAI, long_article: Article) -> None:
    brief = summarize(long_article, backend=backend(fake), strategy="guided-all", cache=False, max_llm_calls=0)
    assert fake.calls == 0
    assert any("LLM budget reached" in n for n in brief.provenance.notes)


def test_time_budget_cuts_calls_off(fake: FakeOpenAI, long_article: Article) -> None:
    import time

    # The budget counts from the start of the article, parsing included: leave the rules their own time (as
    # measured here, on this machine's load) plus a second, and make every answer arrive after that.
    t0 = time.perf_counter()
    rules = summarize(long_article, strategy="heuristic")
    budget = round(time.perf_counter() - t0 + 1.0, 1)
    fake.latency = budget + 2.0
    brief = summarize(
        long_article, backend=backend(fake), strategy="guided-all", cache=False, max_llm_calls=None, time_budget=budget
    )
    note = next(n for n in brief.provenance.notes if "LLM budget reached" in n)
    assert f"time budget of {budget:g} s" in note
    # The calls were sent, and cut off in flight at the deadline: none answered, the rules' answer stands.
    assert fake.calls > 0 and brief.provenance.usage.calls == 0
    assert _items(brief) == _items(rules)


def test_cached_answers_cost_no_budget(fake: FakeOpenAI, long_article: Article, tmp_path: Path) -> None:
    first = summarize(
        long_article, backend=backend(fake), strategy="guided-all", cache_dir=tmp_path, max_llm_calls=None
    )
    sent = fake.calls
    assert sent > 1
    again = summarize(long_article, backend=backend(fake), strategy="guided-all", cache_dir=tmp_path, max_llm_calls=1)
    assert fake.calls == sent  # all from disk
    assert not any("budget" in n for n in again.provenance.notes)
    assert again.proposals == first.proposals


def test_oneshot_is_not_budgeted(fake: FakeOpenAI, seed_text: str) -> None:
    fake.responder = lambda body: {"summary": "s"}
    summarize(seed_text, backend=backend(fake), strategy="oneshot", cache=False, max_llm_calls=0)
    assert fake.calls == 1


def test_progress_reports_calls(fake: FakeOpenAI, long_article: Article) -> None:
    lines: list[str] = []
    summarize(
        long_article,
        backend=backend(fake),
        strategy="guided-all",
        cache=False,
        max_llm_calls=2,
        on_progress=lines.append,
    )
    assert lines[0].startswith("screening ")
    assert any(line.startswith("asking the model: 2/2 calls") for line in lines)
    assert any("budget reached" in line for line in lines)


@pytest.mark.parametrize("kw", [{"max_calls": -1}, {"seconds": 0}, {"seconds": -5.0}])
def test_budget_rejects_nonsense(kw: dict) -> None:
    with pytest.raises(ValueError):
        Budget(**kw)


def test_cli_budget_options(seed_text: str, tmp_path: Path) -> None:
    runner = CliRunner()
    help_text = runner.invoke(app, ["brief", "--help"], env={"COLUMNS": "200"}).output
    assert "--max-llm-calls" in help_text and "--time-budget" in help_text
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    out = runner.invoke(
        app, ["brief", str(path), "--strategy", "heuristic", "--max-llm-calls", "0", "--time-budget", "0", "-f", "json"]
    )
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["excluded"]
    bad = runner.invoke(app, ["brief", str(path), "--strategy", "heuristic", "--max-llm-calls", "-1"])
    assert bad.exit_code == 2


@pytest.mark.slow
def test_a_5_mb_article_finishes_with_the_budget_note(fake: FakeOpenAI) -> None:
    """The real articles concatenated to just under 5 MB (the CLI's default --max-bytes), guided through a
    slow endpoint: the brief comes back, with the rules' items and a note saying the time budget was spent.
    Wall times are measured by bench/big_article.py, not asserted here."""
    block = "\n\n".join(a.text.strip() for a in real_articles())
    text = "\n\n".join([block] * (4_900_000 // len(block.encode("utf-8"))))
    fake.latency = 1.0
    brief = summarize(
        Article(text=text),
        backend=backend(fake),
        strategy="guided-all",
        cache=False,
        max_llm_calls=None,
        time_budget=5.0,
    )
    assert any("time budget of 5 s" in n for n in brief.provenance.notes)
    assert brief.proposals and brief.military_events
    assert len(brief.excluded) > 100  # the captions and credits of every copy
