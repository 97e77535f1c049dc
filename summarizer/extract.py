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
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from summarizer.config import ResolvedConfig
from summarizer.cost import DEFAULT_PRICES, Price, price_for
from summarizer.decide import decide_article
from summarizer.ingest import Article
from summarizer.llm import ModelCallError, ModelPool, Reply
from summarizer.llm.batch import BatchRequest, run_batch
from summarizer.llm.client import Choice
from summarizer.prompts import extraction_messages, prompt_version, schema_version
from summarizer.schema import (
    SHORT,
    TINY,
    ArticleExtraction,
    ArticleRun,
    CitedExtraction,
    ExtractedDevelopment,
    ExtractedParty,
    ExtractedPosition,
    ExtractedProposal,
    Usage,
)
from summarizer.sentences import Sentence, split_sentences, windows


@dataclass(frozen=True)
class ArticleResult:
    """An article, what happened to it, and its extraction (``None`` when it failed)."""

    article: Article
    run: ArticleRun
    extraction: ArticleExtraction | None
    #: The article's numbered sentences when this run split them, passed on to the merger so
    #: that it does not split them again (empty for a stored extraction).
    sentences: tuple[Sentence, ...] = ()


# The static prompt prefix (instructions, tool schema, chat template) on the embedded model
# (benchmarks/calls.py); article text runs about 3.5 characters a token, numbered lines a little
# less.
PREFIX_TOKENS_ESTIMATE = 2_000
CHARS_PER_TOKEN = 3.2
FIRST_OUTPUT_ESTIMATE = 300
# A re-ask repeats the prompt, adds the failed answer and the validation error: at most the
# output cap plus this many tokens.
REASK_OVERHEAD_TOKENS = 400


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

    def estimate(self, chars: int, calls: int) -> Usage:
        # Completion size: what calls so far produced on average, else a typical first answer.
        out = self.spent.completion_tokens // self.calls if self.calls else FIRST_OUTPUT_ESTIMATE
        prompt = PREFIX_TOKENS_ESTIMATE + int(chars / CHARS_PER_TOKEN)
        return Usage(
            prompt_tokens=prompt * calls, completion_tokens=out * calls,
            total_tokens=(prompt + out) * calls,
        )  # fmt: skip

    def refuse(self, chars: int, *, calls: int) -> str | None:
        """Why the next call (over ``chars`` characters of article) must not start, or ``None``
        when it fits the budget."""
        after = self.spent + self.estimate(chars, calls)
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
    client: ModelPool,
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
        if budget.refuse(len(article.clean_text), calls=1) is not None:
            continue  # the normal path says so and marks it skipped
        budget.spend(budget.estimate(len(article.clean_text), 1))
        sentences = split_sentences(article.text, article.junk)
        requests.append(BatchRequest(article.id, extraction_messages(article, sentences)))
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
        extraction = grounded(reply.extraction, split_sentences(article.text, article.junk))
        if config.use_cache:
            store.put(the_plan.keys[article.id], extraction, reply.usage, reply.calls)
        run = ArticleRun(source_id=article.id, status="ok", calls=1, usage=reply.usage)
        finish(ArticleResult(article, run, extraction))
    return left


_FOREIGN_SCRIPT = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]+")


def grounded(cited: CitedExtraction, sentences: Sequence[Sentence]) -> ArticleExtraction:
    """The model's answer with each sentence number replaced by that sentence, verbatim.

    A number that names no sentence of the article gives an empty quote: the merger counts the
    item as ungrounded and never shows it as evidence."""
    by_number = {s.number: s.text for s in sentences}
    foreign_ok = any(_FOREIGN_SCRIPT.search(s.text) for s in sentences)

    def quote(n: int) -> str:
        return by_number.get(n, "")

    def whole(value: str) -> str:
        # The server's grammar closes a string at its maxLength, mid-word if need be.
        if len(value) in (TINY, SHORT) and " " in value and value[-1].isalnum():
            value = value.rsplit(" ", 1)[0]
        # Near that limit the embedded Qwen model was seen switching to Chinese words
        # ("negotiations on ceasefire and轰炸"); the articles' own script is what counts.
        if not foreign_ok:
            value = _FOREIGN_SCRIPT.sub("", value)
        return value.strip(" ,;:-")

    return ArticleExtraction(
        parties=[
            ExtractedParty(
                name=whole(p.name), kind=p.kind, role=whole(p.role),
                affiliation=whole(p.affiliation),
            )
            for p in cited.parties
        ],
        proposals=[
            ExtractedProposal(
                proposer=whole(p.proposer), proposal=whole(p.proposal),
                addressee=whole(p.addressee), when=whole(p.when), where=whole(p.where),
                status=p.status, quote=quote(p.sentence),
            )
            for p in cited.proposals
        ],
        positions=[
            ExtractedPosition(
                holder=whole(p.holder), topic=whole(p.topic), stance=whole(p.stance),
                quote=quote(p.sentence),
            )
            for p in cited.positions
        ],
        military_developments=[
            ExtractedDevelopment(
                actor=whole(d.actor), action=whole(d.action), place=whole(d.place),
                time=whole(d.time), quantity=whole(d.quantity), claimed_by=whole(d.claimed_by),
                quote=quote(d.sentence),
            )
            for d in cited.military_developments
        ],
    )  # fmt: skip


def combine(extractions: Sequence[ArticleExtraction]) -> ArticleExtraction:
    """One article's extraction from its windows' extractions (the merger deduplicates later)."""
    return ArticleExtraction(
        parties=[p for e in extractions for p in e.parties],
        proposals=[p for e in extractions for p in e.proposals],
        positions=[p for e in extractions for p in e.positions],
        military_developments=[d for e in extractions for d in e.military_developments],
    )


def reasks_that_fit(config: ResolvedConfig, text_chars: int) -> int:
    """Re-asks that cannot overflow the model's context: each one repeats the prompt and adds
    the failed answer. Seen without this: a re-ask grew a request to 9,810 prompt + 1,536
    completion tokens on an 8,192-token context, the server answered 400 and the article was
    lost. Hosted endpoints have contexts far beyond one article, so only the embedded model's
    known window is checked."""
    if config.backend != "embedded":
        return config.max_reasks
    prompt = PREFIX_TOKENS_ESTIMATE + int(text_chars / CHARS_PER_TOKEN)
    room = config.embedded_n_ctx - prompt - config.max_output_tokens
    fit = room // (config.max_output_tokens + REASK_OVERHEAD_TOKENS)
    return max(0, min(config.max_reasks, fit))


def window_size(config: ResolvedConfig) -> int:
    """Characters of article text per call for the configured strategy."""
    if config.strategy == "windows":
        return min(config.window_chars, config.max_chunk_chars)
    return config.max_chunk_chars


def cache_key(article: Article, config: ResolvedConfig) -> str:
    # The junk spans are part of what the model reads: a new junk rule must not reuse an
    # extraction made from the text with the junk still in it.
    parts = (
        article.content_hash, repr(article.junk), config.model, prompt_version(config.strategy),
        schema_version(config.strategy), config.strategy, str(window_size(config)),
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


class DecisionStore:
    """The model's one-token choices on disk, one JSON file per question, keyed by the model and
    the exact messages. An extraction is keyed by the reader's version too, so a new reader
    re-reads every article; its questions are mostly the same sentences, answered already."""

    def __init__(self, root: Path, model: str) -> None:
        self.root = root / "decisions"
        self.model = model

    def _path(self, messages: list[dict[str, str]]) -> Path:
        asked = json.dumps([self.model, messages], sort_keys=True, ensure_ascii=False)
        return self.root / f"{hashlib.sha256(asked.encode('utf-8')).hexdigest()}.json"

    def get(self, messages: list[dict[str, str]]) -> Choice | None:
        try:
            raw = json.loads(self._path(messages).read_text(encoding="utf-8"))
            probabilities = raw["probabilities"]
            return Choice(
                picked=str(raw["picked"]),
                probabilities=None if probabilities is None else {
                    str(k): float(v) for k, v in probabilities.items()
                },
                usage=Usage(),
                calls=0,
            )  # fmt: skip
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # asked again

    def put(self, messages: list[dict[str, str]], choice: Choice) -> None:
        record = {"picked": choice.picked, "probabilities": choice.probabilities}
        write_atomic(self._path(messages), json.dumps(record, ensure_ascii=False))


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
    client: ModelPool | None,
    *,
    on_done: Callable[[ArticleRun], None] | None = None,
) -> list[ArticleResult]:
    """Extract every article in ``the_plan``; results come back in the order of ``articles``.

    Each article is numbered sentence by sentence and read in windows (one window per article
    with the ``single`` strategy, unless it is longer than the model's context). The windows'
    answers are combined into one extraction, stored at once."""
    store = ExtractionStore(config.cache_dir)
    remembered = DecisionStore(config.cache_dir, config.model) if config.use_cache else None
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

    async def decided(article: Article) -> None:
        async with semaphore:
            # Every endpoint dead (llm/breaker.py) ends the run's calls, not each in turn.
            down = client.breaker.refusal() if client is not None else None
            refusal = down or budget.refuse(len(article.clean_text), calls=1)
            sentences = [] if refusal else split_sentences(article.text, article.junk)
            if refusal is not None:
                run = ArticleRun(source_id=article.id, status="skipped", error=refusal)
                finish(ArticleResult(article, run, None))
                return
            try:
                result = await decide_article(article, sentences, client, remembered=remembered)
            except ModelCallError as exc:
                budget.spend(exc.usage)
                run = ArticleRun(
                    source_id=article.id, status="failed", error=str(exc), calls=exc.calls,
                    usage=exc.usage,
                )  # fmt: skip
                finish(ArticleResult(article, run, None))
                return
        budget.spend(result.usage)
        if config.use_cache:
            store.put(the_plan.keys[article.id], result.extraction, result.usage, result.calls)
        run = ArticleRun(source_id=article.id, status="ok", calls=result.calls, usage=result.usage)
        finish(ArticleResult(article, run, result.extraction, tuple(sentences)))

    async def one(article: Article) -> None:
        if config.strategy == "decide":
            return await decided(article)
        assert client is not None
        replies: list[Reply] = []
        done: list[ArticleExtraction] = []
        async with semaphore:
            # Split in turn, not all up front (~13 ms an article: 40 s of a 3,000-article day
            # before the first answer), and not at all once every endpoint is known dead.
            dead = client.breaker.open
            sentences = [] if dead else split_sentences(article.text, article.junk)
            parts = windows(sentences, window_size(config)) or [[]]
            for n, part in enumerate(parts, start=1):
                chars = sum(len(s.text) + 6 for s in part)
                # Every endpoint dead (llm/breaker.py) ends the run's calls, not each in turn.
                refusal = client.breaker.refusal() or budget.refuse(chars, calls=1)
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
                    reply = await client.extract(
                        extraction_messages(article, part),
                        max_reasks=reasks_that_fit(config, chars),
                        article=article.id,
                    )
                except ModelCallError as exc:
                    budget.spend(exc.usage)
                    where = f" (window {n} of {len(parts)})" if len(parts) > 1 else ""
                    run = ArticleRun(
                        source_id=article.id,
                        status="failed",
                        error=f"{exc}{where}",
                        calls=exc.calls + sum(r.calls for r in replies),
                        usage=sum((r.usage for r in replies), exc.usage),
                    )
                    finish(ArticleResult(article, run, None))
                    return
                budget.spend(reply.usage)
                replies.append(reply)
                done.append(grounded(reply.extraction, part))
        extraction = done[0] if len(done) == 1 else combine(done)
        usage = sum((r.usage for r in replies), Usage())
        calls = sum(r.calls for r in replies)
        if config.use_cache:
            store.put(the_plan.keys[article.id], extraction, usage, calls)
        run = ArticleRun(source_id=article.id, status="ok", calls=calls, usage=usage)
        finish(ArticleResult(article, run, extraction, tuple(sentences)))

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
