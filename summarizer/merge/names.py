"""Folding names so that spellings of one real-world party meet: Zelensky/Zelenskyy/Zelenskiy,
Sergei/Sergey, "Mr Lavrov", "President Putin", Kyiv/Kiev, the Kremlin."""

from __future__ import annotations

import re

from anyascii import anyascii

# Titles and honorifics that precede a name and never identify the party.
_TITLES = (
    "mr", "mrs", "ms", "dr", "sir", "madam", "president", "vice president", "prime minister",
    "chancellor", "foreign minister", "defence minister", "defense minister", "minister",
    "secretary of state", "secretary", "special envoy", "envoy", "spokeswoman", "spokesman",
    "spokesperson", "general", "gen", "king", "queen", "prince", "pope", "ambassador", "senator",
    "presidential aide", "aide", "kremlin advisor", "kremlin adviser", "leader", "the",
    "us", "u.s.", "russian", "ukrainian", "german", "american", "turkish",
)  # fmt: skip
_TITLE_RE = re.compile(
    r"^(?:(?:" + "|".join(re.escape(t) for t in sorted(_TITLES, key=len, reverse=True)) + r")\.?\s+)+"
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
# Transliteration endings that vary between outlets (Slavic names in Latin script).
_ENDINGS = ((r"(?<=\w)iy\b", "y"), (r"(?<=\w)yy\b", "y"), (r"(?<=\w)ii\b", "y"), (r"(?<=\w)ei\b", "ey"))
_ENDINGS_RE = [(re.compile(p), r) for p, r in _ENDINGS]


def plain(text: str) -> str:
    """ASCII, lower case, punctuation to spaces, single-spaced."""
    text = anyascii(text).lower().replace("'s ", " ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def name_key(name: str) -> str:
    """The folded form two spellings of one name share; '' for a name that is only a title."""
    text = plain(name)
    if text in METONYMS:
        return METONYMS[text]
    # "US President Donald Trump" loses its titles; a name that is nothing but a title keeps them.
    text = _TITLE_RE.sub("", text + " ").strip() or text
    text = METONYMS.get(text, text)
    for pattern, repl in _ENDINGS_RE:
        text = pattern.sub(repl, text)
    return text


def surname(key: str) -> str:
    parts = key.split()
    return parts[-1] if parts else ""
