"""Cassettes: record a live (fake) endpoint, stop it, replay the same brief; misses fail loudly; no secrets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from summarizer import summarize
from summarizer.cassettes import Cassette, ReplayTransport, match_key
from summarizer.cli import app
from summarizer.config import BackendConfig
from summarizer.errors import EXIT_CODES, CassetteMiss, ConfigError
from summarizer.evals.report import EvalReport
from summarizer.schema import DraftBrief
from summarizer.testing.fakeserver import FakeOpenAI

from .conftest import ROOT, article_from_messages, draft_payload

BRIEF_V1 = ROOT / "evals" / "cassettes" / "brief-v1"
FIXTURES = ROOT / "evals" / "fixtures"
KEY = "sk-test-5ecret-key-0123456789"
PASSWORD = "hunter2-basic-auth"


def _responder(body: dict) -> dict:
    return draft_payload(article_from_messages(body["messages"]))


def _stable(brief) -> dict:
    data = brief.model_dump(mode="json")
    for volatile in ("latency_s", "created_at"):
        data["provenance"].pop(volatile)
    return data


def _all_text(directory: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(directory.rglob("*")) if p.is_file())


@pytest.fixture
def recorded(tmp_path: Path, seed_text: str) -> tuple[Path, dict, int]:
    """A cassette recorded from the fake server with a key and URL credentials, and the brief it gave."""
    cassette = tmp_path / "cassette"
    with FakeOpenAI(_responder) as server:
        base_url = server.base_url.replace("http://", f"http://cassette-test-user:{PASSWORD}@")
        live = summarize(seed_text, base_url=base_url, api_key=KEY, model="fake-model", record=cassette)
        calls = server.calls
    return cassette, _stable(live), calls


def test_a_recorded_brief_replays_identically_with_the_endpoint_stopped(recorded, seed_text: str) -> None:
    cassette, live, calls = recorded
    assert calls == 1 and len(list(cassette.glob("*.json"))) == 1
    # The server is stopped: any network use would fail. No key, no base URL, and the cache is on by default.
    replayed = summarize(seed_text, replay=cassette, model="fake-model")
    assert _stable(replayed) == live
    # With no model named, "recorded" replays whatever model the cassette holds.
    anymodel = _stable(summarize(seed_text, replay=cassette))
    assert anymodel["provenance"].pop("model") == "recorded"
    assert anymodel == {**live, "provenance": {k: v for k, v in live["provenance"].items() if k != "model"}}


def test_no_secret_is_ever_written(recorded) -> None:
    cassette, _, _ = recorded
    text = _all_text(cassette)
    for secret in (KEY, PASSWORD, "Bearer", "uthorization", "127.0.0.1"):
        assert secret not in text, secret
    data = json.loads(next(cassette.glob("*.json")).read_text())
    assert set(data["request"]) == {"method", "path", "body"}  # no headers, no host, no query string
    assert data["context"]["prompt"] == "brief-v1" and data["context"]["article_sha256"]


def test_a_secret_inside_the_body_is_redacted(tmp_path: Path) -> None:
    cassette = Cassette(tmp_path, mode="record", secrets=[KEY])
    body = {"model": "m", "messages": [{"role": "user", "content": f"my key is {KEY}"}]}
    request = httpx.Request("POST", "https://api.example/v1/chat/completions", json=body)
    path = cassette.record(request, 200, "application/json", b'{"ok": true}')
    assert path is not None and KEY not in path.read_text() and "[redacted]" in path.read_text()


def test_the_cache_does_not_answer_a_replay(recorded, seed_text: str, tmp_path: Path) -> None:
    cassette, _, _ = recorded
    config = BackendConfig.from_spec("openai:fake-model", replay=cassette)
    backend = config.build()
    assert type(backend).__name__ == "OpenAIBackend"  # no CachingBackend in front of the cassette
    # An emptied cassette must fail even though the same brief was just produced (and could be cached).
    empty = tmp_path / "other"
    shutil.copytree(cassette, empty)
    for p in empty.glob("*.json"):
        data = json.loads(p.read_text())
        data["request"]["body"]["messages"][1]["content"] += " "
        p.write_text(json.dumps(data))
    with pytest.raises(CassetteMiss):
        summarize(seed_text, replay=empty)


def test_a_changed_article_misses_with_a_typed_error_naming_it(recorded, seed_text: str) -> None:
    cassette, _, _ = recorded
    changed = seed_text.rstrip() + " (updated)"
    with pytest.raises(CassetteMiss) as info:
        summarize(changed, replay=cassette)
    e = info.value
    assert e.exit_code == 13 and EXIT_CODES["CassetteMiss"] == 13
    assert str(cassette) in e.message and "changed since it was recorded" in e.message
    assert e.prompt == "brief-v1" and "brief-v1 (sha256 " in e.message and "model recorded" in e.message


def test_another_model_misses_and_says_which_is_recorded(recorded, seed_text: str) -> None:
    cassette, _, _ = recorded
    with pytest.raises(CassetteMiss, match="model 'gpt-4o' is not recorded.*fake-model"):
        summarize(seed_text, replay=cassette, model="gpt-4o")


def test_a_new_prompt_version_misses_naming_it(recorded, seed_text: str, tmp_path: Path) -> None:
    cassette, _, _ = recorded
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    for part in ("system", "user"):
        text = (ROOT / "prompts" / f"brief-v1.{part}.j2").read_text()
        (prompts / f"brief-v2.{part}.j2").write_text(text + ("\nBe brief." if part == "system" else ""))
    with pytest.raises(CassetteMiss, match="no recording for brief-v2; this article is recorded with brief-v1"):
        summarize(seed_text, replay=cassette, prompt_dir=prompts, prompt="brief-v2")


def test_the_sync_client_replays_too(recorded) -> None:
    cassette, _, _ = recorded
    data = json.loads(next(cassette.glob("*.json")).read_text())
    backend = BackendConfig.from_spec("openai:recorded", replay=cassette).build()
    done = backend.structured(data["request"]["body"]["messages"], DraftBrief, max_tokens=2048)
    assert done.value.proposals and done.value.proposals[0].proposer == ["Russia"]


def test_replay_never_opens_a_socket(recorded, monkeypatch: pytest.MonkeyPatch) -> None:
    cassette, _, _ = recorded

    def refuse(*_a, **_k):
        raise AssertionError("replay touched the network")

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", refuse)
    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", refuse)
    data = json.loads(next(cassette.glob("*.json")).read_text())
    request = httpx.Request("POST", "https://api.openai.com/v1/chat/completions", json=data["request"]["body"])
    response = ReplayTransport(Cassette(cassette)).handle_request(request)
    assert response.status_code == 200 and response.json() == data["response"]["body"]


def test_record_and_replay_exclude_each_other_and_local(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="exclude each other"):
        BackendConfig(record=tmp_path, replay=tmp_path)
    with pytest.raises(ConfigError, match="OpenAI-compatible"):
        BackendConfig(backend="local", replay=BRIEF_V1).build()
    with pytest.raises(ConfigError, match="does not exist"):
        BackendConfig(replay=tmp_path / "nope").build()


def test_the_key_ignores_the_schema_but_not_the_messages_or_answer_form() -> None:
    body = {
        "model": "m",
        "messages": [{"role": "user", "content": "x"}],
        "tools": [{"type": "function", "function": {"name": "DraftBrief", "parameters": {"a": 1}}}],
        "tool_choice": {"type": "function", "function": {"name": "DraftBrief"}},
        "max_tokens": 10,
    }
    schema_changed = {**body, "tools": [{"type": "function", "function": {"name": "DraftBrief", "parameters": {}}}]}
    assert match_key(body) == match_key(schema_changed) == match_key({**body, "max_tokens": 99, "model": "n"})
    assert match_key(body) != match_key({**body, "messages": [{"role": "user", "content": "y"}]})
    json_mode = {k: v for k, v in body.items() if k not in ("tools", "tool_choice")}
    assert match_key(body) != match_key({**json_mode, "response_format": {"type": "json_object"}})


# --------------------------------------------------------------------------- the CLI


def test_cli_brief_replays_with_no_key_and_misses_with_exit_13(recorded, seed_text: str, tmp_path: Path) -> None:
    cassette, live, _ = recorded
    article = tmp_path / "a.txt"
    article.write_text(seed_text)
    ok = CliRunner().invoke(app, ["brief", str(article), "--replay", str(cassette), "-f", "json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["proposals"] == live["proposals"]
    article.write_text(seed_text.rstrip() + " (updated)")
    miss = CliRunner().invoke(app, ["brief", str(article), "--replay", str(cassette)])
    assert miss.exit_code == 13 and "replay miss in" in miss.output and "Traceback" not in miss.output


def test_cli_record_then_replay(tmp_path: Path, seed_text: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text(seed_text)
    cassette = tmp_path / "c"
    with FakeOpenAI(_responder) as server:
        args = ["brief", str(article), "-f", "json", "--base-url", server.base_url, "-m", "fake-model"]
        live = CliRunner().invoke(app, [*args, "--record", str(cassette)])
    assert live.exit_code == 0, live.output
    replay = CliRunner().invoke(app, ["brief", str(article), "-f", "json", "--replay", str(cassette)])
    assert replay.exit_code == 0, replay.output
    strip = lambda out: {k: v for k, v in json.loads(out).items() if k != "provenance"}  # noqa: E731
    assert strip(replay.stdout) == strip(live.stdout)


def test_cli_batch_replays(recorded, seed_text: str, tmp_path: Path) -> None:
    cassette, live, _ = recorded
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "seed.txt").write_text(seed_text)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        app, ["batch", str(articles), "-o", str(out), "--replay", str(cassette), "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text().splitlines()[-1])
    assert record["brief"]["proposals"] == live["proposals"]


def test_eval_replays_the_committed_cassette_and_reports_an_unrecorded_prompt(tmp_path: Path) -> None:
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    for part in ("system", "user"):
        text = (ROOT / "prompts" / f"brief-v1.{part}.j2").read_text()
        (prompts / f"brief-v2.{part}.j2").write_text(text.replace("neutral sentences", "plain sentences"))
    only = ["--only", "north_korea_icbm_japan_eez", "--only", "us_iran_prisoner_swap_six_billion"]
    args = ["eval", "--fixtures", str(FIXTURES), "--replay", str(BRIEF_V1), "-s", "oneshot", "--no-heuristic"]
    result = CliRunner().invoke(
        app,
        [*args, *only, "-p", "brief-v1", "-p", "brief-v2", "--prompt-dir", str(prompts), "--out", str(tmp_path / "r")],
    )
    assert result.exit_code == 0, result.output
    report = EvalReport.model_validate_json((tmp_path / "r" / "report.json").read_text())
    rows = {r.label: r for r in report.runs}
    v1, v2 = rows["openai:recorded/oneshot/brief-v1@brief-v1"], rows["openai:recorded/oneshot/brief-v2@brief-v1"]
    assert v1.headline["strict_macro_f1"] > 0.5 and not v1.unrecorded
    assert v2.not_scored == "no recording for brief-v2" and v2.headline == {} and len(v2.unrecorded) == 2
    assert "not scored: no recording for brief-v2" in result.stdout
    assert "needs recording: openai:recorded/oneshot/brief-v2@brief-v1:" in result.stdout
    assert "summarizer eval -m openai:MODEL -s oneshot -p brief-v2 --record DIR" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_cli_batch_records_a_replay_miss_as_that_articles_error(recorded, seed_text: str, tmp_path: Path) -> None:
    cassette, _, _ = recorded
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "seed.txt").write_text(seed_text)
    (articles / "edited.txt").write_text(seed_text.rstrip() + " (updated)")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        app, ["batch", str(articles), "-o", str(out), "--replay", str(cassette), "--no-progress"]
    )
    assert result.exit_code == 12, result.output  # some articles failed; every result kept
    records = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert records["seed"]["status"] == "ok"
    assert records["edited"]["error"]["kind"] == "cassette_miss"
    assert "changed since it was recorded" in records["edited"]["error"]["message"]
