"""Splitting a story whose articles lead with two different events.

Two events of one conflict on nearby days (a country's measure one day and the other side's reply
the next; a UN inquiry's report and an offensive the same week) share their parties, places and
most of their words, so the whole-text similarity joins them. What tells them apart is how each
article opens: its title and first lines say what happened, the rest recalls the context both
share. So each story of four articles or more is cut in two by average linkage over the cosine
of its leads, and the cut is kept only when the two halves' leads are far apart next to how close
each half's leads are to one another (``SPLIT_RATIO``), and each half has two articles or more:
one article whose lead differs (a statement, a speech, another language) stays with its story;
and the whole texts too must be further apart across the halves than within (``WHOLE_RATIO``):
articles of one event that open on different sentences of one account share the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from summarizer.ingest.article import Article
from summarizer.ingest.stories._graph import similarities

#: How much of the article (after its title) is read as its lead.
LEAD_CHARS = 300
#: The greatest ratio of the mean lead similarity across the two halves to the mean within them
#: at which a story is split; chosen on the tuning mixes 15-18 before the held-out mix 19 was
#: grouped with it (README, grouping).
SPLIT_RATIO = 0.35
#: The same ratio over the whole texts' similarity (the grouping's vectors), which must be under
#: this too: two events share their context, but less of it than one event told twice, while
#: one event's articles that open on different sentences of the same account share nearly all.
WHOLE_RATIO = 0.6
#: The fewest articles each half of a split keeps.
SPLIT_MIN = 2


def leads(articles: Sequence[Article]) -> Any:
    """One L2-normalised TF-IDF row per article over its title and first ``LEAD_CHARS``."""
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    docs = [f"{a.title or ''}\n{a.clean_text[:LEAD_CHARS]}" for a in articles]
    vectorizer = TfidfVectorizer(
        sublinear_tf=True,
        stop_words=sorted(ENGLISH_STOP_WORDS),
        token_pattern=r"(?u)\b[^\W\d_]{3,}\b",
    )
    try:
        return vectorizer.fit_transform(docs).tocsr()
    except ValueError:
        # "Empty vocabulary": stubs of stop words or numbers only.
        return csr_matrix((len(docs), 0))


def _mean_within(sim: np.ndarray, rows: np.ndarray) -> float | None:
    if len(rows) < 2:
        return None
    block = sim[np.ix_(rows, rows)]
    return float((block.sum() - np.trace(block)) / (len(rows) * (len(rows) - 1)))


def _apart(sim: np.ndarray, first: np.ndarray, second: np.ndarray) -> float:
    """Mean similarity across the halves over the mean within them (inf if none within)."""
    within = [w for w in (_mean_within(sim, first), _mean_within(sim, second)) if w is not None]
    if not within or np.mean(within) <= 0:
        return float("inf")
    return float(sim[np.ix_(first, second)].mean()) / float(np.mean(within))


def _halves(lead_sim: np.ndarray, whole_sim: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The two halves of a story by its leads, or None when it is one event."""
    from sklearn.cluster import AgglomerativeClustering

    two = AgglomerativeClustering(n_clusters=2, metric="precomputed", linkage="average")
    halves = two.fit_predict(1.0 - np.clip(lead_sim, 0.0, 1.0))
    first, second = np.flatnonzero(halves == 0), np.flatnonzero(halves == 1)
    if min(len(first), len(second)) < SPLIT_MIN:
        return None
    if _apart(lead_sim, first, second) >= SPLIT_RATIO:
        return None
    return (first, second) if _apart(whole_sim, first, second) < WHOLE_RATIO else None


def split_by_lead(story_of: np.ndarray, lead_vectors: Any, vectors: Any) -> np.ndarray:
    """``story_of`` (a story number per article, 0 to n-1) with every story whose leads tell two
    events split in two, the second half numbered after the others; ``vectors`` are the
    grouping's own (whole texts)."""
    out = story_of.copy()
    if lead_vectors.shape[1] == 0:
        # No lead holds a word: nothing to split on.
        return out
    next_story = int(story_of.max()) + 1 if len(story_of) else 0
    order = np.argsort(story_of, kind="stable")
    bounds = np.searchsorted(story_of[order], np.arange(next_story + 1))
    for story in range(next_story):
        members = order[bounds[story] : bounds[story + 1]]
        if len(members) < 2 * SPLIT_MIN:
            continue
        halves = _halves(similarities(lead_vectors[members]), similarities(vectors[members]))
        if halves is not None:
            # The half holding the story's first article keeps its number.
            moved = halves[1] if halves[0][0] == 0 else halves[0]
            out[members[moved]] = next_story
            next_story += 1
    return out
