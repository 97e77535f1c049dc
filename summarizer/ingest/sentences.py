"""Cutting an article's text into pieces that fit one model call."""

from __future__ import annotations

import re

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
