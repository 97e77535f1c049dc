"""Grouping a mixed day's articles by story, before any model call.

Two articles are about one story when they share their words (TF-IDF cosine over the text the
model would read) and their named parties and dates (TF-IDF cosine over the capitalised names and
the day-of-month dates they mention); articles published far apart are held to a higher bar. The
cut is agglomerative clustering with average linkage at a fixed distance, which is deterministic:
the same articles in the same order always give the same groups, in the same order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from summarizer.ingest.article import Article

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

#: Average-linkage similarity at which two groups are still one story; chosen on the labelled
#: mix in evals/mix (see evals/grouping.py), where it gave the figures in the README.
DEFAULT_THRESHOLD = 0.15
#: Weight of the shared words against the shared names and dates.
TEXT_WEIGHT = 0.5
#: Articles published further apart than this count only half as similar.
FAR_APART_DAYS = 10

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


@dataclass(frozen=True)
class Story:
    """Articles about one story, with a short label made of its most telling words."""

    id: str
    label: str
    articles: tuple[Article, ...]


def _names_and_dates(text: str) -> str:
    """The article's named parties and mentioned dates, as tokens for a second TF-IDF."""
    tokens = []
    for m in _NAME.finditer(text):
        words = [w for w in m.group(0).split() if w.lower() not in _NOT_NAMES]
        if words:
            # The last word stands for the whole name ("Lavrov" for "Sergei Lavrov").
            tokens.append(re.sub(r"\W", "", words[-1]).lower())
    for m in _DATE.finditer(text):
        month = (m.group(1) or m.group(4) or "")[:3].lower()
        day = m.group(2) or m.group(3)
        tokens.append(f"date_{month}{day}")
    return " ".join(tokens)


def _published(article: Article) -> date | None:
    try:
        return date.fromisoformat((article.published or "")[:10])
    except ValueError:
        return None


def _cosine(matrix: Any) -> np.ndarray:
    # TF-IDF rows are L2-normalised, so the product is the cosine.
    return np.asarray((matrix @ matrix.T).toarray())


def _texts(articles: Sequence[Article]) -> list[str]:
    return [f"{a.title or ''}\n{a.clean_text}" for a in articles]


def similarity(articles: Sequence[Article]) -> np.ndarray:
    """Pairwise story similarity in [0, 1]."""
    texts = _texts(articles)
    words = _cosine(_words(texts)[1])
    tokens = [_names_and_dates(t) for t in texts]
    if any(tokens):
        from sklearn.feature_extraction.text import TfidfVectorizer

        names = _cosine(
            TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+").fit_transform(tokens)
        )
    else:
        names = np.zeros_like(words)
    sim = TEXT_WEIGHT * words + (1 - TEXT_WEIGHT) * names
    days = [_published(a) for a in articles]
    for i, di in enumerate(days):
        for j, dj in enumerate(days):
            if di and dj and abs((di - dj).days) > FAR_APART_DAYS:
                sim[i, j] *= 0.5
    np.fill_diagonal(sim, 1.0)
    return np.clip(sim, 0.0, 1.0)


def _words(texts: Sequence[str]) -> tuple[TfidfVectorizer, Any]:
    # Imported here: scikit-learn takes over a second to import, and only grouping needs it.
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    vectorizer = TfidfVectorizer(
        sublinear_tf=True,
        stop_words=sorted(ENGLISH_STOP_WORDS | _MORE_STOP_WORDS),
        token_pattern=r"(?u)\b[^\W\d_]{3,}\b",
    )
    return vectorizer, vectorizer.fit_transform(texts)


def _label(vectorizer: TfidfVectorizer, rows: Any, top: int = 4) -> str:
    """The group's heaviest words, weighed against the whole day (so they tell groups apart)."""
    weights = np.asarray(rows.sum(axis=0)).ravel()
    terms = vectorizer.get_feature_names_out()
    # Ties broken by the term itself, so the label does not depend on hash order.
    order = sorted(range(len(terms)), key=lambda k: (-weights[k], terms[k]))
    return ", ".join(str(terms[k]) for k in order[:top] if weights[k] > 0) or "untitled"


def group_stories(
    articles: Sequence[Article], *, threshold: float = DEFAULT_THRESHOLD
) -> list[Story]:
    """The articles grouped by story: biggest story first, then by first appearance; articles
    keep their order within a group. Deterministic for the same input."""
    if not articles:
        return []
    if len(articles) == 1:
        labels = np.zeros(1, dtype=int)
    else:
        from sklearn.cluster import AgglomerativeClustering

        clustering = AgglomerativeClustering(
            n_clusters=None,
            metric="precomputed",
            linkage="average",
            distance_threshold=1.0 - threshold,
        )
        labels = clustering.fit_predict(1.0 - similarity(articles))
    members: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        members.setdefault(int(label), []).append(index)
    groups = sorted(members.values(), key=lambda m: (-len(m), m[0]))
    vectorizer, rows = _words(_texts(articles))
    return [
        Story(
            id=f"story-{n}",
            label=_label(vectorizer, rows[indices]),
            articles=tuple(articles[i] for i in indices),
        )
        for n, indices in enumerate(groups, start=1)
    ]
