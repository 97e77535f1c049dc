"""Embedded-model benchmark: the five seed articles end to end on the local model, with prefix
reuse (one server; the static prefix of instructions + schema is prefilled once) and without it
(a fresh server for every article, so every call prefills the whole prompt), then the two-pass
strategy on one server. Also prints the server's peak resident memory.

Goal (issue 5): <= 150 s for the five seeds on a 2-core machine. Needs the [local] extra; takes
about 20 minutes. Prints one JSON line last.

    python benchmarks/embedded.py
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from summarizer import Briefing, Config, brief, read_articles
from summarizer.config import EMBEDDED_MODEL, Strategy
from summarizer.ingest import Article
from summarizer.llm import EmbeddedServer

ROOT = Path(__file__).resolve().parent.parent


def _stats(label: str, briefings: list[Briefing], seconds: float) -> dict[str, float | int]:
    runs = [a for b in briefings for a in b.provenance.articles]
    prompt = sum(r.usage.prompt_tokens for r in runs)
    completion = sum(r.usage.completion_tokens for r in runs)
    print(
        f"{label}: {len(runs)} articles in {seconds:.1f} s; {prompt:,} prompt + {completion:,}"
        f" completion tokens; {completion / seconds:.2f} completion tokens/s overall"
    )
    return {
        "seconds": round(seconds, 1),
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "completion_tokens_per_s": round(completion / seconds, 2),
        "failed": sum(r.status == "failed" for r in runs),
    }


def on_one_server(
    articles: list[Article], strategy: Strategy
) -> tuple[list[Briefing], float, int | None]:
    """One server for all articles (started inside the timing); seconds and its peak memory."""
    started = time.perf_counter()
    with EmbeddedServer(Config(cache_dir=None).resolve()) as server:
        config = Config(
            model=EMBEDDED_MODEL,
            base_url=server.base_url,
            concurrency=1,
            use_cache=False,
            strategy=strategy,
        )
        briefing = brief(articles, config=config)
        peak = server.peak_rss_bytes()
    return [briefing], time.perf_counter() - started, peak


def main() -> None:
    articles = read_articles([ROOT / "examples" / "articles"])
    # One run, one server: every article after the first reuses the prefilled prefix.
    shared, seconds, peak = on_one_server(articles, "single")
    reuse = {**_stats("prefix reuse", shared, seconds), "server_peak_rss_mb": _mb(peak)}
    # One server per article: nothing to reuse.
    started = time.perf_counter()
    config = Config(use_cache=False)
    separate = [brief([a], config=config) for a in articles]
    no_reuse = _stats("no reuse", separate, time.perf_counter() - started)
    both, seconds, peak = on_one_server(articles, "two-pass")
    two_pass = {**_stats("two-pass", both, seconds), "server_peak_rss_mb": _mb(peak)}
    print(f"server peak memory: {reuse['server_peak_rss_mb']} MB single, "
          f"{two_pass['server_peak_rss_mb']} MB two-pass")  # fmt: skip
    results: dict[str, object] = {"prefix_reuse": reuse, "no_reuse": no_reuse, "two_pass": two_pass}
    results["speedup"] = round(no_reuse["seconds"] / reuse["seconds"], 2)
    results["goal_seconds"] = 150
    print(json.dumps(results))


def _mb(value: int | None) -> int | None:
    return None if value is None else round(value / 2**20)


if __name__ == "__main__":
    main()
