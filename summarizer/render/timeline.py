"""Proposals and military developments that carry resolved dates, in calendar order.

A date keeps its precision: "2 June" is a day, "last week" an ISO week, "February 2022" a month.
Entries are ordered by the first day of their period; on one first day the finer date comes first
(a day before the week or month that starts with it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from summarizer.schema import Briefing, MilitaryDevelopment, Proposal, ReportedDate

_FINENESS = {"day": 0, "week": 1, "month": 2, "year": 3}


@dataclass(frozen=True)
class TimelineEntry:
    """One item at one of its reported dates (an item whose sources differ appears at each)."""

    date: ReportedDate
    item: Proposal | MilitaryDevelopment

    @property
    def starts(self) -> dt.date:
        return period_start(self.date)

    @property
    def shown(self) -> str:
        """The date as a reader reads it, with its precision."""
        d = self.date
        if d.precision == "day":
            return self.starts.strftime("%a %d %b %Y")
        if d.precision == "week":
            return f"week of {self.starts:%d %b %Y} ({d.value})"
        if d.precision == "month":
            return self.starts.strftime("%B %Y")
        return d.value


def period_start(d: ReportedDate) -> dt.date:
    """The first day of the period a reported date names."""
    if d.precision == "day":
        return dt.date.fromisoformat(d.value)
    if d.precision == "week":
        year, week = d.value.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1)
    if d.precision == "month":
        return dt.date.fromisoformat(d.value + "-01")
    return dt.date(int(d.value), 1, 1)


def timeline(briefing: Briefing) -> list[TimelineEntry]:
    """Every dated proposal and military development, earliest first."""
    entries = []
    items: list[Proposal | MilitaryDevelopment] = [
        *briefing.proposals,
        *briefing.military_developments,
    ]
    for item in items:
        for d in item.dates:
            try:
                period_start(d)
            except ValueError:
                continue  # a value the schema allows but no calendar has: nothing to place
            entries.append(TimelineEntry(d, item))
    return sorted(entries, key=lambda e: (e.starts, _FINENESS[e.date.precision], e.item.id))
