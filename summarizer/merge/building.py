"""From clusters of reports to the brief's items: one item per reported fact, every outlet's
evidence, the values most sources give, disagreements kept, and how sure the model was."""

from __future__ import annotations

import re
from typing import Any

from summarizer.merge.entities import PartyIndex
from summarizer.merge.items import Cluster
from summarizer.merge.mentions import joined_display, split_joined
from summarizer.merge.names import plain
from summarizer.merge.support import THE_DEAL_ALONE
from summarizer.schema import MilitaryDevelopment, Position, Proposal

#: An item reported by one source is shown as verified only when the model chose its kind first
#: (its confidence, the kind against the model's best alternative, is at least one half).
VERIFIED = 0.5


def verified(kind: str, sources: int, confidence: float | None, *, articles: int) -> bool:
    """Whether the brief shows an item, or shows it apart for the analyst to check first.

    An item that two outlets report is shown. One that a single outlet reports is shown apart
    when the model did not choose its kind first, and, when the brief has other articles that
    could have told it, when it is a military development: on stories the project had never
    seen, such developments scored 0.27 (48 items, blind labels of mixes 14-18: many repeat
    another item or misread whose event it was), against about 0.6 for the brief's other items.
    """
    if sources > 1:
        return True
    if kind == "development" and articles > 1:
        return False
    return confidence is None or confidence >= VERIFIED


def build_items(
    clusters: list[Cluster], index: PartyIndex, *, articles: int
) -> tuple[list[Proposal], list[Position], list[MilitaryDevelopment]]:
    """The items of each section, the most widely reported first; ``articles`` is how many the
    brief draws on (an item one of them reports stands alone only if there is no other)."""
    by_kind: dict[str, list[Cluster]] = {"proposal": [], "position": [], "development": []}
    for cluster in clusters:
        by_kind[cluster.reports[0].kind].append(cluster)
    for kind in by_kind:
        by_kind[kind].sort(
            key=lambda c: (-len(c.sources), c.sources[0], c.reports[0].order, c.reports[0].text)
        )

    def party(name: str) -> tuple[str, str | None]:
        return joined_display(name, index)

    def common(kind: str, n: int, c: Cluster) -> dict[str, Any]:
        """The fields every item shares, computed once per cluster."""
        evidence = c.evidence()
        confidence = c.confidence()
        return {
            "id": f"{kind}-{n}",
            "sources": c.sources,
            "evidence": evidence,
            "grounded": bool(evidence),
            "disagreements": c.disagreements(kind, lambda name: party(name)[1] or plain(name)),
            "confidence": confidence,
            "verified": verified(kind, len(c.sources), confidence, articles=articles),
        }

    proposals = []
    for n, c in enumerate(by_kind["proposal"], start=1):
        proposer, proposer_id = party(_deal_parties(c, index) or c.value("proposer"))
        accepted_by, accepted_by_id = "", None
        if c.value("status") == "accepted":
            # Who accepted a deal is not who proposed it ("the RSF accepted the truce proposed
            # by the Quad"); the proposer is only who a report says proposed or brokered it.
            accepted_by, accepted_by_id = proposer, proposer_id
            brokered = proposed_by(c)
            proposer, proposer_id = party(brokered) if brokered else ("", None)
        addressee = c.value("addressee")
        proposals.append(Proposal(
            **common("proposal", n, c),
            proposer=proposer, proposer_id=proposer_id, accepted_by=accepted_by,
            accepted_by_id=accepted_by_id, summary=c.value("proposal"),
            addressee=party(addressee)[0] if addressee else "",
            when=c.value("when"), where=c.value("where"),
            status=c.value("status") or "unknown", dates=c.dates("when"),
        ))  # fmt: skip
    positions = []
    for n, c in enumerate(by_kind["position"], start=1):
        holder, holder_id = party(c.value("holder"))
        positions.append(Position(
            **common("position", n, c),
            holder=holder, holder_id=holder_id, topic=c.value("topic"), stance=c.value("stance"),
        ))  # fmt: skip
    developments = []
    for n, c in enumerate(by_kind["development"], start=1):
        actor, actor_id = party(c.value("actor"))
        claimant = c.value("claimed_by")
        claimed_by, claimed_by_id = party(claimant) if claimant else ("", None)
        developments.append(MilitaryDevelopment(
            **common("development", n, c),
            actor=actor, actor_id=actor_id, action=c.value("action"), place=c.value("place"),
            time=c.value("time"), quantity=c.value("quantity"), claimed_by=claimed_by,
            claimed_by_id=claimed_by_id, dates=c.dates("time"), quantities=c.quantities(),
        ))  # fmt: skip
    return proposals, positions, developments


# Capitalised words: one, then as many more as the count after it allows ("{0,4}").
_CAPITALISED = r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)"

#: "proposed by the Quad", "brokered by Oman", "a US-brokered truce", "Qatar's proposal", "Qatar
#: brokered a truce".
_PROPOSED_BY = re.compile(
    r"\b(?:proposed|brokered|mediated|put forward|drafted|offered|sponsored|facilitated) by"
    r" (?:the )?"
    r"(?P<by>[A-Z][\w.'’-]*(?: (?:of |and |the )?[A-Z][\w.'’-]*){0,4})"
    r"|\b(?P<compound>[A-Z][\w.]*(?:-[A-Z][\w.]*)?)-(?:brokered|proposed|mediated|drafted"
    r"|sponsored|led)\b"
    r"|\b(?P<owner>[A-Z][\w.]*(?: [A-Z][\w.]*){0,2})['’]s? (?:proposal|plan|offer|initiative)\b"
    rf"|\b(?P<agent>{_CAPITALISED}{{0,3}}) (?:has |had )?(?:brokered|mediated) (?:a|an|the)\b"
    # Who chaired or hosted the talks that made it, or said it mediated: "talks chaired by
    # Anwar", "Anwar Ibrahim, who chaired the meeting", "Oman said it had mediated".
    rf"|\b(?:chaired|hosted) by (?:the )?(?P<chair>{_CAPITALISED}{{0,4}})"
    rf"|\b(?P<chairing>{_CAPITALISED}{{0,4}}),? who (?:chaired|hosted|mediated|brokered)\b"
    rf"|\b(?P<said>{_CAPITALISED}{{0,3}}) said (?:it|he|she) (?:had |has )?(?:brokered|mediated)\b"
)

_LED = re.compile(r"-(?:led|backed|sponsored|brokered)\b.*$")
#: Capitalised words that open a sentence or a date, not a name.
_NOT_A_NAME = frozenset(
    ["The", "On", "In", "After", "Last", "This", "Earlier", "Then", "Monday", "Tuesday",
     "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
)  # fmt: skip


def proposed_by(cluster: Cluster) -> str:
    """Who a deal's reports say proposed, brokered or mediated it, in the words of the first
    report that says so; "" when none does."""
    for report in cluster.reports:
        texts = [report.fields.get("proposal", "")]
        if report.evidence is not None:
            texts.append(report.evidence.quote)
        for text in texts:
            found = _PROPOSED_BY.search(text)
            if found:
                words = next(n for n in found.groups() if n).split()
                while len(words) > 1 and words[0] in _NOT_A_NAME:
                    # "On Tuesday Qatar brokered a truce", "The US-brokered truce".
                    words = words[1:]
                name = " ".join(words).removesuffix("'s").removesuffix("’s").strip()
                # "proposed by the US-led mediators": who leads them.
                return _LED.sub("", name)
    return ""


def _deal_parties(cluster: Cluster, index: PartyIndex) -> str:
    """For a deal its parties accepted, every party that accepts it in any of its reports, as
    one joined name ("Cambodia and Thailand"): an outlet that names one side ("Thailand agreed
    to the ceasefire") does not make that side the deal's only party. "" for a proposal."""
    if cluster.value("status") != "accepted":
        return ""
    parties: dict[str, str] = {}
    accepting = [
        r for r in cluster.reports
        if r.kind == "proposal" and r.fields.get("status") == "accepted"
    ]  # fmt: skip
    named = [r for r in accepting if not THE_DEAL_ALONE.match(r.fields.get("proposal", ""))]
    # "The agreement was signed by X, Y and Z": whom a report of the deal named again by its
    # noun alone names first may be a witness; the reports that name the deal say who its sides
    # are.
    for report in named or accepting:
        for name in split_joined(report.fields.get("proposer", "")):
            found = index.lookup(name)
            if found is not None and found.kind == "person" and found.affiliation:
                # A minister who signs signs for the state.
                found = index.lookup(found.affiliation) or found
            key = found.id if found else plain(name)
            parties.setdefault(key, found.name if found else name.strip())
    names = set(parties.values())
    # "Congo" beside "Democratic Republic of the Congo": the short name is the long one, cut.
    kept = sorted(
        n for n in names
        if not any(n != other and set(n.split()) < set(other.split()) for other in names)
    )  # fmt: skip
    return " and ".join(kept) if len(kept) > 1 else ""
