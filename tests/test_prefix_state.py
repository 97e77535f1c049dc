"""The stored prefix state: used only under the key it was stored for, ignored when damaged,
written atomically under a lock; and end to end with the real embedded model."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from summarizer.llm.prefix_state import (
    MAGIC,
    PrefixState,
    read_state,
    state_key,
    write_lock,
    write_state,
)

FLAGS = {"n_ctx": 8192, "n_batch": 512, "n_ubatch": 512, "type_k": 1, "type_v": 1}


def key(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "model_sha256": "cc324af0",
        "prompt_version": "extract-v1+980fc0db+4b1c",
        "llama_cpp_version": "0.3.36",
        "flags": FLAGS,
    }
    return state_key(**{**values, **changes})


STATE = PrefixState(tokens=[151644, 8948, 198, *range(1000, 1100)], payload=os.urandom(50_000))


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    path = tmp_path / "prefix-state" / "model.state"
    write_state(path, key(), STATE)
    return path


def test_a_state_is_read_back_under_its_own_key(stored: Path) -> None:
    state, reason = read_state(stored, key())
    assert state == STATE and reason == "loaded"
    assert [p.name for p in stored.parent.iterdir()] == ["model.state"]  # no partial left


@pytest.mark.parametrize(
    "other",
    [
        {"model_sha256": "0000aaaa"},
        {"prompt_version": "extract-v2+11111111+4b1c"},
        {"llama_cpp_version": "0.3.37"},
        {"flags": {**FLAGS, "type_k": 8, "type_v": 8}},
        {"flags": {**FLAGS, "n_ctx": 4096}},
    ],
    ids=["other model", "other prompt version", "other llama.cpp version", "kv type", "n_ctx"],
)
def test_a_state_stored_under_another_key_is_ignored(stored: Path, other: dict[str, Any]) -> None:
    state, reason = read_state(stored, key(**other))
    assert state is None
    assert reason == "stored for another model, prompt, llama.cpp version or flags"


def _flip_byte(path: Path, offset_from_end: int) -> None:
    data = bytearray(path.read_bytes())
    data[-offset_from_end] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda p: _flip_byte(p, 10), "corrupt (sha256 mismatch)"),
        (lambda p: p.write_bytes(p.read_bytes()[:-1000]), "truncated"),
        (lambda p: p.write_bytes(p.read_bytes()[: len(MAGIC) + 20]), "unreadable"),
        (lambda p: p.write_bytes(b""), "not a prefix state file"),
        (lambda p: p.write_bytes(b"GGUF" + os.urandom(200)), "not a prefix state file"),
    ],
    ids=["flipped payload byte", "cut short", "cut in the header", "empty", "another file"],
)
def test_a_damaged_state_is_ignored(stored: Path, damage: Any, reason: str) -> None:
    damage(stored)
    state, why = read_state(stored, key())
    assert state is None
    assert why.startswith(reason)


def test_no_state_stored_yet(tmp_path: Path) -> None:
    assert read_state(tmp_path / "missing.state", key()) == (None, "none stored")


def _locked_append(path: str, log: str, tag: str) -> None:
    import time

    with write_lock(Path(path)):
        with open(log, "a") as fh:
            fh.write(f"{tag} in\n")
        time.sleep(0.3)
        with open(log, "a") as fh:
            fh.write(f"{tag} out\n")


def test_two_writers_take_turns(tmp_path: Path) -> None:
    path, log = tmp_path / "s.state", tmp_path / "log"
    ctx = multiprocessing.get_context("fork")
    writers = [ctx.Process(target=_locked_append, args=(str(path), str(log), t)) for t in "ab"]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(10)
    lines = [line.split() for line in log.read_text().splitlines()]
    # Each writer's "in" is followed by its own "out": the lock is never held by both.
    assert [step for _, step in lines] == ["in", "out", "in", "out"]
    assert lines[0][0] == lines[1][0] != lines[2][0] == lines[3][0]


def _stats(log: Path) -> list[dict[str, Any]]:
    pattern = re.compile(r"^summarizer-stats (\{.*\})$", re.M)
    return [json.loads(m) for m in pattern.findall(log.read_text(errors="replace"))]


@pytest.mark.embedded
def test_the_embedded_server_stores_loads_and_rebuilds_its_prefix_state(
    assembled_model_cache: Path,
) -> None:
    """Three runs of the real server: the first builds and stores the state, the second starts
    from it (prefills only the article), the third finds it corrupted and builds it again."""
    from summarizer.config import Config
    from summarizer.llm.embedded import EmbeddedServer, prefix_state_path

    tmp_path = assembled_model_cache
    config = Config(cache_dir=tmp_path, embedded_n_ctx=2048).resolve(env={})
    system = "You answer in one word. " * 40  # a static prefix of a few hundred tokens

    def ask(server: EmbeddedServer, question: str) -> None:
        body = {
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": question},
            ],
            "max_tokens": 2,
            "temperature": 0,
        }
        request = urllib.request.Request(
            f"{server.base_url}/chat/completions",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=300) as response:
            assert response.status == 200

    state_file = prefix_state_path(tmp_path)
    with EmbeddedServer(config) as server:
        ask(server, "Colour of the sky?")
        ask(server, "Two plus two?")
        log = server.log_path.read_text()
    first = _stats(server.log_path)
    assert first[0]["reused_tokens"] == 0
    stored_tokens = int(re.findall(r"stored (\d+) tokens", log)[-1])
    assert 200 < stored_tokens < first[1]["prompt_tokens"]  # trimmed to the shared prefix
    assert first[1]["reused_tokens"] >= stored_tokens

    with EmbeddedServer(config) as server:
        ask(server, "Name a fruit.")
        log = server.log_path.read_text()
    assert f"loaded {stored_tokens} tokens" in log
    assert _stats(server.log_path)[0]["reused_tokens"] == stored_tokens

    _flip_byte(state_file, 100)
    with EmbeddedServer(config) as server:
        ask(server, "Name a fruit.")
        log = server.log_path.read_text()
    assert "corrupt (sha256 mismatch); it is built by this run" in log
    assert _stats(server.log_path)[0]["reused_tokens"] == 0
    assert "stored" in log and read_state(state_file, _key_of(state_file))[0] is not None


def _key_of(path: Path) -> dict[str, Any]:
    """The key a state file says it was stored under (to check it reads back as valid)."""
    with path.open("rb") as fh:
        fh.read(len(MAGIC))
        size = int.from_bytes(fh.read(8), "little")
        header: dict[str, Any] = json.loads(fh.read(size))
    return dict(header["key"])
