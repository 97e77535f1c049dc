"""Reading articles from files, folders and stdin, and finding page junk without moving offsets.

Junk (ads, paywall badges, comment widgets, legal disclaimers, off-topic "Also Read" links) is
located as spans of the original text. The model reads the text with those spans removed, while
every offset the briefing publishes still points into the original text.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.errors import InputError
from summarizer.schema import Source

ARTICLE_SUFFIXES = (".txt", ".md", ".json", ".jsonl")
# Far beyond any news article; a bigger file is almost surely not one (and would cost a fortune).
MAX_ARTICLE_CHARS = 300_000
# Text metadata keys accepted in .json/.jsonl articles besides "text".
_METADATA_KEYS = ("id", "title", "outlet", "url", "published")


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


# A whole line that is page furniture, never reporting.
_JUNK_LINE = re.compile(
    r"^[ \t]*(?:premium|advertisement|sponsored|latest comments?|post comment|read comments"
    r"|comments|no comments?|error message|story continues below (?:this )?ad(?:vertisement)?"
    r"|an error occurred while searching.*|stay updated with the latest.*|click here to .*"
    r"|(?:ap|afp|reuters)(?:\s*/\s*(?:ap|afp|reuters))*|share this article|subscribe.*newsletter.*"
    r")[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# A line that talks to a language model is not reporting: the model never sees it, so an article
# cannot steer the extraction (defence in depth; the evidence check is the other half).
_INJECTION_LINE = re.compile(
    r"^[^\n]*(?:(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:the\s+|your\s+)?"
    r"(?:previous|prior|above|earlier|preceding)\s+(?:instructions|prompts?|rules)"
    r"|you\s+are\s+now\s+(?:in\s+)?\w+\s+mode|system\s+prompt)[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
# Everything from a legal disclaimer to the end of the page is boilerplate.
_DISCLAIMER = re.compile(r"Legal Disclaimer:.*\Z", re.DOTALL)
# "Also Read | <headline of another story>": the link runs to the end of its line or to the next
# heading glued onto it ("...missilesIn Berlin"), whichever comes first.
_ALSO_READ = re.compile(r"(?:Also Read|Read More|Related)\s*\|[^\n]*", re.IGNORECASE)
_GLUED = re.compile(r"[a-z][A-Z]")


def find_junk(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of ``text`` that are page junk, sorted and non-overlapping."""
    spans: list[tuple[int, int]] = []
    disclaimer = _DISCLAIMER.search(text)
    limit = disclaimer.start() if disclaimer else len(text)
    if disclaimer:
        spans.append((disclaimer.start(), len(text)))
    for pattern in (_JUNK_LINE, _INJECTION_LINE):
        spans.extend((m.start(), m.end()) for m in pattern.finditer(text, 0, limit))
    for m in _ALSO_READ.finditer(text, 0, limit):
        end = min(m.end(), limit)
        glued = _GLUED.search(text, m.start() + 12, end)
        if glued:
            # Keep the paragraph that starts at the capital; the heading before it goes too.
            end = glued.start() + 1
        spans.append((m.start(), end))
    return _merge_spans(spans)


def _merge_spans(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _guess_title(text: str, junk: Sequence[tuple[int, int]]) -> str | None:
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
) -> Article:
    """Check ``text`` and build an :class:`Article`, locating its junk."""
    name = path or id
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
    )
    if not article.clean_text:
        raise InputError(name, "nothing but page junk (ads, disclaimers, comment widgets)")
    return article


def _decode(data: bytes, name: str) -> str:
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


def read_file(path: Path, *, published: str | None = None) -> list[Article]:
    """Read the articles in one file (``.jsonl`` may hold several)."""
    name = str(path)
    if not path.exists():
        raise InputError(name, "no such file or directory")
    if not path.is_file():
        raise InputError(name, "not a regular file")
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        raise InputError(
            name,
            f"unsupported file type {path.suffix or '(none)'!r}; articles are "
            + ", ".join(ARTICLE_SUFFIXES)
            + " files",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None
    if not data.strip():
        raise InputError(name, "empty file" if not data else "file holds only whitespace")
    text = _decode(data, name)
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(name, f"malformed JSON: {exc.msg} at line {exc.lineno}") from None
        article = _from_record(record, name=name, default_id=path.stem, path=name)
        return [_with_published(article, published)]
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
            articles.append(_with_published(article, published))
        if not articles:
            raise InputError(name, "JSONL file holds no articles")
        return articles
    return [make_article(text, id=path.stem, path=name, published=published)]


def _with_published(article: Article, published: str | None) -> Article:
    if article.published or not published:
        return article
    return Article(**{**article.__dict__, "published": published})


def _expand(paths: Sequence[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
            if not found:
                raise InputError(
                    str(path), f"folder holds no articles ({', '.join(ARTICLE_SUFFIXES)} files)"
                )
            yield from found
        else:
            yield path


def read_articles(
    paths: Sequence[str | Path], *, published: str | None = None, stdin_text: str | None = None
) -> list[Article]:
    """Read every article under ``paths`` (files or folders; ``-`` is standard input).

    Ids are the file stems; a clash gets a numeric suffix so every source stays distinct.
    """
    articles: list[Article] = []
    for raw in paths:
        if str(raw) == "-":
            text = stdin_text if stdin_text is not None else sys.stdin.read()
            if not text.strip():
                raise InputError("<stdin>", "empty article (no text)")
            articles.append(make_article(text, id="stdin", published=published))
        else:
            for path in _expand([Path(raw)]):
                articles.extend(read_file(path, published=published))
    if not articles:
        raise InputError(", ".join(map(str, paths)) or "<no paths>", "no articles to read")
    return _unique_ids(articles)


def _unique_ids(articles: list[Article]) -> list[Article]:
    seen: dict[str, int] = {}
    out = []
    for article in articles:
        n = seen.get(article.id, 0)
        seen[article.id] = n + 1
        if n:
            article = Article(**{**article.__dict__, "id": f"{article.id}-{n + 1}"})
        out.append(article)
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?…”\"])\s+")


def split_text(text: str, max_chars: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``max_chars``, at paragraph boundaries when possible,
    else at sentence boundaries, else anywhere; nothing is dropped."""
    if len(text) <= max_chars:
        return [text]
    pieces: list[str] = []
    for paragraph in text.split("\n"):
        if len(paragraph) <= max_chars:
            pieces.append(paragraph)
            continue
        for sentence in _SENTENCE_END.split(paragraph):
            pieces.extend(sentence[i : i + max_chars] for i in range(0, len(sentence), max_chars))
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}\n{piece}" if current else piece
        if len(candidate) <= max_chars:
            current = candidate
        else:
            chunks.append(current)
            current = piece
    if current:
        chunks.append(current)
    return [c for c in chunks if c.strip()]
