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


def test_ray_engine_honours_prompt_dir(fake: FakeOpenAI, local_ray: None, tmp_path: Path) -> None:
    # The CLI's --prompt-dir used to be read under a key nobody set: Ray runs used the built-in prompts.
    from summarizer.config import BackendConfig
    from summarizer.distributed import run_ray
    from summarizer.prompts import _builtin_dir

    prompts = tmp_path / "prompts"
    prompts.mkdir()

    for part in ("system", "user"):
        text = (_builtin_dir() / f"brief-v1.{part}.j2").read_text()
        if part == "system":
            text = "MARKER-FROM-PROMPT-DIR\n" + text
        (prompts / f"brief-v1.{part}.j2").write_text(text)
    fake.reset()
    config = BackendConfig(backend="openai", base_url=fake.base_url, model="m", cache=False)
    summary = run_ray(
        write_input(tmp_path / "in.jsonl", 2),
        tmp_path / "out.jsonl",
        config=config,
        strategy="oneshot",
        prompt_dir=prompts,
    )
    assert summary.ok == 2
    systems = [m["content"] for body in fake.requests for m in body["messages"] if m["role"] == "system"]
    assert systems and all(s.startswith("MARKER-FROM-PROMPT-DIR") for s in systems)


def test_ray_engine_reads_a_directory_of_articles(fake: FakeOpenAI, local_ray: None, tmp_path: Path) -> None:
    # A directory of .txt files (the batch's commonest input) used to end in "No input files found".
    from summarizer.config import BackendConfig
    from summarizer.distributed import run_ray

    articles = tmp_path / "articles"
    articles.mkdir()
    for i, sentence in enumerate(SENTENCES):
        (articles / f"art{i}.txt").write_text(f"title: T{i}\npublished: 2023-09-06\n\n{sentence}\n")
    config = BackendConfig(backend="openai", base_url=fake.base_url, model="m", cache=False)
    out = tmp_path / "out.jsonl"
    summary = run_ray(articles, out, config=config, strategy="oneshot")
    assert summary.ok == 2 and summary.failed == 0
    results = load_results(out)
    assert set(results) == {"art0", "art1"}
    assert all(r.brief and r.brief.article.title for r in results.values())
