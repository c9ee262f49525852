"""The OpenAI-compatible backend at the HTTP boundary, against a real fake server on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from tenacity import RetryCallState

from summarizer.backends.openai_compat import BackoffWait, OpenAIBackend
from summarizer.errors import BackendError, BackendTimeout, OutputInvalid, RateLimited
from summarizer.schema import DraftBrief
from summarizer.testing import FakeOpenAI

from .conftest import article_from_messages, draft_payload

MESSAGES = [
    {"role": "system", "content": "Extract."},
    {
        "role": "user",
        "content": "<article>\nRussia has proposed holding a naval exercise with North Korea.\n</article>",
    },
]


def responder(body: dict) -> dict:
    return draft_payload(article_from_messages(body["messages"]))


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(responder) as server:
        yield server


@pytest.fixture(autouse=True)
def _reset(fake: FakeOpenAI) -> None:
    fake.reset()
    fake.responder = responder


class RecordingWait(BackoffWait):
    def __init__(self, *a: float) -> None:
        super().__init__(*a)
        self.waits: list[float] = []

    def __call__(self, state: RetryCallState) -> float:
        w = super().__call__(state)
        self.waits.append(w)
        return w


def backend(fake: FakeOpenAI, mode: str = "tools", **kw: float) -> OpenAIBackend:
    b = OpenAIBackend(
        "test-model",
        base_url=fake.base_url,
        api_key="sk-test",
        mode=mode,
        timeout=kw.pop("timeout", 5),
        transport_retries=int(kw.pop("transport_retries", 3)),
        backoff_initial=0.01,
        backoff_cap=1.0,
    )
    b.wait = RecordingWait(0.01, 1.0)
    return b


@pytest.mark.parametrize("mode", ["tools", "json_schema", "md_json"])
def test_valid_answer_in_each_mode(fake: FakeOpenAI, mode: str) -> None:
    done = backend(fake, mode).structured(MESSAGES, DraftBrief)
    assert done.value.proposals[0].proposer == ["Russia"]
    assert done.attempts == 1 and done.usage.calls == 1 and done.usage.prompt_tokens > 0


def invalid_first(n: int):
    """A responder whose first ``n`` answers have the wrong types (what a confused model sends)."""
    state = {"left": n}

    def answer(body: dict) -> dict:
        if state["left"] > 0:
            state["left"] -= 1
            return {"summary": 3, "proposals": "none", "military_events": [{"kind": "parade", "actors": "x"}]}
        return responder(body)

    return answer


def test_invalid_output_is_reasked_and_usage_summed(fake: FakeOpenAI) -> None:
    fake.responder = invalid_first(2)
    b = backend(fake)
    done = b.structured(MESSAGES, DraftBrief, reasks=2)
    assert fake.calls == 3 and done.attempts == 3
    # The re-asks carry the validation error back to the model.
    assert len(fake.requests[1]["messages"]) > len(fake.requests[0]["messages"])
    single = backend(fake).structured(MESSAGES, DraftBrief).usage
    assert done.usage.prompt_tokens > 2 * single.prompt_tokens
    assert done.usage.completion_tokens > 0 and done.usage.calls == 3


def test_reasks_are_bounded(fake: FakeOpenAI) -> None:
    fake.responder = invalid_first(5)
    with pytest.raises(OutputInvalid):
        backend(fake).structured(MESSAGES, DraftBrief, reasks=1)
    assert fake.calls == 2


def test_429_honours_retry_after_and_is_not_shown_to_the_model(fake: FakeOpenAI) -> None:
    fake.script("429:0.3")
    b = backend(fake)
    done = b.structured(MESSAGES, DraftBrief)
    assert b.wait.waits == [0.3]
    assert fake.calls == 2 and done.attempts == 1
    assert fake.requests[0]["messages"] == fake.requests[1]["messages"]


def test_5xx_and_drops_back_off_exponentially_then_succeed(fake: FakeOpenAI) -> None:
    fake.script("500", "503", "drop")
    b = backend(fake)
    done = b.structured(MESSAGES, DraftBrief)
    assert done.value.proposals and fake.calls == 4
    w = b.wait.waits
    assert len(w) == 3
    for n, value in enumerate(w):
        ceiling = min(1.0, 0.01 * 2**n)
        assert ceiling / 2 <= value <= ceiling


@pytest.mark.parametrize("fault", ["malformed", "truncated"])
def test_broken_bodies_are_transport_retries(fake: FakeOpenAI, fault: str) -> None:
    fake.script(fault)
    done = backend(fake).structured(MESSAGES, DraftBrief)
    assert fake.calls == 2 and done.attempts == 1


def test_gives_up_with_a_clear_error(fake: FakeOpenAI) -> None:
    fake.script(*["500"] * 10)
    with pytest.raises(BackendError, match="HTTP 500") as info:
        backend(fake, transport_retries=2).structured(MESSAGES, DraftBrief)
    assert fake.calls == 3 and info.value.exit_code == 9
    fake.reset()
    fake.script(*["429:0.01"] * 10)
    with pytest.raises(RateLimited):
        backend(fake, transport_retries=2).structured(MESSAGES, DraftBrief)


def test_timeout_is_reported_as_timeout(fake: FakeOpenAI) -> None:
    fake.script("timeout:5", "timeout:5")
    with pytest.raises(BackendTimeout):
        backend(fake, transport_retries=1, timeout=0.3).structured(MESSAGES, DraftBrief)


def test_unreachable_endpoint() -> None:
    b = OpenAIBackend(
        "m", base_url="http://127.0.0.1:9/v1", api_key="sk-x", transport_retries=1, backoff_initial=0.01, timeout=1
    )
    with pytest.raises(BackendError, match="cannot reach") as info:
        b.structured(MESSAGES, DraftBrief)
    assert "sk-x" not in str(info.value)


def test_async_path(fake: FakeOpenAI) -> None:
    fake.script("429:0.05")
    b = backend(fake)

    async def go() -> list:
        return await asyncio.gather(*(b.astructured(MESSAGES, DraftBrief) for _ in range(5)))

    results = asyncio.run(go())
    assert all(r.value.proposals for r in results) and fake.calls == 6


def test_each_event_loop_gets_its_own_async_client(fake: FakeOpenAI) -> None:
    # summarize() and the eval runner start a new loop per article with one backend; a client pooled on
    # an earlier loop would meet dead connections and silently send every answer twice.
    b = backend(fake)
    for _ in range(5):
        asyncio.run(b.astructured(MESSAGES, DraftBrief))
    assert fake.calls == 5 and b.wait.waits == []
