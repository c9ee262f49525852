"""The fake OpenAI server, driven through the real openai / instructor clients over real HTTP."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any

import instructor
import openai
import pytest
from instructor.core import InstructorRetryException
from pydantic import BaseModel

from summarizer.testing.fakeserver import INVENTED_SENTENCES, FakeOpenAI, Fault, FaultKind

MESSAGES: list[dict[str, Any]] = [
    {"role": "system", "content": "You summarise news."},
    {"role": "user", "content": "Article: the parties agreed to a ceasefire."},
]
TOOLS: list[dict[str, Any]] = [
    {
        "type": "function",
        "function": {
            "name": "Brief",
            "parameters": {"type": "object", "properties": {"title": {"type": "string"}}},
        },
    },
    {"type": "function", "function": {"name": "Other", "parameters": {"type": "object"}}},
]


class Brief(BaseModel):
    title: str
    evidence: list[str]


def brief_payload(_body: dict[str, Any]) -> dict[str, Any]:
    return {"title": "Ceasefire agreed", "evidence": ["the parties agreed to a ceasefire"]}


@pytest.fixture(scope="module")
def server() -> Iterator[FakeOpenAI]:
    # One server per module: starting/stopping uvicorn costs ~0.2 s, and reset() isolates tests.
    with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
def fake(server: FakeOpenAI) -> Iterator[FakeOpenAI]:
    server.reset()
    server.responder = brief_payload
    server.latency = 0.0
    yield server
    server.reset()


@pytest.fixture
def client(fake: FakeOpenAI) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=fake.base_url, api_key="sk-test-secret", max_retries=0, timeout=2.0) as c:
        yield c


def create(client: openai.OpenAI, **extra: Any) -> Any:
    return client.chat.completions.create(model="whatever", messages=MESSAGES, **extra)


# ---------------------------------------------------------------- normal answers


def test_content_answer_follows_openai_shape(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    completion = create(client)

    choice = completion.choices[0]
    assert choice.finish_reason == "stop"
    assert choice.message.tool_calls is None
    assert json.loads(choice.message.content) == brief_payload({})
    assert completion.object == "chat.completion"
    assert completion.model == "fake-model"
    assert completion.id.startswith("chatcmpl-")
    prompt_chars = sum(len(m["content"]) for m in MESSAGES)
    assert completion.usage is not None
    assert completion.usage.prompt_tokens == prompt_chars // 4
    assert completion.usage.completion_tokens == len(choice.message.content) // 4
    assert completion.usage.total_tokens == completion.usage.prompt_tokens + completion.usage.completion_tokens


def test_default_responder_answers_empty_object() -> None:
    with (
        FakeOpenAI() as fake,
        openai.OpenAI(base_url=fake.base_url, api_key="k", max_retries=0, timeout=2.0) as client,
    ):
        assert create(client).choices[0].message.content == "{}"


def test_tools_request_gets_tool_call(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    completion = create(client, tools=TOOLS)

    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    (call,) = choice.message.tool_calls
    assert call.function.name == "Brief"
    assert json.loads(call.function.arguments) == brief_payload({})


def test_tool_choice_picks_the_forced_function(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    completion = create(client, tools=TOOLS, tool_choice={"type": "function", "function": {"name": "Other"}})
    assert completion.choices[0].message.tool_calls[0].function.name == "Other"


def test_string_payload_is_sent_verbatim(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    fake.responder = lambda body: "not json at all"
    assert create(client).choices[0].message.content == "not json at all"


def test_models_endpoint_lists_model(client: openai.OpenAI) -> None:
    assert [m.id for m in client.models.list()] == ["fake-model"]


def test_requests_are_recorded_without_headers(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    seen: list[dict[str, Any]] = []
    fake.responder = lambda body: seen.append(body) or {}
    create(client, temperature=0)
    create(client, tools=TOOLS)

    assert fake.calls == 2
    assert [r["messages"] for r in fake.requests] == [MESSAGES, MESSAGES]
    assert fake.requests[0]["temperature"] == 0
    assert "tools" in fake.requests[1]
    assert seen == fake.requests
    assert "sk-test-secret" not in json.dumps(fake.requests)


def test_responder_error_becomes_500(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    def broken(body: dict[str, Any]) -> dict[str, Any]:
        raise KeyError("oops")

    fake.responder = broken
    with pytest.raises(openai.InternalServerError, match="responder raised"):
        create(client)


def test_streaming_is_refused_explicitly(client: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError, match="stream"):
        create(client, stream=True)


# ---------------------------------------------------------------- faults


def test_rate_limit_carries_retry_after(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    fake.script("429:2", Fault.rate_limit(0.5))

    with pytest.raises(openai.RateLimitError) as first:
        create(client)
    assert first.value.status_code == 429
    assert first.value.response.headers["retry-after"] == "2"
    assert first.value.code == "rate_limit_exceeded"
    with pytest.raises(openai.RateLimitError) as second:
        create(client)
    assert second.value.response.headers["retry-after"] == "0.5"


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors(fake: FakeOpenAI, client: openai.OpenAI, status: int) -> None:
    fake.script(str(status))
    with pytest.raises(openai.InternalServerError) as exc:
        create(client)
    assert exc.value.status_code == status


def test_drop_is_a_connection_error(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    fake.script("drop")
    with pytest.raises(openai.APIConnectionError) as exc:
        create(client)
    assert not isinstance(exc.value, openai.APITimeoutError)
    # The next request must work on a fresh connection.
    assert json.loads(create(client).choices[0].message.content) == brief_payload({})


def test_timeout_outlasts_client_timeout(fake: FakeOpenAI) -> None:
    fake.script("timeout:10")
    with openai.OpenAI(base_url=fake.base_url, api_key="k", max_retries=0, timeout=0.3) as client:
        start = time.monotonic()
        with pytest.raises(openai.APITimeoutError):
            create(client)
        assert time.monotonic() - start < 2.0


@pytest.mark.parametrize("spec", ["malformed", "truncated"])
def test_unparseable_bodies_raise_json_decode_error(fake: FakeOpenAI, client: openai.OpenAI, spec: str) -> None:
    # openai 3.x does not wrap this: response.json() raises straight through create().
    fake.script(spec)
    with pytest.raises(json.JSONDecodeError):
        create(client)


def test_bad_schema_is_valid_json_of_the_wrong_shape(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    fake.script("bad_schema", "bad_schema")
    assert json.loads(create(client).choices[0].message.content) == {"unexpected": 1}
    call = create(client, tools=TOOLS).choices[0].message.tool_calls[0]
    assert json.loads(call.function.arguments) == {"unexpected": 1}


def test_invented_replaces_evidence_only(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    original = {
        "title": "Kept",
        "evidence": ["real quote one", "real quote two"],
        "items": [{"name": "kept too", "evidence": ["nested real quote"]}],
    }
    fake.responder = lambda body: original
    fake.script("invented")

    answer = json.loads(create(client).choices[0].message.content)

    assert answer["title"] == "Kept"
    assert answer["items"][0]["name"] == "kept too"
    invented = answer["evidence"] + answer["items"][0]["evidence"]
    assert len(invented) == 3
    assert all(sentence in INVENTED_SENTENCES for sentence in invented)
    assert original["evidence"] == ["real quote one", "real quote two"]  # responder's object untouched


def test_slow_delays_then_answers(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    fake.script("slow:0.3")
    start = time.monotonic()
    completion = create(client)
    assert time.monotonic() - start >= 0.3
    assert completion.choices[0].finish_reason == "stop"


def test_script_is_consumed_in_order_then_normal(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    fake.script("500", FaultKind.DROP, "ok")
    assert [str(f) for f in fake.pending] == ["500", "drop", "ok"]

    with pytest.raises(openai.InternalServerError):
        create(client)
    with pytest.raises(openai.APIConnectionError):
        create(client)
    create(client)
    create(client)

    assert fake.pending == []
    assert fake.calls == 4
    assert fake.counts == {"500": 1, "drop": 1, "ok": 2}
    assert fake.count("drop") == 1 and fake.count(FaultKind.SERVER_ERROR) == 1


def test_fault_parsing() -> None:
    assert Fault.parse("slow:1.5") == Fault(FaultKind.SLOW, 1.5)
    assert Fault.parse(" TIMEOUT ") == Fault(FaultKind.TIMEOUT, 60.0)
    assert Fault.parse(FaultKind.RATE_LIMIT) == Fault(FaultKind.RATE_LIMIT, 1.0)
    for bad in ["explode", "500:3", "slow:-1", "slow:abc"]:
        with pytest.raises(ValueError):
            Fault.parse(bad)


def test_script_rejects_unknown_faults_atomically(fake: FakeOpenAI) -> None:
    with pytest.raises(ValueError):
        fake.script("500", "nonsense")
    assert fake.pending == []


# ---------------------------------------------------------------- concurrency and instructor


def test_latency_overlaps_across_concurrent_async_requests(fake: FakeOpenAI) -> None:
    fake.latency = 0.2

    async def run() -> float:
        async with openai.AsyncOpenAI(base_url=fake.base_url, api_key="k", max_retries=0, timeout=5.0) as ac:
            start = time.monotonic()
            results = await asyncio.gather(
                *(ac.chat.completions.create(model="m", messages=MESSAGES) for _ in range(20))
            )
            elapsed = time.monotonic() - start
        assert all(r.choices[0].finish_reason == "stop" for r in results)
        return elapsed

    elapsed = asyncio.run(run())
    assert 0.2 <= elapsed < 2.0  # serial would be 4 s
    assert fake.calls == 20 and len(fake.requests) == 20


def test_async_client_sees_faults(fake: FakeOpenAI) -> None:
    fake.script("429:1", "drop")

    async def run() -> None:
        async with openai.AsyncOpenAI(base_url=fake.base_url, api_key="k", max_retries=0, timeout=2.0) as ac:
            with pytest.raises(openai.RateLimitError):
                await ac.chat.completions.create(model="m", messages=MESSAGES)
            with pytest.raises(openai.APIConnectionError):
                await ac.chat.completions.create(model="m", messages=MESSAGES)

    asyncio.run(run())


def test_instructor_tools_mode_parses_model(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    structured = instructor.from_openai(client, mode=instructor.Mode.TOOLS)

    brief = structured.chat.completions.create(model="m", response_model=Brief, messages=MESSAGES)

    assert isinstance(brief, Brief)
    # model_dump, not ==: instructor attaches the raw completion as a private attribute.
    assert brief.model_dump() == brief_payload({})
    assert fake.requests[-1]["tools"][0]["function"]["name"] == "Brief"


def test_instructor_gives_up_on_persistent_bad_schema(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    structured = instructor.from_openai(client, mode=instructor.Mode.TOOLS)
    fake.script("bad_schema", "bad_schema")

    with pytest.raises(InstructorRetryException):
        structured.chat.completions.create(model="m", response_model=Brief, messages=MESSAGES, max_retries=1)
    assert fake.count("bad_schema") == 2
