"""Every kind of input, read in one call: files, folders, stdin, saved pages, URLs, feeds, and
list files that name any of these.

Local inputs that cannot be read stop the run with one line naming them (the caller can fix them
and run again). URLs are another matter: a site being down must not cost the day's brief, so a
URL that fails becomes a :class:`FailedInput` that the briefing names in its provenance.
"""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from summarizer.errors import InputError
from summarizer.ingest.article import (
    Article,
    FailedInput,
    make_article,
    unique_ids,
    with_published,
)
from summarizer.ingest.feeds import FeedEntry, read_feed
from summarizer.ingest.files import (
    FEED_SUFFIXES,
    LIST_SUFFIXES,
    expand_folder,
    read_bytes,
    read_file,
    read_list,
)
from summarizer.ingest.web import FetchError, FetchPolicy, Page, article_from_html, fetch_all


@dataclass
class Inputs:
    """What the inputs yielded: articles, and the inputs that yielded none (with why)."""

    articles: list[Article] = field(default_factory=list)
    failed: list[FailedInput] = field(default_factory=list)


def is_url(raw: str) -> bool:
    return raw.startswith(("http://", "https://"))


def url_id(url: str) -> str:
    """A readable id for a fetched article: host and last path segment."""
    parts = urlsplit(url)
    host = parts.hostname or "url"
    host = host.removeprefix("www.")
    segment = next((s for s in reversed(parts.path.split("/")) if s), "")
    segment = re.sub(r"\.[a-z0-9]{2,5}$", "", segment, flags=re.IGNORECASE)
    slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{host}-{segment}" if segment else host).strip("-")
    return slug[:60].rstrip("-").lower()


def _looks_like_html(text: str) -> bool:
    return text.lstrip()[:200].lower().startswith(("<!doctype html", "<html"))


@dataclass
class _Reader:
    published: str | None
    stdin_text: str | None
    policy: FetchPolicy
    inputs: Inputs = field(default_factory=Inputs)
    #: URLs to fetch, each with the feed entry that named it (if any).
    pending: list[tuple[str, FeedEntry | None]] = field(default_factory=list)

    def add(self, raw: str, *, from_list: bool = False) -> None:
        if raw == "-":
            self._stdin()
        elif is_url(raw):
            self.pending.append((raw, None))
        else:
            self._local(Path(raw), from_list=from_list)

    def _stdin(self) -> None:
        text = self.stdin_text if self.stdin_text is not None else sys.stdin.read()
        if not text.strip():
            raise InputError("<stdin>", "empty article (no text)")
        if _looks_like_html(text):
            article = article_from_html(text, id="stdin")
        else:
            article = make_article(text, id="stdin")
        self.inputs.articles.append(with_published(article, self.published))

    def _local(self, path: Path, *, from_list: bool) -> None:
        suffix = path.suffix.lower()
        if path.is_dir():
            for found in expand_folder(path):
                self.inputs.articles.extend(read_file(found, published=self.published))
        elif suffix in LIST_SUFFIXES and not from_list:
            for entry in read_list(path):
                self.add(entry, from_list=True)
        elif suffix in FEED_SUFFIXES:
            entries = read_feed(read_bytes(path, FEED_SUFFIXES), name=str(path))
            self.pending.extend((e.link, e) for e in entries)
        else:
            self.inputs.articles.extend(read_file(path, published=self.published))

    def fetch_pending(self) -> None:
        """Fetch what is pending; a feed found among the pages adds its entries, once."""
        for _round in range(2):
            if not self.pending:
                return
            batch, self.pending = self.pending, []
            pages = asyncio.run(fetch_all([url for url, _ in batch], self.policy))
            for (url, entry), page in zip(batch, pages, strict=True):
                self._page(url, entry, page, allow_feed=_round == 0)

    def _page(
        self, url: str, entry: FeedEntry | None, page: Page | FetchError, *, allow_feed: bool
    ) -> None:
        if isinstance(page, FetchError):
            self._fail(url, page.reason)
            return
        kind = page.kind
        published = (entry.published if entry else None) or self.published
        try:
            if kind == "feed":
                if not allow_feed or entry is not None:
                    # One level only: a feed that names feeds could lead anywhere.
                    self._fail(url, "a feed named by a feed (not followed)")
                    return
                entries = read_feed(page.body, name=url, base_url=page.url)
                self.pending.extend((e.link, e) for e in entries)
                return
            if kind == "html":
                # A charset in the HTTP header wins; without one, trafilatura reads the page's.
                html = page.text() if page.encoding else page.body
                article = article_from_html(
                    html, id=url_id(page.url), url=page.url, origin="feed" if entry else "url"
                )
            elif kind == "text":
                article = make_article(page.text(), id=url_id(page.url), url=page.url, origin="url")
            else:
                self._fail(url, f"not a web page or feed (content-type {kind})")
                return
        except InputError as exc:
            self._fail(url, exc.reason)
            return
        if entry is not None and not article.title and entry.title:
            article = replace(article, title=entry.title)
        self.inputs.articles.append(with_published(article, published))

    def _fail(self, url: str, reason: str) -> None:
        self.inputs.failed.append(FailedInput(id=url_id(url), source=url, reason=reason, url=url))


def read_inputs(
    paths: Sequence[str | Path],
    *,
    published: str | None = None,
    stdin_text: str | None = None,
    policy: FetchPolicy | None = None,
) -> Inputs:
    """Read every input: files and folders of articles, saved pages (``.html``), ``-`` for
    standard input, ``http(s)://`` URLs of pages or RSS/Atom feeds, feed files (``.rss``,
    ``.atom``, ``.xml``) and list files (``.urls``, one URL or path a line).

    Ids are file stems, or host and path for URLs; a clash gets a numeric suffix."""
    reader = _Reader(published=published, stdin_text=stdin_text, policy=policy or FetchPolicy())
    for raw in paths:
        reader.add(str(raw))
    reader.fetch_pending()
    inputs = reader.inputs
    if not inputs.articles and not inputs.failed:
        raise InputError(", ".join(map(str, paths)) or "<no paths>", "no articles to read")
    # Failed inputs share the id space: the briefing lists them among its sources.
    named = unique_ids([*inputs.articles, *(f.article() for f in inputs.failed)])
    n = len(inputs.articles)
    inputs.articles = named[:n]
    inputs.failed = [
        FailedInput(id=a.id, source=f.source, reason=f.reason, url=f.url, path=f.path)
        for a, f in zip(named[n:], inputs.failed, strict=True)
    ]
    return inputs


def read_articles(
    paths: Sequence[str | Path],
    *,
    published: str | None = None,
    stdin_text: str | None = None,
    policy: FetchPolicy | None = None,
) -> list[Article]:
    """The articles of :func:`read_inputs`; raises :class:`InputError` if any input failed
    (use :func:`read_inputs` to go on without the inputs that failed)."""
    inputs = read_inputs(paths, published=published, stdin_text=stdin_text, policy=policy)
    if inputs.failed:
        first = inputs.failed[0]
        more = f" (and {len(inputs.failed) - 1} more)" if len(inputs.failed) > 1 else ""
        raise InputError(first.source, first.reason + more)
    return inputs.articles
