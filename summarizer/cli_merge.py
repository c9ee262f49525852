"""The `summarizer merge` command: batch results in, merged items (and a timeline) out.

Kept apart from ``cli.py`` like the batch command; ``register(app)`` adds it.
"""

# No `from __future__ import annotations`: typer reads these annotations at registration time.

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the ``merge`` command to ``app``; registering twice is harmless."""
    from .cli_batch import _command_names

    if "merge" in _command_names(app):
        return
    from .export import ExportFormat

    @app.command()
    def merge(
        briefs: Annotated[
            list[Path],
            typer.Argument(
                help="Results of `summarizer batch` (JSONL of BatchRecord); several files merge as one corpus.",
                show_default=False,
            ),
        ],
        out: Annotated[
            Path | None,
            typer.Option(
                "--out",
                "-o",
                help="Merged items here (default: JSONL on stdout, unless only --html is asked). csv and parquet also "
                "write OUT.sources.csv / .parquet (one row per source).",
            ),
        ] = None,
        format: Annotated[
            ExportFormat | None,
            typer.Option(
                "--format", "-f", help="Default: from the --out suffix (.csv, .parquet, .sqlite/.db), else jsonl."
            ),
        ] = None,
        html: Annotated[
            Path | None, typer.Option(help="Also write a self-contained timeline page here (opens offline).")
        ] = None,
        threshold: Annotated[
            float,
            typer.Option(
                min=0.0,
                max=1.0,
                help="Least link score that merges two items. Higher: fewer wrong merges, more missed ones.",
            ),
        ] = 0.55,
        title: Annotated[str, typer.Option(help="Title of the timeline page.")] = "Timeline",
        engine: Annotated[
            str,
            typer.Option(
                help="local: this process; ray: score the candidate pairs in Ray tasks (pip install 'summarizer[ray]')."
            ),
        ] = "local",
        ray_address: Annotated[
            str | None, typer.Option(help="Ray cluster to join with --engine ray (default: a local Ray).")
        ] = None,
    ) -> None:
        """Merge the items of many briefs into events, proposals and exchanges reported across articles.

        Items merge only within a category, with the same kind, a shared party, compatible dates and similar
        words; each merged item keeps every source's own reading and evidence, flags what the sources
        disagree on, and (proposals, exchanges) its status history.

        [bold]Examples[/]

          summarizer batch articles/ -o briefs.jsonl
          summarizer merge briefs.jsonl -o events.jsonl --html timeline.html
          summarizer merge briefs.jsonl -o events.csv            # + events.sources.csv
          summarizer merge briefs.jsonl -o events.sqlite         # tables items and sources
          summarizer schema merged                               # JSON Schema of one merged item
        """
        from .cli_options import _fail, _write, err
        from .export import write
        from .merge import MergeOptions, MergeStats, merge_file
        from .views import timeline_html

        try:
            fmt = format
            if fmt is None:
                suffix = out.suffix.lower() if out else ""
                fmt = {
                    ".csv": ExportFormat.csv,
                    ".parquet": ExportFormat.parquet,
                    ".sqlite": ExportFormat.sqlite,
                    ".db": ExportFormat.sqlite,
                }.get(suffix, ExportFormat.jsonl)
            if out is None and fmt is not ExportFormat.jsonl:
                from .errors import ConfigError

                raise ConfigError(f"--format {fmt.value} needs --out FILE")
            stats = MergeStats()
            if engine not in ("local", "ray"):
                from .errors import ConfigError

                raise ConfigError(f"--engine {engine!r}: choose local or ray")
            items = merge_file(
                briefs, MergeOptions(threshold=threshold), stats=stats, engine=engine, ray_address=ray_address
            )
            if out is None:
                if html is None:
                    import sys

                    for m in items:
                        sys.stdout.write(m.model_dump_json() + "\n")
            else:
                for p in write(items, out, fmt):
                    err.print(f"wrote {p}", highlight=False)
            if html is not None:
                _write(timeline_html(items, title=title), html)
        except BaseException as e:  # noqa: BLE001 - every failure becomes a message and an exit code
            if isinstance(e, typer.Exit):
                raise
            _fail(e)
            return
        if stats.failed_records:
            err.print(f"{stats.failed_records} failed record(s) skipped", highlight=False)
        err.print(stats.line(), highlight=False)
