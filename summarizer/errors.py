"""The exceptions summarizer raises. Every one carries a message fit for one line of CLI output."""

from __future__ import annotations


class SummarizerError(Exception):
    """Base class: anything summarizer raises on purpose."""


class InputError(SummarizerError):
    """An article path or text cannot be used (missing, empty, binary, malformed...)."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class ConfigError(SummarizerError):
    """The configuration cannot work (no endpoint and no embedded model, missing key...)."""


class BackendError(SummarizerError):
    """The model endpoint failed for reasons retries did not fix."""


class EmbeddedModelError(BackendError):
    """The embedded llama.cpp server or its model could not be prepared or started."""


class ExtractionError(SummarizerError):
    """One article's extraction failed after its retries; the brief goes on without it."""

    def __init__(self, source_id: str, reason: str) -> None:
        self.source_id = source_id
        self.reason = reason
        super().__init__(f"{source_id}: {reason}")
