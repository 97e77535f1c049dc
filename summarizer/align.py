"""Finding the model's quotes in the source text, so that every offset is exact.

Small models copy quotes almost verbatim: curly quotes become straight, spacing changes, a word
drops out. Alignment tries an exact match, then a match on normalised text (quote marks, dashes,
whitespace and case folded, with a map back to original offsets), then a fuzzy partial match
(rapidfuzz). The published quote is always the original text between the found offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Literal, NamedTuple

from rapidfuzz import fuzz

_FOLD = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "`": "'",
        "–": "-",
        "—": "-",
        "…": ".",
        "\u00a0": " ",
    }
)
MIN_QUOTE_CHARS = 12


class Span(NamedTuple):
    """Where a quote was found: ``text[start:end]``, and how."""

    start: int
    end: int
    method: Literal["exact", "normalised", "fuzzy"]
    score: float


_NON_SPACE_RUN = re.compile(r"\S+")


def _normalise(text: str) -> tuple[str, list[int], list[int]]:
    """Folded, single-spaced, lower-cased text, and where its runs start in it and in ``text``.

    The map is kept per word rather than per character: a word and the space after it are
    contiguous in the original, and per-character lists made this the merger's hottest spot."""
    folded = text.translate(_FOLD)
    lowered = folded.lower()
    if len(lowered) != len(folded):
        # A few characters change length when lower-cased ("İ"): go char by char.
        return _normalise_by_char(folded)
    words = _NON_SPACE_RUN.findall(lowered)
    orig_starts = [run.start() for run in _NON_SPACE_RUN.finditer(lowered)]
    norm_starts = list(accumulate((len(word) + 1 for word in words[:-1]), initial=0))
    return " ".join(words), norm_starts, orig_starts


def _normalise_by_char(text: str) -> tuple[str, list[int], list[int]]:
    out: list[str] = []
    index: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not in_space and out:
                out.append(" ")
                index.append(i)
            in_space = True
            continue
        in_space = False
        for lowered in ch.lower():
            out.append(lowered)
            index.append(i)
    if out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), list(range(len(out))), index


class Aligner:
    """Aligns many quotes against one text; normalises the text once."""

    def __init__(self, text: str, *, min_score: float = 88.0) -> None:
        self.text = text
        self.min_score = min_score
        self._norm, self._norm_starts, self._orig_starts = _normalise(text)
        self._words: frozenset[str] | None = None

    def find(self, quote: str) -> Span | None:
        quote = quote.strip()
        if len(quote) < MIN_QUOTE_CHARS:
            return None
        start = self.text.find(quote)
        if start >= 0:
            return Span(start, start + len(quote), "exact", 100.0)
        norm_quote = _normalise(quote)[0]
        norm_quote = norm_quote.strip(" \"'")
        if len(norm_quote) < MIN_QUOTE_CHARS:
            return None
        pos = self._norm.find(norm_quote)
        if pos >= 0:
            return self._span(pos, pos + len(norm_quote), "normalised", 100.0)
        # A quote longer than the text cannot be evidence.
        if len(norm_quote) > len(self._norm):
            return None
        # partial_ratio compares windows as long as the quote, so a dropped or added word costs
        # too much; it only locates the region, then word-bounded windows around it are scored.
        located = fuzz.partial_ratio_alignment(
            norm_quote, self._norm, score_cutoff=self.min_score - 20
        )
        if located is None:
            return None
        best = self._best_window(norm_quote, located.dest_start, located.dest_end)
        if best is None:
            return None
        start, end, score = best
        return self._span(start, end, "fuzzy", score)

    def _best_window(self, quote: str, start: int, end: int) -> tuple[int, int, float] | None:
        norm = self._norm
        slack = max(8, len(quote) // 4)
        lo, hi = max(0, start - slack), min(len(norm), end + slack)
        starts = [i for i in range(lo, start + slack) if i == 0 or norm[i - 1] == " "]
        ends = [j for j in range(max(lo, end - slack), hi + 1) if j == len(norm) or norm[j] == " "]
        best: tuple[int, int, float] | None = None
        for i in starts:
            for j in ends:
                if j - i < MIN_QUOTE_CHARS:
                    continue
                score = fuzz.ratio(quote, norm[i:j])
                if score >= self.min_score and (best is None or score > best[2]):
                    best = (i, j, score)
        return best

    def _span(
        self, nstart: int, nend: int, method: Literal["exact", "normalised", "fuzzy"], score: float
    ) -> Span:
        return Span(self._original(nstart), self._original(nend - 1) + 1, method, score)

    def _original(self, norm_at: int) -> int:
        run = bisect_right(self._norm_starts, norm_at) - 1
        return self._orig_starts[run] + norm_at - self._norm_starts[run]

    @property
    def words(self) -> frozenset[str]:
        """Folded words of the text, to rule out names it cannot contain without a search."""
        if self._words is None:
            self._words = frozenset(fold_word(w) for w in re.findall(r"\w+", self._norm))
        return self._words

    def find_name(self, name: str) -> Span | None:
        """First whole-word mention of a name, case- and quote-insensitive; a transliterated
        ending may follow (``Zelensky`` finds ``Zelenskyy``)."""
        pattern = name_pattern(name)
        return None if pattern is None else self.find_name_pattern(pattern)

    def find_name_pattern(self, pattern: NamePattern) -> Span | None:
        if not pattern.words <= self.words:
            return None
        # str.find, then a check of the word boundaries: much faster than a regex search.
        norm, needle = self._norm, pattern.text
        start = norm.find(needle)
        while start >= 0:
            end = start + len(needle)
            if start == 0 or not norm[start - 1].isalnum():
                for ending in ("", "y", "i", "iy"):
                    stop = end + len(ending)
                    if norm.startswith(ending, end) and (
                        stop == len(norm) or not norm[stop].isalnum()
                    ):
                        return self._span(start, stop, "normalised", 100.0)
            start = norm.find(needle, start + 1)
        return None


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """A word without the endings transliterations disagree on (zelenskyy, zelensky -> zelensk)."""
    for ending in ("iy", "yy", "y", "i"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)]
    return word


@dataclass(frozen=True)
class NamePattern:
    """A name in normalised form, and its folded words."""

    text: str
    words: frozenset[str]


@lru_cache(maxsize=65536)
def name_pattern(name: str) -> NamePattern | None:
    norm_name = _normalise(name.strip())[0]
    if len(norm_name) < 2:
        return None
    return NamePattern(norm_name, frozenset(fold_word(w) for w in re.findall(r"\w+", norm_name)))
