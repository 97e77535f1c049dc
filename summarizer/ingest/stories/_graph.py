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

from summarizer.ingest.stories._features import Events

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


#: Two articles that report days one day apart count this much as similar (talks one day and a
#: strike the next share their parties and most of their words), and less the further apart
#: their days are: ``OTHER_DAYS / days`` (a strike and another nine days later in one war share
#: them as much).
OTHER_DAYS = 0.4
#: ... but this much when they are one day apart and one of them names no day (its day is its
#: publication's): copy published the morning after often tells the day before without naming it.
INFERRED_DAY = 0.8
#: ... and ``SAID_DAY / days`` (twice ``OTHER_DAYS / days``), up to ``SAID_DAYS`` apart, when the
#: later of the two names the day someone spoke ("said during a televised speech on Saturday",
#: "held a press conference early on Sunday"): a leader's address a day or two after an event is
#: most often about it, in words of its own. Not a statement's day: armies and ministries announce
#: new events by statement ("said in a statement on Thursday it struck a facility").
SAID_DAY = 0.8
SAID_DAYS = 2
#: Two articles whose leads tell different kinds of event (fighting, a truce, unrest) count
#: ``1 - KIND_WEIGHT`` as similar; leads that mix kinds, in between (by the cosine of their kinds).
KIND_WEIGHT = 0.5
#: Two articles whose leads tell fighting, one all at sea (attacks on ships) and the other none
#: of it (strikes on a port, a city), count ``1 - AT_SEA_WEIGHT`` as similar; in between by how
#: far apart their shares of it at sea are. Strong: a port struck and a ship attacked off it on
#: the same day share the parties, the sea and most of the words, and one article of the ship
#: attack is more like the strikes' articles than like its own event's.
AT_SEA_WEIGHT = 0.9
#: Two articles on different days, the later one's lead telling fighting in a place the earlier
#: one's lead never names, count ``1 - ELSEWHERE_WEIGHT`` as similar: the fighting has moved (a
#: strike on the capital the day after strikes on forces in a province, told with the same
#: parties and words). The later one often recalls the earlier one's place as background; the
#: earlier one cannot name where the later fighting will be.
ELSEWHERE_WEIGHT = 0.5


def _factor(
    gap: np.ndarray,
    both_named: np.ndarray,
    later_said: np.ndarray,
    kinds: np.ndarray,
    both_kinds: np.ndarray,
    sea_apart: np.ndarray,
    elsewhere: np.ndarray,
) -> np.ndarray:
    """What a similarity is multiplied by, from the days between two articles' events (NaN:
    unknown), whether both named their day, whether the later one's day is when someone spoke,
    the cosine of their kinds (if both have some), how far apart their shares of fighting at
    sea are (NaN: one tells no fighting), and whether the later one tells fighting in a place
    the earlier one's lead does not name."""
    with np.errstate(invalid="ignore"):
        apart = np.maximum(gap, 1.0)
        other = np.where((gap < 2) & ~both_named, INFERRED_DAY, OTHER_DAYS / apart)
        said = later_said & (gap <= SAID_DAYS)
        other = np.where(said, np.maximum(other, SAID_DAY / apart), other)
        day = np.where(gap >= 1, other, 1.0)
    kind = np.where(both_kinds, 1.0 - KIND_WEIGHT * (1.0 - kinds), 1.0)
    # NaN (one lead tells no fighting): nothing to tell apart at sea.
    sea = 1.0 - AT_SEA_WEIGHT * np.nan_to_num(sea_apart)
    moved = np.where(elsewhere, 1.0 - ELSEWHERE_WEIGHT, 1.0)
    factor: np.ndarray = day * kind * sea * moved
    return factor


def _holds(places: Any, rows: np.ndarray, place: np.ndarray) -> np.ndarray:
    """Whether the lead of article ``rows[i]`` names the place ``place[i]`` (-1: none), looked
    up pair by pair in the sparse matrix of the places each lead names."""
    held = np.zeros(len(rows), dtype=bool)
    some = np.flatnonzero(place >= 0)
    if len(some):
        held[some] = np.asarray(places[rows[some], place[some]]).ravel() > 0
    return held


def penalise(sims: np.ndarray, rows: np.ndarray, cols: np.ndarray, events: Events) -> np.ndarray:
    """``sims`` of the pairs (``rows[i]``, ``cols[i]``), lowered when the articles report
    different days or their leads different kinds of event, fighting at sea and on land, or
    fighting somewhere the earlier one does not name."""
    first, last, said, place = events.first, events.last, events.said, events.place
    # after > 0: cols' event starts after rows' ends; before > 0: the other way.
    after, before = first[cols] - last[rows], first[rows] - last[cols]
    gap = np.maximum(np.maximum(after, before), 0.0)
    later_said = np.where(after > 0, said[cols], said[rows] & (before > 0))
    a_kinds, b_kinds = events.kinds[rows], events.kinds[cols]
    kinds = np.einsum("ij,ij->i", a_kinds, b_kinds)
    both_kinds = np.any(a_kinds > 0, axis=1) & np.any(b_kinds > 0, axis=1)
    sea_apart = np.abs(events.at_sea[rows] - events.at_sea[cols])
    # The later one's place, not named in the earlier one's lead.
    elsewhere = np.where(
        after > 0,
        (place[cols] >= 0) & ~_holds(events.places, rows, place[cols]),
        (before > 0) & (place[rows] >= 0) & ~_holds(events.places, cols, place[rows]),
    )
    both_named = events.named[rows] & events.named[cols]
    lowered: np.ndarray = sims * _factor(
        gap, both_named, later_said, kinds, both_kinds, sea_apart, elsewhere
    )
    return lowered


def similarities(vectors: Any) -> np.ndarray:
    """Every pair's similarity among a few rows (one piece or story), dense, 1 on the diagonal."""
    sim = np.asarray((vectors @ vectors.T).toarray(), dtype=np.float64)
    np.fill_diagonal(sim, 1.0)
    return sim


def penalise_all(sim: np.ndarray, events: Events) -> np.ndarray:
    """:func:`penalise` for every pair of a few articles at once: ``sim`` is their square matrix
    (built from sparse products, never by pairs)."""
    first, last, said = events.first, events.last, events.said
    # after[i, j]: how many days j's event starts after i's ends.
    after, before = first[None, :] - last[:, None], first[:, None] - last[None, :]
    later_said = np.where(after > 0, said[None, :], said[:, None] & (before > 0))
    # Fighting elsewhere: j later than i and i's lead not naming j's place, or the other way.
    with_place = events.place >= 0
    names = np.zeros(sim.shape, dtype=bool)
    if with_place.any():
        # names[i, j]: whether i's lead names j's place.
        names[:, with_place] = events.places[:, events.place[with_place]].toarray() > 0
    moved = with_place[None, :] & ~names
    elsewhere = ((after > 0) & moved) | ((before > 0) & moved.T)
    del names, moved
    # In place: a piece's square matrices are the cut's memory.
    gap = np.maximum(np.maximum(after, before, out=after), 0.0, out=after)
    del before
    has = np.any(events.kinds > 0, axis=1)
    kinds = events.kinds @ events.kinds.T
    both_named = events.named[:, None] & events.named[None, :]
    sea_apart = np.abs(events.at_sea[:, None] - events.at_sea[None, :])
    lowered: np.ndarray = sim * _factor(
        gap, both_named, later_said, kinds, has[:, None] & has[None, :], sea_apart, elsewhere
    )
    return lowered


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


def neighbour_graph(vectors: Any, events: Events, threshold: float, k: int = NEIGHBOURS) -> Any:
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
        sims = penalise(sims, rows, cols, events)
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
