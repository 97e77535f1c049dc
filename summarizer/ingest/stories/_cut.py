"""Cutting the neighbour graph into stories: average linkage inside each connected piece.

Two groups joined by average linkage at a threshold always have some pair across them at or above
it, so they are in one connected piece of the thresholded graph: clustering each piece on its own
gives average linkage over the whole day, comparing only articles that share a piece. Inside a
piece every pair is compared, so a story bigger than the neighbour count is judged in full.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from summarizer.ingest.stories._features import Events
from summarizer.ingest.stories._graph import penalise_all, similarities

#: A piece bigger than this is split at a higher edge threshold before it is compared in full:
#: its dense similarity matrix would take ``MAX_PIECE² × 8`` bytes (72 MB at 3,000).
MAX_PIECE = 3_000
# How much higher each split of an oversized piece sets the bar.
_RAISE = 0.05


def _pieces(graph: Any, members: np.ndarray, floor: float) -> Iterator[np.ndarray]:
    """The connected pieces of ``graph`` restricted to ``members``, none bigger than
    ``MAX_PIECE``: an oversized piece is split again with its weaker edges dropped."""
    from scipy.sparse.csgraph import connected_components

    sub = graph[members][:, members]
    if floor > 0:
        sub = sub.multiply(sub >= floor).tocsr()
    count, labels = connected_components(sub, directed=False)
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(count + 1))
    for c in range(count):
        piece = members[order[bounds[c] : bounds[c + 1]]]
        if len(piece) > MAX_PIECE:
            # Only a day far bigger than any seen reaches this: the piece is cut where its
            # links are weakest, a departure from exact average linkage named here on purpose.
            start = floor if floor > 0 else float(sub.data.min()) if sub.nnz else 0.0
            yield from _pieces(graph, piece, start + _RAISE)
        else:
            yield piece


def _average_linkage(vectors: Any, events: Events, threshold: float) -> np.ndarray:
    from sklearn.cluster import AgglomerativeClustering

    sim = penalise_all(similarities(vectors), events)
    np.fill_diagonal(sim, 1.0)
    clustering = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="average",
        distance_threshold=1.0 - threshold,
    )
    labels: np.ndarray = clustering.fit_predict(1.0 - np.clip(sim, 0.0, 1.0))
    return labels


def cut(graph: Any, vectors: Any, events: Events, threshold: float) -> np.ndarray:
    """A story number per article: average linkage at ``threshold`` within each piece."""
    n = graph.shape[0]
    labels = np.full(n, -1, dtype=np.int64)
    next_label = 0
    for piece in _pieces(graph, np.arange(n), 0.0):
        if len(piece) <= 2:
            # One article, or two joined by an edge at or above the threshold: one story.
            labels[piece] = next_label
            next_label += 1
            continue
        local = _average_linkage(vectors[piece], events[piece], threshold)
        labels[piece] = next_label + local
        next_label += int(local.max()) + 1
    return labels
