"""The deterministic merger: per-article extractions in, one briefing out. Pure; no LLM code.

Its steps, each a module: ``mentions`` (every name a party is given) and ``entities`` (one
party per real-world entity), ``reports`` (items checked against their sentences, evidence
aligned), ``items`` (clustering outlets' reports of one fact), ``building`` (the brief's items)
and ``parties`` (the brief's parties). Quotes are aligned to their source text here (alignment
is pure and cheap, and doing it at merge time means stored extractions profit from better
alignment without new model calls).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from summarizer.align import Aligner
from summarizer.config import UngroundedPolicy
from summarizer.merge.building import VERIFIED, build_items
from summarizer.merge.entities import PartyIndex
from summarizer.merge.inputs import MergeInput
from summarizer.merge.items import cluster_reports, join_by_meaning
from summarizer.merge.mentions import mentions
from summarizer.merge.parties import build_parties
from summarizer.merge.reports import collect_reports
from summarizer.schema import MilitaryDevelopment, Party, Position, Proposal

__all__ = ["VERIFIED", "MergeInput", "MergeResult", "merge"]


@dataclass(frozen=True)
class MergeResult:
    """The merged items; per source, how many reports could not be grounded, how many
    military developments were not military (talks, statements) and were left out, and how
    many items were left out because their evidence does not say what they say (or is history,
    not news), and how many were moved to the sentence that does."""

    parties: list[Party]
    proposals: list[Proposal]
    positions: list[Position]
    military_developments: list[MilitaryDevelopment]
    ungrounded: dict[str, int]
    misfiled: dict[str, int]
    unsupported: dict[str, int]
    regrounded: dict[str, int]


def merge(inputs: Sequence[MergeInput], *, ungrounded: UngroundedPolicy = "flag") -> MergeResult:
    """Merge per-article extractions into one set of parties and items.

    Same input, same output, whatever order the articles come in.
    """
    with _cyclic_gc_paused():
        inputs = sorted(inputs, key=lambda i: i.article.id)
        index = PartyIndex(mentions(inputs), texts=[i.article.text for i in inputs])
        aligners = {i.article.id: Aligner(i.article.text) for i in inputs}
        collected = collect_reports(inputs, index, aligners, ungrounded=ungrounded)
        proposals, positions, developments = build_items(
            join_by_meaning(cluster_reports(collected.reports)), index, articles=len(inputs)
        )
        parties = build_parties(index, aligners, drop_unfound=ungrounded == "drop")
        return MergeResult(
            parties, proposals, positions, developments, collected.lost, collected.misfiled,
            collected.unsupported, collected.regrounded,
        )  # fmt: skip


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Merging allocates hundreds of thousands of small objects and no reference cycles, so the
    cyclic collector only rescans the live ones: 0.6 of 2.3 s for 20,000 items (measured).
    Reference counting still frees everything; the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
