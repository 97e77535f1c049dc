"""Dead-endpoint benchmark (issue 16): how long ``summarizer brief`` takes to give up on a day of
short articles when the model endpoint refuses connections, or accepts them and never answers.

Each run is the CLI in a child process on a folder of N short articles, as a cron job runs it. A
run that has not ended after ``--cap-s`` is killed; its rate (articles reported left out so far)
gives a linear estimate of the whole run, marked as such. ``--code`` runs another checkout's
``summarizer`` package (e.g. main's, to measure before a change). Prints one JSON line last.

    python benchmarks/dead_endpoint.py
    python benchmarks/dead_endpoint.py --code /tmp/ff-main --cap-s 300
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scripted_server import hanging_server, refusing_port  # noqa: E402

SHORT = (ROOT / "examples/smoke/short-article.txt").read_text(encoding="utf-8")


def _articles(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        # A distinct first line, so no article is a duplicate of another.
        (folder / f"a{i:04d}.txt").write_text(f"Report number {i}.\n{SHORT}", encoding="utf-8")


@contextlib.contextmanager
def _endpoint(mode: str) -> Iterator[str]:
    if mode == "refused":
        with refusing_port() as url:
            yield url
    else:
        with hanging_server() as (url, _held):
            yield url


def run(mode: str, n: int, *, code: Path, cap_s: float, timeout_s: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp, _endpoint(mode) as url:
        folder = Path(tmp) / "articles"
        _articles(folder, n)
        env = {
            **os.environ,
            "PYTHONPATH": str(code),
            "OPENAI_API_KEY": "",
            "OPENAI_BASE_URL": url,
            "SUMMARIZER_CACHE_DIR": str(Path(tmp) / "cache"),
            # Read by code that has the setting; older code keeps its 600 s default.
            "SUMMARIZER_REQUEST_TIMEOUT": str(timeout_s),
        }
        args = ["brief", str(folder), "--format", "json", "-o", str(Path(tmp) / "brief.json")]
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "summarizer", *args],
            cwd=tmp,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        left_out = 0
        last_line = ""

        def read() -> None:
            nonlocal left_out, last_line
            assert proc.stderr is not None
            for line in proc.stderr:
                left_out += line.startswith("left out")
                if line.strip():
                    last_line = line.strip()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            proc.wait(timeout=cap_s)
            ended = True
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            ended = False
        seconds = time.monotonic() - started
        reader.join(timeout=10)
    result: dict[str, Any] = {
        "mode": mode,
        "articles": n,
        "ended": ended,
        "seconds": round(seconds, 1),
        "exit": proc.returncode if ended else None,
        "last_stderr_line": last_line[:200],
    }
    if not ended:
        result["left_out_by_cap"] = left_out
        # Linear: the old code works through the day a wave of `concurrency` articles at a time.
        result["estimated_total_s"] = round(n * seconds / left_out) if left_out else None
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose package to run")
    parser.add_argument("--sizes", default="60,3000")
    parser.add_argument("--modes", default="refused,hanging")
    parser.add_argument("--cap-s", type=float, default=300.0)
    parser.add_argument("--timeout-s", type=float, default=5.0, help="request timeout to set")
    options = parser.parse_args()
    results = []
    for mode in options.modes.split(","):
        for n in (int(s) for s in options.sizes.split(",")):
            result = run(mode, n, code=options.code, cap_s=options.cap_s,
                         timeout_s=options.timeout_s)  # fmt: skip
            print(json.dumps(result), file=sys.stderr, flush=True)
            results.append(result)
    print(json.dumps({"code": str(options.code), "request_timeout_s": options.timeout_s,
                      "cap_s": options.cap_s, "runs": results}))  # fmt: skip


if __name__ == "__main__":
    main()
