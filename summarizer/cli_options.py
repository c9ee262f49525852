"""What every command of the CLI shares: the stderr console, the model options, and how a failure ends.

Its own module so that each command module imports it, and ``cli`` imports the command modules: one
direction, no cycle.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .errors import SummarizerError

err = Console(stderr=True)


class BackendName(str, Enum):
    auto = "auto"
    local = "local"
    openai = "openai"


def _strategy_names() -> dict[str, str]:
    # The registry is plain data (no strategy module is imported): the CLI's choices come from it.
    from .strategies import STRATEGIES

    return {"default": "default", **{name.replace("-", "_"): name for name in STRATEGIES}}


StrategyName = Enum("StrategyName", _strategy_names(), type=str)  # type: ignore[misc]


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


def _strategy_help() -> str:
    from .strategies import STRATEGIES

    return "; ".join(f"{s.name}: {s.summary}" for s in STRATEGIES.values()) + ". Default: the backend's own."


StrategyOpt = Annotated[StrategyName, typer.Option(help=_strategy_help())]
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
RecordOpt = Annotated[
    Path | None,
    typer.Option(
        "--record",
        metavar="DIR",
        help="Write every LLM exchange (request and answer, never a key) to this cassette directory, one JSON "
        "file each. Turns the response cache off.",
    ),
]
ReplayOpt = Annotated[
    Path | None,
    typer.Option(
        "--replay",
        metavar="DIR",
        help="Answer every LLM request from this cassette directory: no key, no endpoint, no network. A request "
        "it does not hold fails (exit 13). -m openai:recorded replays whatever model was recorded.",
    ),
]


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
