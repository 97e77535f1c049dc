"""A short label per story: its heaviest words, weighed against the whole day."""

from __future__ import annotations

from typing import Any

import numpy as np

#: The label of an article with no word to compare (a stub of stop words or numbers).
NO_WORDS = "no content words"


def labels(words: Any, terms: np.ndarray, groups: list[np.ndarray], top: int = 4) -> list[str]:
    """One label per group of article rows: its ``top`` heaviest words (ties: alphabetical)."""
    from scipy.sparse import csr_matrix

    n = words.shape[0]
    rows = np.concatenate(groups) if groups else np.zeros(0, dtype=np.int64)
    owner = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    # Sum each group's rows in one sparse product instead of one sum per group.
    membership = csr_matrix((np.ones(len(rows)), (owner, rows)), shape=(len(groups), n))
    sums = (membership @ words).tocsr()
    sums.sort_indices()
    out = []
    for g in range(len(groups)):
        lo, hi = sums.indptr[g], sums.indptr[g + 1]
        weights, columns = sums.data[lo:hi], sums.indices[lo:hi]
        names = terms[columns]
        order = np.lexsort((names, -weights))[:top]
        out.append(", ".join(str(names[k]) for k in order if weights[k] > 0) or NO_WORDS)
    return out
