"""An article as numbered sentences: what the model reads, and what its evidence numbers index.

The model names its evidence by sentence number instead of copying it, so grounding is exact by
construction (each sentence is ``text[start:end]`` of the original text) and the quotes are never
decoded. Page junk is not numbered: the model never sees it and cannot cite it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import pysbd

# Shorter pieces are headline fragments, bylines or furniture ("Premium", "Photo: AFP").
MIN_SENTENCE_CHARS = 12
_LINE = re.compile(r"[^\n]+")
# A heading glued to the paragraph under it when a page lost its line break: "Trump frustrated
# with Putin's delayUS President Donald Trump expressed ...", "BerlinThe Kremlin has ...". The
# break is after a lowercase word of three letters or more (brand names such as "WhatsApp" have
# a capital before), or after a capitalised place before "The".
_GLUED_HEADING = re.compile(r"\b[a-z]{3,}(?=[A-Z])|\b[A-Z][a-z]{2,}(?=The\s)")


@dataclass(frozen=True)
class Sentence:
    """Sentence ``number`` (1-based) of an article: ``text == article.text[start:end]``."""

    number: int
    start: int
    end: int
    text: str


@cache
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def _outside(start: int, end: int, junk: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``[start, end)`` that no junk span covers."""
    parts = [(start, end)]
    for j_start, j_end in junk:
        next_parts = []
        for s, e in parts:
            if j_end <= s or e <= j_start:
                next_parts.append((s, e))
                continue
            if s < j_start:
                next_parts.append((s, j_start))
            if j_end < e:
                next_parts.append((j_end, e))
        parts = next_parts
    return parts


def split_sentences(text: str, junk: Sequence[tuple[int, int]] = ()) -> tuple[Sentence, ...]:
    """Number the sentences of ``text`` outside its ``junk`` spans, line by line (a headline
    or a caption without a full stop is its own sentence)."""
    return _split(text, tuple(junk))


@lru_cache(maxsize=256)
def _split(text: str, junk: tuple[tuple[int, int], ...]) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text):
        for start, end in _glued_apart(_outside(line.start(), line.end(), junk), text):
            pos = start
            for piece in _segmenter().segment(text[start:end]):
                at = text.find(piece.strip(), pos, end) if piece.strip() else -1
                if at < 0:
                    continue
                stop = at + len(piece.strip())
                pos = stop
                if stop - at >= MIN_SENTENCE_CHARS:
                    sentences.append(Sentence(len(sentences) + 1, at, stop, text[at:stop]))
    return tuple(sentences)


def _glued_apart(parts: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """The parts cut where a heading runs into its paragraph."""
    out = []
    for start, end in parts:
        for glued in _GLUED_HEADING.finditer(text, start, end):
            out.append((start, glued.end()))
            start = glued.end()
        out.append((start, end))
    return out


def numbered(sentences: Sequence[Sentence]) -> str:
    """The sentences as the model reads them: one per line, ``[n] text``."""
    return "\n".join(f"[{s.number}] {s.text}" for s in sentences)


def windows(sentences: Sequence[Sentence], max_chars: int) -> list[list[Sentence]]:
    """Consecutive runs of sentences of at most ``max_chars`` characters each (a longer single
    sentence is a window of its own). A small model finds more in a short window."""
    out: list[list[Sentence]] = []
    current: list[Sentence] = []
    size = 0
    for sentence in sentences:
        length = len(sentence.text) + 1
        if current and size + length > max_chars:
            out.append(current)
            current, size = [], 0
        current.append(sentence)
        size += length
    if current:
        out.append(current)
    return out
