"""Web pages in: main-text extraction from HTML (trafilatura) and fetching URLs (httpx2).

Fetching follows the rules of a polite, bounded client: a clear user agent, timeouts on connect
and on every read, a deadline for the whole body (a server that trickles bytes cannot hold a run),
a size cap checked while streaming (a 50 MB body is refused after the first megabytes, not read),
a bounded number of redirects, and retries of transient failures (timeouts, connection errors,
408/429/5xx, honouring ``Retry-After``) with the same tenacity policy as the model client's
transport: exponential backoff with jitter, capped in attempts and total time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import httpx2
import trafilatura
from tenacity import (
    AsyncRetrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
)
from trafilatura.settings import Document

from summarizer.errors import InputError
from summarizer.ingest.article import Article, Origin, make_article
from summarizer.retrying import RETRYABLE_STATUS, WaitHonouringRetryAfter, retry_after_s

USER_AGENT = "summarizer/0.1 (news briefing tool)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
XML_TYPES = ("application/xml", "text/xml")
TEXT_TYPES = ("text/plain",)


@dataclass(frozen=True)
class FetchPolicy:
    """Limits for fetching one URL."""

    connect_timeout_s: float = 10.0
    #: Longest wait for the next bytes of a response.
    read_timeout_s: float = 20.0
    #: Deadline for the whole response body, however steadily it trickles in.
    body_deadline_s: float = 60.0
    #: News pages are well under 2 MB; a bigger body is not an article page.
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    attempts: int = 3
    initial_wait_s: float = 1.0
    max_wait_s: float = 30.0
    max_total_s: float = 120.0
    #: URLs fetched at once.
    concurrency: int = 4
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Page:
    """A fetched response: where it ended up, its media type, and its body."""

    url: str
    content_type: str
    body: bytes
    encoding: str | None

    @property
    def kind(self) -> str:
        """``html``, ``feed``, ``text``, or the media type when it is none of those."""
        if self.content_type in HTML_TYPES:
            return "html"
        if self.content_type in FEED_TYPES or (
            self.content_type in XML_TYPES and looks_like_feed(self.body)
        ):
            return "feed"
        if self.content_type in TEXT_TYPES:
            return "text"
        if not self.content_type and looks_like_feed(self.body):
            return "feed"
        if not self.content_type and b"<html" in self.body[:2048].lower():
            return "html"
        return self.content_type or "unknown content"

    def text(self) -> str:
        try:
            return self.body.decode(self.encoding or "utf-8", errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


class FetchError(InputError):
    """A URL could not be fetched; the message is one line naming the URL and the reason."""


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after_s: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after_s = retry_after_s


def looks_like_feed(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2 :].lstrip()
        while head.startswith(b"<!--") or head.startswith(b"<?"):
            end = head.find(b">")
            head = head[end + 1 :].lstrip()
    return head.startswith((b"<rss", b"<feed", b"<rdf:rdf"))


def _asked_wait(exc: BaseException | None) -> float | None:
    return exc.retry_after_s if isinstance(exc, _Retryable) else None


def _media_type(response: httpx2.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


async def _fetch_once(client: httpx2.AsyncClient, url: str, policy: FetchPolicy) -> Page:
    try:
        async with client.stream("GET", url) as response:
            if response.status_code in RETRYABLE_STATUS:
                raise _Retryable(
                    f"HTTP {response.status_code}",
                    retry_after_s(response.headers),
                )
            if response.status_code >= 400:
                raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > policy.max_bytes:
                raise FetchError(
                    url, f"body of {int(declared):,} bytes is over the {policy.max_bytes:,} cap"
                )
            chunks: list[bytes] = []
            size = 0
            deadline = time.monotonic() + policy.body_deadline_s
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > policy.max_bytes:
                    raise FetchError(url, f"body over the {policy.max_bytes:,}-byte cap")
                if time.monotonic() > deadline:
                    raise FetchError(
                        url, f"body not complete after {policy.body_deadline_s:g} s (too slow)"
                    )
                chunks.append(chunk)
            return Page(
                url=str(response.url),
                content_type=_media_type(response),
                body=b"".join(chunks),
                encoding=response.charset_encoding,
            )
    except httpx2.TooManyRedirects:
        raise FetchError(url, f"more than {policy.max_redirects} redirects") from None
    except httpx2.TimeoutException as exc:
        raise _Retryable(f"timed out ({type(exc).__name__})") from None
    except httpx2.TransportError as exc:
        raise _Retryable(f"connection failed ({exc or type(exc).__name__})") from None
    except httpx2.InvalidURL as exc:
        raise FetchError(url, f"invalid URL ({exc})") from None


async def fetch(client: httpx2.AsyncClient, url: str, policy: FetchPolicy) -> Page:
    """Fetch ``url``, retrying transient failures; raises :class:`FetchError` (one line)."""
    retrying = AsyncRetrying(
        retry=retry_if_exception(lambda e: isinstance(e, _Retryable)),
        wait=WaitHonouringRetryAfter(policy.initial_wait_s, policy.max_wait_s, _asked_wait),
        stop=stop_after_attempt(policy.attempts) | stop_after_delay(policy.max_total_s),
        reraise=True,
    )
    try:
        async for attempt in retrying:
            with attempt:
                return await _fetch_once(client, url, policy)
    except _Retryable as exc:
        tries = retrying.statistics.get("attempt_number", policy.attempts)
        raise FetchError(url, f"{exc.reason}, after {tries} attempt(s)") from None
    raise AssertionError("unreachable")  # pragma: no cover


def client(policy: FetchPolicy) -> httpx2.AsyncClient:
    return httpx2.AsyncClient(
        follow_redirects=True,
        max_redirects=policy.max_redirects,
        timeout=httpx2.Timeout(
            policy.read_timeout_s, connect=policy.connect_timeout_s, pool=None
        ),
        headers={"user-agent": policy.user_agent, "accept": "text/html, application/xhtml+xml,"
                 " application/rss+xml, application/atom+xml, text/xml;q=0.9, */*;q=0.5"},
    )  # fmt: skip


async def fetch_all(urls: Sequence[str], policy: FetchPolicy) -> list[Page | FetchError]:
    """Every URL fetched (``policy.concurrency`` at once), in order; failures as values."""
    semaphore = asyncio.Semaphore(policy.concurrency)
    async with client(policy) as http:

        async def one(url: str) -> Page | FetchError:
            async with semaphore:
                try:
                    return await fetch(http, url, policy)
                except FetchError as exc:
                    return exc

        return list(await asyncio.gather(*(one(u) for u in urls)))


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return value[:10] if len(value) >= 10 and value[4] == "-" else None


def article_from_html(
    html: str | bytes,
    *,
    id: str,
    path: str | None = None,
    url: str | None = None,
    published: str | None = None,
    origin: Origin = "html",
) -> Article:
    """The main text of a news page and its metadata (title, outlet, author, date).

    Navigation, ads, related-link blocks, comments and image captions are left out by
    trafilatura; the text the briefing's offsets index is exactly the extracted text."""
    name = path or url or id
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
        deduplicate=False,
    )
    if not isinstance(document, Document):
        raise InputError(name, "no article text found in the page")
    text = document.text
    if not text or not text.strip():
        raise InputError(name, "no article text found in the page")
    return make_article(
        text.strip(),
        id=id,
        path=path,
        url=url or document.url,
        title=document.title,
        outlet=document.sitename or document.hostname,
        author=document.author,
        published=_iso_date(document.date) or published,
        origin=origin,
    )
