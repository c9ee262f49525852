"""Every antecedent the finder resolves (a pronoun or description in an actor slot → a named party), for checking by
hand: RAMS dev, GENEVA val and the dev fixtures, one JSON line each, with the sentence and the one before it.

    python bench/antecedent_audit.py > /tmp/antecedents.jsonl

Neither corpus gives coreference, and RAMS often marks the pronoun itself as the argument, so whether "he" was the
right person can only be read. The tuning splits only: no held-out fixture, no report split (evals/SPLITS.md).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

import summarizer.extractor as extractor
from summarizer.antecedents import Antecedents, Referent, resolve
from summarizer.evals.fixtures import load_split

if TYPE_CHECKING:
    from spacy.tokens import Token

ROOT = Path(__file__).resolve().parent.parent
CORPORA = Path("/work/shared/corpora")


def texts() -> list[tuple[str, str]]:
    out = []
    for fid in load_split(ROOT / "evals/splits.yaml", "dev"):
        data = yaml.safe_load((ROOT / f"evals/fixtures/{fid}.yaml").read_text(encoding="utf-8"))
        out.append((f"fixture {fid}", data["article"]["text"]))
    for corpus, split in (("rams", "dev"), ("geneva", "val")):
        for line in (CORPORA / f"{corpus}.jsonl").read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            if r["split"] == split:
                out.append((f"{corpus} {split} {r['id']}", r["text"]))
    return out


def main() -> int:
    made: list[dict[str, Any]] = []

    def spy(
        tok: Token,
        here: Sequence[Referent],
        earlier: Sequence[Sequence[Referent]],
        exclude: Iterable[str] = (),
        rules: Antecedents | None = None,
    ) -> list[str]:
        names = resolve(tok, here, earlier, exclude, rules)
        if names:
            sent = tok.sent
            before = tok.doc[sent.start - 1].sent.text if sent.start > 0 else ""
            made.append({"word": tok.text, "names": names, "sentence": sent.text, "before": before})
        return names

    extractor.resolve = spy  # the one place the extractor calls it
    seen: set[tuple[str, str]] = set()
    for source, text in texts():
        made.clear()
        extractor.find(text)
        for m in made:
            if (m["word"], m["sentence"]) not in seen:
                seen.add((m["word"], m["sentence"]))
                print(json.dumps({"source": source, **m}, ensure_ascii=False))
    print(f"{len(seen)} resolutions", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
