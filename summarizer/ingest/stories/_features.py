"""What grouping compares: one sparse vector per article, made of its words and its names and dates.

The vector is two TF-IDF blocks side by side, each L2-normalised and scaled by the square root of
its weight, so the dot product of two vectors is ``TEXT_WEIGHT`` × the cosine of their words plus
the rest × the cosine of their names and dates: one sparse product gives the whole similarity.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from summarizer.ingest.article import Article

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

#: Weight of the shared words against the shared names. The days an article reports are not
#: added in: on a one-day feed every article reports the same day, and a shared day would make
#: any two of them similar. They only lower the similarity of two articles on different days
#: (see ``_graph.OTHER_DAYS``).
TEXT_WEIGHT = 0.5

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# Matched on the lowercased text: three times faster than the same pattern with IGNORECASE.
# "June 23", "10 May", and pairs or ranges of days: "May 6 and 7", "7-10 May".
_AND = r"(?:\s*(?:and|to|-|–)\s*(\d{1,2}))?"
_DATE = re.compile(
    rf"\b(?:({_MONTHS})\.?\s+(\d{{1,2}}){_AND}|(\d{{1,2}})(?:st|nd|rd|th)?{_AND}\s+(?:of\s+)?({_MONTHS}))\b"
)
_DIGIT = re.compile(r"\d")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(rf"\b(next\s+)?({'|'.join(_WEEKDAYS)})\b")
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# A capitalised word or run of them ("Vladimir Putin", "Istanbul"), not at a sentence's start.
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’-]*[a-z][\w'’-]*(?:\s+[A-Z][\w'’-]*[a-z]\w*)*")
_NOT_NAMES = frozenset(
    re.findall(
        r"\w+",
        "the a an and but or if in on at of for to from by with as it he she they we i his her"
        " its their this that these those there here when while after before said says mr mrs"
        " ms dr monday tuesday wednesday thursday friday saturday sunday president minister"
        " january february march april may june july august september october november december"
        " jan feb mar apr jun jul aug sep sept oct nov dec",
    )
)
# Reporting verbs and weekdays are in every article of every story: they tell none apart.
_MORE_STOP_WORDS = frozenset(
    re.findall(
        r"\w+",
        "said says told according also would could new year week monday tuesday wednesday"
        " thursday friday saturday sunday",
    )
)
# One side's outlets name the other by its seat of government ("Tehran said", "Kyiv's forces")
# or by a word of their own ("the Zionist entity"): the party is the same country.
_ALIASES = dict(
    pair.split(":")
    for pair in re.findall(
        r"\S+",
        "tehran:iran zionist:israel jerusalem:israel kremlin:russia moscow:russia kyiv:ukraine"
        " kiev:ukraine islamabad:pakistan rawalpindi:pakistan delhi:india beijing:china"
        " washington:america pentagon:america kabul:afghanistan taliban:afghanistan"
        " damascus:syria beirut:lebanon hezbollah:lebanon riyadh:saudi doha:qatar cairo:egypt"
        " ankara:turkey bangkok:thailand phnom:cambodia penh:cambodia kinshasa:congo"
        " kigali:rwanda pyongyang:korea seoul:korea caracas:venezuela havana:cuba"
        " naypyidaw:myanmar dhaka:bangladesh baghdad:iraq sanaa:yemen houthi:yemen"
        " houthis:yemen tripoli:libya khartoum:sudan addis:ethiopia minsk:belarus",
    )
)
# An outlet on one side names a country by its people ("Pakistani forces", "the Israeli army"),
# another by its name: both are one party. Cut to a stem that both forms share.
_DEMONYM = re.compile(r"(?:ians?|anis?|ans?|ese|ish|is|ia|i|a|e|y|s)$")


@dataclass(frozen=True)
class Features:
    """The articles' vectors (rows in the articles' order), their publication days (NaN where
    unknown), the days each reports (a row of 0/1 per article), and the word block and its
    terms that the labels are read from."""

    vectors: Any
    days: np.ndarray
    dates: Any
    words: Any
    terms: np.ndarray


def texts(articles: Sequence[Article]) -> list[str]:
    return [f"{a.title or ''}\n{a.clean_text}" for a in articles]


def _name_token(word: str) -> str:
    token = re.sub(r"\W", "", re.sub(r"['’]s$", "", word)).lower()
    token = _ALIASES.get(token, token)
    stem = _DEMONYM.sub("", token)
    # Only a stem long enough to stay a name ("indian", "india" -> "ind"; "al" stays "ali").
    return stem if len(stem) >= 3 else token


def names(text: str) -> str:
    """The article's named parties, as tokens for a second TF-IDF."""
    return " ".join(filter(None, map(_name_of, _NAME.findall(text))))


# Cached: a day repeats its names thousands of times.
@functools.lru_cache(maxsize=1 << 16)
def _name_of(found: str) -> str:
    words = [w for w in found.split() if w.lower() not in _NOT_NAMES]
    # The last word stands for the whole name ("Lavrov" for "Sergei Lavrov").
    return _name_token(words[-1]) if words else ""


def event_dates(text: str, published: float) -> str:
    """The days the article reports, as tokens: dates it names ("June 23",
    "10 May") and weekdays ("on Monday") placed on the calendar from its publication day.
    Two events of one conflict on nearby days share their parties and most words; the days
    they report are what tells them apart."""
    lowered = text.lower()
    tokens: list[str] = []
    # Both searches are slow on long texts; a date needs a digit, a weekday the letters "day".
    for m in _DATE.finditer(lowered) if _DIGIT.search(lowered) else ():
        month = (m.group(1) or m.group(6) or "")[:3]
        for day in (m.group(2), m.group(3), m.group(4), m.group(5)):
            if day:
                tokens.append(f"{month}{int(day)}")
    if not np.isnan(published):
        today = date(1970, 1, 1) + timedelta(days=int(published))
        for m in _WEEKDAY.finditer(lowered) if "day" in lowered else ():
            back = (today.weekday() - _WEEKDAYS.index(m.group(2))) % 7
            # A weekday is the last one on or before publication, unless "next" says otherwise.
            day_of = today + timedelta(days=7 - back if m.group(1) else -back)
            tokens.append(f"{_MONTH_NAMES[day_of.month - 1]}{day_of.day}")
    return " ".join(tokens)


def published_days(articles: Sequence[Article]) -> np.ndarray:
    """Days since 1970-01-01 of each article's publication, NaN where unknown."""
    days = np.full(len(articles), np.nan)
    epoch = date(1970, 1, 1)
    for i, article in enumerate(articles):
        with contextlib.suppress(ValueError):
            days[i] = (date.fromisoformat((article.published or "")[:10]) - epoch).days
    return days


def _tfidf(vectorizer: TfidfVectorizer, docs: Sequence[str]) -> tuple[Any, np.ndarray]:
    from scipy.sparse import csr_matrix

    try:
        matrix = vectorizer.fit_transform(docs)
    except ValueError:
        # Raised when no document holds a single token ("empty vocabulary"): stubs made only
        # of stop words or numbers are still articles, with nothing to compare.
        return csr_matrix((len(docs), 0)), np.array([], dtype=object)
    return matrix.tocsr(), vectorizer.get_feature_names_out()


def features(articles: Sequence[Article]) -> Features:
    # Imported here: scikit-learn takes over a second to import, and only grouping needs it.
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    docs = texts(articles)
    words, terms = _tfidf(
        TfidfVectorizer(
            sublinear_tf=True,
            stop_words=sorted(ENGLISH_STOP_WORDS | _MORE_STOP_WORDS),
            token_pattern=r"(?u)\b[^\W\d_]{3,}\b",
            dtype=np.float32,
        ),
        docs,
    )
    days = published_days(articles)
    named, _ = _tfidf(
        TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+", dtype=np.float32),
        [names(d) for d in docs],
    )
    dated, _ = _tfidf(
        TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+", dtype=np.float32),
        [event_dates(d, day) for d, day in zip(docs, days, strict=True)],
    )
    vectors = hstack([words * np.sqrt(TEXT_WEIGHT), named * np.sqrt(1 - TEXT_WEIGHT)], format="csr")
    dated.data[:] = 1.0
    return Features(vectors=vectors, days=days, dates=dated, words=words, terms=terms)
