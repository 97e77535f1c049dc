"""Rendering a :class:`Briefing` as JSON or as a Markdown daily brief.

Article text is data: everything taken from it is escaped, so a ``<script>`` or a stray ``*`` in
an article shows as text in any Markdown or HTML viewer.
"""

from __future__ import annotations

import re

from summarizer.merge.diff import (
    STATUS_LABELS,
    BriefingDiff,
    ChangeKind,
    Status,
    item_label,
    proposal_actor,
    proposal_phrase,
)
from summarizer.render.timeline import timeline
from summarizer.schema import (
    Briefing,
    Disagreement,
    Evidence,
    MilitaryDevelopment,
    Party,
    Position,
    Proposal,
    ReportedDate,
)

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def esc(text: str) -> str:
    """Escape article-derived text for Markdown (and the HTML that Markdown may pass through)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.split())


def to_json(briefing: Briefing) -> str:
    return briefing.model_dump_json(indent=2) + "\n"


def code(text: str) -> str:
    """A code span for ids and paths; one that holds markup is escaped text instead, since
    neither backslashes nor entities work inside a code span."""
    if re.search(r"[<>&`]", text):
        return esc(text)
    return f"`{text}`"


def _sources(ids: list[str]) -> str:
    return ", ".join(code(i) for i in ids)


def _support(ids: list[str]) -> str:
    n = len(ids)
    return f"{n} source{'s' if n != 1 else ''}: {_sources(ids)}"


def _quotes(evidence: list[Evidence]) -> list[str]:
    return [f"  > “{esc(e.quote)}” — {code(e.source_id)} [{e.start}:{e.end}]" for e in evidence]


def _disagreements(items: list[Disagreement]) -> list[str]:
    lines = []
    for d in items:
        values = "; ".join(f"“{esc(v.value)}” ({_sources(v.sources)})" for v in d.values)
        lines.append(f"  - **Sources differ on {esc(d.field)}:** {values}")
    return lines


def _detail(*pairs: tuple[str, str]) -> str:
    shown = [f"{label}: {esc(value)}" for label, value in pairs if value]
    return f" ({'; '.join(shown)})" if shown else ""


def _dates(dates: list[ReportedDate]) -> str:
    return ", ".join(d.value for d in dates)


def _party_line(p: Party) -> str:
    aliases = ", ".join(esc(a) for a in p.aliases) or "—"
    role = esc(", ".join(x for x in (p.role, p.affiliation) if x)) or "—"
    return f"| {esc(p.name)} | {p.kind} | {role} | {aliases} | {len(p.sources)} |"


def _changed(diff: BriefingDiff) -> list[str]:
    """The short "what changed" section that opens a brief made with ``--since``."""

    def tally(parties: bool) -> str:
        counts = diff.counts(parties=parties)
        return ", ".join(f"{n} {STATUS_LABELS[s]}" for s, n in counts.items())

    lines = [
        f"Compared with the brief of {esc(diff.previous_generated_at)} "
        f"({diff.previous_sources} sources). Items: {tally(False)}. Parties: {tally(True)}.",
    ]
    listed: list[str] = []
    titles: tuple[tuple[Status, str], ...] = (
        ("new", "New"), ("updated", "Updated"), ("dropped", "No longer reported")
    )  # fmt: skip
    for status, title in titles:
        for c in diff.of_status(status):
            why = f" ({esc('; '.join(c.reasons))})" if c.reasons else ""
            listed.append(f"- **{title}** {c.kind}: {esc(c.label)}{why}")
    return lines + (["", *listed] if listed else [])


def _mark(changes: BriefingDiff | None, kind: ChangeKind, id: str) -> str:
    status = changes.status(kind, id) if changes else None
    return f"*[{STATUS_LABELS[status]}]* " if status in ("new", "updated") else ""


def _timeline(briefing: Briefing) -> list[str]:
    return [
        f"- {e.shown} ({e.date.precision}) — {esc(item_label(e.item))} — {_support(e.date.sources)}"
        for e in timeline(briefing)
    ]


def to_markdown(briefing: Briefing, *, changes: BriefingDiff | None = None) -> str:
    """The brief as Markdown; with ``changes`` it opens with what changed since the last one."""
    prov = briefing.provenance
    out = [
        "# Daily brief",
        "",
        f"Built from {len(briefing.sources)} sources by {code(prov.model)} "
        f"(prompt {code(prov.prompt_version)}) at {prov.generated_at}; "
        f"{prov.usage.total_tokens:,} tokens in {sum(a.calls for a in prov.articles)} model calls"
        + (
            f", {cached} articles reused from the cache."
            if (cached := sum(a.status == "cached" for a in prov.articles))
            else "."
        ),
    ]
    failed = briefing.failed
    if failed:
        out += ["", "**Left out:** " + "; ".join(
            f"{code(a.source_id)}: {esc(a.error or 'failed')}" for a in failed
        )]  # fmt: skip

    def section(title: str, lines: list[str]) -> None:
        out.extend(["", f"## {title}", ""])
        out.extend(lines or ["None reported."])

    if changes is not None:
        section("What changed", _changed(changes))

    ungrounded: list[str] = []
    unverified: list[str] = []
    lines: list[str] = []

    def shown(item: Proposal | Position | MilitaryDevelopment) -> list[str]:
        if not item.grounded:
            return ungrounded
        return lines if item.verified else unverified

    for pr in briefing.proposals:
        head = (
            f"- {_mark(changes, 'proposal', pr.id)}**{esc(proposal_actor(pr))}**"
            f" {esc(proposal_phrase(pr.status, pr.summary))}"
            + _detail(("to", pr.addressee), ("proposed by", pr.proposer if pr.accepted_by else ""),
                      ("when", pr.when), ("date", _dates(pr.dates)),
                      ("where", pr.where), ("status", pr.status))
            + f" — {_support(pr.sources)}"
        )  # fmt: skip
        block = [head, *_disagreements(pr.disagreements), *_quotes(pr.evidence)]
        shown(pr).extend(block)
    section("Proposals", lines)

    lines = []
    for po in briefing.positions:
        head = (
            f"- {_mark(changes, 'position', po.id)}**{esc(po.holder)}**"
            + (f" on {esc(po.topic)}:" if po.topic else ":")
            + f" {esc(po.stance)} — {_support(po.sources)}"
        )
        block = [head, *_disagreements(po.disagreements), *_quotes(po.evidence)]
        shown(po).extend(block)
    section("Positions", lines)

    lines = []
    for md in briefing.military_developments:
        claim = f" — *claimed by {esc(md.claimed_by)}*" if md.claimed_by else ""
        head = (
            f"- {_mark(changes, 'development', md.id)}**{esc(md.actor)}**: {esc(md.action)}"
            + _detail(
                ("where", md.place),
                ("when", md.time),
                ("date", _dates(md.dates)),
                ("how many", md.quantity),
            )
            + claim
            + f" — {_support(md.sources)}"
        )
        block = [head, *_disagreements(md.disagreements), *_quotes(md.evidence)]
        shown(md).extend(block)
    section("Military developments", lines)

    section("Timeline", _timeline(briefing) or ["No proposal or development carries a date."])
    section(
        "Parties",
        ["| Party | Kind | Role | Also written | Sources |", "|---|---|---|---|---|"]
        + [_party_line(p) for p in briefing.parties],
    )
    if unverified:
        section(
            "Unverified (one source only)",
            ["Each of these is in one article only, and either the model would have filed its"
             " sentence as another kind or it is a military development that no other article"
             " reports. Check it against its quote before using it.", "", *unverified],
        )  # fmt: skip
    if ungrounded:
        section(
            "Not found verbatim in any source (unverified)",
            ["The model reported these, but their quotes are not in the articles.", "",
             *ungrounded],
        )  # fmt: skip
    src_lines = []
    for s in briefing.sources:
        bits = [code(s.id)]
        if s.title:
            bits.append(esc(s.title))
        bits += [esc(x) for x in (s.outlet, s.published, s.url) if x]
        if s.path:
            bits.append(code(s.path))
        src_lines.append("- " + " — ".join(bits))
    section("Sources", src_lines)
    return "\n".join(out) + "\n"
