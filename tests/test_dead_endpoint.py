"""A dead model endpoint ends the run in bounded time (issue 16), against real loopback sockets:
a port that refuses connections, and a server that accepts them and never answers.

Before the breaker, 200 articles against a refusing port took about 400 s (25 waves of 8
articles, each spending its ~16 s retry schedule); the bounds below are loose on purpose, the
benchmark (benchmarks/dead_endpoint.py) records the measured times.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from summarizer import Config, brief, make_article
from summarizer.config import EMBEDDED_MODEL
from summarizer.llm import ModelCallError, ModelClient
from summarizer.llm.breaker import Breaker
from tests.scripted_server import (
    Step,
    completion_with_arguments,
    hanging_server,
    refusing_port,
    scripted_server,
)

ROOT = Path(__file__).resolve().parent.parent
SHORT = (ROOT / "examples/smoke/short-article.txt").read_text(encoding="utf-8")
ARTICLES = 240


def _day(tmp_path: Path, n: int = ARTICLES) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(n):
        # Each article's sentences its own: the model's choices are stored by question, so a
        # sentence another article already asked costs no call.
        text = SHORT.replace("Istanbul", f"Istanbul (report {i})")
        (folder / f"a{i:03d}.txt").write_text(f"Report number {i}.\n{text}", encoding="utf-8")
    return folder


def _cli_run(tmp_path: Path, url: str, **env: str) -> tuple[float, int, str, dict[str, Any]]:
    """``summarizer brief`` in a child process, as cron runs it: seconds, exit, stderr, brief."""
    out = tmp_path / "brief.json"
    args = ["brief", str(_day(tmp_path)), "--no-group", "--format", "json", "-o", str(out)]
    cache = str(tmp_path / "cache")
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "summarizer", *args, "--model", EMBEDDED_MODEL],
        cwd=ROOT,
        env={
            **os.environ,
            "OPENAI_API_KEY": "",
            "OPENAI_BASE_URL": url,
            "SUMMARIZER_CACHE_DIR": cache,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    seconds = time.monotonic() - started
    return seconds, proc.returncode, proc.stderr, json.loads(out.read_text(encoding="utf-8"))


def _assert_every_article_named(data: dict[str, Any], reason: str) -> None:
    runs = data["provenance"]["articles"]
    assert len(runs) == ARTICLES
    started = [r for r in runs if r["status"] == "failed"]
    not_started = [r for r in runs if r["status"] == "skipped"]
    # Only the first wave (concurrency 8) was started; every other article is named as not.
    assert len(started) <= 8 and len(started) + len(not_started) == ARTICLES
    for run in not_started:
        assert run["error"].startswith("not started: the model endpoint http://127.0.0.1:")
        assert reason in run["error"] and run["calls"] == 0


def test_a_refusing_port_ends_the_run_in_seconds_with_exit_4(tmp_path: Path) -> None:
    with refusing_port() as url:
        seconds, code, stderr, data = _cli_run(tmp_path, url)
    assert code == 4, stderr
    # One retry schedule (~16 s) plus start-up, on a shared 2-core machine; before: ~400 s.
    assert seconds < 60, stderr
    assert "Traceback" not in stderr
    error = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(error) == 1 and re.fullmatch(
        r"error: no article could be extracted: the model endpoint http://127\.0\.0\.1:\d+/v1"
        r" is unreachable \(connection refused\)",
        error[0],
    ), stderr
    # The reason is printed once, not once per article not started.
    assert stderr.count("not started: the model endpoint") == 1
    assert f"{ARTICLES - 8} not started (model endpoint down)" in stderr
    _assert_every_article_named(data, "is unreachable (connection refused)")


def test_a_server_that_never_answers_ends_the_run_after_one_timeout(tmp_path: Path) -> None:
    with hanging_server() as (url, held):
        seconds, code, stderr, data = _cli_run(tmp_path, url, SUMMARIZER_REQUEST_TIMEOUT="1")
    assert held, "the server accepted no connection"
    assert code == 4, stderr
    # About one request timeout (1 s) plus start-up; the retries are cut short.
    assert seconds < 30, stderr
    assert "Traceback" not in stderr
    assert re.search(
        r"^error: no article could be extracted: the model endpoint http://127\.0\.0\.1:\d+/v1"
        r" is not answering \(requests for 2 articles timed out after 1 s, and no request was"
        r" answered meanwhile\)$",
        stderr,
        re.MULTILINE,
    ), stderr
    _assert_every_article_named(data, "is not answering")


def test_an_endpoint_that_dies_midway_keeps_what_was_extracted_and_exits_3(
    tmp_path: Path,
) -> None:
    out = tmp_path / "brief.json"
    stored = tmp_path / "cache" / "extractions"
    args = ["brief", str(_day(tmp_path)), "--no-group", "--format", "json", "-o", str(out)]
    with scripted_server([Step(delay_s=0.2)]) as (url, _script):
        proc = subprocess.Popen(
            [sys.executable, "-m", "summarizer", *args, "--model", EMBEDDED_MODEL],
            cwd=ROOT,
            env={
                **os.environ,
                "OPENAI_API_KEY": "",
                "OPENAI_BASE_URL": url,
                "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
                "SUMMARIZER_CONCURRENCY": "2",
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(list(stored.glob("*.json"))) < 4:
            time.sleep(0.05)
    # The server is gone: its port now refuses connections.
    _stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 3, stderr
    assert "Traceback" not in stderr
    runs = json.loads(out.read_text(encoding="utf-8"))["provenance"]["articles"]
    ok = [r for r in runs if r["status"] == "ok"]
    # Every extraction paid for is stored and in the brief; the rest are named.
    assert len(ok) == len(list(stored.glob("*.json"))) >= 4
    not_started = [r for r in runs if r["status"] == "skipped"]
    assert all("is unreachable (connection refused)" in r["error"] for r in not_started)
    # Calls begun before the last answer do not trip the breaker when they fail (the endpoint
    # was alive then), so up to two waves of 2 are started and fail before it trips.
    failed = [r for r in runs if r["status"] == "failed"]
    assert len(failed) <= 4 and len(ok) + len(failed) + len(not_started) == ARTICLES


SCHEMA_FAILURE = Step(body=completion_with_arguments(json.dumps({"parties": "none"})))


@pytest.mark.parametrize(
    ("fail_step", "error"),
    [
        (Step(400), "HTTP 400"),
        (SCHEMA_FAILURE, "model output failed after re-asks"),
        # Times out on every attempt while the server answers the other articles.
        (Step(delay_s=4.0), "timed out"),
    ],
    ids=["http-400", "schema", "timeout"],
)
def test_errors_of_one_article_do_not_stop_the_others(
    tmp_path: Path, fail_step: Step, error: str
) -> None:
    # The first two articles fail together, before the others (4 at a time) are answered. No
    # re-asks: the scripted server would answer a re-ask (its last message is the error) well.
    articles = [
        make_article(f"{'FAILME ' if i < 2 else ''}Report number {i}.\n{SHORT}", id=f"a{i:02d}")
        for i in range(40)
    ]
    with scripted_server([Step(delay_s=0.05)], fail_when="FAILME", fail_step=fail_step) as (
        url,
        _script,
    ):
        # The whole-schema strategy: a schema failure belongs to its tool-call answer.
        config = Config(
            model=EMBEDDED_MODEL, base_url=url, cache_dir=tmp_path, concurrency=4, max_reasks=0,
            # A 1.5 s timeout: the others' 0.05 s answers stay well inside it on a loaded
            # machine (0.5 s once failed one of them while a compile ran beside the tests).
            max_transport_attempts=2, request_timeout_s=1.5, strategy="single",
        )  # fmt: skip
        briefing = brief(articles, config=config)
    runs = briefing.provenance.articles
    assert [r.status for r in runs[:2]] == ["failed", "failed"]
    assert all(error in (r.error or "") for r in runs[:2]), runs[:2]
    assert [r.status for r in runs[2:]] == ["ok"] * 38


def test_a_tripped_breaker_ends_calls_in_flight_and_their_retries() -> None:
    messages = [{"role": "user", "content": "Article: Russia proposed talks."}]

    async def go(url: str) -> list[tuple[float, BaseException | None]]:
        config = Config(model=EMBEDDED_MODEL, base_url=url, request_timeout_s=2.0).resolve(env={})
        client = ModelClient(config, base_url=url, initial_wait_s=0.01)
        begun = time.monotonic()

        async def call(article: str, delay_s: float) -> tuple[float, BaseException | None]:
            await asyncio.sleep(delay_s)
            try:
                await client.extract(messages, article=article)
            except ModelCallError as exc:
                return time.monotonic() - begun, exc
            return time.monotonic() - begun, None

        try:
            # a and b time out at ~2 s and trip the breaker; c, sent at 1 s, would have timed
            # out at 3 s and then retried 4 more times (~10 s).
            return await asyncio.gather(call("a", 0), call("b", 0), call("c", 1.0))
        finally:
            await client.aclose()

    with hanging_server() as (url, _held):
        (_, a), (_, b), (c_ended, c) = asyncio.run(go(url))
    assert "timed out" in str(a) and "timed out" in str(b)
    assert c is not None and str(c).startswith("stopped: the model endpoint")
    assert "is not answering" in str(c)
    assert c_ended < 2.9


def test_an_answer_clears_the_timeouts_counted() -> None:
    breaker = Breaker("http://user:secret@127.0.0.1:9/v1", timeout_s=1.0)
    breaker.timed_out("a", time.monotonic())
    breaker.answered()
    breaker.timed_out("b", time.monotonic())
    assert not breaker.open
    breaker.timed_out("b", time.monotonic())  # the same article again: still one
    assert not breaker.open
    breaker.timed_out("c", time.monotonic())
    assert breaker.reason is not None and "secret" not in breaker.reason
    assert breaker.refusal() == f"not started: {breaker.reason}"


def test_a_refusal_shorter_than_the_retries_does_not_trip_the_breaker() -> None:
    messages = [{"role": "user", "content": "Article: Russia proposed talks."}]
    held = socket.socket()  # bound, not listening: connections are refused
    held.bind(("127.0.0.1", 0))
    port = held.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"

    async def go() -> tuple[int, bool]:
        config = Config(model=EMBEDDED_MODEL, base_url=url).resolve(env={})
        client = ModelClient(config, base_url=url, initial_wait_s=0.3)
        try:
            call = asyncio.create_task(client.extract(messages, article="a"))
            await asyncio.sleep(0.5)
            # A restart: the endpoint comes back on its port while the call is retrying.
            held.close()
            with scripted_server([Step()], port=port):
                reply = await call
            return reply.calls, client.breaker.open
        finally:
            await client.aclose()

    calls, tripped = asyncio.run(go())
    assert calls >= 2 and not tripped
