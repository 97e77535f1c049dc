"""Faults from the model endpoint, against a real scripted HTTP server on loopback."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from summarizer.config import EMBEDDED_MODEL, Config
from summarizer.llm import ModelCallError, ModelClient, Reply
from tests.scripted_server import Step, completion_with_arguments, scripted_server

MESSAGES = [
    {"role": "system", "content": "Extract."},
    {"role": "user", "content": "Article: Russia proposed talks."},
]


def _extract(base_url: str, **options: object) -> Reply:
    config = Config(model=EMBEDDED_MODEL, base_url=base_url, **options).resolve(env={})  # type: ignore[arg-type]

    async def go() -> Reply:
        client = ModelClient(config, base_url=base_url, initial_wait_s=0.01)
        try:
            return await client.extract(MESSAGES)
        finally:
            await client.aclose()

    return asyncio.run(go())


def test_429_is_retried_after_the_time_retry_after_asks_for() -> None:
    with scripted_server([Step(429, {"retry-after": "1"}), Step()]) as (url, script):
        reply = _extract(url)
    assert reply.calls == 2 and reply.extraction.parties
    assert script.seen[1] - script.seen[0] >= 0.95


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retried(status: int) -> None:
    with scripted_server([Step(status), Step(status), Step()]) as (url, script):
        reply = _extract(url)
    assert reply.calls == 3 and len(script.seen) == 3
    assert reply.usage.total_tokens > 0


def test_read_timeout_is_retried() -> None:
    with scripted_server([Step(delay_s=1.5), Step()]) as (url, script):
        reply = _extract(url, request_timeout_s=0.5)
    assert reply.calls == 2 and len(script.seen) == 2


def test_connection_reset_is_retried() -> None:
    with scripted_server([Step(drop=True), Step()]) as (url, script):
        reply = _extract(url)
    assert reply.calls == 2 and len(script.seen) == 2


def test_attempts_are_capped_and_the_failure_says_why() -> None:
    with scripted_server([Step(503)]) as (url, script), pytest.raises(ModelCallError) as info:
        _extract(url, max_transport_attempts=3)
    assert len(script.seen) == 3 and info.value.calls == 3
    assert "HTTP 503" in str(info.value)


def test_client_errors_are_not_retried() -> None:
    with (
        scripted_server([Step(400)]) as (url, script),
        pytest.raises(ModelCallError, match="HTTP 400"),
    ):
        _extract(url)
    assert len(script.seen) == 1


def test_invalid_json_output_is_reasked_then_accepted() -> None:
    bad = Step(body=completion_with_arguments('{"parties": [ {"name": "Russia", '))
    with scripted_server([bad, Step()]) as (url, script):
        reply = _extract(url)
    assert reply.calls == 2 and len(script.seen) == 2 and reply.extraction.parties


def test_output_failing_the_schema_is_reasked_with_the_error() -> None:
    wrong = Step(body=completion_with_arguments(json.dumps({"parties": "none"})))
    with scripted_server([wrong, wrong, Step()]) as (url, script):
        reply = _extract(url, max_reasks=2)
    assert reply.calls == 3 and len(script.seen) == 3
    # Usage is summed over the re-asks.
    assert reply.usage.total_tokens > 0


def test_reasks_are_capped() -> None:
    wrong = Step(body=completion_with_arguments(json.dumps({"parties": "none"})))
    with scripted_server([wrong]) as (url, script):
        started = time.monotonic()
        with pytest.raises(ModelCallError, match="model output failed after re-asks"):
            _extract(url, max_reasks=1)
    assert len(script.seen) == 2
    assert time.monotonic() - started < 30
