"""The Ray engine on a local Ray instance: same records as `summarizer batch`, resumable, through the real
openai client against the fake server on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.batch import load_inputs, load_results, run_batch
from summarizer.testing import FakeOpenAI

from .conftest import article_from_messages, draft_payload

ray = pytest.importorskip("ray", reason="the Ray engine is an optional extra: pip install 'summarizer[ray]'")
pytestmark = pytest.mark.slow

SENTENCES = [
    "Russia has proposed holding a trilateral naval exercise with North Korea and China, officials said.",
    "North Korea launched two short-range ballistic missiles on Wednesday, the military said today.",
]


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(lambda body: draft_payload(article_from_messages(body["messages"]))) as server:
        yield server


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    yield
    ray.shutdown()


def write_input(path: Path, n: int) -> Path:
    lines = [
        {"id": f"a{i:02d}", "text": SENTENCES[i % 2] + f" Item {i}.", "published": "2023-09-06", "title": f"T{i}"}
        for i in range(n)
    ]
    lines.append({"id": "empty", "text": ""})
    path.write_text("".join(json.dumps(x) + "\n" for x in lines))
    return path


def strip_timing(records: dict) -> dict:
    out = {}
    for rid, rec in records.items():
        d = rec.model_dump(mode="json", exclude={"seconds"})
        if d.get("error"):
            d["error"].pop("message")  # names the origin: a file line there, a Ray row here
        if d.get("brief"):
            d["brief"]["provenance"].pop("latency_s")
            d["brief"]["provenance"].pop("created_at")
        out[rid] = d
    return out


def test_ray_engine_matches_the_asyncio_engine_and_resumes(fake: FakeOpenAI, local_ray: None, tmp_path: Path) -> None:
    from summarizer.backends.openai_compat import OpenAIBackend
    from summarizer.distributed import run_ray

    src = write_input(tmp_path / "in.jsonl", 12)
    from summarizer.config import BackendConfig

    options = BackendConfig(
        backend="openai", base_url=fake.base_url, api_key="sk-test-SECRET123", model="m", cache=False
    )

    out = tmp_path / "ray.jsonl"
    summary = run_ray(src, out, config=options, strategy="oneshot", actors=2, batch_size=4)
    assert summary.ran == 13 and summary.ok == 12 and summary.failed_by_kind == {"input": 1}
    calls = fake.calls
    assert calls == 12

    # The same input through `summarizer batch`'s engine gives the same records.
    backend = OpenAIBackend("m", base_url=fake.base_url, api_key="sk-test-SECRET123")
    ref = tmp_path / "asyncio.jsonl"
    import asyncio

    asyncio.run(run_batch(load_inputs(src), ref, backend=backend, strategy="oneshot", progress=False))
    assert strip_timing(load_results(out)) == strip_timing(load_results(ref))

    # Resume: a finished file makes no call; a lost line is redone, and only it.
    again = run_ray(src, out, config=options, strategy="oneshot")
    assert again.ran == 0 and again.skipped == 13 and fake.calls == calls + 12
    kept = out.read_text().splitlines()
    out.write_text("\n".join(kept[:-3]) + "\n")
    redo = run_ray(src, out, config=options, strategy="oneshot")
    assert redo.ran == 3
    assert set(load_results(out)) == set(load_results(ref))
    assert "SECRET123" not in out.read_text()
