"""Embedded-model benchmark: the five seed articles end to end on the local model, with prefix
reuse (one server; the static prefix of instructions + schema is prefilled once) and without it
(a fresh server for every article, so every call prefills the whole prompt).

Goal (issue 5): <= 150 s for the five seeds on a 2-core machine. Needs the [local] extra; takes
about 12 minutes. Prints one JSON line last.

    python benchmarks/embedded.py
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from summarizer import Briefing, Config, brief, read_articles

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


def main() -> None:
    articles = read_articles([ROOT / "examples" / "articles"])
    results: dict[str, object] = {}
    # One run, one server: every article after the first reuses the prefilled prefix.
    config = Config(use_cache=False)
    started = time.perf_counter()
    shared = brief(articles, config=config)
    reuse = _stats("prefix reuse", [shared], time.perf_counter() - started)
    # One server per article: nothing to reuse.
    started = time.perf_counter()
    separate = [brief([a], config=config) for a in articles]
    no_reuse = _stats("no reuse", separate, time.perf_counter() - started)
    results = {"prefix_reuse": reuse, "no_reuse": no_reuse}
    results["speedup"] = round(no_reuse["seconds"] / reuse["seconds"], 2)
    results["goal_seconds"] = 150
    print(json.dumps(results))


if __name__ == "__main__":
    main()
