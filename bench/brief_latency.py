"""Wall time of `summarizer brief` on the seed article with the embedded model, against llama.cpp (the same
xllamacpp runtime) generating the same number of tokens without the pipeline.

    python bench/brief_latency.py [--runs 5] [--strategy guided|oneshot]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cli_runs(runs: int, strategy: str) -> tuple[list[float], dict]:
    times, prov = [], {}
    for _ in range(runs):
        t0 = time.perf_counter()
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "summarizer.cli",
                "brief",
                "--example",
                "--no-cache",
                "-f",
                "json",
                "--strategy",
                strategy,
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
        times.append(time.perf_counter() - t0)
        prov = json.loads(out)["provenance"]
    return times, prov


def raw_llama(prompt_tokens: int, completion_tokens: int, calls: int, runs: int) -> tuple[list[float], float]:
    """Load the same GGUF in llama.cpp's server (xllamacpp), then per call: a plain completion of a prompt
    of about the same length generating the same number of tokens, with no chat template, schema grammar,
    validation, grounding or output; prompt cache off, so every call evaluates its whole prompt."""
    import xllamacpp

    from summarizer.backends.models import resolve_model_path

    t0 = time.perf_counter()
    params = xllamacpp.CommonParams()
    params.model.path = str(resolve_model_path())
    params.n_ctx = 4096
    params.n_parallel = 1
    params.cpuparams.n_threads = params.cpuparams_batch.n_threads = os.cpu_count() or 1
    params.warmup = False
    params.verbosity = -1
    server = xllamacpp.Server(params)
    load = time.perf_counter() - t0
    text = (ROOT / "summarizer/data/examples/seed-russia-trilateral-naval-exercise.txt").read_text()
    per_call_in = max(1, prompt_tokens // max(1, calls))
    per_call_out = max(1, completion_tokens // max(1, calls))
    prompt = (text * 4)[: per_call_in * 4]  # ~4 characters a token in English
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for _ in range(calls):
            body = {"prompt": prompt, "n_predict": per_call_out, "temperature": 0.0, "cache_prompt": False}
            server.handle_completions(body)
        times.append(time.perf_counter() - t0)
    return times, load


def warm_in_process(runs: int, strategy: str) -> list[float]:
    """The pipeline alone: same process, model already loaded, no response cache."""
    from summarizer import summarize
    from summarizer.config import make_backend
    from summarizer.inputs import read_article

    article = read_article(ROOT / "summarizer/data/examples/seed-russia-trilateral-naval-exercise.txt")
    backend = make_backend("local")
    summarize(article, backend=backend, strategy=strategy, cache=False)  # load and warm up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        summarize(article, backend=backend, strategy=strategy, cache=False)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--strategy", default="guided")
    a = ap.parse_args()
    cli, prov = cli_runs(a.runs, a.strategy)
    u = prov["usage"]
    raw, load = raw_llama(u["prompt_tokens"], u["completion_tokens"], u["calls"], a.runs)
    med_cli, med_raw = statistics.median(cli), statistics.median(raw)
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, python {platform.python_version()}")
    print(
        f"strategy {a.strategy}: {u['calls']} LLM calls, {u['prompt_tokens']} tokens in, {u['completion_tokens']} out"
    )
    runs = [round(t, 2) for t in cli]
    print(f"summarizer brief (CLI, new process, model load included): median {med_cli:.2f} s of {a.runs} {runs}")
    print(f"  in-pipeline latency (provenance.latency_s, last run): {prov['latency_s']:.2f} s")
    print(f"raw llama.cpp, same tokens, model already loaded: median {med_raw:.2f} s (model load {load:.2f} s)")
    warm = warm_in_process(a.runs, a.strategy)
    print(f"summarize() in process, model loaded, no cache: median {statistics.median(warm):.2f} s")
    med_warm = statistics.median(warm)
    print(f"ratios: CLI / (raw + load) {med_cli / (med_raw + load):.2f}; warm / raw {med_warm / med_raw:.2f}")


if __name__ == "__main__":
    main()
