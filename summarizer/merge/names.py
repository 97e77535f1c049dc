"""Folding names so that spellings of one real-world party meet: Zelensky/Zelenskyy/Zelenskiy,
Sergei/Sergey, "Mr Lavrov", "President Putin", Kyiv/Kiev, the Kremlin."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from anyascii import anyascii

from summarizer.merge.dates import names_only_a_date
from summarizer.merge.folding import plain
from summarizer.merge.gazetteer import capital_country, countries, country_key, country_name

__all__ = [
    "canonical_country",
    "country_of",
    "display_name",
    "has_personal_title",
    "is_common_noun",
    "is_country_name",
    "name_key",
    "plain",
    "surname",
    "title_nationality",
    "untitled",
]

# Titles and honorifics that precede a name and never identify the party. Countries, demonyms and
# seats of government ("Russian", "US", "Kremlin spokesman") come from the gazetteer.
_PERSONAL_TITLES = frozenset((
    "mr", "mrs", "ms", "dr", "sir", "madam", "president", "vice president", "prime minister",
    "chancellor", "foreign minister", "defence minister", "defense minister", "minister",
    "secretary of state", "secretary", "special envoy", "envoy", "spokeswoman", "spokesman",
    "spokesperson", "general", "gen", "king", "queen", "prince", "pope", "ambassador", "senator",
    "presidential aide", "aide", "advisor", "adviser", "leader", "presidential", "head of",
))  # fmt: skip
_TITLE_WORDS = {
    first: tuple(sorted(
        (tuple(t.split()) for t in _PERSONAL_TITLES if t.split()[0] == first), key=len, reverse=True
    ))
    for first in {t.split()[0] for t in _PERSONAL_TITLES}
}  # fmt: skip
_INSTITUTION = re.compile(
    r"\s+(?:military|army|armed forces|forces|troops|government|side|delegation|authorities"
    r"|administration|(?:foreign|defen[cs]e) ministry|ministry of (?:foreign affairs|defen[cs]e)"
    r"|air force|navy|coast guard|(?:[a-z]+ )?command|state department|department of state"
    r"|(?:defen[cs]e|war) department|department of (?:defen[cs]e|war)|foreign office|embassy)$"
)
_GOVERNMENT_OF = re.compile(r"^(?:government|authorities) of (?:the )?(.+)$")
# Transliteration endings that vary between outlets (Slavic names in Latin script).
_ENDINGS = (
    (r"(?<=\w)iy\b", "y"),
    (r"(?<=\w)yy\b", "y"),
    (r"(?<=\w)ii\b", "y"),
    (r"(?<=\w)ei\b", "ey"),
    (r"(?<=\w)yi\b", "y"),
)
_ENDINGS_RE = [(re.compile(p), r) for p, r in _ENDINGS]


def _phrase_at(words: list[str], i: int, table: dict[str, tuple[tuple[str, ...], ...]]) -> int:
    """Length of the longest phrase of ``table`` that starts at ``words[i]``; 0 for none."""
    for phrase in table.get(words[i], ()):
        if tuple(words[i : i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _possessed(name: str) -> frozenset[str]:
    """Folded prefixes of ``name`` that carry a possessive: "Ukraine's Zelensky" -> {ukraine}."""
    text = anyascii(name)
    return frozenset(plain(text[: m.start()]) for m in re.finditer(r"['’]s\b", text))


@lru_cache(maxsize=65536)
def _strip_titles(name: str) -> tuple[str, str, bool]:
    """(the name without leading titles, the country a leading nationality names, whether a
    personal title was among them). A country's name counts as a title only before another
    title or as a possessive ("US President Trump", "Ukraine's Zelensky"), so that "Israel
    Katz" keeps his first name; a demonym always counts ("Russian Sergei Lavrov")."""
    words = plain(name).split()
    table = countries()
    i, country, personal = 0, "", False
    while i < len(words):
        if words[i] == "the":
            i += 1
            continue
        if n := _phrase_at(words, i, _TITLE_WORDS):
            i, personal = i + n, True
            continue
        if n := _phrase_at(words, i, table.prefixes):
            phrase = " ".join(words[i : i + n])
            titled = i + n < len(words) and _phrase_at(words, i + n, _TITLE_WORDS) > 0
            if phrase in table.demonyms or titled or " ".join(words[: i + n]) in _possessed(name):
                if not i:
                    country = country_name(table.key_of[phrase])
                i += n
                continue
        # "Special Envoy for Ukraine Keith Kellogg": the office's country is part of the title.
        if personal and words[i] in ("for", "of") and i + 1 < len(words):
            n = _phrase_at(words, i + 1, table.prefixes)
            if n:
                i += 1 + n
                continue
        break
    if i == len(words):
        # Nothing but titles ("President", "the Iranian"): the name stands as it is.
        return " ".join(words), "", False
    return " ".join(words[i:]), country, personal


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The folded form two spellings of one name share: a country's key for any of its names,
    capitals, demonyms and seats ('Kiev', 'the Kremlin', 'Ukrainian military')."""
    text = plain(name)
    text = text[4:] if text.startswith("the ") else text
    if key := country_key(text):
        return key
    # "Ukrainian military", "Russia's defence ministry", "the German government" act for a state.
    body = _INSTITUTION.sub("", text).strip()
    if body != text and (key := country_key(body)):
        return key
    if (m := _GOVERNMENT_OF.match(text)) and (key := country_key(m[1])):
        return key
    # "US President Donald Trump" loses its titles; a name that is nothing but a title keeps them.
    bare, _, personal = _strip_titles(name)
    if key := country_key(bare):
        return key
    if not personal and " " not in bare and (key := capital_country(bare)):
        return key
    for pattern, repl in _ENDINGS_RE:
        bare = pattern.sub(repl, bare)
    return bare


@lru_cache(maxsize=65536)
def untitled(name: str) -> str:
    """Plain form without leading titles, but with its own spelling ('sergei lavrov')."""
    return _strip_titles(name)[0]


@lru_cache(maxsize=65536)
def display_name(name: str) -> str:
    """The name as written, without leading titles: 'German Chancellor Friedrich Merz' ->
    'Friedrich Merz'."""
    words = name.split()
    bare = untitled(name).split()
    if not bare or len(plain(name).split()) != len(words):
        return name.strip()
    return " ".join(words[len(words) - len(bare) :])


def country_of(name: str) -> str:
    """Key of the country a name stands for ('Kyiv', 'Ukrainian government'); '' for none."""
    key = name_key(name)
    return key if country_name(key) else ""


@lru_cache(maxsize=65536)
def canonical_country(name: str) -> str:
    """'USA', 'U.S.', 'Russian', 'Kremlin' -> the country's display name; a country's name
    written out stays as written ('Palestine', 'Britain'); other names unchanged."""
    text = plain(name)
    text = text[4:] if text.startswith("the ") else text
    abbreviation = re.sub(r"[\s.]", "", name).isupper()
    if text in countries().names and not abbreviation:
        return name.strip()
    key = country_of(name)
    return country_name(key) if key else name


@lru_cache(maxsize=65536)
def is_country_name(name: str) -> bool:
    """A country's name or spelling as written ('Ukraine', 'DR Congo'), not a demonym, capital
    or seat of government."""
    text = plain(name)
    return (text[4:] if text.startswith("the ") else text) in countries().names


def title_nationality(name: str) -> str:
    """The country a leading nationality names ('US President ...' -> 'United States')."""
    return _strip_titles(name)[1]


@lru_cache(maxsize=65536)
def has_personal_title(name: str) -> bool:
    """'Mr Lavrov', 'President Putin', 'Russian Foreign Minister Sergei Lavrov'."""
    return _strip_titles(name)[2]


def _has_capital(text: str) -> bool:
    return any(c.isupper() for c in text)


def is_common_noun(name: str, texts: Sequence[str] = ()) -> bool:
    """A date or a topic given as a party ('June 2', 'ceasefire', 'Peace talks').

    A name with no capital letter is no proper noun. A capital at the start proves nothing (it
    may start a sentence), so the sources decide: a phrase they write in lower case and never
    capitalised after a lower-case word ("the Peace talks" never, "peace talks" often) is a
    common noun; "Hamas" and "the Kremlin" are always capitalised."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    if not name or names_only_a_date(name):
        return True
    lower = proper = 0
    pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE)
    for text in texts:
        for m in pattern.finditer(text):
            if not _has_capital(m.group()):
                lower += 1
                continue
            before = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
            if before is not None and before[1][:1].islower() and before[1][-1] not in ".!?:":
                proper += 1
    if lower or proper:
        return proper == 0
    return not _has_capital(name)


_WORD_BEFORE = re.compile(r"(\S+)\s+$")


def surname(key: str) -> str:
    parts = key.split()
    return parts[-1] if parts else ""
