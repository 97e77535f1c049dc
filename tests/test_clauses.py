"""The linguistic layer on invented sentences: who speaks, who acts, what, when, where."""

from __future__ import annotations

from summarizer.clauses import Reading, read_sentences
from summarizer.sentences import split_sentences


def _read(text: str) -> list[Reading]:
    return read_sentences(split_sentences(text))


def _one(text: str, kind: str) -> Reading:
    found = [r for r in _read(text) if r.kind == kind]
    assert len(found) == 1, found
    return found[0]


def test_reported_proposal_belongs_to_the_proposer_and_is_claimed_by_the_speaker() -> None:
    r = _one(
        "Norway has proposed a second round of talks with Chile in Vienna on June 2,"
        " Norwegian Foreign Minister Anna Kovac said.",
        "proposal",
    )
    assert r.actor.name == "Norway"
    assert r.claimed_by is not None and r.claimed_by.name == "Anna Kovac"
    assert r.topic.startswith("a second round of talks")
    assert (r.when, r.where) == ("June 2", "Vienna")


def test_the_announcer_is_not_the_one_who_agrees() -> None:
    r = _one(
        "Foreign Secretary David Lammy announced that Norway and Chile agreed to stop firing.",
        "proposal",
    )
    assert r.actor.name == "Chile and Norway" and r.status == "accepted"
    assert r.claimed_by is not None and r.claimed_by.name == "David Lammy"


def test_passive_attack_names_the_agent_and_counts_what_was_hit() -> None:
    r = _one("At least 12 soldiers were killed by Freedonian artillery near Dalen.", "development")
    assert r.actor.name.startswith("Freedonia")
    assert r.quantity.endswith("12 soldiers")
    assert r.where == "Dalen"


def test_a_pronoun_is_the_last_person_who_spoke_not_the_last_person_named() -> None:
    text = (
        "President John Miller said Ivan Petrov was delaying the talks. "
        "He warned that new sanctions would follow within two weeks."
    )
    warn = [r for r in _read(text) if r.verb == "warn"]
    assert warn and warn[0].actor.name == "John Miller"


def test_a_term_or_threat_is_not_a_development() -> None:
    assert not [
        r
        for r in _read("The deal requires Freedonian troops to withdraw from Dalen within 90 days.")
        if r.kind == "development"
    ]


def test_an_item_text_is_whole_words_of_its_sentence() -> None:
    text = (
        "In a breakthrough on Monday, Norland and Sudavia agreed to a full and immediate ceasefire,"
        " halting days of fighting."
    )
    for r in _read(text):
        assert r.what in text
        start = text.index(r.what)
        end = start + len(r.what)
        assert start == 0 or not text[start - 1].isalnum()
        assert end == len(text) or not text[end].isalnum()


def test_a_dateline_and_an_outlet_are_not_actors() -> None:
    readings = _read("VELLA: Norland agreed to the truce, Reuters reported.")
    assert [r.actor.name for r in readings] == ["Norland"]


def test_people_are_parties_one_by_one_states_together() -> None:
    [signed] = _read("The deal was signed by Anna Kovac, Luis Soto and Ivan Petrov in Vienna.")
    assert signed.actor.name == "Anna Kovac"
    [agreed] = _read("Norway and Chile agreed to a full and immediate ceasefire on Monday.")
    assert agreed.actor.name == "Chile and Norway"
    assert (agreed.kind, agreed.status) == ("proposal", "accepted")


def test_the_past_perfect_is_background() -> None:
    assert not _read("Chile had rejected a similar offer from Norway in talks held in Vienna.")


def test_welcoming_guests_is_no_stance() -> None:
    assert not _read("President Luis Soto welcomed the foreign ministers of Norway and Chile.")
