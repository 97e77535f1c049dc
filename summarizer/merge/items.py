"""Reconciling proposals, positions and military developments reported by several sources."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from summarizer.merge.names import plain
from summarizer.merge.values import field_signature
from summarizer.schema import Disagreement, Evidence, ValueSources

# How alike two reports' texts must be (rapidfuzz token_set_ratio) to be one item.
SAME_ITEM_SCORE = {"proposal": 62.0, "position": 70.0, "development": 66.0}
# Two reports in one source are one item only when nearly identical.
SAME_SOURCE_SCORE = 90.0
# Fields whose differing values are shown as disagreements rather than picked silently.
DISAGREEMENT_FIELDS = {
    "proposal": ("when", "where", "status"),
    "position": (),
    "development": ("place", "time", "quantity", "claimed_by"),
}


@dataclass
class Report:
    """One source's report of an item, with resolved actors and aligned evidence."""

    kind: str
    source_id: str
    order: int
    block: str
    text: str
    fields: dict[str, str]
    evidence: Evidence | None


@dataclass
class Cluster:
    reports: list[Report] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        return sorted({r.source_id for r in self.reports})

    def value(self, name: str) -> str:
        """The value most sources give; ties go to the earliest source."""
        counts: dict[str, list[Report]] = defaultdict(list)
        for report in self.reports:
            raw = report.fields.get(name, "")
            if raw.strip():
                counts[plain(raw)].append(report)
        if not counts:
            return ""
        best = min(
            counts.values(), key=lambda rs: (-len({r.source_id for r in rs}), rs[0].source_id)
        )
        return best[0].fields[name].strip()

    def evidence(self) -> list[Evidence]:
        seen = {}
        for report in self.reports:
            ev = report.evidence
            if ev is not None:
                seen[(ev.source_id, ev.start, ev.end)] = ev
        return [seen[k] for k in sorted(seen)]

    def disagreements(self, kind: str) -> list[Disagreement]:
        found = []
        for name in DISAGREEMENT_FIELDS[kind]:
            by_signature: dict[str, tuple[str, set[str]]] = {}
            for report in sorted(self.reports, key=lambda r: (r.source_id, r.order)):
                raw = report.fields.get(name, "").strip()
                signature = field_signature(name, raw)
                if not signature:
                    continue
                shown, sources = by_signature.setdefault(signature, (raw, set()))
                sources.add(report.source_id)
            if len(by_signature) > 1:
                found.append(
                    Disagreement(
                        field=name,
                        values=[
                            ValueSources(value=shown, sources=sorted(sources))
                            for shown, sources in sorted(
                                by_signature.values(), key=lambda v: (-len(v[1]), v[0])
                            )
                        ],
                    )
                )
        return found


def cluster_reports(reports: Sequence[Report]) -> list[Cluster]:
    """Greedy clustering inside blocks (same kind and same principal party).

    Reports are visited in (source id, order) order, so the result does not depend on the order
    the articles were given in.
    """
    blocks: dict[tuple[str, str], list[Report]] = defaultdict(list)
    for report in reports:
        blocks[(report.kind, report.block)].append(report)
    clusters: list[Cluster] = []
    for (kind, _block), members in sorted(blocks.items()):
        local: list[Cluster] = []
        for report in sorted(members, key=lambda r: (r.source_id, r.order)):
            best, best_score = None, 0.0
            for cluster in local:
                score = max(fuzz.token_set_ratio(report.text, other.text) for other in cluster.reports)
                needed = (
                    SAME_SOURCE_SCORE
                    if report.source_id in {r.source_id for r in cluster.reports}
                    else SAME_ITEM_SCORE[kind]
                )
                if score >= needed and score > best_score:
                    best, best_score = cluster, score
            if best is None:
                best = Cluster()
                local.append(best)
            best.reports.append(report)
        clusters.extend(local)
    return clusters

