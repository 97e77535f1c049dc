"""Does an item's evidence say what the item says? Deterministic checks after the model.

A 1.5B model often pairs sound fields with the wrong sentence, pins a stance on the wrong side,
or reports history as news. An analyst who finds one such item stops trusting the brief, so a
wrong item costs more than a missing one. Each item is checked against its evidence sentence:

- its own words (what is proposed, the stance, the action) mostly occur in the sentence;
- its actor (proposer, holder, actor) is named in the sentence or the one before it (where
  "he said" finds its subject);
- its numbers occur in the sentence;
- it is not about an earlier year than the article's.

An item that fails is moved to the article's sentence that best holds it, when one passes every
check; otherwise it is dropped and counted. Secondary fields (place, time, claimant) that the
sentence does not hold are emptied rather than shown. Pure: no model, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from anyascii import anyascii

from summarizer.clauses.lexicon import AGREED_NOUNS, TERMS_NEED_FOR, TERMS_VERBS
from summarizer.sentences import Sentence

#: Share of an item's own content words that its sentence must hold.
MIN_COVERAGE = 0.5
# Words that carry no content of their own (what an item says lies in the others).
_STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not now of off on once only or other our out over own same she should
    so some such than that the their them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    said says say saying told tells according new one two three amid over per via upon
    """.split()  # noqa: SIM905
)
_WORD = re.compile(r"[a-z][a-z'\-]*|\d[\d,.]*\d|\d")
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")

Verdict = Literal["supported", "regrounded", "unsupported", "background"]
#: Names the merger knows for a party: the name itself, its aliases and canonical form.
NamesOf = Callable[[str], Sequence[str]]


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(anyascii(text).lower()))


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry content: no stop words, numbers kept."""
    return [
        w.strip("'-") for w in _words(text)
        if (w[0].isdigit() or len(w) >= 3) and w not in _STOPWORDS
    ]  # fmt: skip


def stems(text: str) -> frozenset[str]:
    """The stems of the content words of ``text`` (four letters or more), once each: what
    outlets' wordings of one fact share."""
    return frozenset(stem(w) for w in content_words(text) if len(w) >= 4)


def _number(word: str) -> str:
    return word.replace(",", "").rstrip(".")


def stem(word: str) -> str:
    # Five letters (after a plural or possessive s) tell "proposal"/"proposed",
    # "Russia"/"Russian", "talks"/"talk" apart from other words well enough, without a stemmer's
    # language tables.
    word = word.removesuffix("'s")
    if len(word) > 3 and word.endswith("s"):
        word = word[:-1]
    return word[:5]


@dataclass(frozen=True)
class _Vocabulary:
    stems: frozenset[str]
    numbers: frozenset[str]
    words: frozenset[str]


@lru_cache(maxsize=16384)
def _vocabulary(text: str) -> _Vocabulary:
    words = [w.strip("'-") for w in _words(text)]
    return _Vocabulary(
        stems=frozenset(stem(w) for w in words if not w[:1].isdigit()),
        numbers=frozenset(_number(w) for w in words if w[:1].isdigit()),
        words=frozenset(words),
    )


def coverage(fields: str, sentence: str) -> float:
    """Share of the content words of ``fields`` that ``sentence`` holds (1.0 when none)."""
    words = content_words(fields)
    if not words:
        return 1.0
    vocab = _vocabulary(sentence)
    held = sum(
        (_number(w) in vocab.numbers) if w[0].isdigit() else (stem(w) in vocab.stems) for w in words
    )
    return held / len(words)


def numbers_held(fields: str, sentence: str) -> bool:
    """Every number of ``fields`` occurs in ``sentence``."""
    vocab = _vocabulary(sentence)
    return all(_number(w) in vocab.numbers for w in content_words(fields) if w[0].isdigit())


def names_held(names: Iterable[str], text: str) -> bool:
    """One of ``names`` (any of its content words: a surname, a country, a demonym's stem)
    occurs in ``text``."""
    vocab = _vocabulary(text)
    for name in names:
        for w in content_words(name):
            # Short names (UN, M23, RSF) must occur as words; longer ones by stem.
            if (stem(w) in vocab.stems) if len(w) >= 4 else (w in vocab.words):
                return True
    return False


# Who speaks in a sentence: "Lavrov said", "Mr Trump also told reporters", "said Zakharova",
# "according to the Kremlin". A position belongs to its speaker, not to whoever else is named.
_SPEAKER_BEFORE = re.compile(
    r"(?P<who>(?:[A-Z][\w'’.\-]*\s+){0,4}[A-Z][\w'’.\-]*)\s+(?:also\s+|has\s+|had\s+)?"
    r"(?:said|says|told|warned|stated|added|insisted|announced|confirmed|declared|stressed)\b"
)
_SPEAKER_AFTER = re.compile(
    r"\b(?:said|says|according to)\s+(?P<who>(?:the\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,4})"
    r"(?=\s*(?:[.,;:\"”]|$))"
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "this", "that"})
# A position is a stance someone states: its sentence reports speech or a stance. Without one,
# a small model files the reporter's narration ("sent envoys", "details still need to be
# resolved") as the stance of whoever is named nearby.
_STANCE = re.compile(
    r"[\"“”]|\b(?:sa(?:id|ys|y)|told|tell|stat\w*|warn\w*|insist\w*|call(?:s|ed)?\s+(?:for|on)"
    r"|urg\w*|demand\w*|reject\w*|accept\w*|welcom\w*|refus\w*|oppos\w*|support\w*"
    r"|condemn\w*|criticis\w*|criticiz\w*|prais\w*|vow\w*|pledg\w*|promis\w*|insist\w*"
    r"|believ\w*|want\w*|hope\w*|expect\w*|ready|willing|agree\w*|dismiss\w*|den(?:y|ies|ied)"
    r"|deni\w*|accus\w*|blam\w*|argu\w*|clai?m\w*|announc\w*|declar\w*|confirm\w*|stress\w*"
    r"|according to|expressed|concern\w*|disappoint\w*|threat\w*|ask\w*|wrote|posted"
    # The clause reader's speech and stance verbs ("emphasized that India remains firm").
    r"|acknowledg\w*|add(?:s|ed)|admit\w*|alleg\w*|applaud\w*|approv\w*|assert\w*|caution\w*"
    r"|commend\w*|declin\w*|decr(?:y|ies|ied)|denounc\w*|deplor\w*|emphasi[sz]\w*|endors\w*"
    r"|explain\w*|hail\w*|lambast\w*|laud\w*|not(?:es|ed)|reaffirm\w*|reiterat\w*|slam\w*"
    r"|question\w*|indicat\w*|signal\w*|describ\w*)\b",
    re.IGNORECASE,
)
# How far into a sentence its subject is looked for ("Russian Foreign Minister Sergei Lavrov
# said", "The Kremlin condemned").
_SUBJECT_WORDS = 8


def _as_written(verb: str) -> str:
    """A verb of a deal's terms as a sentence writes it ("requires", "calls for")."""
    return rf"{verb}s?\s+for" if verb in TERMS_NEED_FOR else rf"{verb}s?"


# A deal's terms: the deal, not a party, is the sentence's subject ("The peace deal calls for
# the withdrawal of ...", "It requires ..."); its parties were named with the deal before.
# The words are the clause reader's, so that a term it reads as accepted is held up here too.
_AGREED = rf"(?:{'|'.join(sorted(AGREED_NOUNS))})"
#: The deal as a sentence names it at its start: "The peace agreement", "this truce".
_THE_DEAL = rf"(?:the|this|that)\s+(?:[\w.-]+\s+){{0,3}}?{_AGREED}"
#: "The agreement was signed by ...": the deal named again by its noun alone.
THE_DEAL_ALONE = re.compile(rf"^(?:the|this|that)\s+{_AGREED}\b", re.IGNORECASE)
_TERMS = re.compile(
    rf"^\W*(?:it|{_THE_DEAL})(?:,[^,]{{0,80}},)?\s+(?:also\s+)?"
    rf"(?:{'|'.join(_as_written(v) for v in sorted(TERMS_VERBS))})\b",
    re.IGNORECASE,
)
# A sentence that opens on the deal its signatories signed: "The agreement, signed on Friday by
# X and Y, ...". They are named after "by", not at the start.
_SIGNED = re.compile(
    rf"^\W*{_THE_DEAL},?\s+(?:(?:was|were|has been|had been)\s+)?"
    r"(?:signed|agreed|approved|ratified|endorsed)"
    r"\b[^.;]{0,120}?\bby\b",
    re.IGNORECASE,
)
# Each side blaming the other: the sentence does not say who acted.
_BOTH = re.compile(
    r"\b(?:both|the two) (?:countries|sides|nations|parties|governments|neighbou?rs|states)\b",
    re.IGNORECASE,
)
_TWO_SIDED = re.compile(
    r"\b(?:each other|one another|both sides|traded (?:fire|blame|accusations))\b", re.IGNORECASE
)


def speakers(sentence: str) -> list[str]:
    """The named speakers of ``sentence`` (pronouns left out: their referent is elsewhere)."""
    found = [m.group("who").strip() for m in _SPEAKER_BEFORE.finditer(sentence)]
    found += [m.group("who").strip() for m in _SPEAKER_AFTER.finditer(sentence)]
    return [w for w in found if w.lower() not in _PRONOUNS]


def is_background(text: str, published: date | None) -> bool:
    """``text`` dates itself to a year before the article's (invasion "in February 2022")."""
    if published is None:
        return False
    years = [int(y) for y in _YEAR.findall(text)]
    return bool(years) and max(years) < published.year


@dataclass(frozen=True)
class ItemCheck:
    """What an item says, split the way the checks need it."""

    kind: Literal["proposal", "position", "development"]
    actor: str
    #: What the item says: proposal, topic and stance, action.
    core: str
    #: Place and time fields, each emptied when its sentence does not hold it.
    optional: dict[str, str]
    quantity: str = ""
    claimed_by: str = ""
    #: The words that say what the item claims (a position's stance), which the sentence must
    #: hold on their own too: "accepted the offer" must not pass on its topic's words alone.
    lead: str = ""
    #: A deal its parties accepted: who reports it (a minister, a mediator) need not be them.
    accepted: bool = False


@dataclass(frozen=True)
class Outcome:
    """The verdict, the sentence the item now rests on, and its fields after the checks."""

    verdict: Verdict
    quote: str
    emptied: tuple[str, ...] = ()


def _passes(check: ItemCheck, sentence: str, before: str, names: NamesOf) -> float | None:
    """The item's coverage on ``sentence``, or ``None`` when the sentence cannot support it."""
    score = coverage(check.core, sentence)
    if score < MIN_COVERAGE or not numbers_held(check.core, sentence):
        return None
    if check.lead and coverage(check.lead, sentence) < MIN_COVERAGE:
        return None
    # A deal's terms name the deal, not its parties (named with the deal further up).
    terms = check.kind == "proposal" and _TERMS.match(sentence) is not None
    # "both countries had agreed to halt all firing": the two sides the article named before.
    both = " and " in check.actor and _BOTH.search(sentence) is not None
    if (
        check.actor.strip()
        and not terms
        and not both
        and not names_held(names(check.actor), f"{before} {sentence}")
    ):
        return None
    if check.kind == "development" and not check.claimed_by and _TWO_SIDED.search(sentence):
        return None
    if check.kind == "position" and not _STANCE.search(sentence):
        return None
    signed = check.accepted and _SIGNED.match(sentence) is not None
    if (
        check.kind in ("position", "proposal")
        and check.actor.strip()
        and not (terms or both or signed)
    ):
        # Whoever holds a position or makes a proposal speaks or acts in the sentence: they are
        # its named speaker, or its subject (named at its start), or "he"/"she" at its start
        # stands for someone named in the sentence before. A deal its parties accepted may be
        # told by someone else ("Misri said both countries had agreed").
        voices = speakers(sentence)
        own = names(check.actor)
        if voices:
            if not check.accepted and not any(names_held(own, v) for v in voices):
                return None
        else:
            opening = " ".join(sentence.split()[:_SUBJECT_WORDS])
            pronoun = opening.split(" ", 1)[0].strip('"“').lower() in _PRONOUNS
            if not names_held(own, opening) and not (pronoun and names_held(own, before)):
                return None
    return score


@lru_cache(maxsize=256)
def _sentence_before(sentences: tuple[Sentence, ...]) -> dict[str, str]:
    """Each sentence's text -> the text of the sentence before it (once per article, not per
    item)."""
    return {s.text: sentences[i - 1].text if i else "" for i, s in enumerate(sentences)}


def check_item(
    check: ItemCheck,
    quote: str,
    sentences: Sequence[Sentence],
    *,
    published: date | None,
    names: NamesOf,
) -> Outcome:
    """Check an item against its quote; re-ground it to the best other sentence if needed."""
    before_of = _sentence_before(tuple(sentences))
    if is_background(f"{check.core} {' '.join(check.optional.values())}", published) or (
        check.kind == "development" and is_background(quote, published)
    ):
        return Outcome("background", quote)
    verdict: Verdict = "supported"
    if _passes(check, quote, before_of.get(quote, ""), names) is None:
        best: tuple[float, int, str] | None = None
        cited = next((i for i, s in enumerate(sentences) if s.text == quote), 0)
        for i, s in enumerate(sentences):
            if s.text == quote or (
                check.kind == "development" and is_background(s.text, published)
            ):
                continue
            score = _passes(check, s.text, before_of[s.text], names)
            if score is not None and (best is None or (score, -abs(i - cited)) > best[:2]):
                best = (score, -abs(i - cited), s.text)
        if best is None:
            return Outcome("unsupported", quote)
        quote, verdict = best[2], "regrounded"
    before = before_of.get(quote, "")
    emptied = [
        name for name, value in check.optional.items()
        if value.strip() and coverage(value, quote) < MIN_COVERAGE
    ]  # fmt: skip
    if check.quantity.strip() and not numbers_held(check.quantity, quote):
        emptied.append("quantity")
    if check.claimed_by.strip() and not names_held(names(check.claimed_by), f"{before} {quote}"):
        emptied.append("claimed_by")
    return Outcome(verdict, quote, tuple(emptied))
