"""Which articles could be one story: a sparse graph of each article's nearest neighbours.

Built block by block from sparse products of the article vectors, so no n × n matrix ever exists:
each block of rows is multiplied by all articles, and only each row's ``k`` most similar articles
at or above the threshold are kept. Average linkage can only join two groups if some pair across
them is at least as similar as the threshold, so no edge below it is needed.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Articles published further apart than this count only half as similar.
FAR_APART_DAYS = 10
#: Neighbours kept per article. A story bigger than this stays connected through chains of
#: neighbours; the cut then compares its members in full.
NEIGHBOURS = 30
# Rows per block: bounds the memory of one block's product (rows × articles sharing a word).
_BLOCK_NONZEROS = 4_000_000


def penalise_far_apart(sim: np.ndarray, days_a: np.ndarray, days_b: np.ndarray) -> np.ndarray:
    """``sim`` with pairs published more than ``FAR_APART_DAYS`` apart halved (NaN: unknown)."""
    with np.errstate(invalid="ignore"):
        far = np.abs(days_a - days_b) > FAR_APART_DAYS
    return np.where(far, sim * 0.5, sim)


def _top_k(rows: np.ndarray, cols: np.ndarray, sims: np.ndarray, k: int) -> np.ndarray:
    """Mask of the entries that are among their row's ``k`` highest (ties: lower column)."""
    order = np.lexsort((cols, -sims, rows))
    sorted_rows = rows[order]
    starts = np.searchsorted(sorted_rows, sorted_rows, side="left")
    keep = np.zeros(len(rows), dtype=bool)
    keep[order[np.arange(len(order)) - starts < k]] = True
    return keep


def neighbour_graph(vectors: Any, days: np.ndarray, threshold: float, k: int = NEIGHBOURS) -> Any:
    """Symmetric sparse graph: an edge between two articles when one is among the other's ``k``
    nearest and their similarity is at least ``threshold``; the edge holds the similarity."""
    from scipy.sparse import coo_matrix

    n = vectors.shape[0]
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
        sims = penalise_far_apart(product.data.astype(np.float64), days[rows], days[cols])
        wanted = (rows != cols) & (sims >= threshold)
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
