"""Resolving reported dates against the article's publication date.

"next Monday" in an article published on Wednesday 2025-05-28 is 2025-06-02; "June 2" is
2025-06-02; "last week" is the ISO week before; "February 2022" is a month. Each result carries
its precision, so a day and a month are never compared as if they were the same kind of value.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

Precision = Literal["day", "week", "month", "year"]

_MONTHS = {
    name: n
    for n, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}  # fmt: skip
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?(?:\s+(\d{{4}}))?\b")
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?")
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\.?\s+(\d{{4}})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY = re.compile(r"\b(next|last|this|coming|on)?\s*(" + "|".join(_WEEKDAYS) + r")\b")
_RELATIVE_DAY = {"today": 0, "tonight": 0, "overnight": 0, "yesterday": -1, "tomorrow": 1}
_RELATIVE_WEEK = re.compile(r"\b(next|last|this|coming)\s+week\b")
_MONTH_ONLY = re.compile(rf"\b(?:(in|early|mid|late|since|by)\s+)?({_MONTH})\b")
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")


@dataclass(frozen=True)
class ResolvedDate:
    """A calendar value: ``2025-06-02`` (day), ``2025-W23`` (week), ``2025-06``, ``2025``."""

    value: str
    precision: Precision


def _year_for(month: int, day: int, published: date | None) -> int | None:
    """The year of a day-and-month with no year: the one that puts it nearest the publication."""
    if published is None:
        return None
    candidates = [published.year - 1, published.year, published.year + 1]

    def distance(year: int) -> int:
        try:
            return abs((date(year, month, day) - published).days)
        except ValueError:
            return 10**6

    return min(candidates, key=distance)


def _day(d: date) -> ResolvedDate:
    return ResolvedDate(d.isoformat(), "day")


@lru_cache(maxsize=65536)
def resolve_date(text: str, published: date | None) -> ResolvedDate | None:
    """The date ``text`` names, resolved against ``published``; ``None`` when it names none."""
    low = text.lower()
    if m := _ISO.search(low):
        try:
            return _day(date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return None
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        if m := pattern.search(low):
            month, day = _MONTHS[m[month_group]], int(m[day_group])
            year = int(m[3]) if m[3] else _year_for(month, day, published)
            if year is None:
                return None
            try:
                return _day(date(year, month, day))
            except ValueError:
                return None
    if published is not None:
        for word, offset in _RELATIVE_DAY.items():
            if re.search(rf"\b{word}\b", low):
                return _day(published + timedelta(days=offset))
        if m := _WEEKDAY.search(low):
            target = _WEEKDAYS.index(m[2])
            ahead = (target - published.weekday()) % 7
            if m[1] in ("next", "coming"):
                # "next Monday" is the first Monday after publication.
                return _day(published + timedelta(days=ahead or 7))
            # A bare weekday in news copy is the most recent one (the day itself included).
            return _day(published - timedelta(days=(published.weekday() - target) % 7))
        if m := _RELATIVE_WEEK.search(low):
            shift = {"next": 7, "coming": 7, "last": -7, "this": 0}[m[1]]
            year, week, _ = (published + timedelta(days=shift)).isocalendar()
            return ResolvedDate(f"{year}-W{week:02d}", "week")
    if m := _MONTH_YEAR.search(low):
        return ResolvedDate(f"{int(m[2]):04d}-{_MONTHS[m[1]]:02d}", "month")
    if published is not None:
        for m in _MONTH_ONLY.finditer(low):
            # "may" alone is usually the verb; only "in May", "early May"... count.
            if m[2] == "may" and not m[1]:
                continue
            month = _MONTHS[m[2]]
            year = published.year if month <= published.month + 1 else published.year - 1
            return ResolvedDate(f"{year:04d}-{month:02d}", "month")
    if m := _YEAR.search(low):
        return ResolvedDate(m[1], "year")
    return None


def named_days(text: str, published: date | None) -> list[date]:
    """Every day ``text`` names by its date ("May 19", "27 June 2025", "2025-06-02"), resolved
    against ``published``; weekdays and "today" are left out, as they are always near."""
    low = text.lower()
    days: list[date] = []
    for m in _ISO.finditer(low):
        with contextlib.suppress(ValueError):
            days.append(date(int(m[1]), int(m[2]), int(m[3])))
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        for m in pattern.finditer(low):
            month, day = _MONTHS[m[month_group]], int(m[day_group])
            year = int(m[3]) if m[3] else _year_for(month, day, published)
            if year is not None:
                with contextlib.suppress(ValueError):
                    days.append(date(year, month, day))
    return days


#: Phrases that put what a sentence tells before the news of the day.
PAST_TIME = re.compile(
    r"\b(?:last|past) (?:week|month|year|summer|winter|spring|autumn|fall)\b"
    r"|\bearlier (?:this|in the) (?:year|month)\b|\b(?:weeks|months|years) ago\b"
)


_DATE_PARTS = (
    _ISO, _DAY_MONTH, _MONTH_DAY, _MONTH_YEAR, _RELATIVE_WEEK, _WEEKDAY,
    re.compile(r"\b(?:" + "|".join(_RELATIVE_DAY) + r")\b"), _MONTH_ONLY, _YEAR,
)  # fmt: skip
_DATE_FILLER = re.compile(r"\b(?:on|of|the|in|by|since|until|from|to|and|early|mid|late)\b|[^\w]")


@lru_cache(maxsize=4096)
def names_only_a_date(text: str) -> bool:
    """'June 2', 'next Monday', 'February 2022': the text says when and nothing else."""
    low = text.lower()
    rest = low
    for pattern in _DATE_PARTS:
        rest = pattern.sub(" ", rest)
    return rest != low and not _DATE_FILLER.sub("", rest).strip()


def parse_published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
