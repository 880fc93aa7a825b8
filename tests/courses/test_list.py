"""The provider's course list across its cases, and the plan's task pages."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, translation

from atbalsts.accounts.models import OrganisationType, Role, User
from atbalsts.cases.models import Case
from atbalsts.courses.models import Course, CourseStatus, Plan, PlanTask
from atbalsts.courses.views import PAGE_SIZE
from atbalsts.people.models import Person
from tests.core.pages import middleware_query_count, visible_text
from tests.factories import make_organisation, make_user
from tests.people.factories import make_case, make_person

pytestmark = pytest.mark.django_db

LIST = reverse("courses:list")
# Today is 2026-11-29 (tests/courses/conftest.py): a course started on 2026-06-05 has its
# last allowed day on 2026-12-01, within the 14 days of "ending soon".
ENDING_SOON_START = datetime.date(2026, 6, 5)


def _course(user: User, start: datetime.date, status: str) -> Course:
    case = make_case(person=make_person(created_by=user), created_by=user)
    return Course.objects.create(case=case, start_date=start, status=status, created_by=user)


def _codes(response: Any) -> set[str]:
    return set(re.findall(r"AT-[A-Z0-9]{4}-[A-Z0-9]{4}", response.content.decode()))


@pytest.fixture
def courses(personas: dict[str, User]) -> dict[str, Course]:
    manager = personas["provider_case_manager"]
    return {
        "ending": _course(manager, ENDING_SOON_START, CourseStatus.RUNNING),
        "running": _course(manager, datetime.date(2026, 11, 1), CourseStatus.RUNNING),
        "ended": _course(manager, ENDING_SOON_START, CourseStatus.ENDED),
        "planned": _course(manager, datetime.date(2026, 12, 10), CourseStatus.PLANNED),
    }


def test_the_list_shows_the_organisations_courses_and_filters_them(
    client_of: Any, courses: dict[str, Course]
) -> None:
    marta = make_organisation(code="marta", type=OrganisationType.SERVICE_PROVIDER)
    other = make_user(username="marta.case", role=Role.PROVIDER_CASE_MANAGER, organisation=marta)
    foreign = _course(other, ENDING_SOON_START, CourseStatus.RUNNING)
    client = client_of("provider_case_manager")

    everything = _codes(client.get(LIST))
    ending = _codes(client.post(LIST, {"status": "ending_soon"}))
    planned = _codes(client.post(LIST, {"status": CourseStatus.PLANNED}))

    assert everything == {course.case.code for course in courses.values()}
    assert foreign.case.code not in everything
    assert ending == {courses["ending"].case.code}
    assert planned == {courses["planned"].case.code}
    body = client.get(LIST).content.decode()
    assert reverse("courses:detail", args=[courses["ending"].case.uuid]) in body
    assert "<td>01.12.2026</td>" in body  # the last allowed day of the course ending soon


@pytest.mark.parametrize(
    "persona",
    ["social_worker_a", "police_member", "agency_coordinator", "ministry_analyst", "dpo"],
)
def test_the_list_is_404_outside_the_provider(persona: str, client_of: Any) -> None:
    assert client_of(persona).get(LIST).status_code == 404


@pytest.mark.parametrize("persona", ["provider_case_manager", "provider_specialist"])
def test_the_menu_leads_the_provider_to_the_list(persona: str, client_of: Any) -> None:
    home = client_of(persona).get(reverse("core:home")).content.decode()

    assert f'href="{LIST}"' in home
    assert f'href="{LIST}"' not in client_of("social_worker_a").get("/").content.decode()


def test_the_list_query_count_does_not_grow_from_10_to_200_courses(
    client_of: Any, personas: dict[str, User]
) -> None:
    manager = personas["provider_case_manager"]
    client = client_of("provider_case_manager")
    base = middleware_query_count(client)
    counts = []
    for added in (10, 190):
        # In bulk: the list's query count, not the writes, is under test.
        people = Person.objects.bulk_create(
            Person(registered_by=manager.organisation, created_by=manager) for _ in range(added)
        )
        cases = Case.objects.bulk_create(
            Case(person=person, organisation=manager.organisation, created_by=manager)
            for person in people
        )
        Course.objects.bulk_create(
            Course(
                case=case,
                start_date=ENDING_SOON_START + datetime.timedelta(days=n % 10),
                status=CourseStatus.RUNNING,
                created_by=manager,
            )
            for n, case in enumerate(cases)
        )
        with CaptureQueriesContext(connection) as context:
            response = client.post(LIST, {"status": "ending_soon"})
        assert response.status_code == 200
        counts.append(len(context.captured_queries) - base)

    # The count, one page of courses with their cases and people; the page's stages and due
    # days, the relations to its cases, the names shown and their audit append (chain head,
    # insert and its transaction; PostgreSQL adds the chain's lock).
    lock = 1 if connection.vendor == "postgresql" else 0
    assert counts == [9 + lock, 9 + lock]
    assert len(_codes(response)) == PAGE_SIZE


def test_the_plan_shows_its_tasks_page_by_page(
    client_of: Any, course: Course, specialist: User
) -> None:
    plan = Plan.objects.get(course=course)
    PlanTask.objects.bulk_create(
        PlanTask(
            plan=plan,
            description=f"Uzdevums {n:02}",
            responsible=specialist,
            due_on=datetime.date(2026, 12, 1) + datetime.timedelta(days=n),
        )
        for n in range(30)
    )
    client = client_of("provider_case_manager")
    url = reverse("courses:plan", args=[course.case.uuid])

    first = client.get(url).content.decode()
    second = client.get(url, {"page": "2"}).content.decode()

    assert "Uzdevums 24" in first
    assert "Uzdevums 25" not in first
    assert [f"Uzdevums {n}" in second for n in range(25, 30)] == [True] * 5
    assert "Uzdevums 00" not in second
    # The page buttons submit the task pages' own form, apart from the goals form.
    assert 'form="task-pages" name="page" value="2"' in first


def test_the_list_names_each_person_and_says_the_stage_and_next_due_day(
    client_of: Any, courses: dict[str, Course]
) -> None:
    text = visible_text(client_of("provider_case_manager").get(LIST, HTTP_ACCEPT_LANGUAGE="lv"))

    running = courses["running"]
    person = running.case.person
    with translation.override("lv"):
        last_day = formats.date_format(datetime.date(2027, 4, 29), "SHORT_DATE_FORMAT")
    assert f"{running.case.code} {person.first_name} {person.last_name} {person.reference}" in text
    assert f"Sociālās rehabilitācijas kurss {last_day}" in text
    assert "Pēc kursa" in text
