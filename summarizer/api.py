"""The library entry points: articles in, :class:`Briefing` out."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from summarizer.clauses import nlp
from summarizer.config import Config, ResolvedConfig
from summarizer.cost import DEFAULT_PRICES, Price, price_for
from summarizer.extract import ArticleResult, extract_articles, plan
from summarizer.ingest import (
    Article,
    FailedInput,
    Story,
    group_stories,
    make_article,
    read_articles,
)
from summarizer.llm import EmbeddedServer, ModelClient, ModelPool
from summarizer.merge import MergeInput, merge
from summarizer.prompts import prompt_version, schema_version
from summarizer.schema import ArticleExtraction, ArticleRun, Briefing, Provenance, Usage

__version__ = "0.1.0"

ArticleLike = Article | str | Path


def _to_articles(items: Sequence[ArticleLike]) -> list[Article]:
    articles: list[Article] = []
    for n, item in enumerate(items, start=1):
        if isinstance(item, Article):
            articles.append(item)
        elif isinstance(item, Path):
            articles.extend(read_articles([item]))
        else:
            articles.append(make_article(item, id=f"article-{n}"))
    return articles


@contextlib.contextmanager
def _client(config: ResolvedConfig, needed: bool) -> Iterator[ModelPool | None]:
    """A client for the configured endpoints (calls spread across them), or for an embedded
    server started for this run (started again if its process dies mid-run)."""
    if not needed:
        yield None
    elif config.backend == "endpoint":
        yield ModelPool([ModelClient(config, base_url=url) for url in config.base_urls])
    else:
        # The parser loads while the server starts: both take seconds, and a daily run over a
        # few new articles waits for the two one after the other otherwise.
        parser = threading.Thread(target=nlp, daemon=True)
        if config.strategy == "decide":
            parser.start()
        with EmbeddedServer(config) as server:
            if parser.is_alive():
                parser.join()

            async def restart_if_dead() -> bool:
                return await asyncio.to_thread(server.restart_if_dead)

            yield ModelPool([
                ModelClient(
                    config, base_url=server.base_url, recover=restart_if_dead,
                    diagnose=server.death_note,
                )
            ])  # fmt: skip


async def _extract(
    items: Sequence[Article],
    resolved: ResolvedConfig,
    on_article_done: Callable[[ArticleRun], None] | None,
) -> list[ArticleResult]:
    the_plan = plan(items, resolved)
    with _client(resolved, bool(the_plan.to_extract)) as client:
        try:
            return await extract_articles(
                items, resolved, the_plan, client, on_done=on_article_done
            )
        finally:
            if client is not None:
                await client.aclose()


def _failed_results(failed: Sequence[FailedInput]) -> list[ArticleResult]:
    return [
        ArticleResult(f.article(), ArticleRun(source_id=f.id, status="failed", error=str(f)), None)
        for f in failed
    ]


async def abrief(
    articles: Sequence[ArticleLike],
    *,
    config: Config | None = None,
    generated_at: datetime | None = None,
    on_article_done: Callable[[ArticleRun], None] | None = None,
    failed: Sequence[FailedInput] = (),
) -> Briefing:
    """Build one briefing from ``articles`` (``Article`` objects, texts, or paths).

    Articles whose extraction fails after retries are left out and listed in
    ``briefing.provenance.articles`` with status ``failed`` and the reason, as are the inputs
    in ``failed`` (URLs that could not be fetched, from :func:`summarizer.read_inputs`).
    """
    resolved = (config or Config()).resolve()
    results = await _extract(_to_articles(articles), resolved, on_article_done)
    return assemble([*results, *_failed_results(failed)], resolved, generated_at=generated_at)


def brief(
    articles: Sequence[ArticleLike],
    *,
    config: Config | None = None,
    generated_at: datetime | None = None,
    on_article_done: Callable[[ArticleRun], None] | None = None,
    failed: Sequence[FailedInput] = (),
) -> Briefing:
    """Synchronous :func:`abrief`."""
    return asyncio.run(
        abrief(articles, config=config, generated_at=generated_at,
               on_article_done=on_article_done, failed=failed)
    )  # fmt: skip


@dataclass(frozen=True)
class StoryBriefing:
    """One story of a mixed day: its articles, and their briefing."""

    story: Story
    briefing: Briefing


async def abrief_stories(
    articles: Sequence[ArticleLike],
    *,
    config: Config | None = None,
    generated_at: datetime | None = None,
    on_article_done: Callable[[ArticleRun], None] | None = None,
    failed: Sequence[FailedInput] = (),
    group: bool = True,
) -> list[StoryBriefing]:
    """One briefing per story: ``articles`` are grouped by story (:func:`group_stories`), each
    article is extracted once, and each group is merged into its own briefing.

    A failed input cannot be placed in a story, so every briefing names it in its provenance.
    With ``group=False`` all articles make one story (the same briefing as :func:`abrief`)."""
    resolved = (config or Config()).resolve()
    items = _to_articles(articles)
    if group:
        stories = group_stories(items)
    else:
        stories = [Story(id="story-1", label="all articles", articles=tuple(items))]
    stories = stories or [Story(id="story-1", label="no articles", articles=())]
    results = {r.article.id: r for r in await _extract(items, resolved, on_article_done)}
    failures = _failed_results(failed)
    return [
        StoryBriefing(
            story,
            assemble(
                [*(results[a.id] for a in story.articles), *failures],
                resolved,
                generated_at=generated_at,
            ),
        )
        for story in stories
    ]


def brief_stories(
    articles: Sequence[ArticleLike],
    *,
    config: Config | None = None,
    generated_at: datetime | None = None,
    on_article_done: Callable[[ArticleRun], None] | None = None,
    failed: Sequence[FailedInput] = (),
    group: bool = True,
) -> list[StoryBriefing]:
    """Synchronous :func:`abrief_stories`."""
    return asyncio.run(
        abrief_stories(articles, config=config, generated_at=generated_at,
                       on_article_done=on_article_done, failed=failed, group=group)
    )  # fmt: skip


def _count(extraction: ArticleExtraction | None) -> int:
    if extraction is None:
        return 0
    return (
        len(extraction.parties)
        + len(extraction.proposals)
        + len(extraction.positions)
        + len(extraction.military_developments)
    )


def assemble(
    results: Sequence[ArticleResult],
    config: ResolvedConfig,
    *,
    generated_at: datetime | None = None,
) -> Briefing:
    """Merge extraction results into a :class:`Briefing` (no model calls)."""
    merged = merge(
        [
            MergeInput(r.article, r.extraction, r.sentences)
            for r in results
            if r.extraction is not None and r.run.status != "duplicate"
        ],
        ungrounded=config.ungrounded,
    )
    runs = [
        r.run.model_copy(
            update={
                "items": _count(r.extraction),
                "ungrounded_items": merged.ungrounded.get(r.article.id, 0),
                "misfiled_items": merged.misfiled.get(r.article.id, 0),
                "unsupported_items": merged.unsupported.get(r.article.id, 0),
                "regrounded_items": merged.regrounded.get(r.article.id, 0),
            }
        )
        for r in results
    ]
    usage = sum((r.usage for r in runs), Usage())
    prices = {**DEFAULT_PRICES, **{m: Price(*p) for m, p in config.prices.items()}}
    price = price_for(config.model, prices)
    # The Batch API bills half the live price.
    discount = 0.5 if config.batch else 1.0
    when = (generated_at or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return Briefing(
        sources=[r.article.source() for r in results],
        parties=merged.parties,
        proposals=merged.proposals,
        positions=merged.positions,
        military_developments=merged.military_developments,
        provenance=Provenance(
            generator=f"summarizer {__version__}",
            model=config.model,
            prompt_version=prompt_version(config.strategy),
            schema_version=schema_version(config.strategy),
            generated_at=when.isoformat(timespec="seconds").replace("+00:00", "Z"),
            usage=usage,
            cost_usd=None if price is None else round(price.cost(usage) * discount, 6),
            articles=runs,
        ),
    )
