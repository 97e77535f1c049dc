"""The deterministic merger on plain objects: seed spelling variants, corroboration,
disagreements, claims, grounding and order independence."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from summarizer.ingest import make_article
from summarizer.merge import MergeInput, merge
from summarizer.merge.dates import ResolvedDate, resolve_date
from summarizer.merge.names import name_key
from summarizer.schema import (
    ArticleExtraction,
    ExtractedDevelopment,
    ExtractedParty,
    ExtractedPosition,
    ExtractedProposal,
)

A = (
    "Russian Foreign Minister Sergei Lavrov said Russia proposed talks in Istanbul on June 2. "
    "Ukrainian President Volodymyr Zelenskyy said Kyiv is ready. "
    "Russia claimed it had downed 296 Ukrainian drones across 13 regions overnight. "
    "Zelenskyy said 50,000 Russian troops are stationed near Sumy."
)
B = (
    "Mr Lavrov said the second round of direct talks would be held in Istanbul next Monday. "
    "Foreign Minister Sergey Lavrov spoke in Moscow. Volodymyr Zelensky met Chancellor Merz. "
    "Kiev has yet to respond. Moscow has deployed more than 50,000 troops near the border of "
    "Ukraine's Sumi region."
)


def _party(
    name: str, kind: str = "person", role: str = "", affiliation: str = ""
) -> ExtractedParty:
    return ExtractedParty(name=name, kind=kind, role=role, affiliation=affiliation)  # type: ignore[arg-type]


def _inputs() -> list[MergeInput]:
    a = ArticleExtraction(
        parties=[
            _party("Sergei Lavrov", role="Foreign Minister", affiliation="Russia"),
            _party("Volodymyr Zelenskyy", role="President", affiliation="Ukraine"),
            _party("Russia", "state"),
            _party("Kyiv", "government"),
        ],
        proposals=[
            ExtractedProposal(
                proposer="Russia", proposal="second round of talks in Istanbul",
                addressee="Ukraine", when="June 2", where="Istanbul", status="proposed",
                quote="Russian Foreign Minister Sergei Lavrov said Russia proposed talks in "
                "Istanbul on June 2.",
            )
        ],
        positions=[
            ExtractedPosition(
                holder="Volodymyr Zelenskyy", topic="talks", stance="Kyiv is ready",
                quote="Ukrainian President Volodymyr Zelenskyy said Kyiv is ready.",
            )
        ],
        military_developments=[
            ExtractedDevelopment(
                actor="Russia", action="downed Ukrainian drones", place="13 regions",
                time="overnight", quantity="296 drones", claimed_by="Russia",
                quote="Russia claimed it had downed 296 Ukrainian drones across 13 regions "
                "overnight.",
            ),
            ExtractedDevelopment(
                actor="Russia", action="troops stationed near Sumy", place="Sumy",
                quantity="50,000 troops", claimed_by="Volodymyr Zelenskyy",
                quote="Zelenskyy said 50,000 Russian troops are stationed near Sumy.",
            ),
        ],
    )  # fmt: skip
    b = ArticleExtraction(
        parties=[
            _party("Mr Lavrov"),
            _party("Sergey Lavrov", role="Foreign Minister", affiliation="Russia"),
            _party("Volodymyr Zelensky", role="President", affiliation="Ukraine"),
            _party("Merz", role="Chancellor", affiliation="Germany"),
            _party("Kiev", "government"),
        ],
        proposals=[
            ExtractedProposal(
                proposer="Mr Lavrov", proposal="second round of direct talks in Istanbul",
                addressee="", when="next Monday", where="Istanbul", status="proposed",
                quote="Mr Lavrov said the second round of direct talks would be held in Istanbul "
                "next Monday.",
            )
        ],
        positions=[],
        military_developments=[
            ExtractedDevelopment(
                actor="Moscow", action="troops deployed near Sumi", place="Sumi",
                quantity="more than 50,000 troops",
                quote="Moscow has deployed more than 50,000 troops near the border of Ukraine's "
                "Sumi region.",
            )
        ],
    )  # fmt: skip
    return [
        MergeInput(make_article(A, id="a", published="2025-05-28"), a),
        MergeInput(make_article(B, id="b", published="2025-05-28"), b),
    ]


def test_name_keys_fold_seed_variants() -> None:
    assert name_key("Zelensky") == name_key("Zelenskyy") == name_key("Zelenskiy")
    assert name_key("Sergei Lavrov") == name_key("Sergey Lavrov")
    assert name_key("Mr Lavrov") == name_key("Lavrov")
    assert name_key("President Putin") == name_key("Putin")
    assert name_key("Kyiv") == name_key("Kiev") == name_key("Ukraine")
    assert name_key("the Kremlin") == name_key("Moscow") == name_key("Russia")
    assert name_key("US") == name_key("United States")


def test_one_party_per_real_world_entity() -> None:
    result = merge(_inputs())
    names = {p.name: p for p in result.parties}
    lavrov = [p for p in result.parties if "Lavrov" in p.name]
    assert len(lavrov) == 1
    assert set(lavrov[0].aliases) | {lavrov[0].name} == {
        "Sergei Lavrov",
        "Sergey Lavrov",
    }
    zelensky = [p for p in result.parties if "Zelensk" in p.name]
    assert len(zelensky) == 1 and zelensky[0].sources == ["a", "b"]
    ukraine = [p for p in result.parties if {"Kyiv", "Kiev"} & ({p.name, *p.aliases})]
    assert len(ukraine) == 1
    assert names["Russia"].kind == "state"
    assert lavrov[0].affiliation == "Russia"


def test_party_evidence_is_verbatim_mention_in_each_source() -> None:
    result = merge(_inputs())
    texts = {"a": A, "b": B}
    for party in result.parties:
        for ev in party.evidence:
            assert texts[ev.source_id][ev.start : ev.end] == ev.quote


def test_same_proposal_from_two_sources_is_one_item_with_both_evidence() -> None:
    result = merge(_inputs())
    assert len(result.proposals) == 1
    proposal = result.proposals[0]
    assert proposal.sources == ["a", "b"]
    assert {e.source_id for e in proposal.evidence} == {"a", "b"}
    assert proposal.proposer == "Russia"


def test_disagreeing_numbers_stay_visible() -> None:
    result = merge(_inputs())
    troops = [d for d in result.military_developments if "50,000" in d.quantity]
    assert len(troops) == 1, [d.action for d in result.military_developments]
    (dis,) = [d for d in troops[0].disagreements if d.field == "quantity"]
    values = {v.value: v.sources for v in dis.values}
    assert values == {"50,000 troops": ["a"], "more than 50,000 troops": ["b"]}


def test_claims_are_attributed_to_the_claimant() -> None:
    result = merge(_inputs())
    (drones,) = [d for d in result.military_developments if "296" in d.quantity]
    assert drones.claimed_by == "Russia"
    assert drones.claimed_by_id is not None


def test_evidence_is_exact_text_slices() -> None:
    result = merge(_inputs())
    texts = {"a": A, "b": B}
    items = [*result.proposals, *result.positions, *result.military_developments]
    assert items
    for item in items:
        assert item.grounded
        for ev in item.evidence:
            assert texts[ev.source_id][ev.start : ev.end] == ev.quote


def test_invented_quote_is_flagged_or_dropped() -> None:
    inputs = _inputs()
    bad = inputs[0].extraction.model_copy(deep=True)
    bad.positions.append(
        ExtractedPosition(holder="Russia", topic="war", stance="has already won the war",
                          quote="Russia announced it has already won the war in Ukraine.")
    )  # fmt: skip
    inputs[0] = MergeInput(inputs[0].article, bad)
    flagged = merge(inputs, ungrounded="flag")
    assert [p.grounded for p in flagged.positions].count(False) == 1
    assert flagged.ungrounded["a"] == 1
    dropped = merge(inputs, ungrounded="drop")
    assert all(p.grounded for p in dropped.positions)
    assert dropped.ungrounded["a"] == 1


def test_same_output_in_any_input_order() -> None:
    inputs = _inputs()
    outputs = {repr(merge(list(order))) for order in itertools.permutations(inputs)}
    assert len(outputs) == 1


def test_a_quote_that_lands_in_page_junk_is_not_evidence() -> None:
    text = A + "\nAdvertisement\nStory continues below this ad\n"
    article = make_article(text, id="a")
    extraction = ArticleExtraction(
        parties=[],
        proposals=[],
        positions=[
            ExtractedPosition(holder="Russia", topic="ads", stance="continues",
                              quote="Story continues below this ad")
        ],
        military_developments=[],
    )  # fmt: skip
    result = merge([MergeInput(article, extraction)])
    # No sentence outside the junk says it: the item is left out and counted, never evidence.
    assert result.positions == []
    assert result.unsupported["a"] == 1


def test_relative_dates_resolve_against_publication_and_do_not_disagree() -> None:
    (proposal,) = merge(_inputs()).proposals
    assert [(d.value, d.precision, d.sources) for d in proposal.dates] == [
        ("2025-06-02", "day", ["a", "b"])
    ]
    assert not [d for d in proposal.disagreements if d.field == "when"]


def test_quantities_are_structured_per_source() -> None:
    troops = [d for d in merge(_inputs()).military_developments if "50,000" in d.quantity]
    assert [(q.value, q.unit, q.qualifier, q.sources) for q in troops[0].quantities] == [
        (50000.0, "troops", "exact", ["a"]),
        (50000.0, "troops", "more than", ["b"]),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("next Monday", ("2025-06-02", "day")),
        ("June 2", ("2025-06-02", "day")),
        ("on Wednesday", ("2025-05-28", "day")),
        ("May 16", ("2025-05-16", "day")),
        ("yesterday", ("2025-05-27", "day")),
        ("last week", ("2025-W21", "week")),
        ("February 2022", ("2022-02", "month")),
        ("in May", ("2025-05", "month")),
        ("this may happen", None),
        ("", None),
    ],
)
def test_dates_resolve_with_a_precision(text: str, expected: tuple[str, str] | None) -> None:
    resolved = resolve_date(text, date(2025, 5, 28))
    assert (None if resolved is None else (resolved.value, resolved.precision)) == expected


def test_a_day_and_month_without_publication_date_stays_unresolved() -> None:
    assert resolve_date("next Monday", None) is None
    assert resolve_date("June 2", None) is None
    assert resolve_date("June 2, 2025", None) == ResolvedDate("2025-06-02", "day")


def test_a_state_given_itself_as_role_has_no_role() -> None:
    extraction = ArticleExtraction(
        parties=[_party("Russia", "state", role="Russia"), _party("Lavrov", role="Minister")],
        proposals=[], positions=[], military_developments=[],
    )  # fmt: skip
    parties = {p.name: p for p in merge([MergeInput(make_article(A, id="a"), extraction)]).parties}
    assert parties["Russia"].role == ""
    assert next(p for n, p in parties.items() if "Lavrov" in n).role == "Minister"


def test_merge_leaves_the_cyclic_collector_as_it_found_it() -> None:
    import gc

    assert gc.isenabled()
    merge(_inputs())
    assert gc.isenabled()
    gc.disable()
    try:
        merge(_inputs())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_two_parties_given_as_one_are_two() -> None:
    text = "Moscow and Kiev agreed to swap prisoners. Bosnia and Herzegovina said it would help."
    extraction = ArticleExtraction(
        parties=[
            ExtractedParty(name="Moscow and Kiev", kind="state"),
            ExtractedParty(name="Bosnia and Herzegovina", kind="state"),
        ],
        proposals=[],
        positions=[],
        military_developments=[],
    )
    result = merge([MergeInput(make_article(text, id="a"), extraction)])
    names = sorted(p.name for p in result.parties)
    assert "Moscow and Kiev" not in names
    assert {"Russia", "Ukraine", "Bosnia and Herzegovina"} <= set(names), names


def test_one_side_s_attack_told_in_other_words_is_one_item_unless_its_place_differs() -> None:
    texts = {
        "a": "Norland struck rebel targets in Vella on Thursday, killing nine.",
        "b": "Norland forces struck several rebel-linked camps, officials said.",
        "c": "Norland bombed a fuel depot in Port Ilm.",
    }
    told = {
        "a": ("struck rebel targets in Vella", "Vella"),
        "b": ("struck several rebel-linked camps", ""),
        "c": ("bombed a fuel depot in Port Ilm", "Port Ilm"),
    }
    inputs = [
        MergeInput(
            make_article(text, id=sid, published="2025-09-25"),
            ArticleExtraction(
                parties=[_party("Norland", "state")],
                proposals=[],
                positions=[],
                military_developments=[
                    ExtractedDevelopment(
                        actor="Norland", action=told[sid][0], place=told[sid][1], quote=text
                    )
                ],
            ),
        )
        for sid, text in texts.items()
    ]
    developments = merge(inputs).military_developments
    assert sorted(d.sources for d in developments) == [["a", "b"], ["c"]]


def test_a_development_one_outlet_alone_reports_is_shown_apart() -> None:
    result = merge(_inputs())
    (drones,) = [d for d in result.military_developments if "296" in d.quantity]
    (troops,) = [d for d in result.military_developments if "50,000" in d.quantity]
    assert drones.sources == ["a"] and not drones.verified
    assert troops.sources == ["a", "b"] and troops.verified
    # A statement one outlet alone reports, with no model to doubt its kind, is shown.
    (ready,) = result.positions
    assert ready.sources == ["a"] and ready.verified


def test_a_development_stands_alone_when_no_other_article_could_tell_it() -> None:
    result = merge(_inputs()[:1])
    assert result.military_developments
    assert all(d.verified for d in result.military_developments)


@pytest.mark.parametrize(("confidence", "shown"), [(0.3, False), (0.5, True), (0.8, True)])
def test_a_statement_one_outlet_reports_is_shown_when_the_model_chose_its_kind_first(
    confidence: float, shown: bool
) -> None:
    first, second = _inputs()
    positions = [
        p.model_copy(update={"confidence": confidence}) for p in first.extraction.positions
    ]
    extraction = first.extraction.model_copy(update={"positions": positions})
    result = merge([MergeInput(first.article, extraction), second])
    (ready,) = result.positions
    assert ready.sources == ["a"] and ready.verified is shown
