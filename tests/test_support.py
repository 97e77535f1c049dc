"""The checks that keep an item only when its evidence sentence says what it says."""

from __future__ import annotations

from datetime import date

from summarizer.merge.support import ItemCheck, check_item, coverage, is_background
from summarizer.sentences import split_sentences

TEXT = (
    "Russia proposes talks in Istanbul on June 2\n"
    "Russian Foreign Minister Sergei Lavrov proposed a second round of direct talks in Istanbul"
    " next Monday. Ukraine said it was not opposed to the meeting. Kellogg said the offer was"
    " welcome, he told reporters. Russia claimed it had downed 296 Ukrainian drones overnight."
    " Russia launched its full-scale invasion in February 2022.\n"
    "Advertisement\n"
)
PUBLISHED = date(2025, 5, 28)
SENTENCES = split_sentences(TEXT, junk=((TEXT.index("Advertisement"), len(TEXT)),))


def names(name: str) -> tuple[str, ...]:
    return {"Lavrov": ("Lavrov", "Sergei Lavrov", "Russia")}.get(name, (name,))


def sentence(start: str) -> str:
    return next(s.text for s in SENTENCES if s.text.startswith(start))


def test_sentences_are_exact_spans_and_skip_junk() -> None:
    assert [s.number for s in SENTENCES] == list(range(1, len(SENTENCES) + 1))
    assert all(TEXT[s.start : s.end] == s.text for s in SENTENCES)
    assert SENTENCES[0].text == "Russia proposes talks in Istanbul on June 2"
    assert not any("Advertisement" in s.text for s in SENTENCES)
    assert len(SENTENCES) == 6


def test_supported_item_keeps_its_sentence() -> None:
    quote = sentence("Russian Foreign")
    check = ItemCheck("proposal", "Lavrov", "second round of direct talks", {"where": "Istanbul"})
    outcome = check_item(check, quote, SENTENCES, published=PUBLISHED, names=names)
    assert (outcome.verdict, outcome.quote, outcome.emptied) == ("supported", quote, ())


def test_wrong_sentence_is_regrounded_to_the_one_that_says_it() -> None:
    check = ItemCheck("proposal", "Lavrov", "second round of direct talks", {})
    outcome = check_item(check, sentence("Kellogg"), SENTENCES, published=PUBLISHED, names=names)
    assert outcome.verdict == "regrounded"
    assert outcome.quote == sentence("Russian Foreign")


def test_stance_no_sentence_states_is_dropped() -> None:
    # "Ukraine accepts the offer" backed by the Kellogg sentence: no sentence says it.
    check = ItemCheck("position", "Ukraine", "offer accepts ceasefire deal", {})
    outcome = check_item(check, sentence("Kellogg"), SENTENCES, published=PUBLISHED, names=names)
    assert outcome.verdict == "unsupported"


def test_stance_pinned_on_a_side_its_sentence_does_not_name_is_dropped() -> None:
    check = ItemCheck("position", "Zelensky", "offer was welcome", {})
    outcome = check_item(check, sentence("Kellogg"), SENTENCES, published=PUBLISHED, names=names)
    assert outcome.verdict == "unsupported"


def test_number_the_sentence_lacks_is_emptied_and_history_is_background() -> None:
    quote = sentence("Russia claimed")
    check = ItemCheck(
        "development", "Russia", "downed Ukrainian drones", {"place": "Kharkiv"},
        quantity="300 drones", claimed_by="Russia",
    )  # fmt: skip
    outcome = check_item(check, quote, SENTENCES, published=PUBLISHED, names=names)
    assert outcome.verdict == "supported"
    assert set(outcome.emptied) == {"place", "quantity"}
    invasion = ItemCheck("development", "Russia", "launched full-scale invasion", {})
    outcome = check_item(
        invasion, sentence("Russia launched"), SENTENCES, published=PUBLISHED, names=names
    )
    assert outcome.verdict == "background"
    assert is_background("in February 2022", PUBLISHED)
    assert not is_background("on June 2", PUBLISHED)


def test_coverage_matches_word_forms_and_exact_numbers() -> None:
    assert coverage("proposes talks", "proposed a round of talk") == 1.0
    assert coverage("50,000 troops", "more than 50000 troops") == 1.0
    assert coverage("5,000 troops", "more than 50,000 troops") == 0.5


NARRATION = (
    "Envoys were sent to Cairo on Tuesday. Lavrov said Russia would attend the talks.\n"
    "Cambodian and Thai troops accused each other of firing first near the border.\n"
)
NARRATION_SENTENCES = split_sentences(NARRATION)


def test_narration_is_no_ones_position_and_a_position_is_its_speakers() -> None:
    envoys, lavrov, _armies = (s.text for s in NARRATION_SENTENCES)
    narration = ItemCheck("position", "Lavrov", "envoys sent to Cairo", {})
    assert (
        check_item(narration, envoys, NARRATION_SENTENCES, published=PUBLISHED, names=names).verdict
        == "unsupported"
    )
    speaker = ItemCheck("position", "Lavrov", "Russia would attend the talks", {})
    assert (
        check_item(speaker, lavrov, NARRATION_SENTENCES, published=PUBLISHED, names=names).verdict
        == "supported"
    )
    # Russia is named in the sentence, but Lavrov is the one who speaks.
    other = ItemCheck("position", "Russia", "would attend the talks", {})
    assert (
        check_item(
            other, lavrov, NARRATION_SENTENCES, published=PUBLISHED, names=lambda n: (n,)
        ).verdict
        == "unsupported"
    )


def test_two_sided_fighting_names_no_actor_unless_attributed() -> None:
    armies = NARRATION_SENTENCES[2].text
    event = ItemCheck("development", "Thailand", "firing first near the border", {})
    assert (
        check_item(event, armies, NARRATION_SENTENCES, published=PUBLISHED, names=names).verdict
        == "unsupported"
    )
