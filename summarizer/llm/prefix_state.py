"""The llama.cpp state after the static prompt prefix, kept on disk so it is prefilled once per
machine instead of once per run.

One file per cache folder. It starts with a JSON header: the key the state is valid for (model
file hash, prompt and schema version, llama-cpp-python version, the server flags that shape the
state), the prompt tokens it holds and the size and sha256 of the llama.cpp sequence state that
follows. A file whose key differs, whose header does not parse or whose payload does not match its
hash is ignored, and the server builds and writes a new one. Writers take a file lock and replace
the file atomically, so two runs sharing the folder never see half a file.

This module only reads and writes files (no llama.cpp import), so its checks are tested without
the model.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAGIC = b"summarizer-prefix-state\n"
FORMAT = 1
_LEN = struct.Struct("<Q")
_TOKEN = struct.Struct("<i")


@dataclass(frozen=True)
class PrefixState:
    """Prompt tokens and the llama.cpp sequence state after evaluating them."""

    tokens: list[int]
    payload: bytes


def state_key(
    *,
    model_sha256: str,
    prompt_version: str,
    llama_cpp_version: str,
    flags: Mapping[str, Any],
) -> dict[str, Any]:
    """Everything a stored state depends on; a state is used only under an equal key."""
    return {
        "format": FORMAT,
        "model_sha256": model_sha256,
        "prompt_version": prompt_version,
        "llama_cpp_python": llama_cpp_version,
        "flags": dict(sorted(flags.items())),
    }


def read_state(path: Path, key: Mapping[str, Any]) -> tuple[PrefixState | None, str]:
    """The stored state if it is valid for ``key``; otherwise ``None`` and why it was ignored."""
    try:
        with path.open("rb") as fh:
            if fh.read(len(MAGIC)) != MAGIC:
                return None, "not a prefix state file"
            (header_len,) = _LEN.unpack(fh.read(_LEN.size))
            if header_len > 1 << 20:
                return None, "corrupt header"
            header = json.loads(fh.read(header_len))
            if not isinstance(header, dict) or header.get("key") != json.loads(json.dumps(key)):
                return None, "stored for another model, prompt, llama.cpp version or flags"
            n_tokens = int(header["n_tokens"])
            raw_tokens = fh.read(n_tokens * _TOKEN.size)
            payload = fh.read()
    except FileNotFoundError:
        return None, "none stored"
    except (OSError, ValueError, KeyError, TypeError, struct.error) as exc:
        return None, f"unreadable ({type(exc).__name__})"
    if len(raw_tokens) != n_tokens * _TOKEN.size or len(payload) != header.get("payload_size"):
        return None, "truncated"
    digest = hashlib.sha256(raw_tokens)
    digest.update(payload)
    if digest.hexdigest() != header.get("sha256"):
        return None, "corrupt (sha256 mismatch)"
    tokens = [t for (t,) in _TOKEN.iter_unpack(raw_tokens)]
    return PrefixState(tokens=tokens, payload=payload), "loaded"


def write_state(path: Path, key: Mapping[str, Any], state: PrefixState) -> None:
    """Write ``state`` for ``key`` atomically (temporary file, fsync, rename)."""
    raw_tokens = b"".join(_TOKEN.pack(t) for t in state.tokens)
    digest = hashlib.sha256(raw_tokens)
    digest.update(state.payload)
    header = json.dumps(
        {
            "key": key,
            "n_tokens": len(state.tokens),
            "payload_size": len(state.payload),
            "sha256": digest.hexdigest(),
        },
        sort_keys=True,
    ).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        with partial.open("wb") as fh:
            fh.write(MAGIC)
            fh.write(_LEN.pack(len(header)))
            fh.write(header)
            fh.write(raw_tokens)
            fh.write(state.payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


@contextlib.contextmanager
def write_lock(path: Path) -> Iterator[None]:
    """Held while deciding whether to write ``path`` and writing it: a second run sharing the
    cache folder waits, then finds the state the first one wrote."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_name(f"{path.name}.lock").open("a") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
