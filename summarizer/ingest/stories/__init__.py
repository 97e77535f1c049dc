"""Grouping a mixed day's articles by story, before any model call.

Two articles are about one story when they share their words (TF-IDF cosine over the text the
model would read) and their named parties (TF-IDF cosine over the capitalised names they use),
and report the same event: one conflict brings talks one day and a strike the next, told with the
same parties and most of the same words, so two articles are held to a higher bar when the days
of the events they report differ (the first recent day each one's lead names, else its
publication day), the higher the further apart, or their leads tell different kinds of event
(fighting, a truce, unrest).

One concern per module: :mod:`._features` (the vectors), :mod:`._graph` (each article's nearest
neighbours, from sparse products), :mod:`._cut` (average linkage inside each connected piece of
that graph) and :mod:`._labels`. Time and memory grow with the pairs of articles that share
words, never with the square of the day.

Deterministic whatever the input order: the articles are put in an order of their own (by content)
before anything is computed, so the same day, in any order, gives the same stories.
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


def _canonical(articles: Sequence[Article]) -> list[int]:
    # Content first, so that where an article sits in the input changes nothing computed.
    return sorted(
        range(len(articles)),
        key=lambda i: (
            articles[i].content_hash,
            articles[i].title or "",
            articles[i].published or "",
            articles[i].id,
        ),
    )


def group_stories(
    articles: Sequence[Article], *, threshold: float = DEFAULT_THRESHOLD
) -> list[Story]:
    """The articles grouped by story: biggest story first, then by first appearance; articles
    keep their order within a group. An article with no content word (a stub of stop words or
    numbers) is a story of its own, labelled :data:`NO_WORDS`."""
    if not articles:
        return []
    order = _canonical(articles)
    ordered = [articles[i] for i in order]
    found = features(ordered)
    graph = neighbour_graph(found.vectors, found.events, threshold)
    story_of = cut(graph, found.vectors, found.events, threshold)
    # Back to the caller's order: story numbers, then groups by size and first appearance.
    by_input = np.empty(len(articles), dtype=np.int64)
    by_input[np.asarray(order)] = story_of
    members: dict[int, list[int]] = {}
    for index, story in enumerate(by_input.tolist()):
        members.setdefault(story, []).append(index)
    groups = sorted(members.values(), key=lambda m: (-len(m), m[0]))
    position = np.empty(len(articles), dtype=np.int64)
    position[np.asarray(order)] = np.arange(len(articles))
    names = labels(found.words, found.terms, [position[np.asarray(g)] for g in groups])
    return [
        Story(id=f"story-{n}", label=label, articles=tuple(articles[i] for i in indices))
        for n, (indices, label) in enumerate(zip(groups, names, strict=True), start=1)
    ]
