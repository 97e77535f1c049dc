"""What grouping compares: one sparse vector per article (its words and its names), and what
says which event of a story it reports (the days of that event, the kind of event its lead tells,
how much of the fighting it tells is at sea, where that fighting was and which places the lead
names).

The vector is two TF-IDF blocks side by side, each L2-normalised and scaled by the square root of
its weight, so the dot product of two vectors is ``TEXT_WEIGHT`` × the cosine of their words plus
the rest × the cosine of their names: one sparse product gives the whole similarity. The event
day and kinds only ever lower it (``_graph.penalise``): two events of one conflict on nearby days
share their parties and most of their words, and only when and what happened tells them apart.
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

#: Weight of the shared words against the shared names. The event day is not added in: on a
#: one-day feed every article reports the same day, and a shared day would make any two of them
#: similar. It only lowers the similarity of two articles on different days (``_graph``).
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
_EPOCH = date(1970, 1, 1)
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Days said relative to publication: "yesterday" and "last night" are the day before,
# "overnight" the night from the day before into publication's.
_RELATIVE = re.compile(
    r"\b(yesterday|last night|overnight|today|tonight|this morning|earlier today)\b"
)
_DAY_BEFORE = frozenset(("yesterday", "last night"))
# A date that ends a dateline ("Baku, May 7, AZERTAC", "DAMASCUS, Jul 17 (NNN-SANA) –",
# "New Delhi, May 7, 2025 –": near the start of a paragraph, then a dash, a bracket, an agency or
# the line's end; or its year and one word that end the line, a page's stamp and section:
# "January 20, 2025 News") says when the copy was filed, which the publication date says
# already; the event is told after it.
_DATELINE = re.compile(
    r"(?:,?\s*\d{4})?\s*(?:[-–—(:)]|,\s*[a-z]+\s*\n|\n)|,?\s*\d{4}\s+[a-z]+[ \t]*\n"
)
_DATELINE_CHARS = 60
# A date with its year, then a credit in brackets that ends the line, anywhere in it, closes a
# photo's caption ("Palestinians watch the search in Khan Younis, Saturday, October 18, 2025
# (AP)"): when the picture was taken, not the news.
_CREDIT = re.compile(r",?\s*\d{4}\s*\([^()\n]{1,40}\)[ \t]*(?:\n|$)")
# A date right after "Published" or "Updated" ("Published October 20, 2025 Updated October 20,
# 2025 08:27am") is the page's stamp: when the copy went out, not when the news happened.
_STAMP = re.compile(r"\b(?:published|updated|posted)(?:\s+on)?\s*:?\s*(?:[a-z]+,?\s+)?$")
_STAMP_CHARS = 30
# A photo's caption is a line that ends with its credit in brackets, "(AP Photo)", "(Chip
# Somodevilla/Getty Images)": a date anywhere in it, with its year or not ("soldiers killed in a
# December 17 attack in Syria. (AP Photo)"), is when the picture was taken or what it recalls,
# not the news (round 7).
# So is a line that ends with "Photo: CNA" (round 8), and then not only its dates but its
# "yesterday" and its weekdays are the picture's.
_CAPTION = re.compile(
    r"[^\n]*(?:\([^()\n]*\b(?:photo|photos|images?|ap|afp|reuters|epa|xinhua|anadolu|file)\b"
    r"[^()\n]{0,40}\)|\b(?:photo|photos|image|picture)(?:\s+credit)?\s*:\s*[^\n.:,]{1,40}\.?)"
    r"[ \t]*(?:\n|$)"
)
# A date followed by a clock time ("Mon Dec 29 05:30:00 UTC 2025: News Article:", "December 29,
# 2025 10:42") is a page's stamp, when the copy went out (round 7); "on Sunday at 10:30" is not.
_CLOCK = re.compile(r"(?:,?\s*\d{4})?,?[ \t]+\d{1,2}:\d{2}\b")
#: A copy's dateline or clock stamp this many days off the publication date it came with is when
#: it was filed (see ``_named_days``); further off, it is some other copy's.
FILED_DAYS = 1
# A weekday that opens a skipped date ("Saturday, October 18") is skipped with it.
_WEEKDAY_BEFORE = re.compile(rf"(?:{'|'.join(_WEEKDAYS)}),?\s*$")
#: An article reports the news of the week before its publication: a day it names further back
#: is background (the attack a war began with), a later one a plan.
RECENT_DAYS = 6
#: The lead says when its news happened: only a day named in its first this many characters
#: (after the title) is the event's. A day named only further down is what led to it ("the truce
#: was announced after Israel launched airstrikes on Wednesday") or the span of a story that
#: happened since ("the ceasefire regime from April 19 to April 21", in a tally of its violations
#: published on the 21st); an article whose lead names no day reports its publication day.
DAY_CHARS = 600
# How far past the lead a date that starts in it is read (its dateline or caption credit).
_DAY_TAIL = 80
# Where the sentence that names the event's day ends: the later days it names are the event's
# too ("the vessel was hit on Monday and attacked until it sank on Wednesday"). Not at the point
# of an initial or a month's abbreviation ("a U.S. strike", "On Sept. 6").
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\b(?:[Jj]an|[Ff]eb|[Mm]ar|[Aa]pr|[Aa]ug|[Ss]ep|[Oo]ct|[Nn]ov|[Dd]ec))"
    r"(?<!\b[Ss]ept)[.!?](?:\s|$)|\n"
)
#: The same sentence may say how many days before the day it names the event was: "Maduro said
#: on Saturday ... after a strike three days earlier"; "ago" counts from publication. A reaction
#: told with its event: the event lasts from that day (``RECENT_DAYS`` back at most).
_DAYS_EARLIER = re.compile(
    r"\b(a|one|two|three|four|five|six|[1-6])\s+days?\s+(earlier|before|ago)\b"
)
#: ... or name the event it reacts to, a day or two before, after "after" or "following" ("the
#: ministry announced on Sunday an operation in Palmyra, following the attack ... on Saturday"):
#: the arrests the day after an attack are told with it. The event lasts from that day, at most
#: ``REACTION_DAYS`` back (a strike in retaliation for a killing a week earlier is its own event),
#: unless what the sentence tells before "after" is fighting: strikes the day after a clash
#: are an event of their own ("Jets struck the camps on Sunday after the attack on Saturday").
_REACTS = re.compile(r"\b(?:after|following)\b")
REACTION_DAYS = 1
#: ... or which day of the event it is: drills that "entered their second day" on the day named
#: began the day before (round 8), as far back as ``RECENT_DAYS``.
_NTH_DAY = re.compile(
    r"\b(second|third|fourth|fifth|sixth|seventh|2nd|3rd|4th|5th|6th|7th)\s+"
    r"(?:straight\s+|consecutive\s+|successive\s+)?day\b"
)
_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
#: A day named right after a speech ("said during a televised speech on Saturday", "held a press
#: conference early on Sunday", "in a televised address late Monday night") is when someone spoke,
#: not when what they spoke of happened: a leader's address often follows its event by a day or
#: two (``_graph.SAID_DAY``). A statement or a spokesman's briefing is not a speech here: it is how
#: armies and ministries announce what they did ("the military said in a statement on Thursday
#: it struck ...").
_SAID = re.compile(
    r"\b(?:speech|address|press conference|news conference|remarks|interview)\s+(?:\w+\s+){0,4}$"
)
# How far before a named day its speech is looked for.
_SAID_CHARS = 40
#: Kinds of event that one conflict alternates between from one day to the next: fighting,
#: talks and truces, unrest at home. Each is a few word stems; an article's kinds are how often
#: its lead uses each (the lead tells what happened; background comes later).
KINDS = {
    "fighting": r"strikes?|struck|air ?strikes?|bomb\w*|shell(?:s|ed|ing)?|missiles?|rockets?"
    r"|drones?|attack\w*|raids?|fir(?:e|ed|ing)|explosions?|blasts?|kill\w*|wounded|injur\w*"
    r"|offensive|invasion|clash\w*|fighting|captur\w*|seiz\w*|assault\w*|retaliat\w*"
    r"|bombard\w*|pound\w*|hits?|target\w*|destroy\w*",
    "truce": r"cease-?fire|truce|talks|negotiat\w*|agreements?|agreed|deal|accord|peace"
    r"|mediat\w*|broker\w*|memorandum|summit|envoy|diplomat\w*|treaty|dialogue|delegations?"
    r"|de-?escalation|understanding",
    "unrest": r"protest\w*|demonstrat\w*|riot\w*|loot\w*|vandal\w*|tear gas|unrest|chant\w*",
}
_KINDS = re.compile("|".join(f"\\b(?P<{kind}>{words})\\b" for kind, words in KINDS.items()))
#: Fighting at sea: attacks on ships are a kind of fighting of their own. A conflict brings
#: strikes on a port one day and attacks on ships off it the same day or the next, told with the
#: same parties, the same sea and most of the same words; only what was hit tells them apart.
AT_SEA = (
    r"ships?|vessels?|tankers?|carriers?|bulkers?|freighters?|cargo|sail\w*|sank|sunk|sink\w*"
    r"|maritime|shipping|seafarers?|mariners?|boats?|naval|navy"
)
_AT_SEA = re.compile(rf"\b(?:{AT_SEA})\b")
#: How much of an article is its lead, for its kinds.
LEAD_CHARS = 400
#: Where the fighting a lead (its first ``DAY_CHARS``) tells took place: the first name after
#: "in", "on", "at", "near"... that starts within this many characters after a word of fighting
#: ("bombed the entrance to the army headquarters in Damascus", "strikes on Gaza"). Spelled as it
#: is written (``_place_token``): a capital is a place here, not its country's party.
PLACE_CHARS = 80
_PLACE = re.compile(
    r"\b(?:in|on|at|near|over|across|into|outside|around)\s+(?:the\s+)?"
    r"(?:(?:[a-z]+|[A-Z][a-z]+)\s+){0,3}?(?:of\s+)?"
    r"([A-Z][\w'’-]*[a-z][\w'’-]*(?:\s+[A-Z][\w'’-]*[a-z]\w*)*)"
)
_FIGHTING = re.compile(rf"\b(?:{KINDS['fighting']})\b")
_WORD = re.compile(r"[A-Z][\w'’-]*[a-z][\w'’-]*")
# The Arabic article joined to a name: "El-Fasher" is "Fasher".
_ARTICLE = re.compile(r"^(?:al|el|as|ad|ar|an|at|az)[-‑]")
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
        " houthis:yemen tripoli:libya khartoum:sudan addis:ethiopia minsk:belarus"
        # In Cyrillic, as _TO_LATIN spells it, in the cases a name takes.
        " rossiya:russia rossii:russia rossiyu:russia rossiey:russia rf:russia moskva:russia"
        " moskvy:russia moskve:russia moskvoy:russia kreml:russia kremlya:russia ssha:america"
        " vashington:america izrail:israel izrailya:israel kieva:ukraine kievu:ukraine"
        " kiyev:ukraine kiyeva:ukraine kiyevu:ukraine",
    )
)
# A Russian- or Ukrainian-language article names the same parties in Cyrillic (round 7): letter
# by letter in Latin ("Путин" "Putin", "Трампа" "Trampa", "Зеленский" "Zelenskiy"), its names
# are the English copy's by their consonants ("ptn", "trmp", "zlnsk"), and its country names
# are those of ``_ALIASES`` ("Россия", "Москва", "США"). Its words stay its own: only the names
# can tell which story it tells.
_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ"
_LATIN = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya i yi ye g"
_TO_LATIN = str.maketrans(
    {
        **{c: latin.strip("-") for c, latin in zip(_CYRILLIC, _LATIN.split(), strict=True)},
        **{
            c.upper(): latin.strip("-").capitalize()
            for c, latin in zip(_CYRILLIC, _LATIN.split(), strict=True)
        },
    }
)
_IN_CYRILLIC = re.compile(f"[{_CYRILLIC}{_CYRILLIC.upper()}]")
# A name's case endings that its consonants would keep ("Путиным", "Зеленским", "Трампом",
# "Лаврова" keeps none): the name as the English copy writes it.
_CASE_ENDING = re.compile(
    f"\\b([{_CYRILLIC.upper()}][{_CYRILLIC}]{{2,}}?)(?:ым|им|ом|ого|его|ому|ему)\\b"
)


def latin(text: str) -> str:
    """``text`` with its Cyrillic names in Latin letters (see ``_TO_LATIN``)."""
    if text.isascii() or not _IN_CYRILLIC.search(text):
        return text
    return _CASE_ENDING.sub(r"\1", text).translate(_TO_LATIN)


# An outlet on one side names a country by its people ("Pakistani forces", "the Israeli army"),
# another by its name: both are one party. Cut to a stem that both forms share.
_DEMONYM = re.compile(r"(?:ians?|anis?|ans?|ese|ish|is|ia|i|a|e|y|s)$")
# Names written in another alphabet are spelled in as many ways as there are outlets ("El Fasher"
# and "al-Fashir", "Sweida" and "Suwayda", "Hodeidah" and "Hudaydah"): mostly by their vowels.
# A name of five letters or more is its first letter and its consonants ("fshr", "swd", "hddh").
_VOWELS = re.compile(r"[aeiouy]")
_SPELT_FROM = 5


@dataclass(frozen=True)
class Events:
    """Which event of a story each article reports, beyond its words: the first and last day of
    the event it tells (days since 1970-01-01; NaN where unknown), whether its text named that
    day (or it was taken from the publication date), whether that day is the day of a speech
    (see :func:`event_day`), the kinds of event its lead tells (a row of ``len(KINDS)`` per
    article, L2-normalised; zeros where it uses no such word), how much of the fighting its
    lead tells is at sea (see :func:`at_sea`; NaN where it tells none), where that fighting took
    place (see :func:`place`: a column of ``places``, -1 where the lead names none), and which
    places each lead names (``places``: a sparse 0/1 row per article, one column per place of
    the day)."""

    first: np.ndarray
    last: np.ndarray
    named: np.ndarray
    said: np.ndarray
    kinds: np.ndarray
    at_sea: np.ndarray
    place: np.ndarray
    places: Any

    def __getitem__(self, rows: np.ndarray) -> Events:
        return Events(
            self.first[rows],
            self.last[rows],
            self.named[rows],
            self.said[rows],
            self.kinds[rows],
            self.at_sea[rows],
            self.place[rows],
            self.places[rows],
        )


@dataclass(frozen=True)
class Features:
    """The articles' vectors (rows in the articles' order), the events they report, and the word
    block and its terms that the labels are read from."""

    vectors: Any
    events: Events
    words: Any
    terms: np.ndarray


def texts(articles: Sequence[Article]) -> list[str]:
    return [f"{a.title or ''}\n{a.clean_text}" for a in articles]


def _spelt(token: str) -> str:
    stem = _DEMONYM.sub("", token)
    # Only a stem long enough to stay a name ("indian", "india" -> "ind"; "al" stays "ali").
    name = stem if len(stem) >= 3 else token
    return name[0] + _VOWELS.sub("", name[1:]) if len(name) >= _SPELT_FROM else name


def _name_token(word: str) -> str:
    token = re.sub(r"\W", "", re.sub(r"['’]s$", "", word)).lower()
    return _spelt(_ALIASES.get(token, token))


def _place_token(word: str) -> str:
    """A place's name as written, a name of five letters or more by its consonants, but not
    taken for its country: "Damascus" is not "Syria" here."""
    token = re.sub(r"\W", "", _ARTICLE.sub("", re.sub(r"['’]s$", "", word.lower())))
    return _spelt(token) if token else ""


def place(text: str) -> str:
    """Where the fighting the lead tells took place (see ``PLACE_CHARS``), or "" if it names
    none: the first place named after the first word of fighting that has one."""
    for fight in _FIGHTING.finditer(text.lower()):
        for m in _PLACE.finditer(text, fight.end()):
            if m.start() > fight.end() + PLACE_CHARS:
                break
            words = [w for w in m.group(1).split() if w.lower() not in _NOT_NAMES]
            if words:
                return _place_token(words[-1])
    return ""


def lead_places(text: str) -> str:
    """Every capitalised word the lead names, each as :func:`place` spells it."""
    return " ".join(
        filter(None, (_place_token(w) for w in _WORD.findall(text) if w.lower() not in _NOT_NAMES))
    )


def names(text: str) -> str:
    """The article's named parties, as tokens for a second TF-IDF (a name in Cyrillic as its
    Latin letters: see ``_TO_LATIN``)."""
    return " ".join(filter(None, map(_name_of, _NAME.findall(latin(text)))))


# Cached: a day repeats its names thousands of times.
@functools.lru_cache(maxsize=1 << 16)
def _name_of(found: str) -> str:
    words = [w for w in found.split() if w.lower() not in _NOT_NAMES]
    # The last word stands for the whole name ("Lavrov" for "Sergei Lavrov").
    return _name_token(words[-1]) if words else ""


def _date_of(m: re.Match[str], today: date, ahead: int = 0) -> list[int]:
    """The days a ``_DATE`` match names, in the year that puts them on or before ``today`` (or
    up to ``ahead`` days after it), as days since 1970-01-01."""
    month = _MONTH_NAMES.index((m.group(1) or m.group(6))[:3]) + 1
    days = []
    for day in filter(None, (m.group(2), m.group(3), m.group(4), m.group(5))):
        with contextlib.suppress(ValueError):
            named = date(today.year, month, int(day))
            # Late December told in early January.
            late = named > today + timedelta(days=ahead)
            days.append(named if not late else named.replace(year=today.year - 1))
    return [(d - _EPOCH).days for d in days]


def _named_days(text: str, published: int) -> tuple[int, list[tuple[int, list[int]]]]:
    """The day the copy was filed, and where the text names a day and which days (several for
    "May 6 and 7"), as days since 1970-01-01: dates, weekdays and "yesterday", placed on the
    calendar from that day.

    The copy's own dateline ("Jan 9 (Reuters) -"), or else its stamp with a clock time ("6 May
    2025 22:51"), says when it was filed; when that is the day before or after the publication
    date it came with (a feed's date in another time zone, a repost the next morning), it is the
    day the copy's "Friday" and "yesterday" count from (``FILED_DAYS``; round 8)."""
    lowered = text.lower()
    today = _EPOCH + timedelta(days=published)
    skipped: set[int] = set()
    found: list[tuple[int, list[int]]] = []
    dateline: list[int] = []
    clock: list[int] = []
    # A date needs a digit, a weekday the letters "day": both searches are slow on long texts.
    for m in _DATE.finditer(lowered) if _DIGIT.search(lowered) else ():
        line_start = lowered.rfind("\n", 0, m.start()) + 1
        filed = None
        if (
            _STAMP.search(lowered[max(line_start, m.start() - _STAMP_CHARS) : m.start()])
            or _CREDIT.match(lowered, m.end())
            or _CAPTION.match(lowered, m.end())
        ):
            filed = []  # "Posted on January 8", a photo's caption: not when the copy was filed
        elif m.start() - line_start < _DATELINE_CHARS and _DATELINE.match(lowered, m.end()):
            filed = dateline
        elif _CLOCK.match(lowered, m.end()):
            filed = clock
        if filed is not None:
            filed.extend(_date_of(m, today, FILED_DAYS))
            before = _WEEKDAY_BEFORE.search(lowered, max(line_start, m.start() - 14), m.start())
            if before:
                skipped.add(before.start())
            continue
        found.append((m.start(), _date_of(m, today)))
    for filed in (dateline, clock):
        if filed:
            if 0 < abs(filed[0] - published) <= FILED_DAYS:
                published = filed[0]
                today = _EPOCH + timedelta(days=published)
            break
    for m in _WEEKDAY.finditer(lowered) if "day" in lowered else ():
        if m.start() in skipped or _CAPTION.match(lowered, m.end()):
            continue
        back = (today.weekday() - _WEEKDAYS.index(m.group(2))) % 7
        # The last such weekday on or before publication, unless "next" says otherwise.
        found.append((m.start(), [published + (7 - back if m.group(1) else -back)]))
    for m in _RELATIVE.finditer(lowered):
        if _CAPTION.match(lowered, m.end()):
            continue
        word = m.group(1)
        night = [published - 1] if word in _DAY_BEFORE or word == "overnight" else []
        found.append((m.start(), night + ([] if word in _DAY_BEFORE else [published])))
    return published, found


def _fights_before(text: str, at: int, cue: int) -> bool:
    """Whether the sentence around ``at`` tells fighting before ``cue``."""
    begin = max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0)
    return _FIGHTING.search(text[begin:cue].lower()) is not None


def event_day(text: str, published: float) -> tuple[float, float, bool, bool]:
    """The first and last day of the event the article reports, whether its text names it, and
    whether the day it names is the day of a speech (``_SAID``: "in a televised speech on
    Saturday"), which may come a day or two after what it speaks of.

    The event is the first recent day (within ``RECENT_DAYS`` before publication) that the
    lead names (its first ``DAY_CHARS`` characters after the title, see :func:`lead`): a lead
    says when its news happened before it recalls what led to it, and an older day is that
    background. It lasts until the last later day the same sentence names: an event of several
    days is told in one sentence ("was hit on Monday and attacked until it sank on Wednesday"),
    where a later sentence may tell the next event. A lead that names none reports its
    publication day. NaN when the publication day is unknown: a weekday or a date without a year
    can then not be placed.
    """
    if np.isnan(published):
        return np.nan, np.nan, False, False
    today = int(published)
    title = text.find("\n") + 1
    within = title + DAY_CHARS
    today, named = _named_days(text[: within + _DAY_TAIL], today)
    found = sorted(named, key=lambda place: place[0])
    for k, (at, days) in enumerate(found):
        if at >= within:
            break
        recent = [d for d in days if today - RECENT_DAYS <= d <= today]
        if recent:
            said = _SAID.search(text[max(0, at - _SAID_CHARS) : at].lower()) is not None
            end = _SENTENCE_END.search(text, at)
            stop = min(within, end.start() if end else within)
            first, last = min(recent), max(recent)
            for later_at, later in found[k + 1 :]:
                if later_at >= stop:
                    break
                last = max([last, *(d for d in later if first < d <= today)])
                cue = _REACTS.search(text, at, later_at)
                if cue and not _fights_before(text, at, cue.start()):
                    first = min([first, *(d for d in later if min(recent) - REACTION_DAYS <= d)])
            for m in _NTH_DAY.finditer(text[at:stop].lower()):
                nth = _ORDINALS.get(m.group(1)) or int(m.group(1)[0])
                first = max(min(first, min(recent) - (nth - 1)), today - RECENT_DAYS)
            for m in _DAYS_EARLIER.finditer(text[at:stop].lower()):
                back = _NUMBERS.get(m.group(1)) or int(m.group(1))
                earlier = (today if m.group(2) == "ago" else min(recent)) - back
                if today - RECENT_DAYS <= earlier < first:
                    first = earlier
            return float(first), float(last), True, said
    return float(today), float(today), False, False


def lead(doc: str) -> str:
    """The text (its title, a line, then the article) as its lead is read: a line that repeats
    the title (a page that prints its headline again above the story) is left out, so that the
    lead is the story's first lines."""
    title, _, body = doc.partition("\n")
    if not title.strip() or title not in body:
        return doc
    return "\n".join([title, *(line for line in body.split("\n") if line != title)])


def event_kinds(text: str) -> np.ndarray:
    """How often the lead uses the words of each kind of event, L2-normalised (zeros if none)."""
    counts = np.zeros(len(KINDS), dtype=np.float32)
    for m in _KINDS.finditer(text[:LEAD_CHARS].lower()):
        # The kinds are the pattern's only groups, in order: the one that matched is the kind.
        counts[(m.lastindex or 1) - 1] += 1
    norm = float(np.linalg.norm(counts))
    return counts / norm if norm else counts


def at_sea(text: str) -> float:
    """How much of the fighting the lead tells is at sea: its words of ships and the sea
    (``AT_SEA``) as a share of those and its words of fighting. NaN if it tells no fighting: boats
    in a flood or a ship in port are no attack."""
    told = text[:LEAD_CHARS].lower()
    fighting = sum(m.lastgroup == "fighting" for m in _KINDS.finditer(told))
    if not fighting:
        return float("nan")
    ships = len(_AT_SEA.findall(told))
    return ships / (ships + fighting)


def published_days(articles: Sequence[Article]) -> np.ndarray:
    """Days since 1970-01-01 of each article's publication, NaN where unknown."""
    days = np.full(len(articles), np.nan)
    for i, article in enumerate(articles):
        with contextlib.suppress(ValueError):
            days[i] = (date.fromisoformat((article.published or "")[:10]) - _EPOCH).days
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
    named, _ = _tfidf(
        TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+", dtype=np.float32),
        [names(d) for d in docs],
    )
    vectors = hstack([words * np.sqrt(TEXT_WEIGHT), named * np.sqrt(1 - TEXT_WEIGHT)], format="csr")
    found = events(docs, published_days(articles))
    return Features(vectors=vectors, events=found, words=words, terms=terms)


def events(docs: Sequence[str], published: np.ndarray) -> Events:
    """The event day and kinds of each text, published on the given days (NaN: unknown)."""
    from scipy.sparse import csr_matrix

    n = len(docs)
    column: dict[str, int] = {}
    where = np.full(n, -1, dtype=np.int64)
    indptr, indices = [0], []
    first, last = np.full(n, np.nan), np.full(n, np.nan)
    named = np.zeros(n, dtype=bool)
    said = np.zeros(n, dtype=bool)
    kinds = np.zeros((n, len(KINDS)), dtype=np.float32)
    sea = np.full(n, np.nan)
    for i, (doc, day) in enumerate(zip(docs, published, strict=True)):
        told = lead(doc)
        first[i], last[i], named[i], said[i] = event_day(told, float(day))
        kinds[i] = event_kinds(told)
        # Where and at sea tell fighting apart: only of a lead that mostly tells fighting
        # (``fights``), not of talks that recall it (round 8).
        fights = bool(kinds[i, 0] >= kinds[i, 1:].max())
        sea[i] = at_sea(told) if fights else np.nan
        told = told[: told.find("\n") + 1 + DAY_CHARS]
        fought = place(told) if fights else ""
        if fought:
            where[i] = column.setdefault(fought, len(column))
        row = {column.setdefault(t, len(column)) for t in lead_places(told).split()}
        indices.extend(sorted(row))
        indptr.append(len(indices))
    places = csr_matrix(
        (np.ones(len(indices), dtype=np.float32), np.asarray(indices, dtype=np.int64), indptr),
        shape=(n, max(len(column), 1)),
    )
    return Events(
        first=first,
        last=last,
        named=named,
        said=said,
        kinds=kinds,
        at_sea=sea,
        place=where,
        places=places,
    )
