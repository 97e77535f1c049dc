"""Grouping a mixed day's articles by story, before any model call.

Two articles are about one story when they share their words (TF-IDF cosine over the text the
model would read) and their named parties (TF-IDF cosine over the capitalised names they use),
and report the same event: one conflict brings talks one day and a strike the next, told with the
same parties and most of the same words, so two articles are held to a higher bar when the days
of the events they report differ (the first recent day each one's lead names, else its
publication day), the higher the further apart (less so when the later one's day is that of a
speech: a leader's address a day or two after an event is about it), or their leads tell
different kinds of event (fighting, a truce, unrest), or fighting, one at sea (ships attacked) and
the other on land (a port struck), or the later one tells fighting in a place the earlier one's
lead does not name (a strike on the capital the day after strikes in a province). A story whose
articles' titles and first lines fall in two sets far apart is then split in two (``_split``):
what an article opens with is the event it reports, the rest the context two events share.

One concern per module: :mod:`._features` (the vectors), :mod:`._graph` (each article's nearest
neighbours, from sparse products), :mod:`._cut` (average linkage inside each connected piece of
that graph), :mod:`._split` (a story cut in two by its leads) and :mod:`._labels`. Time and
memory grow with the pairs of articles that share words, never with the square of the day.

Deterministic whatever the input order: the articles are put in an order of their own (by content)
before anything is computed, so the same day, in any order, gives the same stories; an article
given twice (a feed polled again) is compared once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from summarizer.ingest.article import Article
from summarizer.ingest.stories._cut import cut
from summarizer.ingest.stories._features import features
from summarizer.ingest.stories._graph import neighbour_graph
from summarizer.ingest.stories._labels import NO_WORDS, labels
from summarizer.ingest.stories._split import leads, split_by_lead

__all__ = ["DEFAULT_THRESHOLD", "NO_WORDS", "Story", "group_stories"]

#: Average-linkage similarity at which two groups are still one story; chosen on the labelled
#: tuning mixes (see evals/grouping.py) as the middle of the thresholds (0.11-0.13) that gave
#: them their best figures, in the README.
DEFAULT_THRESHOLD = 0.12


@dataclass(frozen=True)
class Story:
    """Articles about one story, with a short label made of its most telling words."""

    id: str
    label: str
    articles: tuple[Article, ...]


def _canonical(articles: Sequence[Article]) -> tuple[list[int], np.ndarray]:
    """An order of the articles' own (content first, so that where an article sits in the input
    changes nothing computed), and for each article in it the row it is compared as: an article
    given twice (a feed polled again), the same text, title, day and junk, is one row, so that
    repeating some of a day's articles does not weigh them twice in the average linkage."""
    keys = [
        (a.content_hash, a.title or "", a.published or "", repr(a.junk), a.id) for a in articles
    ]
    order = sorted(range(len(articles)), key=keys.__getitem__)
    rows = np.empty(len(articles), dtype=np.int64)
    seen: dict[tuple[str, str, str, str], int] = {}
    for k, i in enumerate(order):
        rows[k] = seen.setdefault(keys[i][:4], len(seen))
    return order, rows


def group_stories(
    articles: Sequence[Article], *, threshold: float = DEFAULT_THRESHOLD
) -> list[Story]:
    """The articles grouped by story: biggest story first, then by first appearance; articles
    keep their order within a group. An article with no content word (a stub of stop words or
    numbers) is a story of its own, labelled :data:`NO_WORDS`."""
    if not articles:
        return []
    order, rows = _canonical(articles)
    # Each distinct article once, in canonical order (a repeat sorts right after its first).
    distinct = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    compared = [articles[order[k]] for k in distinct]
    found = features(compared)
    graph = neighbour_graph(found.vectors, found.events, threshold)
    story_of = split_by_lead(
        cut(graph, found.vectors, found.events, threshold), leads(compared), found.vectors
    )
    story_of = story_of[rows]
    # Back to the caller's order: story numbers, then groups by size and first appearance.
    by_input = np.empty(len(articles), dtype=np.int64)
    by_input[np.asarray(order)] = story_of
    members: dict[int, list[int]] = {}
    for index, story in enumerate(by_input.tolist()):
        members.setdefault(story, []).append(index)
    groups = sorted(members.values(), key=lambda m: (-len(m), m[0]))
    position = np.empty(len(articles), dtype=np.int64)
    position[np.asarray(order)] = np.arange(len(articles))
    names = labels(found.words, found.terms, [rows[position[np.asarray(g)]] for g in groups])
    return [
        Story(id=f"story-{n}", label=label, articles=tuple(articles[i] for i in indices))
        for n, (indices, label) in enumerate(zip(groups, names, strict=True), start=1)
    ]
