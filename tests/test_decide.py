"""The code writes the items: every text a whole span of its evidence sentence, parties only
for who acts or speaks (no model needed; the model's decisions are replayed in
tests/test_pipeline.py)."""

from __future__ import annotations

import asyncio

from summarizer.decide import decide_article, written
from summarizer.ingest import make_article
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
