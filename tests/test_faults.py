"""Faults from the model endpoint, against a real scripted HTTP server on loopback."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import signal
import socket
import time
import urllib.request
from multiprocessing.synchronize import Event

import pytest

from summarizer.config import EMBEDDED_MODEL, Config
from summarizer.llm import EmbeddedServer, ModelCallError, ModelClient, Reply
from summarizer.llm.embedded import MODEL_FILENAME
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


def _serve_on(port: int, delay_s: float, ready: Event) -> None:
    with scripted_server([Step(delay_s=delay_s)], port=port):
        ready.set()
        time.sleep(3600)


def _server_process(port: int, delay_s: float) -> multiprocessing.Process:
    ready = multiprocessing.Event()
    process = multiprocessing.Process(target=_serve_on, args=(port, delay_s, ready), daemon=True)
    process.start()
    assert ready.wait(30)
    return process


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _killed_mid_call(doomed: multiprocessing.Process, client: ModelClient) -> Reply:
    """One extraction, its server killed with the request in flight."""
    try:
        call = asyncio.create_task(client.extract(MESSAGES))
        await asyncio.sleep(1.0)
        assert doomed.pid is not None
        os.kill(doomed.pid, signal.SIGKILL)
        return await call
    finally:
        await client.aclose()


def test_a_server_killed_mid_request_is_recovered_and_the_call_retried() -> None:
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}/v1"
    # The first server holds the request long enough to be killed with it in flight.
    doomed = _server_process(port, delay_s=30)
    replacements: list[multiprocessing.Process] = []

    async def recover() -> None:
        # What the embedded backend does: start the server again, on the same port, once the
        # old process is gone.
        await asyncio.to_thread(doomed.join, 10)
        if doomed.exitcode is not None and not replacements:
            replacements.append(await asyncio.to_thread(_server_process, port, 0.0))

    async def go() -> Reply:
        config = Config(model=EMBEDDED_MODEL, base_url=base_url).resolve(env={})
        client = ModelClient(config, base_url=base_url, initial_wait_s=0.01, recover=recover)
        return await _killed_mid_call(doomed, client)

    try:
        reply = asyncio.run(go())
    finally:
        for process in [doomed, *replacements]:
            process.kill()
    assert len(replacements) == 1
    assert reply.calls == 2 and reply.extraction.parties


def test_a_server_that_stays_dead_is_named_in_the_articles_own_error() -> None:
    # One article, its server killed for good: no "not started" line would carry the breaker's
    # reason, so the article's error itself must say how the server died (CI once printed only
    # "cannot reach the model endpoint (All connection attempts failed)" for a crashing build).
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}/v1"
    doomed = _server_process(port, delay_s=30)

    def diagnose() -> str | None:
        code = doomed.exitcode
        return None if code is None else f"the server died ({signal.Signals(-code).name})"

    async def go() -> Reply:
        config = Config(model=EMBEDDED_MODEL, base_url=base_url).resolve(env={})
        client = ModelClient(config, base_url=base_url, initial_wait_s=0.01, diagnose=diagnose)
        return await _killed_mid_call(doomed, client)

    try:
        with pytest.raises(ModelCallError) as info:
            asyncio.run(go())
    finally:
        doomed.kill()
    message = str(info.value)
    assert message.startswith("cannot reach the model endpoint (")
    assert message.endswith("the server died (SIGKILL)")


def test_a_killed_embedded_server_is_started_again_on_its_port() -> None:
    pytest.importorskip("llama_cpp")
    config = Config(cache_dir=None).resolve(env={})
    if not (config.cache_dir / "models" / MODEL_FILENAME).exists():
        pytest.skip("the embedded model is not assembled (run summarizer once)")
    with EmbeddedServer(config) as server:
        port = server.port
        assert not server.restart_if_dead()  # alive: nothing to do
        os.kill(server.pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while not server.restart_if_dead():
            assert time.monotonic() < deadline, "the killed server was not restarted"
            time.sleep(0.05)
        assert server.port == port and server.restarts == 1
        # How it went away is said, for the run's error line.
        note = server.death_note()
        assert note is not None and "signal SIGKILL" in note and "1 time" in note
        with urllib.request.urlopen(f"{server.base_url}/models", timeout=10) as response:
            assert response.status == 200
