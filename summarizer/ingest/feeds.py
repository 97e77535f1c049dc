"""RSS and Atom feeds (feedparser): the entries' links, titles and dates.

A feed names articles; their text is fetched from each entry's link with the same rules as any
URL (:mod:`summarizer.ingest.web`), so a cron job can brief a feed every morning.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import feedparser

from summarizer.errors import InputError


@dataclass(frozen=True)
class FeedEntry:
    """One article a feed names."""

    link: str
    title: str | None
    published: str | None


def _date(entry: feedparser.FeedParserDict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not isinstance(parsed, time.struct_time):
        return None
    return time.strftime("%Y-%m-%d", parsed)


def read_feed(data: bytes, *, name: str, base_url: str | None = None) -> list[FeedEntry]:
    """The entries of an RSS or Atom document, in feed order; entries without a link are
    skipped (there is nothing to fetch)."""
    # feedparser reads bytes it is given and never fetches: the HTTP rules stay ours.
    parsed = feedparser.parse(data, response_headers={"content-location": base_url or ""})
    if parsed.get("bozo") and not parsed.get("entries"):
        reason = parsed.get("bozo_exception")
        raise InputError(name, f"not a readable RSS or Atom feed ({reason})")
    entries = []
    for entry in parsed.get("entries", []):
        link = entry.get("link")
        if not isinstance(link, str) or not link.strip():
            continue
        title = entry.get("title")
        entries.append(
            FeedEntry(
                link=link.strip(),
                title=title if isinstance(title, str) else None,
                published=_date(entry),
            )
        )
    if not entries:
        raise InputError(name, "feed names no articles (no entry has a link)")
    return entries
