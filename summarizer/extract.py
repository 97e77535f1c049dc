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
from summarizer.ingest import Article, split_text
from summarizer.llm import ModelCallError, ModelClient, Reply
from summarizer.prompts import extraction_messages, prompt_version, schema_version
from summarizer.schema import ArticleExtraction, ArticleRun, Usage


@dataclass(frozen=True)
class ArticleResult:
    """An article, what happened to it, and its extraction (``None`` when it failed)."""

    article: Article
    run: ArticleRun
    extraction: ArticleExtraction | None


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


def cache_key(article: Article, model: str) -> str:
    parts = (article.content_hash, model, prompt_version(), schema_version())
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
        key = cache_key(article, config.model)
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
    """Extract every article in ``the_plan``; results come back in the order of ``articles``."""
    store = ExtractionStore(config.cache_dir)
    semaphore = asyncio.Semaphore(config.concurrency)
    results: dict[str, ArticleResult] = {}

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
        async with semaphore:
            for n, chunk in enumerate(chunks, start=1):
                try:
                    replies.append(await client.extract(extraction_messages(article, chunk)))
                except ModelCallError as exc:
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
        run = ArticleRun(source_id=article.id, status="ok", calls=reply.calls, usage=reply.usage)
        finish(ArticleResult(article, run, reply.extraction))

    if the_plan.to_extract:
        await asyncio.gather(*(one(a) for a in the_plan.to_extract))

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
