"""The Latvian working-day calendar.

Source: docs/domain.md "How we read the numbers" (SIVA deadline): a working day is a day the
official calendar makes one — Monday to Friday except public holidays (Law "Par svētku,
atceres un atzīmējamām dienām") and the days off the Cabinet moved, plus the Saturdays the
Cabinet made working days in exchange. The ``holidays`` package knows these as far as the
Cabinet has decided them (through 2026); an administrator adds what it does not know yet
(for example the moves for 2027) as ``extra_days_off`` and ``extra_working_days``, and an
override always wins over the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

COUNTRY = "LV"
_SATURDAY = 5


@dataclass(frozen=True)
class _OfficialYear:
    days_off: frozenset[date]
    working_weekend_days: frozenset[date]


@lru_cache(maxsize=256)
def _official_year(year: int) -> _OfficialYear:
    """The official days off and working weekend days of one year, built once per year:
    building the ``holidays`` object is the costly part, a set lookup afterwards is not."""
    calendar = holidays.country_holidays(COUNTRY, years=year)
    return _OfficialYear(
        days_off=frozenset(d for d in calendar if d.year == year),
        working_weekend_days=frozenset(d for d in calendar.weekend_workdays if d.year == year),
    )


def is_official_working_day(d: date) -> bool:
    """Whether the official calendar (without local overrides) makes ``d`` a working day.

    Source: docs/domain.md "How we read the numbers"; the ``holidays`` package (country "LV").
    """
    official = _official_year(d.year)
    if d.weekday() >= _SATURDAY:
        return d in official.working_weekend_days
    return d not in official.days_off


@dataclass(frozen=True)
class WorkingCalendar:
    """The official Latvian calendar with an administrator's overrides.

    ``extra_days_off`` makes a day a day off and ``extra_working_days`` makes a day a
    working day, whatever the official calendar says (an extra working day beats a
    holiday). A day cannot be in both.
    """

    extra_days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        # Accept any iterable of dates from callers, keep an immutable set.
        object.__setattr__(self, "extra_days_off", frozenset(self.extra_days_off))
        object.__setattr__(self, "extra_working_days", frozenset(self.extra_working_days))
        both = self.extra_days_off & self.extra_working_days
        if both:
            listed = ", ".join(sorted(d.isoformat() for d in both))
            raise ValueError(f"a day cannot be both an extra day off and a working day: {listed}")

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day: an override if there is one, else the official
        calendar (source: docs/domain.md "How we read the numbers", SIVA deadline)."""
        if d in self.extra_working_days:
            return True
        if d in self.extra_days_off:
            return False
        return is_official_working_day(d)

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself never counts; n >= 1).

        Source: docs/domain.md "How we read the numbers": "the 3rd Latvian working day after the
        day the documents were received".
        """
        if n < 1:
            raise ValueError(f"n must be 1 or more, not {n}")
        day = start
        remaining = n
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, first: date, last: date) -> int:
        """How many working days lie in ``first`` .. ``last``, both included (0 when
        ``last`` is before ``first``)."""
        count = 0
        day = first
        while day <= last:
            if self.is_working_day(day):
                count += 1
            day += timedelta(days=1)
        return count
