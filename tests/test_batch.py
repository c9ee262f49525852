"""`summarizer batch` under fault injection: the real openai client against a real fake server over HTTP."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from summarizer.backends.base import Backend, Completion
from summarizer.backends.openai_compat import OpenAIBackend
from summarizer.batch import (
    AdaptiveLimiter,
    BatchRecord,
    BatchSummary,
    ResultWriter,
    TokenBucket,
    batch_record_json_schema,
    load_inputs,
    load_results,
    repair_tail,
    run_batch,
)
from summarizer.cache import CachingBackend
from summarizer.errors import ConfigError
from summarizer.testing.fakeserver import FakeOpenAI

SECRET = "sk-test-SECRET123"
ARTICLE = re.compile(r"<article>\n?(.*?)\n?</article>", re.S)
CLI = (
    "from summarizer.cli import app; from summarizer.cli_batch import register; "
    "register(app); app(prog_name='summarizer')"
)


def article_text(i: int, marker: str = "") -> str:
    return (
        f"Country{i} proposed a joint naval exercise with its neighbour on Monday, officials said. "
        f"The neighbour said it would study plan number {i} before the summit.{marker}"
    )


def responder(body: dict[str, Any]) -> dict[str, Any]:
    """A good model: evidence copied from the article. 'GARBLE' articles get answers that never validate."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    text = ARTICLE.search(user).group(1)  # type: ignore[union-attr]
    if "GARBLE" in text:
        return {"summary": ["not", "a", "string"], "proposals": [{"status": "nonsense"}]}
    first = text.split(". ")[0] + "."
    return {
        "summary": first,
        "actors": [{"name": first.split()[0], "kind": "state"}],
        "proposals": [{"proposer": [first.split()[0]], "what": "a naval exercise", "evidence": [first]}],
        "exchanges": [],
        "military_events": [],
    }


@pytest.fixture(scope="module")
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(responder) as fake:
        yield fake


@pytest.fixture
def fake(server: FakeOpenAI) -> Iterator[FakeOpenAI]:
    server.reset()
    server.responder = responder
    server.latency = 0.0
    yield server
    server.reset()
    server.latency = 0.0


def backend(fake: FakeOpenAI) -> OpenAIBackend:
    # A fresh backend per run: its async client's connections belong to one event loop.
    return OpenAIBackend(
        "fake-model",
        base_url=fake.base_url,
        api_key=SECRET,
        backoff_initial=0.01,
        backoff_cap=0.2,
        transport_retries=3,
        timeout=2,
    )


def run(items: Any, out: Path, llm: Backend | None, **kw: Any) -> BatchSummary:
    kw.setdefault("concurrency", 4)
    kw.setdefault("progress", False)
    return asyncio.run(run_batch(items, out, backend=llm, strategy="oneshot", handle_signals=False, **kw))


def write_jsonl(path: Path, records: list[dict[str, Any] | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def records(n: int, markers: dict[int, str] | None = None) -> list[dict[str, Any]]:
    markers = markers or {}
    return [{"id": f"a{i:02d}", "text": article_text(i, markers.get(i, "")), "title": f"T{i}"} for i in range(n)]


def lines_of(path: Path) -> list[dict[str, Any]]:
    data = path.read_bytes()
    assert data == b"" or data.endswith(b"\n"), "torn last line"
    return [json.loads(line) for line in data.splitlines()]


def comparable(record: BatchRecord) -> dict[str, Any]:
    """A record without the fields that legitimately differ between two runs (timings, timestamps)."""
    d = record.model_dump(mode="json", exclude={"seconds"})
    if d["brief"] and d["brief"]["provenance"]:
        d["brief"]["provenance"].pop("latency_s")
        d["brief"]["provenance"].pop("created_at")
    return d


def cli_args(src: Path, out: Path, fake: FakeOpenAI, *extra: str) -> list[str]:
    return [
        "batch", str(src), "--out", str(out), "--backend", "openai", "--base-url", fake.base_url,
        "--model", "fake-model", "--strategy", "oneshot", "--no-progress", "--timeout", "5", *extra,
    ]  # fmt: skip


def cli_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SUMMARIZER_DEBUG"}
    env["OPENAI_API_KEY"] = SECRET
    return env


def wait_for_lines(path: Path, n: int, proc: subprocess.Popen[bytes], limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if path.exists() and path.read_bytes().count(b"\n") >= n:
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.01)
    raise AssertionError(f"{path} never reached {n} lines")


# ---------------------------------------------------------------- faults, one article at a time


# Each article's own sequence of server behaviours (the script is consumed in arrival order, and with
# concurrency 1 an article's requests arrive together). Then what its record must say.
PLANS: list[tuple[list[str], str | None, int]] = [
    (["ok"], None, 1),
    (["429:0.1", "ok"], None, 2),
    (["500", "ok"], None, 2),
    (["503", "ok"], None, 2),
    (["drop", "ok"], None, 2),
    (["malformed", "ok"], None, 2),
    (["truncated", "ok"], None, 2),
    (["invented", "ok"], None, 2),  # the pipeline re-asks once for evidence that is really there
    (["429:0.1"] * 4, "rate_limited", 4),  # transport_retries=3: four tries, then a typed error
    (["500"] * 4, "backend", 4),
    (["drop"] * 4, "backend", 4),
    (["malformed"] * 4, "backend", 4),
    (["ok"] * 3, "invalid_output", 3),  # a GARBLE article: valid JSON that never validates, re-asked twice
    (["503", "429:0.1", "drop", "ok"], None, 4),
    (["ok"], None, 1),
    (["truncated", "malformed", "ok"], None, 3),
    (["ok"], None, 1),
    (["500", "503", "ok"], None, 3),
    (["invented", "invented"], None, 2),  # never grounded: kept out of the brief, listed as dropped
    (["bad_schema", "ok"], None, 2),  # JSON that is not a brief at all is re-asked, not taken as an empty brief
]


def test_every_article_ends_with_a_brief_or_a_precise_error(fake: FakeOpenAI, tmp_path: Path) -> None:
    src = write_jsonl(
        tmp_path / "in.jsonl",
        [*records(len(PLANS), {12: " GARBLE"}), "{not json", {"id": "no-text", "title": "x"}],
    )
    fake.script(*(spec for plan, _, _ in PLANS for spec in plan))
    out = tmp_path / "out.jsonl"

    summary = run(load_inputs(src), out, backend(fake), concurrency=1)

    assert fake.pending == []
    assert fake.calls == sum(len(plan) for plan, _, _ in PLANS)
    written = lines_of(out)
    assert len(written) == len(PLANS) + 2 and len({r["id"] for r in written}) == len(written)
    results = load_results(out)
    for i, (plan, kind, attempts) in enumerate(PLANS):
        rec = results[f"a{i:02d}"]
        if kind is None:
            assert rec.status == "ok" and rec.error is None, (i, plan, rec.error)
            assert rec.brief is not None and rec.brief.provenance is not None
            # Provenance counts answers the model gave; transport retries stay invisible to it.
            assert rec.brief.provenance.attempts == sum(s in ("ok", "invented", "bad_schema") for s in plan)
        else:
            assert rec.status == "error" and rec.brief is None, (i, plan)
            assert rec.error is not None, (i, plan)
            assert (rec.error.kind, rec.error.attempts) == (kind, attempts), (i, plan, rec.error)
            assert rec.error.message and "\n" not in rec.error.message
        assert (rec.backend, rec.model, rec.strategy) == ("openai", "fake-model", "oneshot")
    # Grounding did its job on the faulted answers.
    first_sentence = article_text(7).split(". ")[0] + "."
    assert [e.quote for e in results["a07"].brief.proposals[0].evidence] == [first_sentence]
    assert results["a18"].brief.proposals == [] and results["a18"].brief.dropped
    bad_line = results["line-21"].error
    assert bad_line.kind == "input" and "not a valid JSON line" in bad_line.message
    assert results["no-text"].error.kind == "input" and "no text" in results["no-text"].error.message
    assert results["no-text"].error.attempts == 0
    assert summary.total == 22 and summary.ok + summary.failed == 22 and summary.failed == 7
    assert summary.failed_by_kind == {"rate_limited": 1, "backend": 3, "invalid_output": 1, "input": 2}
    assert summary.exit_code == 12


def test_concurrent_faults_and_rate_limits_lower_concurrency(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.latency = 0.02
    mix = ["500", "503", "drop", "malformed", "truncated", "bad_schema", "invented"]
    fake.script(*["429:0.1"] * 8, *mix, *mix)
    out = tmp_path / "out.jsonl"

    items = load_inputs(write_jsonl(tmp_path / "in.jsonl", records(20)))

    summary = run(items, out, backend(fake), concurrency=8)

    results = load_results(out)
    assert len(lines_of(out)) == 20 and sorted(results) == [f"a{i:02d}" for i in range(20)]
    for rec in results.values():
        if rec.status == "ok":
            assert rec.brief is not None and rec.error is None
        else:  # a fault sequence can exhaust one article's retries; then the record says precisely why
            assert rec.error is not None and rec.error.kind in {"backend", "rate_limited"}
            assert rec.error.attempts >= 4
    assert summary.ok + summary.failed == 20 and fake.pending == []
    # Eight parallel 429s are one congestion event: one halving, not eight.
    assert summary.rate_limit_decreases == 1 and summary.lowest_concurrency == 4


# ---------------------------------------------------------------- resume, cache, retry


def test_rerun_makes_no_llm_calls_via_resume_or_cache(fake: FakeOpenAI, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", records(6))
    cache = tmp_path / "llm-cache"
    out = tmp_path / "out.jsonl"
    first = run(load_inputs(src), out, CachingBackend(backend(fake), cache))
    assert first.ok == 6 and fake.calls == 6

    again = run(load_inputs(src), out, CachingBackend(backend(fake), cache))
    assert fake.calls == 6 and again.skipped == 6 and again.ran == 0 and again.ok == 6
    assert len(lines_of(out)) == 6  # nothing appended

    other = tmp_path / "other.jsonl"
    cached = run(load_inputs(src), other, CachingBackend(backend(fake), cache))
    assert fake.calls == 6 and cached.ran == 6 and cached.cached_calls == 6 and cached.llm_calls == 0
    for rid, rec in load_results(other).items():
        assert rec.brief.provenance.usage.cached_calls == 1
        assert rec.brief.proposals == load_results(out)[rid].brief.proposals


def test_changed_content_reruns_only_that_article(fake: FakeOpenAI, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    out = tmp_path / "out.jsonl"
    run(load_inputs(write_jsonl(src, records(4))), out, backend(fake))
    changed = records(4)
    changed[2]["text"] += " A later paragraph was added."
    summary = run(load_inputs(write_jsonl(src, changed)), out, backend(fake))
    assert fake.calls == 5 and summary.ran == 1 and summary.skipped == 3
    assert [r["id"] for r in lines_of(out)].count("a02") == 2  # the log keeps both; the last one wins
    assert load_results(out)["a02"].brief.article.chars == len(changed[2]["text"])


def test_retry_failed_reruns_only_failures(fake: FakeOpenAI, tmp_path: Path) -> None:
    from summarizer.cli import app
    from summarizer.cli_batch import register

    register(app)
    register(app)  # twice is harmless
    assert [c.name for c in app.registered_commands].count("batch") == 1
    src = write_jsonl(tmp_path / "in.jsonl", records(5))
    out = tmp_path / "out.jsonl"
    runner = CliRunner()
    args = cli_args(src, out, fake, "--concurrency", "1", "--no-cache")
    env = {"OPENAI_API_KEY": SECRET}
    # a01 and a03 exhaust the CLI's default six transport retries (seven tries each; Retry-After: 0).
    fake.script("ok", *["429:0"] * 7, "ok", *["429:0"] * 7)

    first = runner.invoke(app, args, env=env)
    assert first.exit_code == 12, first.output
    assert {i for i, r in load_results(out).items() if r.status == "error"} == {"a01", "a03"}
    calls = fake.calls

    again = runner.invoke(app, args, env=env)
    assert again.exit_code == 12 and fake.calls == calls

    retried = runner.invoke(app, [*args, "--retry-failed"], env=env)
    assert retried.exit_code == 0, retried.output
    assert fake.calls == calls + 2
    retried_texts = [ARTICLE.search(r["messages"][1]["content"]).group(1) for r in fake.requests[-2:]]
    assert retried_texts == [article_text(1), article_text(3)]
    assert all(r.status == "ok" for r in load_results(out).values()) and len(lines_of(out)) == 7
    for result in (first, again, retried):
        assert SECRET not in result.output + (result.stderr or "")


# ---------------------------------------------------------------- crashes and interrupts


def test_sigkill_mid_run_then_resume_equals_an_uninterrupted_run(fake: FakeOpenAI, tmp_path: Path) -> None:
    src = tmp_path / "articles"
    src.mkdir()
    for i in range(20):
        (src / f"a{i:02d}.txt").write_text(f"title: T{i}\n\n{article_text(i)}\n", encoding="utf-8")
    (src / "notes.md").write_text("not an article", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    fake.latency = 0.15

    proc = subprocess.Popen(
        [sys.executable, "-c", CLI, *cli_args(src, out, fake, "--concurrency", "2", "--no-cache")],
        env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    wait_for_lines(out, 4, proc)
    proc.send_signal(signal.SIGKILL)
    killed_out, killed_err = proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    survivors = lines_of(out)  # every line complete and valid JSON
    assert 4 <= len(survivors) < 20
    done_before = {r["id"] for r in survivors}
    # A crash mid-write can only tear the very end: simulate one and check the next run cuts it away.
    with out.open("ab") as f:
        f.write(b'{"id": "a19", "content_sha256": "dead')

    fake.latency = 0.0
    calls = fake.calls
    resumed = subprocess.run(
        [sys.executable, "-c", CLI, *cli_args(src, out, fake, "--concurrency", "4", "--no-cache")],
        env=cli_env(), capture_output=True, timeout=60,
    )  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert b"cut a torn last line" in resumed.stderr
    assert fake.calls == calls + 20 - len(done_before)
    final_lines = lines_of(out)
    ids = Counter(r["id"] for r in final_lines)
    assert all(ids[i] == 1 for i in done_before)  # finished work was not redone
    assert sorted(ids) == [f"a{i:02d}" for i in range(20)]

    baseline_out = tmp_path / "baseline.jsonl"
    run(load_inputs(src), baseline_out, backend(fake))
    baseline = {k: comparable(v) for k, v in load_results(baseline_out).items()}
    assert {k: comparable(v) for k, v in load_results(out).items()} == baseline

    for blob in (killed_out, killed_err, resumed.stdout, resumed.stderr, out.read_bytes()):
        assert SECRET.encode() not in blob
    assert b"Traceback" not in resumed.stderr


def test_sigint_finishes_in_flight_then_exits_130_and_resumes(fake: FakeOpenAI, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", records(20))
    out = tmp_path / "out.jsonl"
    fake.latency = 0.15
    proc = subprocess.Popen(
        [sys.executable, "-c", CLI, *cli_args(src, out, fake, "--concurrency", "3", "--no-cache")],
        env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    wait_for_lines(out, 3, proc)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=15)
    text = stderr.decode()
    assert proc.returncode == 130, text
    assert "interrupted" in text and "Traceback" not in text and SECRET not in text
    done = lines_of(out)
    assert 3 <= len(done) < 20 and all(r["status"] == "ok" for r in done)
    assert re.search(rf"interrupted: {len(done)} of 20 done, {20 - len(done)} not done", text), text

    fake.latency = 0.0
    resumed = subprocess.run(
        [sys.executable, "-c", CLI, *cli_args(src, out, fake, "--no-cache")],
        env=cli_env(), capture_output=True, timeout=60,
    )  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert len(lines_of(out)) == 20 and len(load_results(out)) == 20


def test_torn_tail_repair(tmp_path: Path) -> None:
    good = BatchRecord(id="x", content_sha256="s", status="ok", backend="b", model="m", strategy="s")
    path = tmp_path / "out.jsonl"
    line = good.model_dump_json().encode() + b"\n"
    path.write_bytes(line + line + b'{"id": "y", "sta')
    assert repair_tail(path) == len(b'{"id": "y", "sta') and path.read_bytes() == line + line
    path.write_bytes(line + b"{garbage}\n")  # complete but not JSON: also only a crash can leave that last
    assert repair_tail(path) == len(b"{garbage}\n") and path.read_bytes() == line
    assert repair_tail(path) == 0 and path.read_bytes() == line
    path.write_bytes(b"half")
    assert repair_tail(path) == 4 and path.read_bytes() == b""
    assert repair_tail(tmp_path / "missing.jsonl") == 0


def test_output_in_use_or_unwritable_is_one_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    holder = ResultWriter(out)
    try:
        with pytest.raises(ConfigError, match="another batch"):
            asyncio.run(run_batch([], out, backend=None, progress=False, handle_signals=False))
    finally:
        holder.close()
    with pytest.raises(ConfigError, match="cannot write"):
        asyncio.run(run_batch([], tmp_path, backend=None, progress=False, handle_signals=False))


# ---------------------------------------------------------------- secrets


def test_api_key_never_appears_in_records_logs_or_output(
    fake: FakeOpenAI, tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    src = write_jsonl(tmp_path / "in.jsonl", records(5, {4: " GARBLE"}))
    fake.script(*["500"] * 4, *["429:0.1"] * 4, *["drop"] * 4, *["malformed"] * 4)
    out = tmp_path / "out.jsonl"
    summary = run(load_inputs(src), out, backend(fake), concurrency=1, progress=True)
    assert summary.failed == 5
    captured = capsys.readouterr()
    outputs = [out.read_text(), caplog.text, captured.out, captured.err, *summary.lines()]
    everything = "\n".join([*outputs, json.dumps(fake.requests)])
    assert SECRET not in everything
    assert "Bearer" not in everything


# ---------------------------------------------------------------- inputs and odd articles


def test_bad_records_become_error_records(fake: FakeOpenAI, tmp_path: Path) -> None:
    src = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {
                "id": "good",
                "text": article_text(1),
                "published": "2024-06-14",
                "source": "S",
                "url": "http://x",
            },
            "[1, 2]",
            {"text": "no id here"},
            {"id": "empty", "text": "   "},
            {"id": 7, "text": article_text(7)},
            {"id": "good", "text": "a second record with the same id"},
            "",
        ],
    )
    out = tmp_path / "out.jsonl"
    summary = run(load_inputs(src), out, backend(fake))
    results = load_results(out)
    assert set(results) == {"good", "line-2", "line-3", "empty", "7", f"good@{src}:6"}
    assert results["good"].status == "ok" and results["7"].status == "ok"
    meta = results["good"].brief.article
    assert (str(meta.published), meta.source, meta.url) == ("2024-06-14", "S", "http://x")
    assert "duplicate id 'good'" in results[f"good@{src}:6"].error.message
    assert summary.failed == 4 and fake.calls == 2


def test_internal_errors_are_contained(tmp_path: Path) -> None:
    class Flaky(Backend):
        kind = "flaky"
        model = "m"

        def structured(self, messages, response_model, **kw):  # type: ignore[no-untyped-def]
            text = ARTICLE.search(messages[1]["content"]).group(1)  # type: ignore[union-attr]
            if "Country1 " in text:
                raise RuntimeError("boom")
            return Completion(value=response_model.model_validate(responder({"messages": messages})))

    out = tmp_path / "out.jsonl"
    items = load_inputs(write_jsonl(tmp_path / "in.jsonl", records(3)))
    summary = run(items, out, Flaky())
    results = load_results(out)
    assert results["a01"].error.kind == "internal" and "RuntimeError: boom" in results["a01"].error.message
    assert results["a00"].status == results["a02"].status == "ok"
    assert summary.failed_by_kind == {"internal": 1}


def test_stdin_and_directory_inputs(tmp_path: Path) -> None:
    stdin = io.BytesIO(b'{"id": "s1", "text": "Hello there."}\nnot json\n')
    items = load_inputs("-", stdin=stdin)
    assert [i.id for i in items] == ["s1", "line-2"]
    d = tmp_path / "d"
    d.mkdir()
    (d / "b.html").write_text("<html><body><article><p>" + article_text(2) + "</p></article></body></html>")
    (d / "a.txt").write_text(article_text(1))
    (d / "empty.txt").write_text("")
    (d / "skip.md").write_text("no")
    items = load_inputs(d)
    assert [i.id for i in items] == ["a", "b", "empty"]
    assert items[1].load().text.startswith("Country2")
    with pytest.raises(Exception, match="empty"):
        items[2].load()


def test_heuristic_strategy_needs_no_backend_and_progress_renders(tmp_path: Path) -> None:
    console = Console(file=io.StringIO(), force_terminal=True, width=120)
    out = tmp_path / "out.jsonl"
    summary = asyncio.run(
        run_batch(
            load_inputs(write_jsonl(tmp_path / "in.jsonl", records(3))),
            out,
            backend=None,
            strategy="heuristic",
            progress=True,
            console=console,
            handle_signals=False,
        )
    )
    assert summary.ok == 3 and summary.exit_code == 0
    assert "batch" in console.file.getvalue() and "ok 3" in console.file.getvalue()  # type: ignore[attr-defined]
    assert {r.backend for r in load_results(out).values()} == {"none"}


def test_record_schema_is_exported() -> None:
    schema = batch_record_json_schema()
    assert schema["title"] == "BatchRecord"
    fields = {"id", "content_sha256", "status", "brief", "error", "seconds", "backend", "model", "strategy"}
    assert fields <= set(schema["properties"])


# ---------------------------------------------------------------- rate control units


def test_adaptive_limiter_halves_on_rate_limit_and_recovers_on_success() -> None:
    limiter = AdaptiveLimiter(8, increase_after=3)
    assert limiter.on_rate_limited() and limiter.limit == 4
    epoch = limiter.epoch
    assert limiter.on_rate_limited(epoch) and limiter.limit == 2
    assert not limiter.on_rate_limited(epoch)  # a call launched before that halving: already answered
    assert limiter.limit == 2
    limiter.on_rate_limited()
    limiter.on_rate_limited()
    assert limiter.limit == 1  # never below one
    for expected in (2, 3):
        for _ in range(3):
            limiter.on_success()
        assert limiter.limit == expected
    limiter.on_rate_limited()
    assert limiter.limit == 1
    for _ in range(100):
        limiter.on_success()
    assert limiter.limit == 8  # back to the maximum, and no further


def test_adaptive_limiter_gates_acquire() -> None:
    async def scenario() -> list[str]:
        limiter = AdaptiveLimiter(2)
        events: list[str] = []
        await limiter.acquire()
        await limiter.acquire()
        limiter.on_rate_limited()  # limit 1 with two in flight: the next waits for two releases

        async def third() -> None:
            await limiter.acquire()
            events.append("third")

        task = asyncio.create_task(third())
        await asyncio.sleep(0.01)
        limiter.release()
        await asyncio.sleep(0.01)
        events.append("one released")
        limiter.release()
        await task
        return events

    assert asyncio.run(scenario()) == ["one released", "third"]


def test_token_bucket_charges_actual_usage() -> None:
    now = [0.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    async def scenario() -> None:
        bucket = TokenBucket(600, clock=lambda: now[0], sleep=sleep)  # 10 tokens a second
        await bucket.reserve(500)
        bucket.settle(500, 900)  # the article really used 900: the budget is 300 in debt
        await bucket.reserve(100)
        assert slept == [pytest.approx(40.0)]  # 400 tokens short at 10/s
        bucket.settle(100, 0)  # a cached article costs nothing: refund
        assert bucket.level == pytest.approx(100)

    asyncio.run(scenario())
