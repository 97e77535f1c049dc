"""Folding names so that spellings of one real-world party meet: Zelensky/Zelenskyy/Zelenskiy,
Sergei/Sergey, "Mr Lavrov", "President Putin", Kyiv/Kiev, the Kremlin."""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

# "Russian Foreign Minister Sergei Lavrov" acts for Russia.
NATIONALITIES = {
    "russian": "Russia",
    "ukrainian": "Ukraine",
    "us": "United States",
    "u s": "United States",
    "american": "United States",
    "german": "Germany",
    "turkish": "Turkey",
    "french": "France",
    "british": "United Kingdom",
    "chinese": "China",
    "polish": "Poland",
    "ukraine": "Ukraine",
    "russia": "Russia",
    "germany": "Germany",
    "united states": "United States",
    "usa": "United States",
    "turkey": "Turkey",
    "france": "France",
    "china": "China",
    "kremlin": "Russia",
}
# Titles and honorifics that precede a name and never identify the party.
_TITLES = (
    "mr", "mrs", "ms", "dr", "sir", "madam", "president", "vice president", "prime minister",
    "chancellor", "foreign minister", "defence minister", "defense minister", "minister",
    "secretary of state", "secretary", "special envoy", "envoy", "spokeswoman", "spokesman",
    "spokesperson", "general", "gen", "king", "queen", "prince", "pope", "ambassador", "senator",
    "presidential aide", "aide", "kremlin advisor", "kremlin adviser", "leader", "the",
    "presidential", "head of", *NATIONALITIES,
    *(f"{prep} {country}" for prep in ("for", "of") for country in NATIONALITIES),
)  # fmt: skip
_TITLE_RE = re.compile(
    r"^(?:(?:"
    + "|".join(re.escape(t) for t in sorted(_TITLES, key=len, reverse=True))
    + r")\.?\s+)+"
)
# Capitals and institutions that stand for a state's government in news copy.
METONYMS = {
    "kyiv": "ukraine",
    "kiev": "ukraine",
    "ukrainian government": "ukraine",
    "government of ukraine": "ukraine",
    "kremlin": "russia",
    "moscow": "russia",
    "russian government": "russia",
    "russian federation": "russia",
    "russian side": "russia",
    "washington": "united states",
    "white house": "united states",
    "us": "united states",
    "usa": "united states",
    "u s": "united states",
    "us administration": "united states",
    "berlin": "germany",
    "german government": "germany",
    "ankara": "turkey",
    "turkiye": "turkey",
    "beijing": "china",
    "london": "united kingdom",
    "uk": "united kingdom",
    "britain": "united kingdom",
}
_INSTITUTION = re.compile(
    r"\s+(?:military|army|armed forces|forces|troops|government|side|delegation|authorities"
    r"|(?:foreign|defen[cs]e) ministry|ministry of (?:foreign affairs|defen[cs]e)|air force|navy)$"
)
# Transliteration endings that vary between outlets (Slavic names in Latin script).
_ENDINGS = (
    (r"(?<=\w)iy\b", "y"),
    (r"(?<=\w)yy\b", "y"),
    (r"(?<=\w)ii\b", "y"),
    (r"(?<=\w)ei\b", "ey"),
)
_ENDINGS_RE = [(re.compile(p), r) for p, r in _ENDINGS]


@lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """ASCII, lower case, punctuation to spaces, single-spaced."""
    text = re.sub(r"['’]s\b", "", anyascii(text).lower())
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The folded form two spellings of one name share; '' for a name that is only a title."""
    text = plain(name)
    text = text[4:] if text.startswith("the ") else text
    if text in METONYMS:
        return METONYMS[text]
    # "Ukrainian military", "Russia's defence ministry", "the German government" act for a state.
    body = _INSTITUTION.sub("", text).strip()
    if body in NATIONALITIES:
        return plain(NATIONALITIES[body])
    # "US President Donald Trump" loses its titles; a name that is nothing but a title keeps them.
    text = _TITLE_RE.sub("", text + " ").strip() or text
    text = METONYMS.get(text, text)
    for pattern, repl in _ENDINGS_RE:
        text = pattern.sub(repl, text)
    return text


_PERSONAL_TITLES = frozenset(_TITLES) - frozenset(NATIONALITIES) - {"the"}


@lru_cache(maxsize=65536)
def untitled(name: str) -> str:
    """Plain form without leading titles, but with its own spelling ('sergei lavrov')."""
    text = plain(name)
    return _TITLE_RE.sub("", text + " ").strip() or text


@lru_cache(maxsize=65536)
def display_name(name: str) -> str:
    """The name as written, without leading titles: 'German Chancellor Friedrich Merz' ->
    'Friedrich Merz'."""
    words = name.split()
    bare = untitled(name).split()
    if not bare or len(plain(name).split()) != len(words):
        return name.strip()
    return " ".join(words[len(words) - len(bare) :])


def canonical_country(name: str) -> str:
    """'USA', 'US', 'Russian' -> the country's usual English name; other names unchanged."""
    key = plain(name)
    key = key[4:] if key.startswith("the ") else key
    return NATIONALITIES.get(key, name)


@lru_cache(maxsize=65536)
def title_nationality(name: str) -> str:
    """The country a leading nationality adjective names ('US President ...' -> 'United States')."""
    text = plain(name)
    for adjective, country in NATIONALITIES.items():
        if text.startswith(adjective + " ") and untitled(name) != text:
            return country
    return ""


@lru_cache(maxsize=65536)
def has_personal_title(name: str) -> bool:
    """'Mr Lavrov', 'President Putin', 'Russian Foreign Minister Sergei Lavrov'."""
    text = plain(name)
    rest = untitled(name)
    if rest == text:
        return False
    prefix = text[: len(text) - len(rest)].strip()
    return any(f" {t} " in f" {prefix} " for t in _PERSONAL_TITLES)


def surname(key: str) -> str:
    parts = key.split()
    return parts[-1] if parts else ""
