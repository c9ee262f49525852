"""Errors a user can meet, each with its own exit code and a one-line message.

The CLI prints ``message`` and exits with ``exit_code``; nothing here should surface as a traceback.
"""

from __future__ import annotations


class SummarizerError(Exception):
    exit_code = 1
    kind = "error"

    def __init__(self, message: str, *, attempts: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.attempts = attempts

    def __str__(self) -> str:
        return self.message


class InputError(SummarizerError):
    exit_code = 3
    kind = "input"


class InputNotFound(InputError):
    exit_code = 3
    kind = "input_not_found"


class EmptyInput(InputError):
    exit_code = 4
    kind = "empty_input"


class BinaryInput(InputError):
    exit_code = 5
    kind = "binary_input"


class UndecodableInput(InputError):
    exit_code = 6
    kind = "undecodable_input"


class InputTooLarge(InputError):
    exit_code = 7
    kind = "input_too_large"


class ConfigError(SummarizerError):
    """A backend or option that cannot work as configured (no model file, bad URL, unknown prompt)."""

    exit_code = 8
    kind = "config"


class BackendError(SummarizerError):
    """The LLM endpoint could not be reached or kept failing after the transport retries."""

    exit_code = 9
    kind = "backend"


class RateLimited(BackendError):
    kind = "rate_limited"


class BackendTimeout(BackendError):
    kind = "timeout"


class OutputInvalid(SummarizerError):
    """The LLM kept answering with output that does not validate, after the bounded re-asks."""

    exit_code = 10
    kind = "invalid_output"


class GateFailed(SummarizerError):
    exit_code = 11
    kind = "gate"


class BatchHadFailures(SummarizerError):
    exit_code = 12
    kind = "batch_failures"


class CassetteMiss(SummarizerError):
    """Replaying a cassette met a request it holds no answer for; replay never falls back to the network."""

    exit_code = 13
    kind = "cassette_miss"

    def __init__(
        self,
        message: str,
        *,
        cassette: str = "",
        reason: str = "",
        prompt: str | None = None,
        prompt_sha256: str | None = None,
        model: str | None = None,
        article: str | None = None,
    ) -> None:
        super().__init__(message)
        self.cassette = cassette
        self.reason = reason
        self.prompt = prompt
        self.prompt_sha256 = prompt_sha256
        self.model = model
        self.article = article


EXIT_CODES: dict[str, int] = {
    cls.__name__: cls.exit_code
    for cls in (
        InputNotFound,
        EmptyInput,
        BinaryInput,
        UndecodableInput,
        InputTooLarge,
        ConfigError,
        BackendError,
        OutputInvalid,
        GateFailed,
        BatchHadFailures,
        CassetteMiss,
    )
}
