"""What an item claims, as content words and numbers, and whether a quote supports it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from evals.scoring.common import field_text, normalize

# Per section: the field naming who acts, the fields whose words the evidence must hold, the
# secondary fields (their words join the count, but cannot carry an item alone) and the fields
# that contribute only their numbers.
ACTOR_FIELD: dict[str, str] = {
    "proposals": "proposer",
    "positions": "holder",
    "military_developments": "actor",
}
_PRIMARY_FIELDS: dict[str, tuple[str, ...]] = {
    "proposals": ("summary",),
    "positions": ("topic", "stance"),
    "military_developments": ("action",),
}
_SECONDARY_FIELDS: dict[str, tuple[str, ...]] = {"proposals": ("where", "when")}
_NUMBER_FIELDS: dict[str, tuple[str, ...]] = {"military_developments": ("quantity",)}

# Function words and reporting verbs: they occur in any sentence, so holding them says nothing.
_STOP_WORDS_TEXT = """
    a about above after again against all along also am an and another any are around as at
    be been before being below between both but by can could did do does doing done down during
    each either else even ever every few for from further had has have having he her here hers
    herself him himself his how however if in into is it its itself just least less many may
    me might more most much must my myself near neither no nor not now of off on once only onto
    or other others our ours ourselves out over own per rather same she should since so some
    such than that the their theirs them themselves then there these they this those though
    through thus to too toward towards under until up upon us very via was we were what when
    where whether which while who whom whose why will with within without would yet you your
    yours yourself said say says saying told tell tells according added adding stated statement
    announced reported reportedly claimed
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_NUMBER_WORDS_TEXT = """
    two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty
"""
# "one" is left out: "no one", "one of the" are not counts.
_NUMBER_WORDS: dict[str, str] = {
    w: str(n) for n, w in enumerate(_NUMBER_WORDS_TEXT.split(), start=2)
}
WORD = re.compile(r"[^\W\d_]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def numbers(text: str) -> list[str]:
    """The numbers in ``text``, thousands separators removed, small number words as digits."""
    found: list[str] = []
    for m in _NUMBER.finditer(text):
        token = m.group()
        if _THOUSANDS.fullmatch(token):
            found.append(token.replace(",", ""))
        else:
            found.extend(part for part in token.split(",") if part)
    found += [_NUMBER_WORDS[w] for w in WORD.findall(normalize(text)) if w in _NUMBER_WORDS]
    return found


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry content: no stop words, number words or single letters."""
    words: list[str] = []
    for word in WORD.findall(normalize(text)):
        if (
            len(word) > 1
            and word not in STOP_WORDS
            and word not in _NUMBER_WORDS
            and word not in words
        ):
            words.append(word)
    return words


def same_word(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are one word: equal, or sharing a long enough prefix.

    The prefix must be at least max(4, len(shorter) - 2) characters, so proposal/proposed,
    talks/talk and Russia/Russian match while war/warn and talks/taliban do not.
    """
    if a == b:
        return True
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared >= max(4, min(len(a), len(b)) - 2)


def word_held(word: str, words: Sequence[str]) -> bool:
    return any(same_word(word, w) for w in words)


@dataclass(frozen=True)
class Claim:
    """What an item says, reduced to the words and numbers its evidence must hold."""

    primary: tuple[str, ...]
    secondary: tuple[str, ...]
    numbers: tuple[str, ...]

    @property
    def words(self) -> tuple[str, ...]:
        return self.primary + tuple(w for w in self.secondary if w not in self.primary)


def item_claim(section: str, entry: Mapping[str, Any]) -> Claim:
    """The content words (primary, secondary) and numbers of an item, by its section."""
    primary_text = " ".join(field_text(entry, f) for f in _PRIMARY_FIELDS.get(section, ()))
    secondary_text = " ".join(field_text(entry, f) for f in _SECONDARY_FIELDS.get(section, ()))
    number_text = " ".join(field_text(entry, f) for f in _NUMBER_FIELDS.get(section, ()))
    found: list[str] = []
    for n in numbers(" ".join((primary_text, secondary_text, number_text))):
        if n not in found:
            found.append(n)
    return Claim(
        primary=tuple(content_words(primary_text)),
        secondary=tuple(content_words(secondary_text)),
        numbers=tuple(found),
    )


def supports(claim: Claim, quote: str) -> tuple[bool, list[str], list[str]]:
    """Whether ``quote`` supports the claim, with the words and numbers it lacks.

    It must hold at least half of the content words, every number, and, when the item has
    primary words, at least one of them (a quote holding only the place and date of a proposal
    does not state the proposal).
    """
    quote_words = WORD.findall(normalize(quote))
    quote_numbers = set(numbers(quote))
    words = claim.words
    missing = [w for w in words if not word_held(w, quote_words)]
    missing_numbers = [n for n in claim.numbers if n not in quote_numbers]
    held = len(words) - len(missing)
    ok = (
        bool(words or claim.numbers)
        and 2 * held >= len(words)
        and not missing_numbers
        and (not claim.primary or any(word_held(w, quote_words) for w in claim.primary))
    )
    return ok, missing, missing_numbers


def content_fields(section: str) -> tuple[str, ...]:
    return (
        _PRIMARY_FIELDS.get(section, ())
        + _SECONDARY_FIELDS.get(section, ())
        + _NUMBER_FIELDS.get(section, ())
    )
