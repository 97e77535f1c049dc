"""Local files: plain text, Markdown, JSON, JSONL and saved web pages (HTML)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summarizer.errors import InputError
from summarizer.ingest.article import Article, make_article, with_published
from summarizer.ingest.web import article_from_html

TEXT_SUFFIXES = (".txt", ".md", ".json", ".jsonl")
HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES)
#: Files that name articles rather than hold one: RSS/Atom feeds, and lists of URLs or paths.
FEED_SUFFIXES = (".rss", ".atom", ".xml")
LIST_SUFFIXES = (".urls",)
# Text metadata keys accepted in .json/.jsonl articles besides "text".
_METADATA_KEYS = ("id", "title", "outlet", "url", "published")


def decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError(name, "looks like a binary file (contains NUL bytes), not an article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            name,
            f"not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start});"
            " re-save it as UTF-8",
        ) from None


def _from_record(record: Any, *, name: str, default_id: str, path: str) -> Article:
    if not isinstance(record, dict):
        raise InputError(name, "expected a JSON object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(name, "JSON article has no 'text' string field")
    meta: dict[str, str | None] = {}
    for key in _METADATA_KEYS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(name, f"field {key!r} must be a string")
        meta[key] = value
    return make_article(
        text,
        id=meta["id"] or default_id,
        path=path,
        title=meta["title"],
        outlet=meta["outlet"],
        url=meta["url"],
        published=meta["published"],
    )


def read_bytes(path: Path, suffixes: tuple[str, ...]) -> bytes:
    """The bytes of a regular, non-empty file whose suffix is one of ``suffixes``."""
    name = str(path)
    if not path.exists():
        raise InputError(name, "no such file or directory")
    if not path.is_file():
        raise InputError(name, "not a regular file")
    if path.suffix.lower() not in suffixes:
        raise InputError(
            name,
            f"unsupported file type {path.suffix or '(none)'!r}; inputs are "
            + ", ".join(suffixes)
            + " files",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None
    if not data.strip():
        raise InputError(name, "empty file" if not data else "file holds only whitespace")
    return data


def read_file(path: Path, *, published: str | None = None) -> list[Article]:
    """Read the articles in one file (``.jsonl`` may hold several)."""
    name = str(path)
    data = read_bytes(path, ARTICLE_SUFFIXES)
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        # A page declares its own encoding (meta charset); trafilatura reads it from the bytes.
        if b"\x00" in data[:8192]:
            raise InputError(name, "looks like a binary file (contains NUL bytes), not a page")
        article = article_from_html(data, id=path.stem, path=name)
        return [with_published(article, published)]
    text = decode(data, name)
    if suffix == ".json":
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(name, f"malformed JSON: {exc.msg} at line {exc.lineno}") from None
        article = _from_record(record, name=name, default_id=path.stem, path=name)
        return [with_published(article, published)]
    if suffix == ".jsonl":
        articles = []
        for lineno, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{name}:{lineno}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(where, f"malformed JSON line: {exc.msg}") from None
            article = _from_record(
                record, name=where, default_id=f"{path.stem}-{lineno}", path=name
            )
            articles.append(with_published(article, published))
        if not articles:
            raise InputError(name, "JSONL file holds no articles")
        return articles
    return [make_article(text, id=path.stem, path=name, published=published)]


def texts_jsonl(articles: Sequence[Article]) -> str:
    """The articles as JSONL, one object a line with the exact text the brief's offsets index;
    the file reads back as input (``summarizer brief NAME.texts.jsonl``)."""
    lines = []
    for a in articles:
        record = {"id": a.id, "title": a.title, "outlet": a.outlet, "url": a.url,
                  "published": a.published, "author": a.author, "text": a.text}  # fmt: skip
        lines.append(json.dumps({k: v for k, v in record.items() if v is not None},
                                ensure_ascii=False))  # fmt: skip
    return "\n".join(lines) + "\n"


def read_list(path: Path) -> list[str]:
    """The URLs or paths in a list file, one a line (blank lines and ``#`` comments skipped);
    relative paths are relative to the list file's folder."""
    name = str(path)
    lines = decode(read_bytes(path, LIST_SUFFIXES), name).splitlines()
    entries = []
    for line in lines:
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if "://" not in entry and entry != "-" and not Path(entry).is_absolute():
            entry = str(path.parent / entry)
        entries.append(entry)
    if not entries:
        raise InputError(name, "list names no URLs or files")
    return entries


def expand_folder(path: Path) -> list[Path]:
    found = sorted(
        p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
    )
    if not found:
        raise InputError(
            str(path), f"folder holds no articles ({', '.join(ARTICLE_SUFFIXES)} files)"
        )
    return found
