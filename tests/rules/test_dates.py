from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from atbalsts.rules.dates import add_days, add_years, day_after, day_before
from tests.rules.strategies import any_date


def test_anniversary_keeps_month_and_day() -> None:
    assert add_years(date(2026, 7, 8), 2) == date(2028, 7, 8)


def test_29_february_becomes_28_february_in_a_common_year() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), -1) == date(2023, 2, 28)


def test_29_february_stays_in_a_leap_year() -> None:
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_day_arithmetic_crosses_month_and_year() -> None:
    assert day_after(date(2026, 12, 31)) == date(2027, 1, 1)
    assert day_before(date(2028, 3, 1)) == date(2028, 2, 29)
    assert add_days(date(2026, 1, 10), 179) == date(2026, 7, 8)


@given(any_date, st.integers(min_value=-5, max_value=5))
def test_anniversary_properties(d: date, years: int) -> None:
    result = add_years(d, years)
    assert result.year == d.year + years
    assert result.month == d.month
    if (d.month, d.day) == (2, 29) and result.day != 29:
        assert result.day == 28
    else:
        assert result.day == d.day
