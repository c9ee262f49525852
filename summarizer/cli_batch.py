"""The `summarizer batch` command: many articles → one resumable JSONL of results.

Kept apart from ``cli.py`` so the batch machinery loads only when used; ``register(app)`` adds it.
"""

# No `from __future__ import annotations`: typer reads these annotations at registration time, and the
# option aliases are local names inside ``register``, which deferred annotations could not resolve.

import asyncio
import contextlib
from pathlib import Path
from typing import Annotated, Any

import typer

from .errors import ConfigError

__all__ = ["register"]


def _command_names(app: typer.Typer) -> set[str]:
    names: set[str] = set()
    for info in app.registered_commands:
        name = info.name or (info.callback.__name__.replace("_", "-") if info.callback else "")
        names.add(name)
    return names


async def _aclose(backend: Any) -> None:
    """Close the backend's async clients while their event loop is still running (best effort: the results
    are already on disk)."""
    if backend is not None:
        with contextlib.suppress(Exception):
            await backend.aclose()


def _run_on_ray(source: str, out: Path, **kwargs: Any) -> None:
    from .cli_options import _fail, err
    from .distributed import run_ray

    try:
        summary = run_ray(source, out, **kwargs)
    except BaseException as e:  # noqa: BLE001 - every failure becomes a message and an exit code
        if isinstance(e, typer.Exit):
            raise
        _fail(e)
        return
    for line in summary.lines():
        err.print(line, highlight=False, soft_wrap=True, markup=False)
    if summary.exit_code:
        raise typer.Exit(summary.exit_code)


def register(app: typer.Typer) -> None:
    """Add the ``batch`` command to ``app``; registering twice is harmless."""
    if "batch" in _command_names(app):
        return
    from .cli_options import (
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
        err,
    )

    @app.command("batch")
    def batch(
        input: Annotated[
            str,
            typer.Argument(
                help="A directory of .txt/.html articles (id = file name without suffix), a .jsonl file of "
                '{"id", "text", "title"?, "published"?, "source"?, "url"?} records, or - for JSONL on stdin.',
                show_default=False,
            ),
        ],
        out: Annotated[
            Path,
            typer.Option(
                "--out",
                "-o",
                help="JSONL results, one line per article; appended to, so a re-run resumes. "
                "The last line for an id is its result.",
            ),
        ],
        concurrency: Annotated[
            int, typer.Option(min=1, help="Articles in flight at most; lowered automatically on rate limits.")
        ] = 8,
        retry_failed: Annotated[
            bool, typer.Option("--retry-failed", help="Re-run articles whose last result is an error.")
        ] = False,
        tpm: Annotated[
            int | None, typer.Option("--tpm", min=1, help="Token-per-minute budget for the endpoint.")
        ] = None,
        no_progress: Annotated[bool, typer.Option("--no-progress", help="No progress bar.")] = False,
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
        encoding: Annotated[str, typer.Option(help="Text encoding of .txt inputs.")] = "utf-8",
        max_bytes: Annotated[int, typer.Option(help="Refuse articles larger than this.")] = 5_000_000,
        engine: Annotated[
            str,
            typer.Option(
                help="asyncio: this process; ray: a Ray Dataset over JSONL/Parquet input (pip install "
                "'summarizer[ray]'), same records, same resume.",
            ),
        ] = "asyncio",
        ray_address: Annotated[
            str | None,
            typer.Option(help="Ray cluster to join (ray://head:10001 or auto); default: start a local one."),
        ] = None,
        ray_actors: Annotated[int, typer.Option(min=1, help="Ray actors, each with its own backend.")] = 2,
        record: RecordOpt = None,
        replay: ReplayOpt = None,
    ) -> None:
        """Brief many articles into one JSONL file: resumable, cached, tolerant of failures.

        Exit status: 0 all ok, 12 some failed (see their "error"), 130 interrupted (re-run to resume).

        [bold]Examples[/]

          summarizer batch articles/ --out briefs.jsonl
          summarizer batch articles.jsonl -o briefs.jsonl --concurrency 16 --tpm 200000
          summarizer batch articles/ -o briefs.jsonl --retry-failed
          summarizer batch articles.jsonl -o briefs.jsonl --engine ray --ray-address auto --base-url http://vllm:8000/v1
        """
        from .config import BackendConfig

        chosen = None if strategy is StrategyName.default else strategy.value
        try:
            config = BackendConfig(
                backend=backend.value,
                model=model,
                base_url=base_url,
                model_path=model_path,
                mode=mode,
                timeout=timeout,
                cache=not no_cache,
                record=record,
                replay=replay,
            )
        except ValueError as e:
            _fail(ConfigError(f"bad backend options: {e}"))
            return
        if engine == "ray":
            _run_on_ray(
                input,
                out,
                config=config,
                retry_failed=retry_failed,
                address=ray_address,
                actors=ray_actors,
                per_actor_concurrency=concurrency,
                max_bytes=max_bytes,
                strategy=chosen,
                grounding=grounding.value,
                prompt_dir=prompt_dir,
            )
            return
        if engine != "asyncio":
            _fail(ConfigError(f"unknown engine {engine!r}; choose asyncio or ray"))
        from .batch import load_inputs, run_batch
        from .prompts import PromptLibrary

        llm = None
        try:
            prompts = PromptLibrary(prompt_dir)
            inputs = load_inputs(input, encoding=encoding, max_bytes=max_bytes)
            chosen = chosen or config.default_strategy()
            if chosen != "heuristic":
                llm = config.build()

            async def main() -> Any:
                try:
                    return await run_batch(
                        inputs,
                        out,
                        backend=llm,
                        strategy=chosen,
                        grounding=grounding.value,
                        concurrency=concurrency,
                        retry_failed=retry_failed,
                        tpm_budget=tpm,
                        progress=not no_progress,
                        prompts=prompts,
                        console=err,
                    )
                finally:
                    await _aclose(llm)

            summary = asyncio.run(main())
        except BaseException as e:  # noqa: BLE001 - every failure becomes a message and an exit code
            if isinstance(e, typer.Exit):
                raise
            _fail(e)
            return
        finally:
            if llm is not None:
                with contextlib.suppress(Exception):
                    llm.close()
        for line in summary.lines():
            err.print(line, highlight=False, soft_wrap=True, markup=False)
        if summary.exit_code:
            raise typer.Exit(summary.exit_code)
