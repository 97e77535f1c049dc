"""Shared fixtures: cassette settings, and the model endpoint tests talk to.

Tests replay recorded model traffic (pytest-recording, record mode ``none`` by default), so no
test reaches a model or the network. Run with ``--record-mode=rewrite`` to re-record from the
real embedded model (needs the ``[local]`` extra); the fixture then starts the embedded server.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.config import EMBEDDED_MODEL, EMBEDDED_STRATEGY, Config
from tests.replay import CASSETTES, MATCH_ON, REPLAY_BASE_URL

ROOT = Path(__file__).resolve().parent.parent
SECRET_HEADERS = [
    "authorization",
    "api-key",
    "x-api-key",
    "openai-organization",
    "openai-project",
    "cookie",
    "set-cookie",
]


def pytest_configure(config: pytest.Config) -> None:
    # Replayed traffic goes to a loopback "endpoint", whose default strategy is not the embedded
    # model's: every test (and every CLI child process) reads the seeds the way they were
    # recorded.
    os.environ["SUMMARIZER_STRATEGY"] = EMBEDDED_STRATEGY


def _skip_readiness_probe(request: Any) -> Any:
    # The embedded server's readiness probe is not model traffic.
    return None if request.path.endswith("/models") else request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            del headers[name]
    return response


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": SECRET_HEADERS,
        "before_record_request": _skip_readiness_probe,
        "before_record_response": _scrub_response,
        "match_on": MATCH_ON,
        "decode_compressed_response": True,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTES)


@pytest.fixture(scope="module")
def default_cassette_name(request: pytest.FixtureRequest) -> str:
    """One cassette per test module, named by its ``CASSETTE``: the module's tests share one
    recorded brief."""
    name = getattr(request.module, "CASSETTE", None)
    if name is None:
        raise pytest.UsageError(f"{request.module.__name__} uses vcr but sets no CASSETTE")
    return str(name)


@pytest.fixture
def at_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative article paths, so the paths in checked-in output do not depend on the checkout."""
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def record_mode(request: pytest.FixtureRequest) -> str:
    """pytest-recording's ``rewrite`` deletes the cassette before every test, but the tests of a
    module share one cassette (``CASSETTE``) and one memoised brief: only the first test calls
    the model. So delete it once per module, then append."""
    mode: str = request.config.getoption("--record-mode") or "none"
    if mode != "rewrite":
        return mode
    name = getattr(request.module, "CASSETTE", None)
    if name is not None:
        (CASSETTES / f"{name}.yaml").unlink(missing_ok=True)
    return "new_episodes"


def recording(request: pytest.FixtureRequest) -> bool:
    return request.config.getoption("--record-mode") not in ("none", None)


@pytest.fixture
def model_config(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Config]:
    """A config whose traffic goes to the embedded model when recording, nowhere when replaying."""
    if not recording(request):
        yield Config(
            model=EMBEDDED_MODEL,
            base_url=REPLAY_BASE_URL,
            use_cache=False,
            cache_dir=tmp_path,
            max_transport_attempts=1,
            strategy=EMBEDDED_STRATEGY,
            choices_route=True,  # as recorded from the embedded server
        )
        return
    from summarizer.llm import EmbeddedServer

    resolved = Config(cache_dir=None).resolve()
    with EmbeddedServer(resolved) as server:
        # One request at a time, as the embedded backend runs: the llama.cpp server decodes one
        # request at a time, and queued requests would run into the client's timeout.
        yield Config(
            model=EMBEDDED_MODEL,
            base_url=server.base_url,
            use_cache=False,
            cache_dir=tmp_path,
            concurrency=1,
            strategy=EMBEDDED_STRATEGY,
            # The embedded backend's default: an article's decisions in one request.
            choices_route=resolved.choices_route,
        )


@pytest.fixture
def assembled_model_cache(tmp_path: Path) -> Path:
    """A fresh cache folder holding links to the embedded model this machine has assembled
    (the test is skipped when it has none), so a test's prefix state starts empty."""
    pytest.importorskip("llama_cpp")
    from summarizer.llm.embedded import MODEL_FILENAME

    home = Config(cache_dir=None).resolve(env={}).cache_dir / "models"
    if not (home / MODEL_FILENAME).exists():
        pytest.skip("the embedded model is not assembled (run summarizer once)")
    (tmp_path / "models").mkdir()
    for name in (MODEL_FILENAME, f"{Path(MODEL_FILENAME).stem}.sha256-ok"):
        (tmp_path / "models" / name).symlink_to(home / name)
    return tmp_path
