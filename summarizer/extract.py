"""Extraction: one model call per distinct article, bounded concurrency, a content-keyed store.

Each article's extraction is written to the store as soon as it completes, keyed by a hash of the
article text, model, prompt version and schema version, so a re-run (or a run after a crash)
pays only for articles not yet extracted.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from summarizer.config import ResolvedConfig
from summarizer.cost import DEFAULT_PRICES, Price, price_for
from summarizer.ingest import Article, split_text
from summarizer.llm import ModelCallError, ModelClient, Reply
from summarizer.llm.batch import BatchRequest, run_batch
from summarizer.prompts import (
    extraction_messages,
    followup_messages,
    prompt_version,
    schema_version,
)
from summarizer.schema import ArticleExtraction, ArticleRun, Usage


@dataclass(frozen=True)
class ArticleResult:
    """An article, what happened to it, and its extraction (``None`` when it failed)."""

    article: Article
    run: ArticleRun
    extraction: ArticleExtraction | None


# The static prompt prefix (instructions, tool schema, chat template) measured 1,938 tokens on the
# embedded model (benchmarks/calls.py); article text runs about 3.5 characters a token.
PREFIX_TOKENS_ESTIMATE = 2_000
CHARS_PER_TOKEN = 3.5
FIRST_OUTPUT_ESTIMATE = 500
# The second pass asks only for what the first missed. When a small model loops instead (seen on
# the embedded model: 1,535 tokens of repeated items, then re-asks over an ever longer prompt),
# a tight cap and no re-ask bound what the failure costs; the first answer is kept either way.
FOLLOWUP_MAX_TOKENS = 768


class Budget:
    """Refuses to start a call that would take the run past its token or money budget."""

    def __init__(self, config: ResolvedConfig) -> None:
        self.config = config
        self.spent = Usage()
        prices = {**DEFAULT_PRICES, **{m: Price(*p) for m, p in config.prices.items()}}
        self.price = price_for(config.model, prices)
        self.calls = 0

    def spend(self, usage: Usage) -> None:
        self.spent = self.spent + usage
        self.calls += 1

    def estimate(self, text: str, calls: int) -> Usage:
        # Completion size: what calls so far produced on average, else a typical first answer.
        out = self.spent.completion_tokens // self.calls if self.calls else FIRST_OUTPUT_ESTIMATE
        prompt = PREFIX_TOKENS_ESTIMATE + int(len(text) / CHARS_PER_TOKEN)
        return Usage(
            prompt_tokens=prompt * calls, completion_tokens=out * calls,
            total_tokens=(prompt + out) * calls,
        )  # fmt: skip

    def refuse(self, text: str, *, calls: int) -> str | None:
        """Why the next call must not start, or ``None`` when it fits the budget."""
        after = self.spent + self.estimate(text, calls)
        spent, limit, limit_usd = self.spent, self.config.budget_tokens, self.config.budget_usd
        if limit is not None and after.total_tokens > limit:
            return (
                f"not started: the budget of {limit:,} tokens would be exceeded"
                f" ({spent.total_tokens:,} spent, about {after.total_tokens:,} with this article)"
            )
        if limit_usd is None:
            return None
        if self.price is None:
            return f"not started: no known price for {self.config.model} to keep a dollar budget"
        if self.price.cost(after) > limit_usd:
            return (
                f"not started: the budget of ${limit_usd:g} would be exceeded"
                f" (${self.price.cost(spent):.4f} spent,"
                f" about ${self.price.cost(after):.4f} with this article)"
            )
        return None


async def _through_batch(
    articles: list[Article],
    config: ResolvedConfig,
    client: ModelClient,
    budget: Budget,
    store: ExtractionStore,
    the_plan: Plan,
    finish: Callable[[ArticleResult], None],
) -> list[Article]:
    """Extract what fits one request per article through the Batch API; return the articles
    left for the normal path (chunked ones, and those whose batch answer failed)."""
    requests, batched = [], []
    for article in articles:
        if len(article.clean_text) > config.max_chunk_chars:
            continue
        if budget.refuse(article.clean_text, calls=1) is not None:
            continue  # the normal path says so and marks it skipped
        budget.spend(budget.estimate(article.clean_text, 1))
        requests.append(BatchRequest(article.id, extraction_messages(article)))
        batched.append(article)
    if not requests:
        return articles
    answers = await run_batch(client.openai, config, requests, poll_s=config.batch_poll_s)
    left = [a for a in articles if a not in batched]
    for article in batched:
        reply = answers.get(article.id)
        if reply is None:
            left.append(article)
            continue
        if config.use_cache:
            store.put(the_plan.keys[article.id], reply.extraction, reply.usage, reply.calls)
        run = ArticleRun(source_id=article.id, status="ok", calls=1, usage=reply.usage)
        finish(ArticleResult(article, run, reply.extraction))
    return left


def combine(replies: Sequence[Reply]) -> Reply:
    """One article's extraction from its chunks' extractions (the merger deduplicates later)."""
    return Reply(
        extraction=ArticleExtraction(
            parties=[p for r in replies for p in r.extraction.parties],
            proposals=[p for r in replies for p in r.extraction.proposals],
            positions=[p for r in replies for p in r.extraction.positions],
            military_developments=[d for r in replies for d in r.extraction.military_developments],
        ),
        usage=sum((r.usage for r in replies), Usage()),
        calls=sum(r.calls for r in replies),
    )


def cache_key(article: Article, config: ResolvedConfig) -> str:
    parts = (
        article.content_hash, config.model, prompt_version(), schema_version(), config.strategy,
        str(config.max_chunk_chars),
    )  # fmt: skip
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def write_atomic(path: Path, data: str) -> None:
    """Write ``data`` so that a reader (or a crash) never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


class ExtractionStore:
    """Completed extractions on disk, one JSON file per cache key."""

    def __init__(self, root: Path) -> None:
        self.root = root / "extractions"

    def _path(self, key: str) -> Path:
        return self.root / f"{key}.json"

    def get(self, key: str) -> tuple[ArticleExtraction, Usage, int] | None:
        try:
            raw = json.loads(self._path(key).read_text(encoding="utf-8"))
            return (
                ArticleExtraction.model_validate(raw["extraction"]),
                Usage.model_validate(raw["usage"]),
                int(raw["calls"]),
            )
        except (OSError, ValueError, KeyError, TypeError, ValidationError):
            # A missing or unreadable entry is simply extracted again.
            return None

    def put(self, key: str, extraction: ArticleExtraction, usage: Usage, calls: int) -> None:
        record = {
            "extraction": extraction.model_dump(mode="json"),
            "usage": usage.model_dump(mode="json"),
            "calls": calls,
        }
        write_atomic(self._path(key), json.dumps(record, ensure_ascii=False))


@dataclass(frozen=True)
class Plan:
    """Which articles need a model call, which are stored, and which repeat another's text."""

    to_extract: list[Article]
    cached: dict[str, tuple[ArticleExtraction, Usage, int]]
    duplicate_of: dict[str, str]
    keys: dict[str, str]


def plan(articles: Sequence[Article], config: ResolvedConfig) -> Plan:
    store = ExtractionStore(config.cache_dir)
    first_by_hash: dict[str, str] = {}
    duplicate_of: dict[str, str] = {}
    to_extract: list[Article] = []
    cached: dict[str, tuple[ArticleExtraction, Usage, int]] = {}
    keys: dict[str, str] = {}
    for article in articles:
        if article.content_hash in first_by_hash:
            duplicate_of[article.id] = first_by_hash[article.content_hash]
            continue
        first_by_hash[article.content_hash] = article.id
        key = cache_key(article, config)
        keys[article.id] = key
        hit = store.get(key) if config.use_cache else None
        if hit is not None:
            cached[article.id] = hit
        else:
            to_extract.append(article)
    return Plan(to_extract=to_extract, cached=cached, duplicate_of=duplicate_of, keys=keys)


async def extract_articles(
    articles: Sequence[Article],
    config: ResolvedConfig,
    the_plan: Plan,
    client: ModelClient | None,
    *,
    on_done: Callable[[ArticleRun], None] | None = None,
) -> list[ArticleResult]:
    """Extract every article in ``the_plan``; results come back in the order of ``articles``.

    An article longer than ``max_chunk_chars`` is extracted chunk by chunk; with the two-pass
    strategy each chunk gets a second call for what the first missed. All replies of an article
    are combined into one extraction, stored at once."""
    store = ExtractionStore(config.cache_dir)
    semaphore = asyncio.Semaphore(config.concurrency)
    results: dict[str, ArticleResult] = {}
    budget = Budget(config)

    def finish(result: ArticleResult) -> None:
        results[result.article.id] = result
        if on_done is not None:
            on_done(result.run)

    for article in articles:
        if article.id in the_plan.cached:
            extraction, _usage, _calls = the_plan.cached[article.id]
            run = ArticleRun(source_id=article.id, status="cached", usage=Usage(), calls=0)
            finish(ArticleResult(article, run, extraction))

    async def one(article: Article) -> None:
        assert client is not None
        chunks = split_text(article.clean_text, config.max_chunk_chars)
        replies: list[Reply] = []
        notes: list[str] = []
        async with semaphore:
            for n, chunk in enumerate(chunks, start=1):
                refusal = budget.refuse(chunk, calls=2 if config.strategy == "two-pass" else 1)
                if refusal is not None:
                    run = ArticleRun(
                        source_id=article.id,
                        status="skipped",
                        error=refusal,
                        calls=sum(r.calls for r in replies),
                        usage=sum((r.usage for r in replies), Usage()),
                    )
                    finish(ArticleResult(article, run, None))
                    return
                try:
                    first = await client.extract(extraction_messages(article, chunk))
                    replies.append(first)
                    budget.spend(first.usage)
                    if config.strategy == "two-pass":
                        followup = followup_messages(article, chunk, first.extraction)
                        try:
                            replies.append(
                                await client.extract(
                                    followup,
                                    max_reasks=0,
                                    max_output_tokens=FOLLOWUP_MAX_TOKENS,
                                )
                            )
                            budget.spend(replies[-1].usage)
                        except ModelCallError as exc:
                            # The first answer is paid for and valid: keep it, say what failed.
                            budget.spend(exc.usage)
                            notes.append(f"second pass failed: {exc}")
                            replies.append(Reply(ArticleExtraction(
                                parties=[], proposals=[], positions=[], military_developments=[]
                            ), exc.usage, exc.calls))  # fmt: skip
                except ModelCallError as exc:
                    budget.spend(exc.usage)
                    where = f" (chunk {n} of {len(chunks)})" if len(chunks) > 1 else ""
                    run = ArticleRun(
                        source_id=article.id,
                        status="failed",
                        error=f"{exc}{where}",
                        calls=exc.calls + sum(r.calls for r in replies),
                        usage=sum((r.usage for r in replies), exc.usage),
                    )
                    finish(ArticleResult(article, run, None))
                    return
        reply = replies[0] if len(replies) == 1 else combine(replies)
        if config.use_cache:
            store.put(the_plan.keys[article.id], reply.extraction, reply.usage, reply.calls)
        run = ArticleRun(
            source_id=article.id,
            status="ok",
            calls=reply.calls,
            usage=reply.usage,
            error="; ".join(notes) or None,
        )
        finish(ArticleResult(article, run, reply.extraction))

    pending = list(the_plan.to_extract)
    if config.batch and client is not None and pending:
        pending = await _through_batch(pending, config, client, budget, store, the_plan, finish)
    if pending:
        await asyncio.gather(*(one(a) for a in pending))

    for article in articles:
        original = the_plan.duplicate_of.get(article.id)
        if original is not None:
            first = results[original]
            run = ArticleRun(
                source_id=article.id,
                status="failed" if first.extraction is None else "duplicate",
                error=first.run.error,
            )
            finish(ArticleResult(article, run, first.extraction))
    return [results[a.id] for a in articles]
