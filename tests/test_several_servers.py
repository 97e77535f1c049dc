"""One run, several model servers (issue 16: past one machine), against real loopback servers:
the calls are spread across them, a dead server's calls go to the live ones, and the run fails
fast (exit 4) only when every server is dead. Which server answered changes nothing: not the
cache key, not the recorded cassettes, not the brief.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from summarizer import Config, brief, make_article, read_articles, to_json
from summarizer.config import EMBEDDED_MODEL
from summarizer.extract import cache_key
from tests.replay import REPLAY_BASE_URL, SEEDS_CASSETTE, replaying
from tests.scripted_server import Step, refusing_port, scripted_server

ROOT = Path(__file__).resolve().parent.parent
SHORT = (ROOT / "examples/smoke/short-article.txt").read_text(encoding="utf-8")
ARTICLES = 40


def _articles(n: int = ARTICLES) -> list[Any]:
    # A distinct first line, so no article is a duplicate of another.
    return [make_article(f"Report number {i}.\n{SHORT}", id=f"a{i:02d}") for i in range(n)]


def _cli_run(tmp_path: Path, *args: str, **env: str) -> tuple[float, int, str, dict[str, Any]]:
    """``summarizer brief`` on ARTICLES short articles in a child process: seconds, exit status,
    stderr and the brief."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for article in _articles():
        (folder / f"{article.id}.txt").write_text(article.text, encoding="utf-8")
    out = tmp_path / "brief.json"
    command = ["brief", str(folder), "--no-group", "--format", "json", "-o", str(out)]
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "summarizer", *command, "--model", EMBEDDED_MODEL, *args],
        cwd=ROOT,
        env={
            **os.environ,
            "OPENAI_API_KEY": "",
            "OPENAI_BASE_URL": "",
            "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    seconds = time.monotonic() - started
    return seconds, proc.returncode, proc.stderr, json.loads(out.read_text(encoding="utf-8"))


def test_calls_are_spread_across_two_servers_and_the_cache_ignores_which(
    tmp_path: Path,
) -> None:
    with (
        scripted_server([Step(delay_s=0.05)]) as (first, one),
        scripted_server([Step(delay_s=0.05)]) as (second, two),
    ):
        config = Config(model=EMBEDDED_MODEL, base_url=[first, second], cache_dir=tmp_path)
        runs = brief(_articles(), config=config).provenance.articles
    assert [r.status for r in runs] == ["ok"] * ARTICLES, [r.error for r in runs]
    calls = sum(r.calls for r in runs)
    assert calls == len(one.seen) + len(two.seen)
    # Least busy first, equal servers: about half each.
    assert min(len(one.seen), len(two.seen)) >= calls // 3, (len(one.seen), len(two.seen))
    # Another server, same model: every article is in the cache, no call is made.
    with scripted_server([Step()]) as (third, three):
        again = brief(_articles(), config=Config(model=EMBEDDED_MODEL, base_url=third,
                                                 cache_dir=tmp_path))  # fmt: skip
    assert [r.status for r in again.provenance.articles] == ["cached"] * ARTICLES
    assert not three.seen


def test_a_refusing_server_leaves_every_article_to_the_live_one(tmp_path: Path) -> None:
    with refusing_port() as dead, scripted_server([Step(delay_s=0.02)]) as (live, script):
        seconds, code, stderr, data = _cli_run(tmp_path, "--base-url", dead, "--base-url", live)
    assert code == 0, stderr
    runs = data["provenance"]["articles"]
    assert [r["status"] for r in runs] == ["ok"] * ARTICLES, stderr
    # The calls first sent to the dead server waited out one retry schedule (~16 s) there.
    assert seconds < 90, stderr
    # Every answer came from the live server; the other calls counted are refused attempts.
    assert 0 < len(script.seen) <= sum(r["calls"] for r in runs)
    assert "Traceback" not in stderr and "left out" not in stderr


def test_every_server_dead_ends_the_run_fast_with_exit_4(tmp_path: Path) -> None:
    with refusing_port() as first, refusing_port() as second:
        seconds, code, stderr, data = _cli_run(tmp_path, OPENAI_BASE_URL=f"{first},{second}")
    assert code == 4, stderr
    # One retry schedule (~16 s) plus start-up, as with one dead server.
    assert seconds < 60, stderr
    assert "Traceback" not in stderr
    down = (
        r"all 2 model endpoints are down: the model endpoint http://127\.0\.0\.1:\d+/v1 is"
        r" unreachable \(connection refused\); the model endpoint http://127\.0\.0\.1:\d+/v1 is"
        r" unreachable \(connection refused\)"
    )
    error = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(error) == 1, stderr
    assert re.fullmatch(f"error: no article could be extracted: {down}", error[0]), stderr
    runs = data["provenance"]["articles"]
    started = [r for r in runs if r["status"] == "failed"]
    not_started = [r for r in runs if r["status"] == "skipped"]
    # Only the first wave (8 per server) was started; every other article is named as not.
    assert len(started) <= 16 and len(started) + len(not_started) == ARTICLES
    for run in not_started:
        assert re.fullmatch(f"not started: {down}", run["error"]) and run["calls"] == 0


def test_a_server_dying_midway_hands_its_calls_to_the_other(tmp_path: Path) -> None:
    # The first server answers three calls, then resets every connection: calls begun while it
    # still answered do not trip its breaker, yet they too end on the live server.
    dying = [Step(delay_s=0.02)] * 3 + [Step(drop=True)]
    with (
        scripted_server(dying) as (first, one),
        scripted_server([Step(delay_s=0.02)]) as (second, two),
    ):
        config = Config(
            model=EMBEDDED_MODEL, base_url=[first, second], cache_dir=tmp_path,
            max_transport_attempts=2, concurrency=4, strategy="single",
        )  # fmt: skip
        runs = brief(_articles(12), config=config).provenance.articles
    assert [r.status for r in runs] == ["ok"] * 12, [r.error for r in runs]
    assert len(one.seen) > 3 and len(two.seen) == 12 - 3


def test_errors_of_one_article_are_not_sent_to_another_server(tmp_path: Path) -> None:
    articles = [
        make_article(f"{'FAILME ' if i < 2 else ''}Report number {i}.\n{SHORT}", id=f"a{i:02d}")
        for i in range(12)
    ]
    with (
        scripted_server([Step()], fail_when="FAILME", fail_step=Step(400)) as (first, one),
        scripted_server([Step()], fail_when="FAILME", fail_step=Step(400)) as (second, two),
    ):
        config = Config(
            model=EMBEDDED_MODEL, base_url=[first, second], cache_dir=tmp_path, max_reasks=0,
            strategy="single",
        )  # fmt: skip
        runs = brief(articles, config=config).provenance.articles
    assert [r.status for r in runs] == ["failed"] * 2 + ["ok"] * 10
    assert all("HTTP 400" in (r.error or "") for r in runs[:2])
    # Each failing article was asked once, on one server.
    asked = [b for b in [*one.bodies, *two.bodies] if "FAILME" in b]
    assert len(asked) == 2


@pytest.mark.usefixtures("at_repository_root")
def test_the_seed_cassette_replays_whichever_server_is_asked(tmp_path: Path) -> None:
    """Cassettes match method, path and body, not host: the recorded seeds give the checked-in
    brief with two servers configured."""
    checked_in = (ROOT / "examples/output/seeds-brief.json").read_text(encoding="utf-8")
    stamp = json.loads(checked_in)["provenance"]["generated_at"].replace("Z", "+00:00")
    with replaying(SEEDS_CASSETTE) as url:
        config = Config(
            model=EMBEDDED_MODEL, base_url=[url, "http://127.0.0.1:10/v1"], use_cache=False,
            cache_dir=tmp_path, max_transport_attempts=1,
        )  # fmt: skip
        briefing = brief(
            [Path("examples/articles")], config=config, generated_at=datetime.fromisoformat(stamp)
        )
    assert to_json(briefing) == checked_in


def test_the_cache_key_names_the_model_not_the_server() -> None:
    (article,) = read_articles([ROOT / "examples/smoke/short-article.txt"])
    one = Config(model="m", base_url="http://127.0.0.1:8000/v1").resolve(env={})
    two = Config(model="m", base_url=["http://127.0.0.1:8001/v1", REPLAY_BASE_URL]).resolve(env={})
    other_model = Config(model="n", base_url="http://127.0.0.1:8000/v1").resolve(env={})
    assert cache_key(article, one) == cache_key(article, two) != cache_key(article, other_model)
    # What the model reads is the text without its junk: another junk rule is another key.
    rejunked = replace(article, junk=((0, 1),))
    assert cache_key(rejunked, one) != cache_key(article, one)
