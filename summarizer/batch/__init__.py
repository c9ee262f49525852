"""Many articles → one JSONL of results: bounded concurrency, resumable, cached, fault-tolerant.

The output file is an append-only log with one ``BatchRecord`` per line. An article may appear on
several lines (a failure, then a retry; an edit to the article, then a re-run): **the last line for
an id is its result**. ``load_results`` applies that rule; so does
``jq -s 'group_by(.id) | map(last)' OUT.jsonl``.

Durability: every line is written with one ``write`` on an ``O_APPEND`` descriptor, then fsync'd, by
one writer at a time, so lines never interleave and a SIGKILL at any moment leaves every complete line
readable. The only damage a crash can do is a torn last line, which the next run cuts away before it
appends.

Resume: a re-run with the same OUT skips every id whose last record is ``ok`` for the same content
(``content_sha256``); failed ids are skipped too unless ``retry_failed``; changed content re-runs.
"""

from .article import _secrets_of, brief_or_error, make_record
from .engine import run_batch
from .inputs import ARTICLE_SUFFIXES, JSONL_SUFFIXES, BatchInput, input_from_record, load_inputs
from .journal import ResultWriter, already_done, load_results, repair_tail, scan_outcomes
from .limits import AdaptiveLimiter, TokenBucket
from .progress import BatchSummary
from .records import BatchError, BatchRecord, batch_record_json_schema

# The package is split by concern (records, inputs, journal, limits, article, progress, engine); every name
# that was importable from the old single module still is, from here.
__all__ = [
    "ARTICLE_SUFFIXES",
    "JSONL_SUFFIXES",
    "ResultWriter",
    "_secrets_of",
    "already_done",
    "brief_or_error",
    "input_from_record",
    "make_record",
    "scan_outcomes",
    "AdaptiveLimiter",
    "BatchError",
    "BatchInput",
    "BatchRecord",
    "BatchSummary",
    "TokenBucket",
    "batch_record_json_schema",
    "load_inputs",
    "load_results",
    "repair_tail",
    "run_batch",
]
