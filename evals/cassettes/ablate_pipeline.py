"""The replayed capable row with the pipeline's capable-model fixes switched off, to measure what they add.

    python evals/cassettes/ablate_pipeline.py evals/cassettes/brief-v1 /tmp/ablated

Switched off: model-given names resolved and canonicalised (gazetteer ``BODY (STATE)`` forms and the
armed-forces aliases, ``canonical_names`` / ``canonical_actors`` in the pipeline), the outlet credited when an
item credits no one, and the merging of proposed events into the offer they restate. The scorer is the
current one. Prints the eval's table; the report lands in the output directory. docs/EVALS.md quotes it.
"""

from __future__ import annotations

import sys
from typing import Any

from typer.testing import CliRunner

import summarizer.gazetteer as gazetteer
import summarizer.pipeline as pipeline

ADDED_ALIASES = {
    "Russian military",
    "Russian forces",
    "Russian troops",
    "Russian army",
    "Ukrainian forces",
    "Ukrainian military",
    "Ukrainian troops",
    "Ukrainian army",
}


def _without_added_aliases(original: Any) -> Any:
    def load() -> dict[str, Any]:
        data = original()
        for spec in data.get("actors") or []:
            if spec.get("canonical_only"):
                spec["canonical_only"] = [a for a in spec["canonical_only"] if a not in ADDED_ALIASES]
        return data

    return load


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    cassette, out = argv
    gazetteer._load_data = _without_added_aliases(gazetteer._load_data)
    gazetteer._qualified = lambda name: None
    pipeline._settled_names = lambda fields, outlet: fields
    pipeline.canonical_actors = list
    pipeline.merge_restated_events = lambda brief: 0
    from summarizer.cli import app

    args = ["eval", "--replay", cassette, "-s", "oneshot", "--no-heuristic", "--baseline", "/nonexistent"]
    result = CliRunner().invoke(app, [*args, "--out", out])
    print(result.stdout, end="")
    return result.exit_code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
