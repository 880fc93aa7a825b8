"""The periods statistics are published for: a year to date, ended quarter by quarter.

Every table is a **cumulative** series within a year (docs/security.md ST-1 "by comparing
periods"): the period "2026, January-June" holds everything of "2026, January-March" and
more, so a reader who subtracts the two learns only the second quarter's increments, which
the disclosure engine protects (atbalsts.disclosure, ``previous``). Publishing the
quarters' own counts as well would add equations the engine does not model, so they are
not published; the whole year is the fourth period of the same series. Years are disjoint
series. Only ended periods are shown: an open quarter would change from day to day, and two
looks a day apart would be two periods the engine never saw.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

QUARTER_END_MONTH = {1: 3, 2: 6, 3: 9, 4: 12}
QUARTER_END_DAY = {1: 31, 2: 30, 3: 30, 4: 31}


@dataclass(frozen=True, order=True)
class Period:
    """January 1 of ``year`` to the end of ``quarter`` (4: the whole year)."""

    year: int
    quarter: int

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(
            self.year, QUARTER_END_MONTH[self.quarter], QUARTER_END_DAY[self.quarter]
        )

    def series(self) -> tuple[Period, ...]:
        """This period and the earlier ones of its year, oldest first."""
        return tuple(Period(self.year, q) for q in range(1, self.quarter + 1))

    def has_ended(self, today: datetime.date) -> bool:
        return self.end < today


def latest_ended(today: datetime.date) -> Period:
    """The most recent period that has ended by ``today``."""
    for quarter in (3, 2, 1):
        period = Period(today.year, quarter)
        if period.has_ended(today):
            return period
    return Period(today.year - 1, 4)
