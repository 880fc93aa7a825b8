"""The case list says where each case stands and what is due next, and filters by stage."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from atbalsts.cases.models import Case
from atbalsts.casework.services import case_management_open, follow_up_schedule
from atbalsts.courses.models import Course, CourseStatus
from tests.core.pages import visible_text
from tests.people.factories import make_case, make_consent, make_person

pytestmark = pytest.mark.django_db

LIST = reverse("cases:list")


def _latvian(day: datetime.date) -> str:
    with translation.override("lv"):
        return formats.date_format(day, "SHORT_DATE_FORMAT")


def _row(text: str, case: Case) -> str:
    """The text of the case's row, from its code to the next code (or the table's end)."""
    match = re.search(re.escape(case.code) + r"(.*?)(?=AT-[A-Z0-9]{4}-|$)", text)
    assert match, case.code
    return match.group(1)


@pytest.fixture
def cases(world: dict[str, Any], personas: dict[str, Any]) -> dict[str, Case]:
    worker = world["worker"]
    orgs = world["organisations"]
    consented = make_case(person=make_person(created_by=worker), created_by=worker)
    make_consent(
        person=consented.person,
        holder=orgs["riga"],
        recipient=orgs["drosa_maja"],
        recorded_by=worker,
    )
    managed = make_case(person=make_person(created_by=worker), created_by=worker)
    management = case_management_open(actor=worker, case=managed)
    due = timezone.localdate() + datetime.timedelta(days=12)
    follow_up_schedule(actor=worker, management=management, due_on=due)
    follow_up_schedule(
        actor=worker, management=management, due_on=due + datetime.timedelta(days=30)
    )
    provider = personas["provider_case_manager"]
    course_case = make_case(person=make_person(created_by=provider), created_by=provider)
    Course.objects.create(
        case=course_case,
        start_date=datetime.date(2026, 11, 2),
        status=CourseStatus.RUNNING,
        created_by=provider,
    )
    return {
        "new": world["case"],
        "consented": consented,
        "managed": managed,
        "course": course_case,
    }


def test_each_row_names_its_stage_organisation_and_next_due_day(
    client_of: Any, cases: dict[str, Case]
) -> None:
    due = timezone.localdate() + datetime.timedelta(days=12)

    text = visible_text(client_of("social_worker_a").get(LIST))
    course_text = visible_text(client_of("provider_case_manager").get(LIST))

    assert "Posms Atbildīgā organizācija Nākamais termiņš" in text
    assert "Izvērtēšana Rīgas Sociālais dienests —" in _row(text, cases["new"])
    assert "Piekrišana Rīgas Sociālais dienests —" in _row(text, cases["consented"])
    assert f"Gadījuma vadīšana Rīgas Sociālais dienests {_latvian(due)}" in _row(
        text, cases["managed"]
    )
    # 180 days from 2 November 2026, day 1 included: the course's last allowed day.
    assert "Sociālās rehabilitācijas kurss" in _row(course_text, cases["course"])
    assert _latvian(datetime.date(2027, 4, 30)) in _row(course_text, cases["course"])


def test_the_list_filters_by_stage(client_of: Any, cases: dict[str, Case]) -> None:
    client = client_of("social_worker_a")

    managed_only = visible_text(client.post(LIST, {"stage": "case_management"}))
    consent_only = visible_text(client.post(LIST, {"stage": "consent", "status": "open"}))

    assert cases["managed"].code in managed_only
    assert cases["new"].code not in managed_only
    assert cases["consented"].code not in managed_only
    assert cases["consented"].code in consent_only
    assert cases["managed"].code not in consent_only


def test_a_passed_due_day_says_overdue_in_words(
    client_of: Any, cases: dict[str, Case], world: dict[str, Any]
) -> None:
    management = cases["managed"].management
    late = timezone.localdate() - datetime.timedelta(days=3)
    follow_up_schedule(actor=world["worker"], management=management, due_on=late)

    text = visible_text(client_of("social_worker_a").get(LIST))

    assert f"{_latvian(late)} Nokavēts" in _row(text, cases["managed"])
    assert "Nokavēts" not in _row(text, cases["new"])


def test_an_anonymous_contact_is_listed_by_reference_alone(
    client_of: Any, world: dict[str, Any]
) -> None:
    worker = world["worker"]
    anonymous = make_case(
        person=make_person(
            created_by=worker,
            is_anonymous=True,
            first_name=None,
            last_name=None,
            personal_code=None,
            birth_date=None,
            address=None,
        ),
        created_by=worker,
    )

    text = visible_text(client_of("social_worker_a").get(reverse("cases:list")))

    row = _row(text, anonymous)
    assert anonymous.person.reference in row
    assert "None" not in row
