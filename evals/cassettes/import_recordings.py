"""Import a directory of shared recordings (``{fixture_id, prompt, request, response}`` files) as a cassette.

    python evals/cassettes/import_recordings.py ../shared/recordings/brief-v1 evals/cassettes/brief-v1

The recordings are data: request and response bodies are copied verbatim. What is added is the context a
replay miss needs to say what changed: the prompt's name and the sha256 of its template files, the fixture's
article title and text hash. Each recording is checked first: the prompt of that name must render today,
for that fixture, exactly the messages that were recorded (else the import stops: a stale recording would
only ever miss).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from summarizer.cassettes import FORMAT
from summarizer.evals.fixtures import load_fixtures
from summarizer.prompts import PromptLibrary

ROOT = Path(__file__).resolve().parents[2]


def convert(source: Path, fixtures: Path, prompts: PromptLibrary) -> tuple[str, dict]:
    rec = json.loads(source.read_text(encoding="utf-8"))
    fixture_id, prompt_name, request, response = rec["fixture_id"], rec["prompt"], rec["request"], rec["response"]
    fixture = load_fixtures(fixtures, [fixture_id])[0]
    article = fixture.to_article()
    prompt = prompts.get(prompt_name)
    published = article.meta.published.isoformat() if article.meta.published else None
    rendered = prompt.messages(text=article.text, title=article.meta.title, published=published)
    if rendered != request["messages"]:
        raise SystemExit(
            f"{source.name}: prompt {prompt_name} no longer renders the recorded messages for {fixture_id} "
            "(the prompt or the fixture's text changed since it was recorded)"
        )
    return fixture_id, {
        "format": FORMAT,
        "imported_from": f"recordings/{source.parent.name}/{source.name}",
        "context": {
            "prompt": prompt_name,
            "prompt_sha256": prompt.sha256,
            "article": article.meta.title or fixture_id,
            "article_sha256": article.meta.sha256,
            "fixture_id": fixture_id,
        },
        "request": {"method": "POST", "path": "/chat/completions", "body": request},
        "response": {"status": 200, "content_type": "application/json", "body": response},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="directory of recordings, e.g. ../shared/recordings/brief-v1")
    parser.add_argument("dest", type=Path, help="cassette directory to write, e.g. evals/cassettes/brief-v1")
    parser.add_argument("--fixtures", type=Path, default=ROOT / "evals" / "fixtures")
    args = parser.parse_args(argv)
    prompts = PromptLibrary()
    sources = sorted(args.source.glob("*.json"))
    if not sources:
        print(f"no recordings in {args.source}", file=sys.stderr)
        return 1
    args.dest.mkdir(parents=True, exist_ok=True)
    for source in sources:
        fixture_id, data = convert(source, args.fixtures, prompts)
        out = args.dest / f"{fixture_id}.json"
        out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{source.name} -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
