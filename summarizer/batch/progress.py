"""What a batch tells: its running progress bar and its final summary."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Any

from ..schema import Usage


@dataclass
class BatchSummary:
    """What a run did. ``ok``/``failed`` count the final state of every input, including skipped ones."""

    out_path: str
    total: int = 0
    ran: int = 0
    skipped: int = 0
    ok: int = 0
    failed: int = 0
    not_done: int = 0
    failed_by_kind: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    llm_calls: int = 0
    cached_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    rate_limit_decreases: int = 0
    lowest_concurrency: int = 0
    repaired_bytes: int = 0
    wall_s: float = 0.0
    interrupted: bool = False

    def count_run(self, usage: Usage | None) -> None:
        """One article ran; add what its LLM calls cost (both engines report through this)."""
        self.ran += 1
        if usage is not None:
            self.llm_calls += usage.calls
            self.cached_calls += usage.cached_calls
            self.prompt_tokens += usage.prompt_tokens
            self.completion_tokens += usage.completion_tokens

    @property
    def articles_per_s(self) -> float:
        return self.ran / self.wall_s if self.wall_s > 0 else 0.0

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 12 if self.failed else 0

    def lines(self, max_failures: int = 5) -> list[str]:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.failed_by_kind.items()))
        out = [
            f"{self.ok} ok, {self.failed} failed"
            + (f" ({kinds})" if kinds else "")
            + f", {self.skipped} already done of {self.total}; {self.ran} run in {self.wall_s:.1f} s"
            f" ({self.articles_per_s:.1f} articles/s); LLM calls {self.llm_calls},"
            f" cached {self.cached_calls};"
            f" tokens {self.prompt_tokens}+{self.completion_tokens} → {self.out_path}"
        ]
        if self.repaired_bytes:
            out.append(f"cut a torn last line ({self.repaired_bytes} bytes) left by a crash from {self.out_path}")
        if self.rate_limit_decreases:
            out.append(
                f"rate limited: concurrency lowered {self.rate_limit_decreases} time(s),"
                f" down to {self.lowest_concurrency} at the lowest"
            )
        for rid, kind, message in self.failures[:max_failures]:
            out.append(f"failed {rid}: {kind}: {message}")
        if len(self.failures) > max_failures:
            out.append(f'… and {len(self.failures) - max_failures} more failures (status "error" in {self.out_path})')
        if self.interrupted:
            out.append(
                f"interrupted: {self.ok + self.failed} of {self.total} done, {self.not_done} not done; "
                "run the same command again to resume"
            )
        return out


class _Progress:
    """A rich progress bar on stderr when it is a terminal; otherwise nothing."""

    def __init__(self, enabled: bool, total: int, console: Any | None) -> None:
        self.bar: Any = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = console or Console(stderr=True)
        if not console.is_terminal:
            return
        self.bar = Progress(
            TextColumn("[bold]batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[stats]}"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self.task = self.bar.add_task("batch", total=total, stats="")
        self.bar.start()

    def update(self, *, done: int, ok: int, failed: int, skipped: int, cached: int, started: float) -> None:
        if self.bar is None:
            return
        elapsed = time.perf_counter() - started
        rate = done / elapsed if elapsed > 0 else 0.0
        stats = f"ok {ok} · failed {failed} · skipped {skipped} · cached {cached} · {rate:.1f}/s"
        self.bar.update(self.task, completed=done, stats=stats)

    def note(self, message: str) -> None:
        if self.bar is not None:
            self.bar.console.print(message, highlight=False)
        else:
            print(message, file=sys.stderr, flush=True)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
