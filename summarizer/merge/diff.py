"""What changed between two briefings of one story: yesterday's and today's. Pure; no LLM code.

Items and parties are matched with the merger's own identity rules, not string equality:
parties through one :class:`PartyIndex` over both days' names (Zelensky / Zelenskyy, "Mr Lavrov"),
items through :func:`cluster_reports` over both days' items (same kind, same principal party,
texts alike enough, a shared date or number counting as in the merge). Two items that quote the
same passage of the same article are one item as well: that passage is one report.

Values are compared as the merger compares them when it lists disagreements
(:func:`field_signature`): "June 2" and "2 June" are one value, "Monday" resolves against the
source's publication date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from summarizer.merge.dates import parse_published
from summarizer.merge.entities import Mention, PartyIndex
from summarizer.merge.items import DISAGREEMENT_FIELDS, Report, cluster_reports
from summarizer.merge.names import plain
from summarizer.merge.values import date_signature, field_signature, quantity_signature
from summarizer.schema import Briefing, MilitaryDevelopment, Party, Position, Proposal

__all__ = [
    "STATUS_LABELS",
    "BriefingDiff",
    "Change",
    "ChangeKind",
    "Status",
    "diff_briefings",
    "diff_stories",
    "item_label",
]

Status = Literal["new", "updated", "unchanged", "dropped"]
ChangeKind = Literal["party", "proposal", "position", "development"]
STATUS_LABELS: dict[Status, str] = {
    "new": "new",
    "updated": "updated",
    "unchanged": "unchanged",
    "dropped": "no longer reported",
}
STATUSES: tuple[Status, ...] = ("new", "updated", "unchanged", "dropped")

_Item = Proposal | Position | MilitaryDevelopment
_PREVIOUS, _CURRENT = "b-previous", "a-current"


class Change(BaseModel):
    """How one party or item of today's briefing (or of yesterday's, when dropped) changed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ChangeKind = Field(description="Party, proposal, position or military development.")
    id: str = Field(description="Id in today's briefing; in yesterday's when dropped.")
    previous_ids: list[str] = Field(description="Ids of the same party or item yesterday.")
    status: Status = Field(description="new, updated, unchanged or dropped (no longer reported).")
    label: str = Field(description="The party's name or the item in a few words.")
    reasons: list[str] = Field(
        default_factory=list, description="What makes it updated: new sources, values, disputes."
    )


class BriefingDiff(BaseModel):
    """Every party and item of today's briefing, and yesterday's that are gone, with status."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    previous_generated_at: str = Field(description="When yesterday's briefing was made.")
    previous_sources: int = Field(description="How many articles yesterday's briefing read.")
    changes: list[Change] = Field(description="One entry per party and item, in briefing order.")

    def status(self, kind: ChangeKind, id: str) -> Status | None:
        """Status of a party or item of today's briefing."""
        for change in self.changes:
            if change.kind == kind and change.id == id and change.status != "dropped":
                return change.status
        return None

    def counts(self, *, parties: bool = False) -> dict[Status, int]:
        """How many items (or parties) have each status."""
        counts: dict[Status, int] = dict.fromkeys(STATUSES, 0)
        for change in self.changes:
            if (change.kind == "party") == parties:
                counts[change.status] += 1
        return counts

    def of_status(self, status: Status) -> list[Change]:
        return [c for c in self.changes if c.status == status]


@dataclass(frozen=True)
class _Side:
    tag: str
    briefing: Briefing

    @property
    def published(self) -> dict[str, date | None]:
        return {s.id: parse_published(s.published) for s in self.briefing.sources}


def diff_briefings(previous: Briefing, current: Briefing) -> BriefingDiff:
    """Mark every party and item of ``current`` new, updated or unchanged against ``previous``,
    and list those of ``previous`` that ``current`` no longer reports."""
    prev, cur = _Side(_PREVIOUS, previous), _Side(_CURRENT, current)
    index = PartyIndex([m for side in (prev, cur) for m in _party_mentions(side)])
    changes = _party_changes(prev, cur, index)
    for kind in ("proposal", "position", "development"):
        changes += _item_changes(kind, prev, cur, index)
    return BriefingDiff(
        previous_generated_at=previous.provenance.generated_at,
        previous_sources=len(previous.sources),
        changes=changes,
    )


def diff_stories(previous: Sequence[Briefing], current: Sequence[Briefing]) -> list[BriefingDiff]:
    """One diff per brief of ``current`` (a day of one or several stories) against ``previous``
    (the earlier day's brief, or one per story; story ids are not stable from day to day).

    One brief each side: the plain diff. Otherwise each current brief is compared with the
    previous brief that reports most of its items; one that shares no item with any is a new
    story: everything new and nothing dropped, rather than another story's items shown as no
    longer reported."""
    if len(previous) == 1 and len(current) == 1:
        return [diff_briefings(previous[0], current[0])]

    def matched(diff: BriefingDiff) -> int:
        return sum(c.kind != "party" and c.status in ("updated", "unchanged") for c in diff.changes)

    fields = ("sources", "parties", "proposals", "positions", "military_developments")
    diffs = []
    for brief in current:
        best = max((diff_briefings(p, brief) for p in previous), key=matched, default=None)
        if best is None or not matched(best):
            base = previous[0] if previous else brief
            best = diff_briefings(base.model_copy(update={key: [] for key in fields}), brief)
        diffs.append(best)
    return diffs


# ---------------------------------------------------------------------------------------------
# Parties
# ---------------------------------------------------------------------------------------------


def _party_mentions(side: _Side) -> Iterable[Mention]:
    for p in side.briefing.parties:
        for name in (p.name, *p.aliases):
            yield Mention(side.tag, name, p.kind, p.role, p.affiliation)
    # Items name parties too; they take part in resolution as in the merge.
    for item in _items(side.briefing):
        for name in _actors(item):
            if name.strip():
                yield Mention(side.tag, name)


def _identity(index: PartyIndex, name: str) -> str:
    found = index.lookup(name)
    return found.id if found else "=" + plain(name)


def _principal(index: PartyIndex, name: str) -> str:
    return index.principal(name) or "=" + plain(name)


def _party_changes(prev: _Side, cur: _Side, index: PartyIndex) -> list[Change]:
    before: dict[str, list[Party]] = defaultdict(list)
    for p in prev.briefing.parties:
        before[_identity(index, p.name)].append(p)
    matched: set[str] = set()
    changes = []
    for p in cur.briefing.parties:
        key = _identity(index, p.name)
        olds = before.get(key, [])
        matched.add(key)
        if not olds:
            changes.append(Change(kind="party", id=p.id, previous_ids=[], status="new",
                                  label=p.name))  # fmt: skip
            continue
        reasons = _new_sources(p.sources, [o.sources for o in olds], cur.briefing)
        old = olds[0]
        for name, new_value, old_value in (
            ("role", p.role, old.role),
            ("affiliation", p.affiliation, old.affiliation),
        ):
            if new_value.strip() and plain(new_value) != plain(old_value):
                reasons.append(f"{name}: {old_value or '—'} → {new_value}")
        changes.append(
            Change(
                kind="party",
                id=p.id,
                previous_ids=[o.id for o in olds],
                status="updated" if reasons else "unchanged",
                label=p.name,
                reasons=reasons,
            )
        )
    for key, olds in before.items():
        if key not in matched:
            changes += [Change(kind="party", id=o.id, previous_ids=[o.id], status="dropped",
                               label=o.name) for o in olds]  # fmt: skip
    return changes


# ---------------------------------------------------------------------------------------------
# Items
# ---------------------------------------------------------------------------------------------


def _items(briefing: Briefing) -> list[_Item]:
    return [*briefing.proposals, *briefing.positions, *briefing.military_developments]


def _of_kind(briefing: Briefing, kind: str) -> Sequence[_Item]:
    if kind == "proposal":
        return briefing.proposals
    if kind == "position":
        return briefing.positions
    return briefing.military_developments


def _actors(item: _Item) -> list[str]:
    if isinstance(item, Proposal):
        return [item.accepted_by or item.proposer, item.addressee]
    if isinstance(item, Position):
        return [item.holder]
    return [item.actor, item.claimed_by]


def _actor(item: _Item) -> str:
    return _actors(item)[0]


def _text(item: _Item) -> str:
    """The text the merger clusters a report by, made from the item's canonical fields."""
    if isinstance(item, Proposal):
        return f"{item.summary} {item.where} {item.when}"
    if isinstance(item, Position):
        return f"{item.topic} {item.stance}"
    return f"{item.action} {item.place} {item.quantity}"


def _fields(item: _Item) -> dict[str, str]:
    return {k: v for k, v in item.__dict__.items() if isinstance(v, str)}


def item_label(item: _Item) -> str:
    """The item in a few words, as the brief shows it."""
    if isinstance(item, Proposal):
        return f"{proposal_actor(item)} {proposal_phrase(item.status, item.summary)}"
    if isinstance(item, Position):
        return f"{item.holder} on {item.topic}: {item.stance}"
    return f"{item.actor}: {item.action}"


def _published(item: _Item, side: _Side) -> date | None:
    days = [d for s in item.sources if (d := side.published.get(s)) is not None]
    return min(days) if days else None


class _Groups:
    """Union-find over (side, position) of items."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(self, x: tuple[str, int]) -> tuple[str, int]:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: tuple[str, int], b: tuple[str, int]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def _item_changes(kind: str, prev: _Side, cur: _Side, index: PartyIndex) -> list[Change]:
    sides = {prev.tag: _of_kind(prev.briefing, kind), cur.tag: _of_kind(cur.briefing, kind)}
    groups = _Groups()
    reports = []
    passages: dict[tuple[str, str, int, int], tuple[str, int]] = {}
    for side in (prev, cur):
        for n, item in enumerate(sides[side.tag]):
            groups.find((side.tag, n))
            actor = _actor(item)
            text = _text(item)
            facts = frozenset(f for f in (date_signature(text), quantity_signature(text)) if f)
            reports.append(Report(
                kind, side.tag, n, index.principal(actor) or plain(actor), plain(text),
                _fields(item), None, facts, _published(item, side),
            ))  # fmt: skip
            for ev in item.evidence:
                # The same passage of the same article, quoted by an item of either day.
                key = (ev.source_id, ev.quote, ev.start, ev.end)
                if key in passages:
                    groups.union(passages[key], (side.tag, n))
                else:
                    passages[key] = (side.tag, n)
    for cluster in cluster_reports(reports):
        first = (cluster.reports[0].source_id, cluster.reports[0].order)
        for r in cluster.reports[1:]:
            groups.union(first, (r.source_id, r.order))

    members: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    for node in sorted(groups.parent):
        members[groups.find(node)].append(node)
    change_kind: ChangeKind = kind  # type: ignore[assignment]
    changes = []
    for n, item in enumerate(sides[cur.tag]):
        group = members[groups.find((cur.tag, n))]
        olds = [sides[prev.tag][m] for side, m in group if side == prev.tag]
        if not olds:
            changes.append(Change(kind=change_kind, id=item.id, previous_ids=[], status="new",
                                  label=item_label(item)))  # fmt: skip
            continue
        reasons = _new_sources(item.sources, [o.sources for o in olds], cur.briefing)
        reasons += _changed_values(kind, item, olds, prev, cur, index)
        changes.append(
            Change(
                kind=change_kind,
                id=item.id,
                previous_ids=[o.id for o in olds],
                status="updated" if reasons else "unchanged",
                label=item_label(item),
                reasons=reasons,
            )
        )
    for n, item in enumerate(sides[prev.tag]):
        group = members[groups.find((prev.tag, n))]
        if not any(side == cur.tag for side, _ in group):
            changes.append(Change(kind=change_kind, id=item.id, previous_ids=[item.id],
                                  status="dropped", label=item_label(item)))  # fmt: skip
    return changes


def _outlet_names(ids: Iterable[str], briefing: Briefing) -> str:
    names = {s.id: s.outlet or s.id for s in briefing.sources}
    return ", ".join(names.get(i, i) for i in ids)


def _new_sources(now: Sequence[str], before: Sequence[Sequence[str]], cur: Briefing) -> list[str]:
    seen = {s for sources in before for s in sources}
    added = [s for s in now if s not in seen]
    return [f"new sources: {_outlet_names(added, cur)}"] if added else []


def _changed_values(
    kind: str, item: _Item, olds: Sequence[_Item], prev: _Side, cur: _Side, index: PartyIndex
) -> list[str]:
    reasons = []
    now, published = _fields(item), _published(item, cur)
    for name in DISAGREEMENT_FIELDS[kind]:
        value = now.get(name, "").strip()
        signature = field_signature(name, value, published)
        if not signature:
            continue
        before = {
            field_signature(name, _fields(o).get(name, ""), _published(o, prev)) for o in olds
        } - {""}
        if signature not in before:
            shown = next((_fields(o)[name] for o in olds if _fields(o).get(name, "").strip()), "")
            reasons.append(f"{name}: {shown or '—'} → {value}")
    # A position's value is its stance; the merger lists no disagreement field for it.
    stances = {plain(o.stance) for o in olds if isinstance(o, Position)}
    if isinstance(item, Position) and item.stance.strip() and plain(item.stance) not in stances:
        reasons.append(f"stance: {getattr(olds[0], 'stance', '') or '—'} → {item.stance}")
    # Who acts is compared as the merger blocks reports: by the state or body the party acts
    # for ("Sergei Lavrov" and "Russia" propose for one principal).
    for name in _actor_fields(kind):
        value = now.get(name, "").strip()
        if value and all(
            _principal(index, value) != _principal(index, _fields(o).get(name, "")) for o in olds
        ):
            reasons.append(f"{name}: {_fields(olds[0]).get(name, '') or '—'} → {value}")
    disputed_before = {
        (d.field, field_signature(d.field, v.value, _published(o, prev)))
        for o in olds
        for d in o.disagreements
        for v in d.values
    }
    for d in item.disagreements:
        fresh = [
            v.value
            for v in d.values
            if (d.field, field_signature(d.field, v.value, published)) not in disputed_before
        ]
        if fresh:
            reasons.append(f"new disagreement on {d.field}: {', '.join(fresh)}")
    return reasons


def _actor_fields(kind: str) -> tuple[str, ...]:
    return {
        "proposal": ("proposer", "accepted_by"),
        "position": ("holder",),
        "development": ("actor",),
    }[kind]


def proposal_actor(item: Proposal) -> str:
    """Who a line of the brief leads with: the parties of a deal they accepted, else the
    proposer."""
    return item.accepted_by or item.proposer


def proposal_phrase(status: str, summary: str) -> str:
    """How a proposal reads in a line of the brief: a deal its parties accepted is no longer
    "proposed" by them ("agree to a ceasefire", "agree to exchange prisoners")."""
    if status == "accepted":
        return f"agree {summary}" if summary.startswith("to ") else f"agree to {summary}"
    return f"reject {summary}" if status == "rejected" else f"proposes {summary}"
