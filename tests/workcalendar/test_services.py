"""Calendar overrides: the rules of adding and removing them, and the calendar they make."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import date_format
from pytest_django import DjangoAssertNumQueries

from atbalsts.accounts.models import User
from atbalsts.audit.models import AuditEvent
from atbalsts.workcalendar.models import DATE_TAKEN, CalendarOverride, OverrideKind
from atbalsts.workcalendar.selectors import calendar_overrides_for, working_calendar
from atbalsts.workcalendar.services import (
    ALREADY_NOT_WORKING,
    ALREADY_WORKING,
    calendar_override_add,
    calendar_override_remove,
)

pytestmark = pytest.mark.django_db

FRIDAY_AFTER_PROCLAMATION_DAY = date(2027, 11, 19)
SATURDAY = date(2027, 11, 27)
REFERENCE = "MK rīkojums Nr. 123 (2027)"


@pytest.fixture
def admin(personas: dict[str, User]) -> User:
    return personas["system_admin"]


def _date_errors(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return exc.value.message_dict["date"]


def test_a_day_off_on_a_working_day_makes_it_a_day_off(admin: User) -> None:
    assert working_calendar().is_working_day(FRIDAY_AFTER_PROCLAMATION_DAY)

    override = calendar_override_add(
        actor=admin,
        date=FRIDAY_AFTER_PROCLAMATION_DAY,
        kind=OverrideKind.DAY_OFF,
        reference=f"  {REFERENCE} ",
        note="Pārcelta darba diena",
    )

    assert not working_calendar().is_working_day(FRIDAY_AFTER_PROCLAMATION_DAY)
    assert override.reference == REFERENCE
    assert override.created_by == admin


def test_a_working_saturday_makes_it_a_working_day(admin: User) -> None:
    calendar_override_add(
        actor=admin, date=SATURDAY, kind=OverrideKind.WORKING_DAY, reference=REFERENCE
    )

    assert working_calendar().is_working_day(SATURDAY)
    assert working_calendar().add_working_days(date(2027, 11, 26), 1) == SATURDAY


def test_adding_and_removing_are_audited_without_free_text(admin: User) -> None:
    override = calendar_override_add(
        actor=admin,
        date=SATURDAY,
        kind=OverrideKind.WORKING_DAY,
        reference=REFERENCE,
        note="iekšēja piezīme",
    )
    calendar_override_remove(actor=admin, override=override)

    events = list(AuditEvent.objects.filter(object_type="calendar_override").order_by("seq"))
    assert [e.action for e in events] == ["calendar_override_added", "calendar_override_removed"]
    expected = {"date": "2027-11-27", "kind": "working_day", "reference": REFERENCE}
    assert [e.payload for e in events] == [expected, expected]
    assert {e.actor for e in events} == {admin}
    assert not CalendarOverride.objects.exists()
    assert not working_calendar().is_working_day(SATURDAY)


@pytest.mark.parametrize(
    "day",
    [date(2027, 11, 18), date(2027, 11, 20)],
    ids=["proclamation-day", "saturday"],
)
def test_a_day_off_on_a_day_that_is_already_not_working_is_refused(admin: User, day: date) -> None:
    with translation.override("en"):
        with pytest.raises(ValidationError) as exc:
            calendar_override_add(
                actor=admin, date=day, kind=OverrideKind.DAY_OFF, reference=REFERENCE
            )

        assert _date_errors(exc) == [str(ALREADY_NOT_WORKING) % {"date": date_format(day)}]
    assert not CalendarOverride.objects.exists()
    assert not AuditEvent.objects.filter(object_type="calendar_override").exists()


def test_a_working_day_on_a_working_day_is_refused_in_latvian(admin: User) -> None:
    with translation.override("lv"), pytest.raises(ValidationError) as exc:
        calendar_override_add(
            actor=admin, date=date(2027, 11, 17), kind=OverrideKind.WORKING_DAY, reference=REFERENCE
        )

    with translation.override("lv"):
        assert _date_errors(exc) == [str(ALREADY_WORKING) % {"date": "2027. gada 17. novembris"}]
    assert not CalendarOverride.objects.exists()


def test_a_second_override_on_the_same_date_is_refused(admin: User) -> None:
    calendar_override_add(
        actor=admin, date=SATURDAY, kind=OverrideKind.WORKING_DAY, reference=REFERENCE
    )

    with pytest.raises(ValidationError) as exc:
        calendar_override_add(
            actor=admin, date=SATURDAY, kind=OverrideKind.DAY_OFF, reference=REFERENCE
        )

    assert _date_errors(exc) == [str(DATE_TAKEN)]


def test_the_reference_is_required(admin: User) -> None:
    with pytest.raises(ValidationError) as exc:
        calendar_override_add(
            actor=admin, date=SATURDAY, kind=OverrideKind.WORKING_DAY, reference=" "
        )

    assert "reference" in exc.value.message_dict


def test_the_calendar_is_built_with_one_query(
    admin: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    calendar_override_add(
        actor=admin, date=SATURDAY, kind=OverrideKind.WORKING_DAY, reference=REFERENCE
    )
    calendar_override_add(
        actor=admin,
        date=FRIDAY_AFTER_PROCLAMATION_DAY,
        kind=OverrideKind.DAY_OFF,
        reference=REFERENCE,
    )

    with django_assert_num_queries(1):
        calendar = working_calendar()

    assert calendar.extra_working_days == frozenset({SATURDAY})
    assert calendar.extra_days_off == frozenset({FRIDAY_AFTER_PROCLAMATION_DAY})


def test_only_calendar_managers_see_the_overrides(personas: dict[str, User]) -> None:
    calendar_override_add(
        actor=personas["system_admin"],
        date=SATURDAY,
        kind=OverrideKind.WORKING_DAY,
        reference=REFERENCE,
    )

    assert calendar_overrides_for(actor=personas["system_admin"]).count() == 1
    assert calendar_overrides_for(actor=personas["system_admin"], year=2026).count() == 0
    assert calendar_overrides_for(actor=personas["agency_coordinator"]).count() == 0
