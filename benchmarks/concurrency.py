"""Concurrency benchmark: 100 articles against a loopback OpenAI-compatible server that answers
with a recorded real model response after a fixed latency; sequential vs concurrency 16.

Goal (issue 5): speedup >= 12. Prints one JSON line last.

    python benchmarks/concurrency.py
"""

from __future__ import annotations

import json
import multiprocessing
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarizer import Config, brief, make_article
from summarizer.config import EMBEDDED_MODEL
from tests.scripted_server import Step, scripted_server

ARTICLES = 100
LATENCY_S = 0.25
CONCURRENCY = 16
SEED = json.loads(
    (
        Path(__file__).resolve().parent.parent / "examples/articles/000_2b9f856e03fbdeb3.json"
    ).read_text(encoding="utf-8")
)["text"]


def _serve(
    port_queue: multiprocessing.Queue[tuple[str, int]],
    stop: Event,
    count: Any,
    latency_s: float,
    one_at_a_time: bool,
) -> None:
    steps = [Step(delay_s=latency_s)]
    with scripted_server(steps, one_at_a_time=one_at_a_time) as (url, script):
        port_queue.put((url, 0))
        stop.wait()
        count.value = len(script.seen)


@contextmanager
def server_process(
    latency_s: float = LATENCY_S, *, one_at_a_time: bool = False
) -> Iterator[tuple[str, Any]]:
    """The scripted server in its own process, so its work does not share the client's GIL.
    Yields its URL and, once the context is left, the number of calls it answered."""
    queue: multiprocessing.Queue[tuple[str, int]] = multiprocessing.Queue()
    stop = multiprocessing.Event()
    count = multiprocessing.Value("i", 0)
    process = multiprocessing.Process(
        target=_serve, args=(queue, stop, count, latency_s, one_at_a_time)
    )
    process.start()
    url, _ = queue.get(timeout=30)
    try:
        yield url, count
    finally:
        stop.set()
        process.join(timeout=30)


def run(concurrency: int) -> tuple[float, float, int]:
    """Wall seconds of the whole brief, of its extraction phase, and the calls the server saw."""
    articles = [make_article(f"Report {i}.\n{SEED}", id=f"a{i:03d}") for i in range(ARTICLES)]
    with tempfile.TemporaryDirectory() as cache, server_process() as (url, count):
        config = Config(
            model=EMBEDDED_MODEL,
            base_url=url,
            concurrency=concurrency,
            use_cache=False,
            cache_dir=Path(cache),
        )
        finished: list[float] = []
        started = time.perf_counter()
        briefing = brief(
            articles,
            config=config,
            on_article_done=lambda _run: finished.append(time.perf_counter()),
        )
        seconds = time.perf_counter() - started
    assert all(a.status == "ok" for a in briefing.provenance.articles)
    return seconds, max(finished) - started, int(count.value)


def main() -> None:
    sequential, seq_extract, calls_seq = run(1)
    parallel, par_extract, calls_par = run(CONCURRENCY)
    for label, whole, extract, calls in (
        ("sequential", sequential, seq_extract, calls_seq),
        (f"concurrency {CONCURRENCY}", parallel, par_extract, calls_par),
    ):
        print(f"{label}: {ARTICLES} articles, {calls} calls, extraction {extract:.2f} s, "
              f"whole brief {whole:.2f} s")  # fmt: skip
    print(
        json.dumps(
            {
                "articles": ARTICLES,
                "latency_s": LATENCY_S,
                "sequential_extraction_s": round(seq_extract, 2),
                f"concurrency_{CONCURRENCY}_extraction_s": round(par_extract, 2),
                "speedup": round(seq_extract / par_extract, 2),
                "sequential_brief_s": round(sequential, 2),
                f"concurrency_{CONCURRENCY}_brief_s": round(parallel, 2),
                "brief_speedup": round(sequential / parallel, 2),
                "goal_speedup": 12,
            }
        )
    )


if __name__ == "__main__":
    main()
