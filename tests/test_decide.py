"""The code writes the items: every text a whole span of its evidence sentence, parties only
for who acts or speaks (no model needed; the model's decisions are replayed in
tests/test_pipeline.py)."""

from __future__ import annotations

import asyncio

from summarizer.clauses import read_sentences
from summarizer.decide import LETTER, _as_decided, decide_article, written
from summarizer.ingest import make_article
from summarizer.llm.client import Choice
from summarizer.schema import Usage
from summarizer.sentences import split_sentences

TEXT = (
    "Norway has proposed a second round of talks with Chile in Vienna on June 2, Norwegian"
    " Foreign Minister Anna Kovac said.\n"
    "Chile's army said Norwegian forces launched 40 drones at the port of Arica overnight.\n"
    "Chilean President Luis Soto rejected the offer, Reuters reported.\n"
    "The two countries fought a border war in 1998."
)


def _extraction():  # type: ignore[no-untyped-def]
    article = make_article(TEXT, id="a")
    return asyncio.run(decide_article(article, split_sentences(article.text), None)).extraction


def test_every_field_is_a_span_of_its_evidence_sentence() -> None:
    extraction = _extraction()
    items = [*extraction.proposals, *extraction.positions, *extraction.military_developments]
    assert items
    for item in items:
        assert item.quote in TEXT
        for name, value in item.__dict__.items():
            if name not in ("quote", "status", "confidence") and isinstance(value, str) and value:
                # Names may be shortened ("Norwegian forces" -> the party), never invented.
                assert value in item.quote or value in TEXT, (name, value)


def test_items_have_the_right_kinds_and_actors() -> None:
    extraction = _extraction()
    assert [(p.proposer, p.where, p.when) for p in extraction.proposals] == [
        ("Norway", "Vienna", "June 2")
    ]
    [development] = extraction.military_developments
    assert development.claimed_by.startswith("Chile")
    assert "40 drones" in development.quantity
    assert [p.holder for p in extraction.positions] == ["Luis Soto"]


def test_parties_are_who_acts_or_speaks_never_an_outlet() -> None:
    names = {p.name for p in _extraction().parties}
    assert "Reuters" not in names
    assert {"Norway", "Luis Soto"} <= names


def test_without_a_model_no_item_claims_a_confidence() -> None:
    extraction = _extraction()
    assert all(p.confidence is None for p in extraction.proposals)
    assert written([]).proposals == []


def test_a_foretold_clause_the_model_takes_for_an_event_gives_no_item() -> None:
    def reading(text: str):  # type: ignore[no-untyped-def]
        [r] = [r for r in read_sentences(split_sentences(text)) if r.kind == "position"]
        return r

    def picked(kind: str) -> Choice:
        return Choice(
            picked=LETTER[kind], probabilities={LETTER[kind]: 0.9}, usage=Usage(), calls=0
        )

    planned = reading('"Norland and Estmar will establish hubs across Sudavia," said Ada Vek.')
    assert _as_decided(planned, picked("development")) is None
    assert _as_decided(planned, picked("position")) is planned
    done = reading('"Norland and Estmar have established hubs across Sudavia," said Ada Vek.')
    event = _as_decided(done, picked("development"))
    assert event is not None and event.kind == "development"


def test_a_force_told_without_its_side_is_no_item_when_the_model_calls_it_an_event() -> None:
    def picked(kind: str) -> Choice:
        return Choice(
            picked=LETTER[kind], probabilities={LETTER[kind]: 0.9}, usage=Usage(), calls=0
        )

    [drills] = [
        r
        for r in read_sentences(
            split_sentences(
                "Norland's Northern Command said the drills were taking place in the southern"
                " areas of the Vek Strait."
            )
        )
        if r.kind == "position"
    ]
    assert drills.unowned_event and drills.reported is None
    assert _as_decided(drills, picked("development")) is None
    assert _as_decided(drills, picked("position")) is drills
    [stance] = [
        r
        for r in read_sentences(
            split_sentences("Norland's Northern Command said the talks were a waste of time.")
        )
        if r.kind == "position"
    ]
    assert not stance.unowned_event
    assert _as_decided(stance, picked("development")) is stance
