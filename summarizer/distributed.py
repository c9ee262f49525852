"""The batch's per-article function over a Ray Dataset (``pip install 'summarizer[ray]'``).

read JSONL / Parquet → ``map_batches`` (a pool of actors, each holding one backend) → the driver writes the
very same ``BatchRecord`` lines as ``summarizer batch`` through the same writer, so resume, ``--retry-failed``,
``load_results`` and every downstream tool work unchanged. Point ``address`` at a cluster
(``ray://head:10001`` or ``auto``) and the workers share one OpenAI-compatible endpoint pool; locally it
starts a Ray instance of its own.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import time
from pathlib import Path
from typing import Any

from .batch import (
    BatchRecord,
    BatchSummary,
    ResultWriter,
    already_done,
    brief_or_error,
    input_from_record,
    load_inputs,
    make_record,
    scan_outcomes,
)
from .config import BackendConfig
from .errors import ConfigError, SummarizerError
from .inputs import DEFAULT_MAX_BYTES
from .prompts import PromptLibrary


def _plain(value: Any) -> Any:
    """Arrow hands back numpy scalars and dates; the record must be plain JSON to hash like a JSONL line."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    # A column absent from some JSON lines comes back as NaN (or NaT): it was missing, not a value.
    if (isinstance(value, float) and math.isnan(value)) or type(value).__name__ == "NaTType":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


class BriefMapper:
    """A Ray actor: builds its backend once, then briefs each batch of rows concurrently."""

    def __init__(
        self,
        config: BackendConfig,
        strategy: str | None,
        grounding: str,
        skip: dict[str, str],
        prompt_dir: str | None,
        per_actor_concurrency: int,
        max_bytes: int,
    ) -> None:
        self.backend = None if strategy == "heuristic" else config.build()
        self.strategy = strategy
        self.grounding = grounding
        self.skip = skip
        self.prompts = PromptLibrary(prompt_dir)
        self.concurrency = per_actor_concurrency
        self.max_bytes = max_bytes
        from .batch import _secrets_of

        self.secrets = _secrets_of(self.backend)

    async def _run(self, rows: list[dict[str, Any]]) -> list[str]:
        gate = asyncio.Semaphore(self.concurrency)

        async def one(n: int, row: dict[str, Any]) -> str | None:
            item = input_from_record(row, f"ray:{row.get('id', n)}", self.max_bytes, fallback_id=f"row-{n}")
            if self.skip.get(item.id) == item.content_sha256:
                return None
            async with gate:
                t0 = time.perf_counter()
                brief, error = await brief_or_error(
                    item,
                    backend=self.backend,
                    strategy=self.strategy,
                    grounding=self.grounding,  # type: ignore[arg-type]
                    prompts=self.prompts,
                    secrets=self.secrets,
                )
                record = make_record(
                    item, time.perf_counter() - t0, brief, error, backend=self.backend, strategy=self.strategy
                )
            return record.model_dump_json()

        done = await asyncio.gather(*(one(n, r) for n, r in enumerate(rows)))
        return [d for d in done if d is not None]

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        columns = list(batch)
        size = len(batch[columns[0]]) if columns else 0
        rows = [{c: _plain(batch[c][i]) for c in columns} for i in range(size)]
        return {"record": asyncio.run(self._run(rows))}


def _article_rows(src: Path, max_bytes: int) -> list[dict[str, Any]]:
    """A directory of article files, read by the batch's own loader, as Dataset rows. An unreadable file
    becomes a row whose text is empty, so it fails as an input error like in the asyncio engine."""
    rows: list[dict[str, Any]] = []
    for item in load_inputs(src, max_bytes=max_bytes):
        try:
            article = item.load()
        except SummarizerError:
            rows.append({"id": item.id, "text": ""})
            continue
        meta = article.meta
        rows.append(
            {
                "id": item.id,
                "text": article.text,
                "title": meta.title,
                "source": meta.source,
                "url": meta.url,
                "published": meta.published.isoformat() if meta.published else None,
            }
        )
    return rows


def _dataset(ray: Any, src: Path, max_bytes: int) -> Any:
    """JSONL or Parquet (a file, or a directory of them) read by Ray; a directory of .txt/.html articles
    (the batch's commonest input) read here and handed over as rows."""
    if src.is_dir():
        if any(src.glob("*.parquet")):
            return ray.data.read_parquet(str(src))
        if any(p.suffix in (".jsonl", ".ndjson", ".json") for p in src.iterdir()):
            return ray.data.read_json(str(src), lines=True)
        rows = _article_rows(src, max_bytes)
        if not rows:
            raise ConfigError(f"{src}: no .txt/.html articles and no JSONL or Parquet files")
        return ray.data.from_items(rows)
    if src.suffix == ".parquet":
        return ray.data.read_parquet(str(src))
    return ray.data.read_json(str(src), lines=True)


def run_ray(
    source: str | Path,
    out_path: str | Path,
    *,
    config: BackendConfig | None = None,
    strategy: str | None = None,
    prompt_dir: str | Path | None = None,
    grounding: str = "strict",
    retry_failed: bool = False,
    actors: int = 2,
    per_actor_concurrency: int = 8,
    batch_size: int = 16,
    actor_cpus: float = 0.5,
    address: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> BatchSummary:
    """Brief every record of a JSONL or Parquet file (or a directory of them) on Ray; see module doc."""
    try:
        import ray
    except ImportError:
        raise ConfigError("the Ray engine needs the extra: pip install 'summarizer[ray]'") from None
    src = Path(source)
    if not src.exists():
        raise ConfigError(f"{src}: no such file or directory")
    started = time.perf_counter()
    previous = scan_outcomes(out_path)
    skip = {rid: o.content_sha256 for rid, o in previous.items() if already_done(o, o.content_sha256, retry_failed)}
    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, ignore_reinit_error=True, log_to_driver=False)
    ds = _dataset(ray, src, max_bytes)
    ds = ds.map_batches(
        BriefMapper,
        fn_constructor_kwargs={
            "config": config or BackendConfig(),
            "strategy": strategy,
            "grounding": grounding,
            "skip": skip,
            "prompt_dir": str(prompt_dir) if prompt_dir else None,
            "per_actor_concurrency": per_actor_concurrency,
            "max_bytes": max_bytes,
        },
        batch_size=batch_size,
        compute=ray.data.ActorPoolStrategy(size=actors),
        # Briefing against an endpoint waits on HTTP, so an actor reserves only part of a CPU; reserving
        # whole ones would starve the read tasks on a small machine (2 actors + 1 reader > 2 CPUs).
        num_cpus=actor_cpus,
        batch_format="numpy",
    )
    summary = BatchSummary(out_path=str(out_path), total=0)
    writer = ResultWriter(out_path)
    try:
        for row in ds.iter_rows():
            record = BatchRecord.model_validate_json(row["record"])
            writer.write(record)
            usage = record.brief.provenance.usage if record.brief and record.brief.provenance else None
            summary.count_run(usage)
            if record.status == "ok":
                summary.ok += 1
            else:
                summary.failed += 1
                kind = record.error.kind if record.error else "unknown"
                summary.failed_by_kind[kind] = summary.failed_by_kind.get(kind, 0) + 1
    finally:
        writer.close()
    summary.skipped = len(skip)
    summary.total = summary.ran + summary.skipped
    summary.wall_s = round(time.perf_counter() - started, 3)
    return summary
