"""Recorded model traffic, replayed: for the tests (through pytest-recording) and for the
benchmarks and evals that run outside pytest."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import vcr

from summarizer.config import EMBEDDED_STRATEGY

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes"
# Nothing answers on the discard port: a request that the cassette does not hold fails at once.
REPLAY_BASE_URL = "http://127.0.0.1:9/v1"
# The embedded server listens on a random port, so host and port are not matched.
MATCH_ON = ["method", "path", "body"]
#: The seeds as the embedded model read them with its default strategy (the tests replay it with
#: ``SUMMARIZER_STRATEGY`` set to that strategy, see conftest.py).
SEEDS_CASSETTE = f"seeds_brief_{EMBEDDED_STRATEGY}"


@contextmanager
def replaying(cassette: str) -> Iterator[str]:
    """Model calls answered from ``cassettes/<cassette>.yaml``; yields the base URL to use."""
    recorder = vcr.VCR(record_mode="none", match_on=MATCH_ON)
    with recorder.use_cassette(str(CASSETTES / f"{cassette}.yaml")):
        yield REPLAY_BASE_URL
