"""One line of a batch's output: the record and its JSON Schema."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..schema import Brief

# --------------------------------------------------------------------------- the record


class BatchError(BaseModel):
    kind: str = Field(description="The error's kind, e.g. 'backend', 'rate_limited', 'invalid_output', 'input'.")
    message: str = Field(description="One line; never contains an API key.")
    attempts: int = Field(0, description="HTTP requests sent to the endpoint for this article.")


class BatchRecord(BaseModel):
    """One line of a batch's output file: an article's brief, or why there is none."""

    model_config = ConfigDict(title="BatchRecord")

    id: str
    content_sha256: str = Field(
        description="sha256 of the input as given (a file's bytes; a JSONL record's canonical JSON, so a changed "
        "title or date counts too); a different hash means the article changed and runs again."
    )
    status: Literal["ok", "error"]
    brief: Brief | None = None
    error: BatchError | None = None
    seconds: float = Field(0.0, description="Wall time spent on this article in this run.")
    backend: str
    model: str
    strategy: str


def batch_record_json_schema() -> dict[str, Any]:
    return BatchRecord.model_json_schema()
