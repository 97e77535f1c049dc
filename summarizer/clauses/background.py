"""Background: what an article recalls of an event dated more than a week before its day ("a
deadly attack on tourists on April 22", "India blamed the attack on ..."), which is no news of
the day and is not read."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import TYPE_CHECKING

from summarizer.clauses.lexicon import SPEECH, STANCE

if TYPE_CHECKING:
    from collections.abc import Iterator

    from spacy.tokens import Doc, Span, Token

#: Events an article may recall from before the day, by the noun that names them.
_EVENT_NOUNS = frozenset(
    ["attack", "attacks", "strike", "strikes", "bombing", "massacre", "killing", "killings",
     "shooting", "assault", "raid", "incursion", "explosion", "blast", "ambush", "invasion"]
)  # fmt: skip
_MONTHS = {m: n for n, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}  # fmt: skip
#: Words before a date that make it a span's end, not the day of an event.
_SPAN_WORDS = frozenset(["since", "until", "till", "before"])
#: How long before the day an event is the story's background, not its news.
BACKGROUND_DAYS = 7


class Background:
    """The events an article recalled, as far as it has been read."""

    def __init__(self, published: str | None) -> None:
        self.day = _day(published)
        # Events the article dated more than a week before the day ("a deadly attack on tourists
        # on April 22"), and whether the sentence before was read as recalling one.
        self.recalled: set[str] = set()
        self.recalling_before = False

    def recalls(self, doc: Doc) -> bool:
        """Whether the next sentence, ``doc``, tells the story's background, not its news."""
        dated = any(e.label_ in ("DATE", "TIME") for e in doc.ents)
        # "India blamed the attack on ...": the old event again, with no day of its own; the
        # one sentence after it ("Pakistan denied any involvement") answers it.
        pointing = not dated and _points_to(doc, self.recalled)
        answering = not dated and self.recalling_before
        self.recalling_before = pointing
        if self.day is not None:
            self.recalled |= _dated_before(doc, self.day)
        root = doc[:].root
        return (
            pointing
            or answering
            or (self.day is not None and _done_long_before(doc, root, self.day))
            or _ongoing_since(doc, root)
            or _comes_after(doc, root)
            or _months_ago(doc, root)
            or bool(_THEN.match(doc.text.lstrip('"“ ')))
        )


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _dated_before(doc: Doc, day: date) -> set[str]:
    """The event nouns next to a date more than a week before ``day`` ("a deadly attack on
    tourists in Pahalgam on April 22", published May 10): {"attack"}."""
    found = set()
    for ent, _when in _old_dates(doc, day):
        # The event the date is of: the first noun above it in the parse, below any verb
        # ("an attack on tourists in Pahalgam on April 22"; not "the strikes since the
        # ceasefire took effect on October 10").
        head = ent.root.head
        for _ in range(4):
            if head.pos_ in ("VERB", "AUX") or head.head is head:
                break
            if head.pos_ == "NOUN" and head.lemma_.lower() in _EVENT_NOUNS:
                found.add(head.lemma_.lower())
                break
            head = head.head
        # The parser often hangs a late "on April 22" on the main verb: the event noun just
        # before it, with no verb between them, is the one dated.
        for t in reversed(doc[max(0, ent.start - 15) : ent.start]):
            if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound"):
                break
            if t.pos_ == "NOUN" and t.lemma_.lower() in _EVENT_NOUNS:
                found.add(t.lemma_.lower())
                break
    return found


def _old_dates(doc: Doc, day: date) -> Iterator[tuple[Span, date]]:
    """The dates of ``doc`` more than a week (and less than a year) before ``day``, with the day
    each names; not the end of a span ("the first strike on Beirut since July")."""
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        when = _month_day(ent.text, day)
        if when is None or not 0 < (day - when).days - BACKGROUND_DAYS < 366:
            continue
        if ent.start > 0 and doc[ent.start - 1].lower_ in _SPAN_WORDS:
            continue
        yield ent, when


def _done_long_before(doc: Doc, root: Token, day: date) -> bool:
    """What a sentence tells as done on a day more than a week before the article's: the main
    verb or a verb in the past perfect dated so ("Israel said in May that it had killed ...",
    "said it had identified the body in June"); not an old date that names something else
    ("the truce agreed on May 10 collapsed on Tuesday")."""
    for ent, when in _old_dates(doc, day):
        if when.year < day.year and not re.search(r"\b\d{4}\b", ent.text):
            # "talks in Vienna on June 2", written in May: a month later in the year is more
            # likely ahead than a year back.
            continue
        verb = ent.root.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        perfect = any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)
        # "The announcement was anticipated after Starmer said in July that ...": what was
        # said on that day is as old as the day.
        said = verb.tag_ == "VBD" and verb.lemma_.lower() in SPEECH | STANCE
        if perfect or said or (verb.i == root.i and verb.tag_ == "VBD"):
            return True
    return False


def _month_day(text: str, day: date) -> date | None:
    """A date written with its month ("April 22", "22 April 2025", "in April": its last day),
    in the year before ``day`` when that puts it in the past."""
    words = re.findall(r"[A-Za-z]+|\d+", text)
    month = next((_MONTHS[w.lower()] for w in words if w.lower() in _MONTHS), None)
    if month is None:
        return None
    numbers = [int(w) for w in words if w.isdigit()]
    year = next((n for n in numbers if n > 1900), None)
    days = [n for n in numbers if 1 <= n <= 31]
    year = year or (day.year if month <= day.month else day.year - 1)
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(days[0], last) if days else last)


def _points_to(doc: Doc, recalled: set[str]) -> bool:
    """Whether the sentence names a recalled event as one already told ("the attack")."""
    return any(
        t.lemma_.lower() in recalled
        and any(c.dep_ == "det" and c.lower_ in ("the", "that", "this") for c in t.children)
        for t in doc
    )


def _ongoing_since(doc: Doc, root: Token) -> bool:
    """What a side has done over the war, not on the day: a main verb in the perfect with "since"
    and an event, not a day ("have repeatedly targeted Eilat since the war in Gaza began", "have
    been launching attacks since the outbreak of the war"; not "has fired 90 drones since
    Friday")."""
    if not any(c.dep_ == "aux" and c.lemma_ == "have" for c in root.children):
        return False
    # ("throughout the Gaza war": the same span, told from its other end.)
    for since in (t for t in doc if t.lower_ in ("since", "throughout")):
        clause = since.dep_ == "mark" and since.head.dep_ == "advcl"
        if since.lower_ == "since" and (since.head.head if clause else since.head).i != root.i:
            # (The parser hangs "throughout" on any noun before it; it spans the clause anyway.)
            continue
        # "since the war began"; "since the deal took effect on Monday" is the last few days.
        told = doc[since.i + 1 : (since.head if clause else since).right_edge.i + 1]
        if not any(e.label_ in ("DATE", "TIME") for e in told.ents):
            return True
    return False


def _comes_after(doc: Doc, root: Token) -> bool:
    """A sentence that sets the day's event weeks after earlier ones ("The strike comes only a
    week after a drone exploded at a hotel"): what it tells happened before the days reported."""
    return root.lemma_ in ("come", "follow") and any(
        t.lower_ == "after" and t.i > 0 and doc[t.i - 1].lemma_ in _LONG_BEFORE
        for t in root.subtree
    )


# "a week after", "two months after": the event told lies before the days an article reports;
# "a day after", "came after" may be the day's own news.
_LONG_BEFORE = frozenset(["week", "month", "year"])


# "Earlier this month,", "Earlier in November,", "Last month,", "This month," opening a sentence
# told in the past: a month-sized span before the day, no news of the day ("later this month"
# is still to come; "the largest attack this month" and "the truce agreed last month collapsed"
# tell the day's news).
_MONTHS_AGO = re.compile(
    r"(?:earlier (?:this|in) (?:month|year|" + "|".join(_MONTHS) + r")|last (?:month|year)"
    r"|this month)\b",
    re.IGNORECASE,
)


def _months_ago(doc: Doc, root: Token) -> bool:
    """A sentence told in the past that opens on a span a month or more before the day
    ("Earlier in November, the RSF agreed to a truce"; "This month, Trump said he plans to")."""
    return root.tag_ == "VBD" and bool(_MONTHS_AGO.match(doc.text.lstrip('"“ ')))


# "On that occasion, Ukrainian sources said ...": a sentence that opens on a time the article
# named before its day's news goes on telling the background.
_THEN = re.compile(r"(?:on that occasion|at that time|at the time|back then)\b", re.IGNORECASE)
