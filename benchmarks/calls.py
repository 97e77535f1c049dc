"""Calls benchmark over the recorded seed cassette (no model, no network).

Prints calls per article (one per window of the embedded default strategy, re-asks included),
prompt tokens split into the static prefix (instructions + tool schema + chat template) and the
article, and a cached re-run's model calls (goal 0) and wall time. The article's share is
counted with the embedded model's own tokenizer when the [local] extra is installed (else it is
estimated at 4 characters a token).
Prints one JSON line last.

    python benchmarks/calls.py
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import Config, brief, read_articles  # noqa: E402
from summarizer.config import EMBEDDED_MODEL, EMBEDDED_STRATEGY  # noqa: E402
from summarizer.extract import window_size  # noqa: E402
from summarizer.prompts import extraction_messages  # noqa: E402
from summarizer.sentences import split_sentences, windows  # noqa: E402
from tests.replay import SEEDS_CASSETTE, replaying  # noqa: E402


def _article_tokens(texts: list[str]) -> tuple[list[int], str]:
    try:
        from llama_cpp import Llama

        from summarizer.llm.embedded import ensure_model
    except ImportError:
        return [round(len(t) / 4) for t in texts], "estimate (4 chars/token)"
    resolved = Config().resolve(env={})
    model = Llama(model_path=str(ensure_model(resolved.cache_dir)), vocab_only=True, verbose=False)
    return [len(model.tokenize(t.encode("utf-8"), add_bos=False)) for t in texts], "tokenizer"


def main() -> None:
    articles = read_articles([ROOT / "examples" / "articles"])
    with tempfile.TemporaryDirectory() as cache:
        with replaying(SEEDS_CASSETTE) as url:
            config = Config(
                model=EMBEDDED_MODEL, base_url=url, cache_dir=Path(cache),
                strategy=EMBEDDED_STRATEGY,
            )  # fmt: skip
            started = time.perf_counter()
            first = brief(articles, config=config)
            first_s = time.perf_counter() - started
        # The re-run has no cassette: any model call would fail on the closed port.
        started = time.perf_counter()
        again = brief(articles, config=config)
        again_s = time.perf_counter() - started
    runs = first.provenance.articles
    calls = sum(r.calls for r in runs)
    resolved = config.resolve(env={})
    # Each call sends the static prefix and one window of the article's numbered sentences.
    user_texts = [
        "\n".join(
            extraction_messages(a, part)[1]["content"]
            for part in windows(split_sentences(a.text, a.junk), window_size(resolved))
        )
        for a in articles
    ]
    article_tokens, how = _article_tokens(user_texts)
    prompt_tokens = [r.usage.prompt_tokens for r in runs]
    prefix_tokens = [
        round((p - a) / max(1, r.calls))
        for p, a, r in zip(prompt_tokens, article_tokens, runs, strict=True)
    ]
    for run, a_tok, p_tok in zip(runs, article_tokens, prefix_tokens, strict=True):
        print(
            f"{run.source_id}: {run.calls} call(s), {run.usage.prompt_tokens} prompt tokens"
            f" = {run.calls} x {p_tok} static prefix + {a_tok} article;"
            f" {run.usage.completion_tokens} out"
        )
    print(
        f"cached re-run: {sum(r.calls for r in again.provenance.articles)} calls, {again_s:.2f} s"
    )
    print(
        json.dumps(
            {
                "articles": len(runs),
                "calls": calls,
                "calls_per_article": round(calls / len(runs), 3),
                "prompt_tokens": sum(prompt_tokens),
                "static_prefix_tokens_per_call": round(sum(prefix_tokens) / len(runs)),
                "article_tokens_per_article": round(sum(article_tokens) / len(runs)),
                "token_split": how,
                "completion_tokens": sum(r.usage.completion_tokens for r in runs),
                "replay_s": round(first_s, 2),
                "cached_rerun_calls": sum(r.calls for r in again.provenance.articles),
                "cached_rerun_s": round(again_s, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
