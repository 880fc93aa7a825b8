"""Date arithmetic the way docs/domain.md "How we read the numbers" reads it."""

from __future__ import annotations

from datetime import date, timedelta


def add_years(d: date, years: int) -> date:
    """The anniversary of ``d`` after ``years`` years (negative goes back).

    Source: docs/domain.md "How we read the numbers" — "D + N years" keeps month and day;
    29 February becomes 28 February in a year that is not a leap year.
    """
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        # Only 29 February has no twin in a common year.
        return d.replace(year=d.year + years, day=28)


def add_days(d: date, days: int) -> date:
    """``d`` moved by ``days`` calendar days."""
    return d + timedelta(days=days)


def day_after(d: date) -> date:
    """The calendar day after ``d``."""
    return d + timedelta(days=1)


def day_before(d: date) -> date:
    """The calendar day before ``d``."""
    return d - timedelta(days=1)
