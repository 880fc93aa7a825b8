"""Retention: closing sets the date; apply_retention anonymises what is past it and leaves a
tombstone (docs/security.md DP-6)."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from atbalsts.audit.models import AuditEvent
from atbalsts.cases import services
from atbalsts.cases.models import Case
from atbalsts.cases.services import RETENTION_YEARS, retention_until
from atbalsts.core.fields import blind_index_lookup
from atbalsts.people.models import Person
from atbalsts.rules.dates import add_years
from tests.people.conftest import CANARIES
from tests.people.factories import make_case

pytestmark = pytest.mark.django_db

CLOSED_ON = datetime.date(2026, 11, 29)


def test_the_retention_period_and_leap_days() -> None:
    assert RETENTION_YEARS == 5
    assert retention_until(CLOSED_ON) == datetime.date(2031, 11, 29)
    assert add_years(datetime.date(2028, 2, 29), 5) == datetime.date(2033, 2, 28)


@pytest.fixture
def closed(world: dict[str, Any]) -> Case:
    # The case opened today, whatever today is; it must have opened before it can close.
    Case.objects.filter(pk=world["case"].pk).update(opened_on=datetime.date(2026, 1, 1))
    world["case"].refresh_from_db()
    with time_machine.travel(datetime.datetime(2026, 11, 29, 12, tzinfo=datetime.UTC)):
        case = services.case_close(
            actor=world["worker"],
            case=world["case"],
            closed_on=CLOSED_ON,
            closure_reason="goals_reached",
        )
    assert case.retention_until == datetime.date(2031, 11, 29)
    return case


def _run(today: str) -> str:
    out = io.StringIO()
    call_command("apply_retention", "--today", today, stdout=out)
    return out.getvalue()


def _raw_person(person: Person) -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT first_name, personal_code, address, full_name_index, personal_code_index,"
            " sex, citizenship_group FROM people_person WHERE id = %s",
            [person.pk],
        )
        row = cursor.fetchone()
    assert row is not None
    return tuple(row)


def test_nothing_happens_on_the_last_day_kept(world: dict[str, Any], closed: Case) -> None:
    assert _run("2031-11-29") == "2031-11-29: 0 cases and 0 people anonymised\n"
    assert Person.objects.get().first_name == CANARIES["first_name"]


def test_the_day_after_the_case_and_its_person_are_anonymised(
    world: dict[str, Any], closed: Case
) -> None:
    output = _run("2031-11-30")

    assert output == "2031-11-30: 1 cases and 1 people anonymised\n"
    case = Case.objects.get()
    assert case.notes is None
    assert case.anonymised_at is not None
    assert (case.status, case.closure_reason, case.arrival_stage) == (
        closed.status,
        "goals_reached",
        closed.arrival_stage,
    )
    person = Person.objects.get()
    assert _raw_person(person) == (None, None, None, "", "", "unknown", "unknown")
    assert person.anonymised_at is not None
    assert person.first_name is None
    assert not Person.objects.filter(
        personal_code_index__in=blind_index_lookup(CANARIES["personal_code"])
    ).exists()
    tombstones: list[tuple[Any, ...]] = list(
        AuditEvent.objects.filter(action__endswith="_anonymised").values_list(
            "action", "object_uuid", "actor"
        )
    )
    assert tombstones == [
        ("case_anonymised", case.uuid, None),
        ("person_anonymised", person.uuid, None),
    ]
    # Run again: nothing left to do.
    assert _run("2031-12-01") == "2031-12-01: 0 cases and 0 people anonymised\n"


def test_a_person_with_a_case_still_kept_keeps_the_identity(
    world: dict[str, Any], closed: Case
) -> None:
    make_case(person=world["person"], created_by=world["worker"])

    assert _run("2031-11-30") == "2031-11-30: 1 cases and 0 people anonymised\n"
    assert Person.objects.get().first_name == CANARIES["first_name"]


def test_without_today_the_command_uses_the_current_date(
    world: dict[str, Any], closed: Case
) -> None:
    with time_machine.travel(datetime.datetime(2031, 12, 1, 12, tzinfo=datetime.UTC)):
        out = io.StringIO()
        call_command("apply_retention", stdout=out)

    assert out.getvalue() == "2031-12-01: 1 cases and 1 people anonymised\n"
