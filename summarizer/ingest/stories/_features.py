"""What grouping compares: one sparse vector per article, made of its words and its names and dates.

The vector is two TF-IDF blocks side by side, each L2-normalised and scaled by the square root of
its weight, so the dot product of two vectors is ``TEXT_WEIGHT`` × the cosine of their words plus
the rest × the cosine of their names and dates: one sparse product gives the whole similarity.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from summarizer.ingest.article import Article

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

#: Weight of the shared words against the shared names and dates.
TEXT_WEIGHT = 0.5

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE = re.compile(
    rf"\b(?:({_MONTHS})\.?\s+(\d{{1,2}})|(\d{{1,2}})\s+({_MONTHS}))\b", re.IGNORECASE
)
# A capitalised word or run of them ("Vladimir Putin", "Istanbul"), not at a sentence's start.
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’-]*[a-z][\w'’-]*(?:\s+[A-Z][\w'’-]*[a-z]\w*)*")
_NOT_NAMES = frozenset(
    re.findall(
        r"\w+",
        "the a an and but or if in on at of for to from by with as it he she they we i his her"
        " its their this that these those there here when while after before said says mr mrs"
        " ms dr monday tuesday wednesday thursday friday saturday sunday president minister",
    )
)
# Reporting verbs and weekdays are in every article of every story: they tell none apart.
_MORE_STOP_WORDS = frozenset(
    re.findall(
        r"\w+",
        "said says told according also would could new year week monday tuesday wednesday"
        " thursday friday saturday sunday",
    )
)
# An outlet on one side names a country by its people ("Pakistani forces", "the Israeli army"),
# another by its name: both are one party. Cut to a stem that both forms share.
_DEMONYM = re.compile(r"(?:ians?|anis?|ans?|ese|ish|is|ia|i|a|e|y|s)$")


@dataclass(frozen=True)
class Features:
    """The articles' vectors (rows in the articles' order), their publication days (NaN where
    unknown), and the word vectorizer and word block that the labels are read from."""

    vectors: Any
    days: np.ndarray
    words: Any
    terms: np.ndarray


def texts(articles: Sequence[Article]) -> list[str]:
    return [f"{a.title or ''}\n{a.clean_text}" for a in articles]


def _name_token(word: str) -> str:
    token = re.sub(r"\W", "", word).lower()
    stem = _DEMONYM.sub("", token)
    # Only a stem long enough to stay a name ("indian", "india" -> "ind"; "al" stays "ali").
    return stem if len(stem) >= 3 else token


def names_and_dates(text: str) -> str:
    """The article's named parties and mentioned dates, as tokens for a second TF-IDF."""
    tokens = []
    for m in _NAME.finditer(text):
        words = [w for w in m.group(0).split() if w.lower() not in _NOT_NAMES]
        if words:
            # The last word stands for the whole name ("Lavrov" for "Sergei Lavrov").
            tokens.append(_name_token(words[-1]))
    for m in _DATE.finditer(text):
        month = (m.group(1) or m.group(4) or "")[:3].lower()
        day = m.group(2) or m.group(3)
        tokens.append(f"date_{month}{day}")
    return " ".join(tokens)


def published_days(articles: Sequence[Article]) -> np.ndarray:
    """Days since 1970-01-01 of each article's publication, NaN where unknown."""
    days = np.full(len(articles), np.nan)
    epoch = date(1970, 1, 1)
    for i, article in enumerate(articles):
        with contextlib.suppress(ValueError):
            days[i] = (date.fromisoformat((article.published or "")[:10]) - epoch).days
    return days


def _tfidf(vectorizer: TfidfVectorizer, docs: Sequence[str]) -> tuple[Any, np.ndarray]:
    from scipy.sparse import csr_matrix

    try:
        matrix = vectorizer.fit_transform(docs)
    except ValueError:
        # Raised when no document holds a single token ("empty vocabulary"): stubs made only
        # of stop words or numbers are still articles, with nothing to compare.
        return csr_matrix((len(docs), 0)), np.array([], dtype=object)
    return matrix.tocsr(), vectorizer.get_feature_names_out()


def features(articles: Sequence[Article]) -> Features:
    # Imported here: scikit-learn takes over a second to import, and only grouping needs it.
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    docs = texts(articles)
    words, terms = _tfidf(
        TfidfVectorizer(
            sublinear_tf=True,
            stop_words=sorted(ENGLISH_STOP_WORDS | _MORE_STOP_WORDS),
            token_pattern=r"(?u)\b[^\W\d_]{3,}\b",
            dtype=np.float32,
        ),
        docs,
    )
    names, _ = _tfidf(
        TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+", dtype=np.float32),
        [names_and_dates(d) for d in docs],
    )
    vectors = hstack([words * np.sqrt(TEXT_WEIGHT), names * np.sqrt(1 - TEXT_WEIGHT)], format="csr")
    return Features(vectors=vectors, days=published_days(articles), words=words, terms=terms)
