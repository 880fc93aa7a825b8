from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given

from atbalsts.rules.calendar import WorkingCalendar
from atbalsts.rules.deadlines import agency_deadline
from atbalsts.rules.errors import RuleInputError
from tests.rules.strategies import any_date

CALENDAR = WorkingCalendar()


@pytest.mark.parametrize(
    ("received_on", "decide_by"),
    [
        (date(2026, 6, 22), date(2026, 6, 27)),  # docs/domain.md: the working Saturday
        (date(2026, 12, 23), date(2026, 12, 30)),  # docs/domain.md: across Christmas
        (date(2026, 11, 13), date(2026, 11, 19)),  # Friday; 18 November is a holiday
        (date(2026, 4, 1), date(2026, 4, 8)),  # Good Friday and Easter Monday
        (date(2026, 12, 29), date(2027, 1, 5)),  # New Year's Eve and Day
    ],
)
def test_agency_deadline(received_on: date, decide_by: date) -> None:
    deadline = agency_deadline(received_on, calendar=CALENDAR)
    assert deadline.received_on == received_on
    assert deadline.decide_by == decide_by
    assert deadline.rule_set == "lv-mk344"
    assert deadline.working_days == 3
    assert deadline.rule == "Ministru kabineta 2019. gada 16. jūlija noteikumi Nr. 344"
    assert "Sociālā gadījuma vadīšanas procesi" in deadline.source


def test_rule_set_follows_the_day_of_receipt() -> None:
    assert agency_deadline(date(2019, 7, 19), calendar=CALENDAR).rule_set == "lv-mk889"
    assert agency_deadline(date(2019, 7, 22), calendar=CALENDAR).rule_set == "lv-mk344"


def test_no_deadline_before_any_rule_set() -> None:
    with pytest.raises(RuleInputError) as caught:
        agency_deadline(date(2006, 12, 1), calendar=CALENDAR)
    assert caught.value.field == "received_on"


def test_administrator_overrides_move_the_deadline() -> None:
    # Monday 3 May 2027 between a Saturday holiday and 4 May: a move the package cannot know.
    received = date(2027, 4, 28)  # Wednesday
    assert agency_deadline(received, calendar=CALENDAR).decide_by == date(2027, 5, 3)
    moved = WorkingCalendar(extra_days_off=frozenset({date(2027, 5, 3)}))
    assert agency_deadline(received, calendar=moved).decide_by == date(2027, 5, 5)


def test_overdue_only_after_the_last_day() -> None:
    deadline = agency_deadline(date(2026, 6, 22), calendar=CALENDAR)
    assert not deadline.is_overdue(date(2026, 6, 27))
    assert deadline.is_overdue(date(2026, 6, 28))


@given(any_date)
def test_deadline_is_a_working_day_strictly_after_receipt(received_on: date) -> None:
    deadline = agency_deadline(received_on, calendar=CALENDAR)
    assert deadline.decide_by > received_on
    assert CALENDAR.is_working_day(deadline.decide_by)
    between = CALENDAR.working_days_between(received_on + timedelta(days=1), deadline.decide_by)
    assert between == deadline.working_days
