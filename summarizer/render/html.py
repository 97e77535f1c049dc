"""The brief as one self-contained HTML report: every quote clickable, highlighted in its article.

The page loads nothing from outside (a Content-Security-Policy allows only its own inline style and
script, by hash) and works offline. Jinja2 escapes everything taken from an article (autoescape);
the page's own element ids are made here (``src-3``, ``ev-12``, ``party-2``), never taken from
article ids, titles or URLs. Every evidence entry is one highlight: overlapping passages are cut
into segments, each marked with all the entries that cover it.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from summarizer.merge.diff import STATUS_LABELS, BriefingDiff, ChangeKind, Status, item_label
from summarizer.render.timeline import timeline
from summarizer.schema import (
    Briefing,
    Disagreement,
    Evidence,
    MilitaryDevelopment,
    Party,
    Position,
    Proposal,
)

_Item = Proposal | Position | MilitaryDevelopment


@dataclass
class _Quote:
    ev: str
    source: str
    outlet: str
    quote: str
    start: int
    end: int


@dataclass
class _Segment:
    text: str
    evs: list[str]


@dataclass
class _Article:
    key: str
    id: str
    label: str
    title: str | None
    url: str | None
    link: str | None
    published: str | None
    segments: list[_Segment] | None


@dataclass
class _View:
    key: str
    kind: ChangeKind
    status: Status | None
    head: str
    facts: list[tuple[str, str]]
    claim: str
    outlets: list[str]
    disagreements: list[tuple[str, list[tuple[str, list[str]]]]]
    quotes: list[_Quote]
    parties: list[str]
    grounded: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def evs(self) -> str:
        return " ".join(q.ev for q in self.quotes)


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("summarizer.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _asset(name: str) -> tuple[str, str]:
    """A static asset's text and its CSP hash source."""
    text = files("summarizer.render").joinpath("templates", name).read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"'sha256-{digest}'"


def _safe_link(url: str | None) -> str | None:
    """Only http(s) addresses become links; anything else (``javascript:``) stays text."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def _segments(text: str, spans: Sequence[tuple[int, int, str]]) -> list[_Segment]:
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    segments: list[_Segment] = []
    for a, b in itertools.pairwise(cuts):
        covering = [ev for s, e, ev in spans if s <= a and b <= e]
        if segments and not covering and not segments[-1].evs:
            segments[-1].text += text[a:b]
        else:
            segments.append(_Segment(text[a:b], covering))
    return segments


def to_html(
    briefing: Briefing,
    *,
    texts: Mapping[str, str] | None = None,
    changes: BriefingDiff | None = None,
) -> str:
    """The brief as one HTML page. ``texts`` maps source ids to article texts: with them, each
    quote is highlighted at its offsets in its article; ``changes`` adds what changed since the
    previous brief."""
    texts = texts or {}
    source_key = {s.id: f"src-{n}" for n, s in enumerate(briefing.sources, start=1)}
    outlet = {s.id: s.outlet or s.id for s in briefing.sources}
    party_key = {p.id: f"party-{n}" for n, p in enumerate(briefing.parties, start=1)}
    spans: dict[str, list[tuple[int, int, str]]] = {s.id: [] for s in briefing.sources}
    # An addressee is named, not resolved to an id: found by the party's names.
    by_name = {n: p.id for p in briefing.parties for n in (p.name, *p.aliases)}
    counter, item_counter = itertools.count(1), itertools.count(1)

    def quotes(evidence: list[Evidence]) -> list[_Quote]:
        out = []
        for e in evidence:
            ev = f"ev-{next(counter)}"
            text = texts.get(e.source_id)
            if text is not None and text[e.start : e.end] == e.quote and e.start < e.end:
                spans.setdefault(e.source_id, []).append((e.start, e.end, ev))
            where = source_key.get(e.source_id, "")
            name = outlet.get(e.source_id, e.source_id)
            out.append(_Quote(ev, where, name, e.quote, e.start, e.end))
        return out

    def disagreements(items: list[Disagreement]) -> list[tuple[str, list[tuple[str, list[str]]]]]:
        return [
            (d.field, [(v.value, [outlet.get(s, s) for s in v.sources]) for v in d.values])
            for d in items
        ]

    def status(kind: ChangeKind, id: str) -> Status | None:
        return changes.status(kind, id) if changes else None

    def reasons(kind: ChangeKind, id: str) -> list[str]:
        if changes is None:
            return []
        return next((c.reasons for c in changes.changes if c.kind == kind and c.id == id
                     and c.status != "dropped"), [])  # fmt: skip

    def view(kind: ChangeKind, item: _Item) -> _View:
        if isinstance(item, Proposal):
            dates = ", ".join(d.value for d in item.dates)
            facts = [("to", item.addressee),
                     ("proposed by", item.proposer if item.accepted_by else ""),
                     ("when", item.when), ("where", item.where), ("status", item.status),
                     ("date", dates)]  # fmt: skip
            ids = [item.proposer_id, item.accepted_by_id, by_name.get(item.addressee)]
            claim = ""
        elif isinstance(item, Position):
            facts, ids, claim = [], [item.holder_id], ""
        else:
            dates = ", ".join(d.value for d in item.dates)
            facts = [("where", item.place), ("when", item.time), ("how many", item.quantity),
                     ("date", dates)]  # fmt: skip
            ids, claim = [item.actor_id, item.claimed_by_id], item.claimed_by
        return _View(
            key=f"item-{next(item_counter)}",
            kind=kind,
            status=status(kind, item.id),
            head=item_label(item),
            facts=[(k, v) for k, v in facts if v],
            claim=claim,
            outlets=[outlet.get(s, s) for s in item.sources],
            disagreements=disagreements(item.disagreements),
            quotes=quotes(item.evidence),
            parties=sorted({party_key[i] for i in ids if i in party_key}),
            # One source, and not the model's first choice of kind or an uncorroborated
            # development (merge.building.verified): shown apart, like an item whose quote
            # was not found.
            grounded=item.grounded and item.verified,
            reasons=reasons(kind, item.id),
        )

    sections: list[tuple[str, str, list[_View]]] = []
    for title, kind, items in (
        ("Proposals", "proposal", briefing.proposals),
        ("Positions", "position", briefing.positions),
        ("Military developments", "development", briefing.military_developments),
    ):
        sections.append((title, kind, [view(kind, i) for i in items]))  # type: ignore[arg-type]
    by_item = {
        (kind, item.id): v
        for _, kind, views in sections
        for item, v in zip(_of(briefing, kind), views, strict=True)
    }

    def party_view(p: Party) -> _View:
        return _View(
            key=party_key[p.id],
            kind="party",
            status=status("party", p.id),
            head=p.name,
            facts=[
                (k, v)
                for k, v in (("kind", p.kind), ("role", p.role), ("affiliation", p.affiliation))
                if v
            ],
            claim="",
            outlets=[outlet.get(s, s) for s in p.sources],
            disagreements=[],
            quotes=quotes(p.evidence),
            parties=[party_key[p.id]],
            grounded=bool(p.evidence),
            reasons=reasons("party", p.id),
        )

    parties = [(party_view(p), p.aliases) for p in briefing.parties]
    items_of_party = {
        key: sum(key in v.parties for v in by_item.values()) for key in party_key.values()
    }
    articles = [
        _Article(
            key=source_key[s.id],
            id=s.id,
            label=outlet[s.id],
            title=s.title,
            url=s.url,
            link=_safe_link(s.url),
            published=s.published,
            segments=_segments(texts[s.id], spans[s.id]) if s.id in texts else None,
        )
        for s in briefing.sources
    ]
    entries = [
        (
            e.shown,
            e.date.precision,
            by_item[(_kind(e.item), e.item.id)],
            [outlet.get(s, s) for s in e.date.sources],
        )
        for e in timeline(briefing)
    ]
    css, css_hash = _asset("report.css")
    js, js_hash = _asset("report.js")
    csp = (
        f"default-src 'none'; style-src {css_hash}; script-src {js_hash}; img-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    prov = briefing.provenance
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            briefing=briefing,
            prov=prov,
            calls=sum(a.calls for a in prov.articles),
            failed=briefing.failed,
            csp=csp,
            css=css,
            js=js,
            sections=sections,
            parties=parties,
            items_of_party=items_of_party,
            articles=articles,
            timeline=entries,
            outlet=outlet,
            changes=changes,
            dropped=changes.of_status("dropped") if changes else [],
            status_labels=STATUS_LABELS,
            n_sources=len(briefing.sources),
        )
    )


def _of(briefing: Briefing, kind: str) -> list[_Item]:
    if kind == "proposal":
        return list(briefing.proposals)
    if kind == "position":
        return list(briefing.positions)
    return list(briefing.military_developments)


def _kind(item: Proposal | MilitaryDevelopment) -> str:
    return "proposal" if isinstance(item, Proposal) else "development"
