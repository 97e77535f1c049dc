"""Which articles could be one story: a sparse graph of each article's nearest neighbours.

Built block by block from sparse products of the article vectors, so no n × n matrix ever exists:
each block of rows is multiplied by all articles, and only each row's ``k`` most similar articles
at or above the threshold are kept. Average linkage can only join two groups if some pair across
them is at least as similar as the threshold, so no edge below it is needed.

In a big day the words that many articles share ("government", "people") would make every block's
product nearly dense. So beyond ``EXACT_UP_TO`` articles each takes part in the product with its
``SIGNATURE_TERMS`` heaviest terms only (its rarer words and names; the common words weigh little
and drop out first), less any term that too many signatures share (``SHARED_BY``), so that the
cost per article stays bounded as the day grows. The product is then a lower bound of the
similarity, and the graph takes edges down to ``PRUNED_FLOOR`` × the threshold to make up for it.
The cut compares the articles of each piece with their full vectors, so the terms left out here
still count there; a pair is missed only if most of its similarity lies outside what both
signatures keep.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Articles published further apart than this count only half as similar.
FAR_APART_DAYS = 10
#: Neighbours kept per article. A story bigger than this stays connected through chains of
#: neighbours; the cut then compares its members in full.
NEIGHBOURS = 30
#: Up to this many articles the graph's product takes full vectors, and its edges are exact.
EXACT_UP_TO = 2_000
#: Beyond, the terms of each article that take part in the product.
SIGNATURE_TERMS = 30
#: ... and a term in more signatures than this (plus ``SHARED_SHARE`` of the day) is left out of
#: them.
SHARED_BY = 100
SHARED_SHARE = 0.001
#: With terms left out, the graph keeps edges down to this share of the threshold.
PRUNED_FLOOR = 0.5
# Rows per block: bounds the memory of one block's product (rows × articles sharing a word).
_BLOCK_NONZEROS = 4_000_000


#: Two articles that both report days, but no day in common, count this much as similar.
OTHER_DAYS = 0.5


def penalise(
    sims: np.ndarray, rows: np.ndarray, cols: np.ndarray, days: np.ndarray, dates: Any
) -> np.ndarray:
    """``sims`` of the pairs (``rows[i]``, ``cols[i]``), halved when published more than
    ``FAR_APART_DAYS`` apart (NaN: unknown), and lowered by ``OTHER_DAYS`` when both report
    days and none is the same: talks one day and a strike the next share everything else."""
    with np.errstate(invalid="ignore"):
        far = np.abs(days[rows] - days[cols]) > FAR_APART_DAYS
    sims = np.where(far, sims * 0.5, sims)
    if OTHER_DAYS < 1 and len(rows):
        reports = np.diff(dates.indptr) > 0
        both = reports[rows] & reports[cols]
        shared = np.asarray(dates[rows].multiply(dates[cols]).sum(axis=1)).ravel() > 0
        sims = np.where(both & ~shared, sims * OTHER_DAYS, sims)
    return sims


def penalise_all(sim: np.ndarray, days: np.ndarray, dates: Any) -> np.ndarray:
    """:func:`penalise` for every pair of a few articles at once: ``sim`` is their square matrix
    (built from sparse products, never by pairs)."""
    with np.errstate(invalid="ignore"):
        far = np.abs(days[:, None] - days[None, :]) > FAR_APART_DAYS
    sim = np.where(far, sim * 0.5, sim)
    if OTHER_DAYS < 1:
        reports = np.diff(dates.indptr) > 0
        shared = np.asarray((dates @ dates.T).toarray()) > 0
        other = reports[:, None] & reports[None, :] & ~shared
        sim = np.where(other, sim * OTHER_DAYS, sim)
    return sim


def _top_k(rows: np.ndarray, cols: np.ndarray, sims: np.ndarray, k: int) -> np.ndarray:
    """Mask of the entries that are among their row's ``k`` highest (ties: lower column)."""
    order = np.lexsort((cols, -sims, rows))
    sorted_rows = rows[order]
    starts = np.searchsorted(sorted_rows, sorted_rows, side="left")
    keep = np.zeros(len(rows), dtype=bool)
    keep[order[np.arange(len(order)) - starts < k]] = True
    return keep


def _signatures(vectors: Any, terms: int, shared_by: float) -> Any:
    """``vectors`` with only each row's ``terms`` heaviest entries, less the terms that more
    than ``shared_by`` rows keep."""
    from scipy.sparse import csr_matrix

    coo = vectors.tocoo()
    keep = _top_k(coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data, terms)
    rows, cols, data = coo.row[keep], coo.col[keep], coo.data[keep]
    held = np.bincount(cols, minlength=vectors.shape[1])
    rare = held[cols] <= shared_by
    return csr_matrix((data[rare], (rows[rare], cols[rare])), shape=vectors.shape).tocsr()


def neighbour_graph(
    vectors: Any, days: np.ndarray, dates: Any, threshold: float, k: int = NEIGHBOURS
) -> Any:
    """Symmetric sparse graph: an edge between two articles when one is among the other's ``k``
    nearest and their similarity is at least ``threshold``; the edge holds the similarity
    (of the signatures, in a day too big for full vectors)."""
    from scipy.sparse import coo_matrix

    n = vectors.shape[0]
    if n > EXACT_UP_TO:
        vectors = _signatures(vectors, SIGNATURE_TERMS, SHARED_BY + SHARED_SHARE * n)
        threshold *= PRUNED_FLOOR
    transposed = vectors.T.tocsr()
    # A rough bound on a block's product size: the rows' terms times how many articles hold them.
    per_row = max(1.0, float(vectors.nnz) / max(n, 1)) * max(
        1.0, float(transposed.getnnz(axis=1).mean()) if transposed.shape[0] else 1.0
    )
    block = int(max(64, min(n, _BLOCK_NONZEROS / per_row)))
    all_rows, all_cols, all_sims = [], [], []
    for start in range(0, n, block):
        product = (vectors[start : start + block] @ transposed).tocoo()
        rows = product.row.astype(np.int64) + start
        cols = product.col.astype(np.int64)
        sims = product.data.astype(np.float64)
        # Penalties only lower a similarity: apply them to what clears the bar without them.
        wanted = (rows != cols) & (sims >= threshold)
        rows, cols, sims = rows[wanted], cols[wanted], sims[wanted]
        sims = penalise(sims, rows, cols, days, dates)
        wanted = sims >= threshold
        rows, cols, sims = rows[wanted], cols[wanted], sims[wanted]
        keep = _top_k(rows, cols, sims, k)
        all_rows.append(rows[keep])
        all_cols.append(cols[keep])
        all_sims.append(sims[keep])
    rows = np.concatenate(all_rows) if all_rows else np.zeros(0, dtype=np.int64)
    cols = np.concatenate(all_cols) if all_cols else np.zeros(0, dtype=np.int64)
    sims = np.concatenate(all_sims) if all_sims else np.zeros(0)
    graph = coo_matrix((sims, (rows, cols)), shape=(n, n)).tocsr()
    # Symmetric: an edge either end kept. The similarity is the same both ways, so max is exact.
    return graph.maximum(graph.T)
