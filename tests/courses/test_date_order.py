"""The course keeps its dates inside itself (atbalsts.rules.process_dates): plan tasks and
reviews fall within the course, each delivery within the window of what it draws on, and
nothing recorded lies ahead of today."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from atbalsts.accounts.models import User
from atbalsts.courses import services
from atbalsts.courses.models import (
    AfterCourseRoute,
    Course,
    Delivery,
    EndReason,
    PlanReview,
    PlanTask,
    ProceduralStatus,
    ServiceLine,
)
from atbalsts.courses.services import DeliveryInput
from tests.core.pages import visible_text
from tests.courses.conftest import TODAY

pytestmark = pytest.mark.django_db

# The course of the fixtures starts 2026-10-01; its last allowed day is 2027-03-29.


def _task(course: Course, personas: dict[str, User], due_on: datetime.date) -> PlanTask:
    return services.plan_task_add(
        actor=personas["provider_case_manager"],
        plan=course.plan,
        description="Dokumentu atjaunošana",
        responsible=personas["provider_case_manager"],
        due_on=due_on,
    )


def _review(
    course: Course,
    personas: dict[str, User],
    reviewed_on: datetime.date,
    next_review_on: datetime.date,
) -> PlanReview:
    return services.plan_review_add(
        actor=personas["provider_case_manager"],
        plan=course.plan,
        reviewed_on=reviewed_on,
        notes="",
        next_review_on=next_review_on,
        today=TODAY,
    )


def _deliver(
    course: Course, personas: dict[str, User], service: str, kind: str, on: datetime.date
) -> Delivery:
    return services.delivery_record(
        actor=personas["provider_case_manager"],
        course=course,
        entry=DeliveryInput(
            service=service,
            kind=kind,
            specialist="",
            quantity=Decimal(1),
            minor_children=0,
            delivered_on=on,
        ),
        today=TODAY,
    )


def test_a_task_is_due_within_the_course_even_far_ahead(
    course: Course, personas: dict[str, User]
) -> None:
    # Planned: a due date ahead of today is fine, up to the last allowed day.
    assert _task(course, personas, datetime.date(2027, 3, 29)).due_on == datetime.date(2027, 3, 29)
    with pytest.raises(ValidationError) as after, translation.override("lv"):
        _task(course, personas, datetime.date(2027, 3, 30))
    with pytest.raises(ValidationError) as before, translation.override("en"):
        _task(course, personas, datetime.date(2026, 9, 30))

    assert after.value.message_dict == {
        "due_on": [
            (
                "Uzdevuma izpildes termiņš (30.03.2027) nevar būt pēc kursa pēdējās atļautās "
                "dienas (29.03.2027)."
            )
        ]
    }
    assert before.value.message_dict == {
        "due_on": [
            (
                "The task's due date (30 September 2026) cannot be before the course start date "
                "(1 October 2026)."
            )
        ]
    }
    assert PlanTask.objects.count() == 1


def test_reviews_fall_within_the_course(course: Course, personas: dict[str, User]) -> None:
    with pytest.raises(ValidationError) as next_after, translation.override("lv"):
        _review(course, personas, TODAY, datetime.date(2027, 4, 1))
    with pytest.raises(ValidationError) as before, translation.override("lv"):
        _review(course, personas, datetime.date(2026, 9, 1), datetime.date(2026, 12, 1))

    assert next_after.value.message_dict == {
        "next_review_on": [
            (
                "Nākamās pārskatīšanas datums (01.04.2027) nevar būt pēc kursa pēdējās atļautās "
                "dienas (29.03.2027)."
            )
        ]
    }
    assert before.value.message_dict == {
        "reviewed_on": [
            "Pārskatīšanas datums (01.09.2026) nevar būt pirms kursa sākuma datuma (01.10.2026)."
        ]
    }
    assert not PlanReview.objects.exists()
    _review(course, personas, TODAY, datetime.date(2027, 3, 29))


def _end(course: Course, personas: dict[str, User], on: datetime.date) -> None:
    services.course_end(
        actor=personas["provider_case_manager"],
        course=course,
        end_date=on,
        end_reason=EndReason.COMPLETED,
        end_note="",
        today=TODAY,
    )


def test_a_family_consultation_after_an_early_end_is_outside_the_course(
    course: Course, personas: dict[str, User]
) -> None:
    _end(course, personas, datetime.date(2026, 11, 10))
    with pytest.raises(ValidationError) as refused, translation.override("lv"):
        _deliver(
            course,
            personas,
            ServiceLine.FAMILY_MINOR_CONSULTATION,
            "psychologist",
            datetime.date(2026, 11, 11),
        )

    assert refused.value.message_dict == {
        "delivered_on": [
            (
                "Pakalpojuma sniegšanas datums (11.11.2026) nevar būt pēc kursa beigu datuma "
                "(10.11.2026)."
            )
        ]
    }
    assert not Delivery.objects.exists()


def test_a_post_course_consultation_starts_the_day_after_the_end(
    course: Course, personas: dict[str, User]
) -> None:
    _end(course, personas, datetime.date(2026, 11, 10))
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        _deliver(
            course,
            personas,
            ServiceLine.AFTER_COURSE_CONSULTATION,
            "lawyer",
            datetime.date(2026, 11, 10),
        )

    assert refused.value.message_dict == {
        "delivered_on": [
            (
                "The date of the service (10 November 2026) cannot be before the first day of "
                "post-course consultations (11 November 2026)."
            )
        ]
    }
    _deliver(
        course,
        personas,
        ServiceLine.AFTER_COURSE_CONSULTATION,
        "lawyer",
        datetime.date(2026, 11, 11),
    )


def test_criminal_process_support_starts_at_its_grant(
    course: Course, personas: dict[str, User]
) -> None:
    _end(course, personas, datetime.date(2026, 11, 10))
    services.course_route_choose(
        actor=personas["provider_case_manager"],
        course=course,
        route=AfterCourseRoute.CRIMINAL_PROCESS_SUPPORT,
        procedural_status=ProceduralStatus.VICTIM,
        has_state_legal_aid=False,
        support_granted_on=datetime.date(2026, 11, 20),
        today=TODAY,
    )
    with pytest.raises(ValidationError) as refused, translation.override("lv"):
        _deliver(
            course,
            personas,
            ServiceLine.CRIMINAL_PROCESS_SUPPORT,
            "interpreter",
            datetime.date(2026, 11, 19),
        )

    assert refused.value.message_dict == {
        "delivered_on": [
            (
                "Pakalpojuma sniegšanas datums (19.11.2026) nevar būt pirms atbalsta "
                "kriminālprocesā perioda pirmās dienas (20.11.2026)."
            )
        ]
    }
    assert not Delivery.objects.exists()


def test_the_task_form_shows_the_refusal_next_to_the_date_and_keeps_what_was_typed(
    client_of: Any, course: Course, personas: dict[str, User]
) -> None:
    response = client_of("provider_case_manager").post(
        reverse("courses:task_add", args=[course.case.uuid]),
        {
            "description": "Dokumentu atjaunošana",
            "responsible": str(personas["provider_case_manager"].uuid),
            "due_on": "2027-04-15",
        },
    )

    assert response.status_code == 200
    assert (
        "Uzdevuma izpildes termiņš (15.04.2027) nevar būt pēc kursa pēdējās atļautās dienas "
        "(29.03.2027)." in visible_text(response)
    )
    body = response.content.decode()
    assert 'id="id_due_on_error"' in body
    assert 'value="2027-04-15"' in body
    assert "Dokumentu atjaunošana" in body
    assert not PlanTask.objects.exists()


def test_the_delivery_form_shows_the_refusal_next_to_the_date(
    client_of: Any, course: Course
) -> None:
    response = client_of("provider_case_manager").post(
        reverse("courses:delivery_add", args=[course.case.uuid]),
        {
            "service": "family_minor_consultation",
            "specialist": "psychologist",
            "quantity": "1",
            "delivered_on": "2026-09-20",
        },
    )

    assert response.status_code == 200
    assert (
        "Pakalpojuma sniegšanas datums (20.09.2026) nevar būt pirms kursa sākuma datuma "
        "(01.10.2026)." in visible_text(response)
    )
    body = response.content.decode()
    assert 'id="id_delivered_on_error"' in body
    assert 'value="2026-09-20"' in body
    assert not Delivery.objects.exists()
