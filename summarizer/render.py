"""Rendering a :class:`Briefing` as JSON or as a Markdown daily brief.

Article text is data: everything taken from it is escaped, so a ``<script>`` or a stray ``*`` in
an article shows as text in any Markdown or HTML viewer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from summarizer.ingest import Story
from summarizer.schema import Briefing, Disagreement, Evidence, Party, ReportedDate

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


def to_markdown(briefing: Briefing) -> str:
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

    ungrounded: list[str] = []
    lines: list[str] = []
    for pr in briefing.proposals:
        head = (
            f"- **{esc(pr.proposer)}** proposes {esc(pr.summary)}"
            + _detail(("to", pr.addressee), ("when", pr.when), ("date", _dates(pr.dates)),
                      ("where", pr.where), ("status", pr.status))
            + f" — {_support(pr.sources)}"
        )  # fmt: skip
        block = [head, *_disagreements(pr.disagreements), *_quotes(pr.evidence)]
        (lines if pr.grounded else ungrounded).extend(block)
    section("Proposals", lines)

    lines = []
    for po in briefing.positions:
        head = (
            f"- **{esc(po.holder)}** on {esc(po.topic)}: {esc(po.stance)} — {_support(po.sources)}"
        )
        block = [head, *_disagreements(po.disagreements), *_quotes(po.evidence)]
        (lines if po.grounded else ungrounded).extend(block)
    section("Positions", lines)

    lines = []
    for md in briefing.military_developments:
        claim = f" — *claimed by {esc(md.claimed_by)}*" if md.claimed_by else ""
        head = (
            f"- **{esc(md.actor)}**: {esc(md.action)}"
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
        (lines if md.grounded else ungrounded).extend(block)
    section("Military developments", lines)

    section(
        "Parties",
        ["| Party | Kind | Role | Also written | Sources |", "|---|---|---|---|---|"]
        + [_party_line(p) for p in briefing.parties],
    )
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


def stories_to_markdown(stories: Sequence[tuple[Story, Briefing]]) -> str:
    """An index of the day's stories, then each story's brief; one story is just its brief."""
    if len(stories) == 1:
        return to_markdown(stories[0][1])
    total = sum(len(story.articles) for story, _ in stories)
    out = [
        "# Stories",
        "",
        f"{len(stories)} stories from {total} articles, grouped by shared words, names and dates.",
        "",
        "| story | about | articles |",
        "|---|---|---|",
    ]
    for story, _ in stories:
        ids = ", ".join(code(a.id) for a in story.articles) or "—"
        out.append(f"| {code(story.id)} | {esc(story.label)} | {ids} |")
    text = "\n".join(out) + "\n"
    for n, (story, briefing) in enumerate(stories, start=1):
        text += f"\n---\n\n**Story {n} of {len(stories)}** ({code(story.id)}: {esc(story.label)})"
        text += "\n\n" + to_markdown(briefing)
    return text


def stories_to_json(stories: Sequence[tuple[Story, Briefing]]) -> str:
    """One briefing's JSON for one story; for several, ``{"stories": [...]}`` with each story's
    id, label, article ids and briefing."""
    if len(stories) == 1:
        return to_json(stories[0][1])
    data = {
        "stories": [
            {
                "id": story.id,
                "label": story.label,
                "articles": [a.id for a in story.articles],
                "briefing": briefing.model_dump(mode="json"),
            }
            for story, briefing in stories
        ]
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
