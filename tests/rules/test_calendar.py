from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from atbalsts.rules.calendar import WorkingCalendar, is_official_working_day
from tests.rules.strategies import any_date, known_calendar_date

OFFICIAL = WorkingCalendar()
# An independent oracle: the package's own answer for the years the Cabinet has decided.
PACKAGE = holidays.country_holidays("LV")


@pytest.mark.parametrize(
    ("day", "is_working"),
    [
        (date(2026, 6, 22), False),  # Monday made a day off by the Cabinet
        (date(2026, 6, 27), True),  # the Saturday worked in exchange
        (date(2026, 1, 2), False),  # Friday made a day off
        (date(2026, 1, 17), True),  # the Saturday worked in exchange
        (date(2026, 6, 20), False),  # an ordinary Saturday
        (date(2026, 6, 21), False),  # Sunday
        (date(2026, 6, 23), False),  # Līgo
        (date(2026, 6, 24), False),  # Jāņi
        (date(2026, 6, 25), True),
        (date(2026, 11, 18), False),  # Proclamation Day
        (date(2026, 12, 24), False),
        (date(2026, 12, 28), True),
        (date(2026, 12, 31), False),
        (date(2027, 1, 1), False),
        (date(2027, 1, 4), True),
        (date(2025, 5, 5), False),  # 4 May fell on a Sunday: Monday off
        (date(2026, 4, 3), False),  # Good Friday
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 4, 7), True),
    ],
)
def test_official_calendar(day: date, is_working: bool) -> None:
    assert OFFICIAL.is_working_day(day) is is_working
    assert is_official_working_day(day) is is_working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 6, 22), 3, date(2026, 6, 27)),  # docs/domain.md: a working Saturday
        (date(2026, 12, 23), 3, date(2026, 12, 30)),  # docs/domain.md: across Christmas
        (date(2026, 12, 30), 1, date(2027, 1, 4)),  # across New Year and a weekend
        (date(2026, 6, 19), 1, date(2026, 6, 25)),  # Friday before Midsummer
        (date(2026, 6, 20), 1, date(2026, 6, 25)),  # from a day off
        (date(2026, 11, 16), 3, date(2026, 11, 20)),  # across 18 November
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert OFFICIAL.add_working_days(start, n) == expected


@pytest.mark.parametrize("n", [0, -1])
def test_add_working_days_needs_at_least_one(n: int) -> None:
    with pytest.raises(ValueError, match="1 or more"):
        OFFICIAL.add_working_days(date(2026, 1, 5), n)


def test_extra_day_off_beats_an_ordinary_working_day() -> None:
    wednesday = date(2027, 6, 23) + timedelta(days=7)
    calendar = WorkingCalendar(extra_days_off=frozenset({wednesday}))
    assert OFFICIAL.is_working_day(wednesday)
    assert not calendar.is_working_day(wednesday)
    assert calendar.add_working_days(wednesday - timedelta(days=1), 1) == wednesday + timedelta(1)


def test_extra_working_day_beats_a_holiday_and_a_weekend() -> None:
    calendar = WorkingCalendar(extra_working_days=frozenset({date(2026, 12, 24), date(2027, 1, 9)}))
    assert calendar.is_working_day(date(2026, 12, 24))
    assert calendar.is_working_day(date(2027, 1, 9))  # a Saturday
    assert calendar.add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 24)


def test_a_day_cannot_be_both_off_and_working() -> None:
    day = date(2027, 5, 3)
    with pytest.raises(ValueError, match="2027-05-03"):
        WorkingCalendar(extra_days_off=frozenset({day}), extra_working_days=frozenset({day}))


def test_overrides_given_as_plain_sets_are_kept_immutable() -> None:
    calendar = WorkingCalendar(extra_days_off={date(2027, 5, 3)})  # type: ignore[arg-type]
    assert isinstance(calendar.extra_days_off, frozenset)
    assert hash(calendar) == hash(WorkingCalendar(extra_days_off=frozenset({date(2027, 5, 3)})))


def test_working_days_between() -> None:
    # June 2026: 22 weekdays, less 22, 23 and 24 June, plus Saturday 27 June.
    assert OFFICIAL.working_days_between(date(2026, 6, 1), date(2026, 6, 30)) == 20
    assert OFFICIAL.working_days_between(date(2026, 6, 2), date(2026, 6, 1)) == 0


@given(known_calendar_date)
def test_agrees_with_the_official_calendar(day: date) -> None:
    assert OFFICIAL.is_working_day(day) is PACKAGE.is_working_day(day)


@given(known_calendar_date, st.integers(min_value=1, max_value=30))
def test_add_agrees_with_the_official_calendar(start: date, n: int) -> None:
    assume(start <= date(2026, 11, 1))
    assert OFFICIAL.add_working_days(start, n) == PACKAGE.get_nth_working_day(start, n)


@given(any_date, st.integers(min_value=1, max_value=20))
def test_result_is_the_nth_working_day_strictly_after_start(start: date, n: int) -> None:
    result = OFFICIAL.add_working_days(start, n)
    assert result > start
    assert OFFICIAL.is_working_day(result)
    assert OFFICIAL.working_days_between(start + timedelta(days=1), result) == n


@given(any_date, any_date, st.integers(min_value=1, max_value=10))
def test_monotonic_in_start(a: date, b: date, n: int) -> None:
    first, second = sorted((a, b))
    assert OFFICIAL.add_working_days(first, n) <= OFFICIAL.add_working_days(second, n)


@given(any_date, st.integers(min_value=1, max_value=10), st.integers(min_value=1, max_value=10))
def test_strictly_monotonic_in_n(start: date, a: int, b: int) -> None:
    assume(a != b)
    low, high = sorted((a, b))
    assert OFFICIAL.add_working_days(start, low) < OFFICIAL.add_working_days(start, high)


@given(
    any_date,
    st.frozensets(any_date, max_size=8),
    st.frozensets(any_date, max_size=8),
)
def test_overrides_always_win(day: date, off: frozenset[date], working: frozenset[date]) -> None:
    working = working - off
    calendar = WorkingCalendar(extra_days_off=off | {day} - working, extra_working_days=working)
    if day in working:
        assert calendar.is_working_day(day)
    else:
        assert not calendar.is_working_day(day)
    for d in off - working:
        assert not calendar.is_working_day(d)
    for d in working:
        assert calendar.is_working_day(d)


@given(any_date, st.frozensets(any_date, max_size=8), st.integers(min_value=1, max_value=5))
def test_add_skips_extra_days_off(start: date, off: frozenset[date], n: int) -> None:
    calendar = WorkingCalendar(extra_days_off=off)
    result = calendar.add_working_days(start, n)
    assert result not in off
    assert result >= OFFICIAL.add_working_days(start, n)
