"""The ``summarizer`` command, run in a real child process as a user would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import EXIT_INPUT, app
from summarizer.config import EMBEDDED_MODEL
from tests.conftest import recording
from tests.replay import RECORDED_ENV, REPLAY_BASE_URL, SEEDS_CASSETTE

ROOT = Path(__file__).resolve().parent.parent


def _run(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


CASSETTE = SEEDS_CASSETTE


@pytest.mark.vcr
def test_brief_json_on_the_seeds(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if recording(request):
        pytest.skip("replays the cassette that tests/test_pipeline.py records")
    out = tmp_path / "brief.json"
    result = CliRunner().invoke(
        app,
        ["brief", "examples/articles", "--format", "json", "-o", str(out), "--no-cache",
         "--model", EMBEDDED_MODEL, "--base-url", REPLAY_BASE_URL],
        env={"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"), "OPENAI_API_KEY": "",
             **RECORDED_ENV},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["sources"]) == 5
    assert "5 articles: 5 extracted" in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["brief", "no/such/file.txt"], "no/such/file.txt: no such file or directory"),
        (["brief", "tests"], "tests: folder holds no articles"),
        (["brief", "-"], "<stdin>: empty article"),
        (["brief", "examples/articles", "--ungrounded", "maybe"], "--ungrounded 'maybe'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], expected: str) -> None:
    result = _run(*args, env={"OPENAI_BASE_URL": REPLAY_BASE_URL})
    assert result.returncode == EXIT_INPUT, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert result.stdout == ""


def test_hosted_endpoint_without_key_is_refused_before_any_call() -> None:
    result = _run(
        "brief",
        "examples/articles",
        env={"OPENAI_BASE_URL": "https://api.example.com/v1", "OPENAI_API_KEY": ""},
    )
    assert result.returncode == EXIT_INPUT
    assert "needs an API key" in result.stderr and "Traceback" not in result.stderr


def test_unreachable_endpoint_leaves_every_article_out_with_the_reason(tmp_path: Path) -> None:
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    result = _run(
        "brief", "examples/smoke/short-article.txt", "--format", "json",
        env={"OPENAI_BASE_URL": REPLAY_BASE_URL, "SUMMARIZER_CACHE_DIR": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 4, result.stderr
    assert "cannot reach the model endpoint" in result.stderr
    assert "Traceback" not in result.stderr
