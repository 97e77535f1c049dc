"""Recorded model traffic, replayed: for the tests (through pytest-recording) and for the
benchmarks and evals that run outside pytest."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

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
#: How the recorded client asked: the embedded server's choices route, an article's decisions in
#: one request (``Config.choices_route``, on for the embedded backend). A replay through a
#: loopback "endpoint" must ask the same way to match the recorded requests.
RECORDED_ENV = {"SUMMARIZER_CHOICES_ROUTE": "1"}


@contextmanager
def replaying(cassette: str) -> Iterator[str]:
    """Model calls answered from ``cassettes/<cassette>.yaml``, asked as they were recorded
    (:data:`RECORDED_ENV`); yields the base URL to use."""
    recorder = vcr.VCR(record_mode="none", match_on=MATCH_ON)
    with (
        mock.patch.dict(os.environ, RECORDED_ENV),
        recorder.use_cassette(str(CASSETTES / f"{cassette}.yaml")),
    ):
        yield REPLAY_BASE_URL
