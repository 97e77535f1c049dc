"""``--since``: what changed between two briefings, on small hand-made ones (not model output).

Matching uses the merger's identity rules: "Sergei Lavrov" yesterday and "Sergey Lavrov" today are
one party, and "June 2" in yesterday's article and "next Monday" in today's (Thu 29 May) one date.
"""

from __future__ import annotations

from typing import Any

from summarizer.merge.diff import diff_briefings
from summarizer.render import to_html, to_markdown
from summarizer.schema import (
    Briefing,
    Disagreement,
    Evidence,
    MilitaryDevelopment,
    Party,
    Position,
    Proposal,
    Provenance,
    Source,
    Usage,
    ValueSources,
)


def ev(source: str, quote: str, start: int = 0) -> Evidence:
    return Evidence(source_id=source, quote=quote, start=start, end=start + len(quote))


def party(name: str, sources: list[str], *, kind: str = "person", aff: str = "") -> Party:
    return Party(id="p-" + name.lower().replace(" ", "-"), name=name, aliases=[], kind=kind,  # type: ignore[arg-type]
                 role="", affiliation=aff, sources=sources,
                 evidence=[ev(s, name) for s in sources])  # fmt: skip


def proposal(n: int, who: str, when: str, sources: list[str], **kw: Any) -> Proposal:
    return Proposal(id=f"proposal-{n}", sources=sources, evidence=[ev(s, f"{who} said.", 40)
                    for s in sources], grounded=True, proposer=who, proposer_id=None,
                    summary="second round of direct talks with Ukraine", addressee="Ukraine",
                    when=when, where="Istanbul", status="proposed", **kw)  # fmt: skip


def position(n: int, who: str, topic: str, stance: str, sources: list[str]) -> Position:
    return Position(id=f"position-{n}", sources=sources, evidence=[ev(s, stance, 90)
                    for s in sources], grounded=True, holder=who, holder_id=None, topic=topic,
                    stance=stance)  # fmt: skip


def development(n: int, action: str, quantity: str, sources: list[str]) -> MilitaryDevelopment:
    return MilitaryDevelopment(id=f"development-{n}", sources=sources,
                               evidence=[ev(s, f"Russia {action}", 200) for s in sources],
                               grounded=True, actor="Russia", actor_id=None, action=action,
                               place="", time="", quantity=quantity, claimed_by="Russia",
                               claimed_by_id=None)  # fmt: skip


def briefing(day: str, sources: list[str], **items: Any) -> Briefing:
    return Briefing(
        sources=[Source(id=s, outlet=s.upper(), published=day) for s in sources],
        parties=items.get("parties", []),
        proposals=items.get("proposals", []),
        positions=items.get("positions", []),
        military_developments=items.get("developments", []),
        provenance=Provenance(generator="test", model="m", prompt_version="v",
                              schema_version="s", generated_at=f"{day}T08:00:00Z", usage=Usage(),
                              articles=[]),
    )  # fmt: skip


YESTERDAY = briefing(
    "2025-05-28",
    ["a", "b"],
    parties=[
        party("Russia", ["a", "b"], kind="state"),
        party("Sergei Lavrov", ["a"], aff="Russia"),
        party("Ukraine", ["b"], kind="state"),
        party("Keith Kellogg", ["b"], aff="United States"),
    ],
    proposals=[proposal(1, "Sergei Lavrov", "June 2", ["a"])],
    positions=[
        position(1, "Ukraine", "Russian memorandum", "wants to see it before the talks", ["b"]),
        position(2, "Keith Kellogg", "Kyiv's peace terms", "received a list of them", ["b"]),
    ],
    developments=[
        development(1, "struck a fuel depot in Odesa", "", ["a"]),
        development(2, "downed drones over Bryansk", "296 drones", ["a"]),
    ],
)
TODAY = briefing(
    "2025-05-29",
    ["b", "c"],
    parties=[
        party("Russia", ["b"], kind="state"),
        party("Sergey Lavrov", ["c"], aff="Russia"),
        party("Ukraine", ["b"], kind="state"),
        party("Dmitry Peskov", ["c"], aff="Russia"),
    ],
    # "next Monday" in an article of Thu 2025-05-29 is 2025-06-02: the same date as yesterday's.
    proposals=[proposal(1, "Sergey Lavrov", "next Monday", ["c"])],
    positions=[
        position(1, "Ukraine", "Russian memorandum", "wants to see it before the talks", ["b"]),
        position(2, "Dmitry Peskov", "Ukraine's demand", "non-constructive", ["c"]),
    ],
    developments=[development(2, "downed drones over Bryansk", "300 drones", ["a"])],
)


def test_exact_statuses_on_a_hand_made_pair_of_days() -> None:
    diff = diff_briefings(YESTERDAY, TODAY)
    assert diff.counts() == {"new": 1, "updated": 2, "unchanged": 1, "dropped": 2}
    assert diff.counts(parties=True) == {"new": 1, "updated": 1, "unchanged": 2, "dropped": 1}
    status = {(c.kind, c.label): c.status for c in diff.changes}
    assert status[("party", "Sergey Lavrov")] == "updated"  # a new source, spelled differently
    assert status[("party", "Dmitry Peskov")] == "new"
    assert status[("party", "Keith Kellogg")] == "dropped"
    assert status[("party", "Russia")] == status[("party", "Ukraine")] == "unchanged"
    lavrov = next(c for c in diff.changes if c.kind == "proposal")
    assert (lavrov.status, lavrov.previous_ids) == ("updated", ["proposal-1"])
    assert lavrov.reasons == ["new sources: C"]  # the date is the same: no changed value
    drones = next(c for c in diff.changes if c.kind == "development" and c.status != "dropped")
    assert drones.reasons == ["quantity: 296 drones → 300 drones"]
    assert [c.label for c in diff.of_status("dropped") if c.kind != "party"] == [
        "Keith Kellogg on Kyiv's peace terms: received a list of them",
        "Russia: struck a fuel depot in Odesa",
    ]


def test_a_brief_against_itself_is_all_unchanged() -> None:
    diff = diff_briefings(TODAY, TODAY)
    assert diff.counts() == {"new": 0, "updated": 0, "unchanged": 4, "dropped": 0}
    assert diff.counts(parties=True)["unchanged"] == len(TODAY.parties)


def test_a_new_disagreement_makes_an_item_updated() -> None:
    disputed = proposal(1, "Sergei Lavrov", "June 2", ["a", "c"])
    disputed.disagreements = [Disagreement(field="where", values=[
        ValueSources(value="Istanbul", sources=["a"]), ValueSources(value="Geneva", sources=["c"])
    ])]  # fmt: skip
    today = briefing("2025-05-29", ["a", "c"], proposals=[disputed])
    (change,) = [c for c in diff_briefings(YESTERDAY, today).changes if c.kind == "proposal"]
    assert change.status == "updated"
    assert "new disagreement on where: Istanbul, Geneva" in change.reasons


def test_both_formats_open_with_what_changed() -> None:
    diff = diff_briefings(YESTERDAY, TODAY)
    md = to_markdown(TODAY, changes=diff)
    assert md.index("## What changed") < md.index("## Proposals")
    assert "Items: 1 new, 2 updated, 1 unchanged, 2 no longer reported." in md
    assert "- *[updated]* **Sergey Lavrov** proposes" in md
    page = to_html(TODAY, changes=diff)
    assert page.index('id="changes"') < page.index("<h2>Proposals</h2>")
    assert page.count('<span class="badge new">') >= 2  # the new position, the new party


def test_a_changed_stance_makes_a_position_updated() -> None:
    changed = position(1, "Ukraine", "Russian memorandum", "wants to see it before the talks now",
                       ["b"])  # fmt: skip
    today = briefing("2025-05-29", ["b"], positions=[changed])
    (change,) = [c for c in diff_briefings(YESTERDAY, today).changes
                 if c.kind == "position" and c.status != "dropped"]  # fmt: skip
    assert change.status == "updated"
    assert change.reasons == [
        "stance: wants to see it before the talks → wants to see it before the talks now"
    ]
