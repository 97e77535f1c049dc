"""Several model servers benchmark (issue 16): the same day of articles against 1, 2 and 4
loopback OpenAI-compatible servers, each answering one call at a time after a fixed latency (as a
llama.cpp or a busy vLLM server would), at the default concurrency (8 articles in flight per
server). Each server runs in its own process.

Throughput is the model calls answered per second of the extraction phase (the start of the run
to the last article done), for the default strategy (``decide``: the client parses each article,
then asks one-token questions) and for ``single`` (one call an article, no parse). A last run per
strategy has the servers answer at once: the client's own ceiling on this machine. The spaCy
pipeline is loaded by a one-article warm-up first. Prints one JSON line last.

    python benchmarks/servers.py
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# This folder is the script's, first on the path ("benchmarks" itself is a name an installed
# package takes).
from concurrency import SEED, server_process  # noqa: E402

from summarizer import Config, brief, make_article  # noqa: E402
from summarizer.config import EMBEDDED_MODEL  # noqa: E402

SERVERS = (1, 2, 4)
#: About 240 calls each: the seed article takes 5 one-token decisions, or one whole-schema call.
STRATEGIES = (("decide", 48), ("single", 240))


def run(servers: int, *, articles: int, latency_s: float, strategy: str) -> dict[str, Any]:
    """One brief of ``articles`` seed articles across ``servers`` servers: seconds, calls, and
    the calls each server answered."""
    day = [make_article(f"Report {i}.\n{SEED}", id=f"a{i:03d}") for i in range(articles)]
    with tempfile.TemporaryDirectory() as cache, ExitStack() as stack:
        started_servers = [
            stack.enter_context(server_process(latency_s, one_at_a_time=True))
            for _ in range(servers)
        ]
        urls = [url for url, _count in started_servers]
        config = Config(
            model=EMBEDDED_MODEL, base_url=urls, use_cache=False, cache_dir=Path(cache),
            strategy=strategy,  # type: ignore[arg-type]
        )  # fmt: skip
        finished: list[float] = []
        started = time.perf_counter()
        briefing = brief(
            day, config=config, on_article_done=lambda _run: finished.append(time.perf_counter())
        )
        runs = briefing.provenance.articles
        seconds = max(finished) - started
        stack.close()  # the servers stop and report their counts
        per_server = [int(count.value) for _url, count in started_servers]
    assert all(r.status == "ok" for r in runs), [r.error for r in runs if r.status != "ok"]
    calls = sum(r.calls for r in runs)
    assert calls == sum(per_server), (calls, per_server)
    return {
        "servers": servers,
        "extraction_s": round(seconds, 2),
        "calls": calls,
        "calls_per_s": round(calls / seconds, 2),
        "calls_per_server": per_server,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency-s", type=float, default=0.2)
    options = parser.parse_args()
    latency = options.latency_s
    run(1, articles=1, latency_s=0.0, strategy="decide")  # warm-up: loads spaCy's pipeline
    report: dict[str, Any] = {"latency_s": latency}
    for strategy, articles in STRATEGIES:
        results = [run(n, articles=articles, latency_s=latency, strategy=strategy) for n in SERVERS]
        # The client alone: the most servers, answering at once.
        floor = run(SERVERS[-1], articles=articles, latency_s=0.0, strategy=strategy)
        base = results[0]["calls_per_s"]
        print(
            f"{strategy}, {articles} articles, {latency:g} s a call, one call at a time a server:"
        )
        for r in results:
            r["speedup"] = round(r["calls_per_s"] / base, 2)
            print(
                f"  {r['servers']} server(s): {r['calls']} calls in {r['extraction_s']:.2f} s,"
                f" {r['calls_per_s']:.2f} calls/s (ceiling {r['servers'] / latency:.0f}),"
                f" x{r['speedup']:.2f}; calls per server {r['calls_per_server']}"
            )
        print(f"  servers answering at once (the client alone): {floor['calls_per_s']:.2f} calls/s")
        report[strategy] = {"articles": articles, "runs": results, "client_alone": floor}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
