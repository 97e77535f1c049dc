"""The article: its original text, where it came from, and the junk spans found in it.

Junk is located as spans of the original text. The model reads the text with those spans removed,
while every offset the briefing publishes still points into the original text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from typing import Literal

from summarizer.errors import InputError
from summarizer.ingest.junk import find_junk
from summarizer.schema import Source

# Far beyond any news article; a bigger file is almost surely not one (and would cost a fortune).
MAX_ARTICLE_CHARS = 300_000

#: Where an article's text came from: as given (a text or JSON file, stdin, a string), or
#: extracted from a saved page, a fetched URL or a feed entry.
Origin = Literal["text", "html", "url", "feed"]


@dataclass(frozen=True)
class Article:
    """One article: its original text, where it came from, and the junk spans found in it."""

    id: str
    text: str
    path: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    junk: tuple[tuple[int, int], ...] = field(default=())
    author: str | None = None
    origin: Origin = "text"

    @property
    def clean_text(self) -> str:
        """The text the model reads: the original with junk spans removed."""
        parts, pos = [], 0
        for start, end in self.junk:
            parts.append(self.text[pos:start])
            pos = end
        parts.append(self.text[pos:])
        return re.sub(r"\n{3,}", "\n\n", "".join(parts)).strip()

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def source(self) -> Source:
        return Source(
            id=self.id,
            path=self.path,
            title=self.title,
            outlet=self.outlet,
            url=self.url,
            published=self.published,
        )


@dataclass(frozen=True)
class FailedInput:
    """An input that yielded no article (a URL that could not be fetched, a page with no text):
    it is named in the briefing's provenance as a failed article, never silently dropped."""

    id: str
    source: str
    reason: str
    url: str | None = None
    path: str | None = None

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"

    def article(self) -> Article:
        """A placeholder with no text, so the briefing lists the input among its sources."""
        return Article(id=self.id, text="", path=self.path, url=self.url)


def _guess_title(text: str, junk: tuple[tuple[int, int], ...]) -> str | None:
    """The first line that is not junk, when it reads like a headline (short, no final period)."""
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        stripped = line.strip()
        if not stripped or any(s <= start < e for s, e in junk):
            continue
        if len(stripped) <= 200 and not stripped.endswith((".", ":", "”", '"')):
            return stripped
        return None
    return None


def make_article(
    text: str,
    *,
    id: str,
    path: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: str | None = None,
    author: str | None = None,
    origin: Origin = "text",
) -> Article:
    """Check ``text`` and build an :class:`Article`, locating its junk."""
    name = path or url or id
    if not text.strip():
        raise InputError(name, "empty article (no text)")
    if "\x00" in text:
        raise InputError(name, "looks like a binary file (contains NUL bytes), not an article")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            name, f"article is {len(text):,} characters, over the {MAX_ARTICLE_CHARS:,} limit"
        )
    junk = find_junk(text)
    article = Article(
        id=id,
        text=text,
        path=path,
        title=title or _guess_title(text, junk),
        outlet=outlet,
        url=url,
        published=published,
        junk=junk,
        author=author,
        origin=origin,
    )
    if not article.clean_text:
        raise InputError(name, "nothing but page junk (ads, disclaimers, comment widgets)")
    return article


def with_published(article: Article, published: str | None) -> Article:
    """``article`` dated ``published`` when it carries no date of its own."""
    if article.published or not published:
        return article
    return replace(article, published=published)


def unique_ids(articles: list[Article]) -> list[Article]:
    """Ids made distinct: a clash gets a numeric suffix so every source stays distinct."""
    seen: dict[str, int] = {}
    out = []
    for article in articles:
        n = seen.get(article.id, 0)
        seen[article.id] = n + 1
        if n:
            article = replace(article, id=f"{article.id}-{n + 1}")
        out.append(article)
    return out
