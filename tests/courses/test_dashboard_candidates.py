"""The provider's dashboard reads only the courses that can still be due: never one fewer
than reading every course of the organisation with all its deliveries would show."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from atbalsts.accounts.models import User
from atbalsts.cases.models import Case
from atbalsts.courses.models import AfterCourseRoute, Course, CourseStatus, Delivery, ServiceLine
from atbalsts.courses.selectors import (
    _course_items,
    dashboard_candidates,
    dashboard_items,
    ledger_delivery,
)
from atbalsts.people.models import Person
from atbalsts.rules.dates import add_days, add_years
from tests.courses.conftest import TODAY

pytestmark = pytest.mark.django_db

SUPPORT = AfterCourseRoute.CRIMINAL_PROCESS_SUPPORT


def _courses(manager: User, shapes: list[dict[str, Any]]) -> list[Course]:
    organisation = manager.organisation
    people = Person.objects.bulk_create(
        Person(registered_by=organisation, created_by=manager) for _ in shapes
    )
    cases = Case.objects.bulk_create(
        Case(person=person, organisation=organisation, created_by=manager) for person in people
    )
    return Course.objects.bulk_create(
        Course(case=case, created_by=manager, **shape)
        for case, shape in zip(cases, shapes, strict=True)
    )


def _ended(end: datetime.date, **more: Any) -> dict[str, Any]:
    return {
        "status": CourseStatus.ENDED,
        "start_date": add_days(end, -100),
        "end_date": end,
        "end_reason": "completed",
        **more,
    }


def _every_course_read(manager: User) -> list[tuple[str, str, datetime.date]]:
    """The dashboard as it read before: every course, every delivery."""
    items = []
    for course in Course.objects.filter(case__organisation=manager.organisation).select_related(
        "case", "plan"
    ):
        deliveries = [ledger_delivery(row) for row in course.deliveries.all()]
        items += _course_items(course, TODAY, deliveries)
    return sorted((item.kind, item.case_code, item.due_on) for item in items)


def test_the_candidates_lose_no_item_at_the_edges_of_every_window(
    personas: dict[str, User],
) -> None:
    manager = personas["provider_case_manager"]
    two_years_ago, three_years_ago = add_years(TODAY, -2), add_years(TODAY, -3)
    shapes: list[dict[str, Any]] = []
    # Ended courses day by day around the post-course window's closing: the end + 2 years
    # from before today to past today + 30 days.
    shapes += [_ended(add_days(two_years_ago, offset)) for offset in range(-3, 34)]
    # Support periods started day by day around three years ago, granted or from the end.
    for offset in range(-3, 4):
        start = add_days(three_years_ago, offset)
        shapes.append(
            _ended(add_days(start, -30), after_course_route=SUPPORT, support_granted_on=start)
        )
        shapes.append(_ended(add_days(start, -1), after_course_route=SUPPORT))
    # Running courses whose last allowed day falls around today + 14 days.
    shapes += [
        {"status": CourseStatus.RUNNING, "start_date": add_days(TODAY, -179 + offset)}
        for offset in range(10, 18)
    ]
    # Long ended and forgotten: no item, not read.
    shapes += [_ended(datetime.date(2020, 3, 1)), _ended(datetime.date(2021, 6, 30))]
    courses = _courses(manager, shapes)
    # Support near its cap in the current year: 130 of 150 hours, a month before today.
    Delivery.objects.bulk_create(
        Delivery(
            course=course,
            service=ServiceLine.CRIMINAL_PROCESS_SUPPORT,
            kind="psychologist_consultation",
            quantity=Decimal(130),
            delivered_on=add_days(TODAY, -30),
            recorded_by=manager,
        )
        for course in courses
        if course.after_course_route == SUPPORT
    )

    fast = sorted(
        (item.kind, item.case_code, item.due_on) for item in dashboard_items(manager, TODAY)
    )

    assert fast == _every_course_read(manager)
    kinds = {kind for kind, _code, _due in fast}
    assert kinds == {"window_closing", "support_near_cap", "course_ending"}
    read = set(dashboard_candidates(manager.organisation_id, TODAY).values_list("pk", flat=True))
    assert courses[-1].pk not in read
    assert courses[-2].pk not in read
