"""Comparable forms of reported values: numbers with their qualifiers, dates, places."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from summarizer.merge.dates import resolve_date
from summarizer.merge.names import name_key, plain

_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(thousand|million|billion))?"
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_QUALIFIERS = (
    ("at least", ">="),
    ("more than", ">"),
    ("over", ">"),
    ("nearly", "~"),
    ("almost", "~"),
    ("about", "~"),
    ("around", "~"),
    ("some", "~"),
    ("up to", "<="),
    ("fewer than", "<"),
    ("less than", "<"),
)
_QUALIFIER_PATTERNS = tuple((re.compile(rf"\b{words}\b"), sym) for words, sym in _QUALIFIERS)
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "dozen": 12, "several": -1, "dozens": -2, "hundreds": -3,
}  # fmt: skip
_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


@lru_cache(maxsize=65536)
def quantity_signature(text: str) -> str:
    """'more than 50,000 troops' -> '>50000'; '' when no number is given."""
    low = plain(text)
    qualifier = next((sym for words, sym in _QUALIFIERS if low.startswith(words + " ")), "")
    match = _NUMBER.search(text.replace("\u202f", ""))
    if match:
        value = float(match.group(1).replace(",", ""))
        value *= _SCALE.get((match.group(2) or "").lower(), 1)
        return f"{qualifier}{value:g}"
    for word in low.split():
        if word in _WORD_NUMBERS:
            return f"{qualifier}{word}"
    return ""


@lru_cache(maxsize=65536)
def date_signature(text: str) -> str:
    """Month and day numbers mentioned ('next Monday, June 2' -> 'june 2'); '' if none."""
    low = plain(text)
    tokens = low.split()
    parts = [t for t in tokens if t in _MONTHS or t.isdigit()]
    return " ".join(parts)


QUALIFIER_NAMES = {
    "": "exact", ">=": "at least", ">": "more than", "~": "approximately",
    "<=": "at most", "<": "less than",
}  # fmt: skip
_RANGE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(?:-|–|to)\s*(\d[\d,]*(?:\.\d+)?)")
_UNIT_STOP = frozenset(["of", "in", "near", "across", "on", "at", "from", "to", "and", "the"])


@dataclass(frozen=True)
class ParsedQuantity:
    """'more than 50,000 troops' -> value 50000, unit 'troops', qualifier 'more than'."""

    value: float
    high: float | None
    unit: str
    qualifier: str


@lru_cache(maxsize=65536)
def parse_quantity(text: str) -> ParsedQuantity | None:
    low = text.lower().replace("\u202f", "")
    symbol = next((sym for pattern, sym in _QUALIFIER_PATTERNS if pattern.search(low)), "")
    high: float | None = None
    if m := _RANGE.search(low):
        value, high = float(m[1].replace(",", "")), float(m[2].replace(",", ""))
        rest, qualifier = low[m.end() :], "range"
    elif m := _NUMBER.search(low):
        value = float(m[1].replace(",", "")) * _SCALE.get((m[2] or "").lower(), 1)
        rest, qualifier = low[m.end() :], QUALIFIER_NAMES[symbol]
    else:
        words = re.findall(r"[a-z]+", low)
        hit = next((i for i, w in enumerate(words) if _WORD_NUMBERS.get(w, 0) > 0), None)
        if hit is None:
            return None
        value = float(_WORD_NUMBERS[words[hit]])
        rest, qualifier = " ".join(words[hit + 1 :]), QUALIFIER_NAMES[symbol]
    unit_words: list[str] = []
    for word in re.findall(r"[a-z][a-z-]*", rest):
        if word in _UNIT_STOP or len(unit_words) == 3:
            break
        unit_words.append(word)
    return ParsedQuantity(value, high, " ".join(unit_words), qualifier)


@lru_cache(maxsize=65536)
def field_signature(field: str, value: str, published: date | None = None) -> str:
    """What two values must share to count as the same report of ``field``."""
    if not value.strip():
        return ""
    if field == "quantity":
        return quantity_signature(value)
    if field in {"when", "time"}:
        resolved = resolve_date(value, published)
        return resolved.value if resolved else date_signature(value)
    if field in {"where", "place", "claimed_by", "addressee"}:
        return name_key(value)
    return plain(value)


# A military development mentions force, weapons or ground: small models also file talks and
# statements there, which an analyst does not want among events on the ground.
_MILITARY = re.compile(
    r"\b(?:attack\w*|strik\w*|struck|drones?|missiles?|rockets?|troops?|soldiers?|forces?|army"
    r"|armies|militar\w*|offensive\w*|bomb\w*|shell\w*|shot|downed|intercept\w*|captur\w*"
    r"|seiz\w*|advanc\w*|retreat\w*|withdr\w*|deploy\w*|weapons?|arms|ammunition|air defen[cs]e"
    r"|artillery|tanks?|killed|casualt\w*|wounded|invasion|invad\w*|occup\w*|front(?:line)?"
    r"|battle\w*|fighting|combat|ceasefire violation\w*|war\s?planes?|jets?|warships?|navy"
    r"|buffer zone|cushion zone|security zone)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=65536)
def is_military(text: str) -> bool:
    return _MILITARY.search(text) is not None


# A proposal offers something: talks, a deal, an exchange, a plan. Small models also file
# statements there ("to say he is very disappointed", "to travel to Berlin").
_PROPOSAL = re.compile(
    r"\b(?:propos\w*|offer\w*|suggest\w*|plan\w*|call\w* for|urg\w*|invit\w*|agree\w*|deal"
    r"|talks?|negotiat\w*|exchang\w*|swap\w*|ceasefire|cease-fire|truce|memorandum|meet\w*"
    r"|summit|round|peace|accord|framework|initiative|roadmap|mediat\w*|host\w*|treaty|pact"
    r"|settlement|release|withdraw\w*|sanction\w*|terms|conditions?|demand\w*|resum\w*)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=65536)
def is_proposal(text: str) -> bool:
    return _PROPOSAL.search(text) is not None
