"""Course pages: who sees what, the ledger's refusals at entry, the 409 on the plan, pinned
query counts (docs/security.md AZ-3, AZ-5, LG-1, RE-1)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from atbalsts.accounts.models import User
from atbalsts.audit.models import AuditEvent
from atbalsts.cases.models import Case
from atbalsts.courses import texts
from atbalsts.courses.models import Course, Delivery, PlanReview, PlanTask, ServiceLine
from atbalsts.courses.views import PAGE_SIZE
from tests.core.pages import middleware_query_count, visible_text
from tests.courses.conftest import (
    PLAN_CANARY,
    WRONG_PERSONAS,
    consent_to_riga,
    provider_case_without_grant,
    siva_grants,
)
from tests.people.conftest import assert_no_canary

if TYPE_CHECKING:
    from pytest_django import DjangoAssertNumQueries

pytestmark = pytest.mark.django_db

# The course page: the audited read of the case (the case with its person, organisation and
# relation flags in one query; the audit append in its own
# transaction: begin, chain head, insert, commit), then the course and its deliveries for
# the ledger, whatever their number.
DETAIL_QUERIES = 7
# The service log: the same, then the count and the page of deliveries.
SERVICES_QUERIES = 9


def _pg(count: int) -> int:
    # PostgreSQL adds the advisory lock that serialises appends to the audit chain.
    return count + (1 if connection.vendor == "postgresql" else 0)


def _url(name: str, case: Case) -> str:
    return reverse(f"courses:{name}", args=[case.uuid])


def _rows(content: bytes) -> int:
    return len(re.findall(rb"<tr>\s*<td>", content))


def _delivery(course: Course, user: User, on: datetime.date) -> Delivery:
    return Delivery.objects.create(
        course=course,
        service=ServiceLine.COURSE,
        kind="transport",
        quantity=Decimal("5.00"),
        delivered_on=on,
        recorded_by=user,
    )


def test_the_provider_sees_day_n_of_180_with_the_rule_set_and_the_read_is_audited(
    client_of: Any, course: Course
) -> None:
    with translation.override("en"):
        response = client_of("provider_case_manager").get(
            _url("detail", course.case), HTTP_ACCEPT_LANGUAGE="en"
        )

    text = visible_text(response)
    assert response.status_code == 200
    assert "lv-mk344" not in text
    assert "Rule set used: Cabinet Regulation No. 344 of 16 July 2019" in text
    assert "(Cabinet Regulation No. 344 of 16 July 2019, para. 4)" in text
    event = AuditEvent.objects.filter(action="sensitive_read").get()
    assert (event.object_type, event.object_uuid) == ("case", course.case.uuid)
    assert event.payload["view"] == "course_detail"


def test_the_course_page_speaks_latvian(client_of: Any, course: Course) -> None:
    text = visible_text(client_of("provider_case_manager").get(_url("detail", course.case)))

    assert "Sociālās rehabilitācijas pakalpojuma kurss" in text
    assert "60. diena no 180" in text
    assert "Piemērotie noteikumi: MK 16.07.2019. noteikumi Nr. 344" in text


@pytest.mark.parametrize("name", ["detail", "services", "plan", "end", "delivery_add"])
@pytest.mark.parametrize("persona", WRONG_PERSONAS)
def test_the_wrong_persona_gets_404_and_no_canary(
    client_of: Any, course: Course, persona: str, name: str
) -> None:
    response = client_of(persona).get(_url(name, course.case))

    assert response.status_code == 404
    assert_no_canary(response.content)
    assert PLAN_CANARY not in response.content.decode()


def test_a_consent_with_services_shows_the_service_log_but_never_the_plan(
    client_of: Any, course: Course, personas: dict[str, User]
) -> None:
    _delivery(course, personas["provider_case_manager"], datetime.date(2026, 11, 2))
    consent_to_riga(course.case, personas, ["services"])
    client = client_of("social_worker_a")

    services_page = client.get(_url("services", course.case))
    detail = client.get(_url("detail", course.case))

    assert services_page.status_code == 200
    assert _rows(services_page.content) == 1
    assert detail.status_code == 200
    assert reverse("courses:plan", args=[course.case.uuid]) not in detail.content.decode()
    for page in (services_page, detail):
        assert_no_canary(page.content)
        assert PLAN_CANARY not in page.content.decode()
    for name in ("plan", "delivery_add", "end"):
        assert client.get(_url(name, course.case)).status_code == 404


def test_a_consent_without_services_shows_nothing_of_the_course(
    client_of: Any, course: Course, personas: dict[str, User]
) -> None:
    consent_to_riga(course.case, personas, ["identity"])

    response = client_of("social_worker_a").get(_url("services", course.case))

    assert response.status_code == 404


def test_a_refused_delivery_is_not_saved_and_the_form_shows_the_rule(
    client_of: Any, course: Course
) -> None:
    client = client_of("provider_specialist")
    url = _url("delivery_add", course.case)
    form = {
        "service": "family_minor_consultation",
        "specialist": "psychologist",
        "quantity": "1",
        "delivered_on": "2026-11-02",
    }
    for _ in range(5):
        assert client.post(url, form).status_code == 302

    response = client.post(url, form, HTTP_ACCEPT_LANGUAGE="en")

    text = visible_text(response)
    assert response.status_code == 200
    with translation.override("en"):
        expected = str(
            texts.DELIVERY_REFUSED
            % {
                "message": "All 5 consultations for the family are used.",
                "rule": "Cabinet Regulation No. 344 of 16 July 2019",
            }
        )
    assert expected in text
    assert course.deliveries.count() == 5
    assert 'value="2026-11-02"' in response.content.decode()


def test_the_delivery_form_asks_for_the_specialist_of_a_consultation(
    client_of: Any, course: Course
) -> None:
    response = client_of("provider_case_manager").post(
        _url("delivery_add", course.case),
        {
            "service": "course",
            "course_service": "consultation",
            "quantity": "1",
            "minor_children": "2",
            "delivered_on": "2026-11-02",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    text = visible_text(response)
    with translation.override("en"):
        assert str(texts.SPECIALIST_REQUIRED) in text
        assert str(texts.CHILDREN_ONLY_FOR_ACCOMMODATION) in text
    assert not Delivery.objects.exists()


def test_an_end_after_the_last_allowed_day_is_shown_next_to_the_field(
    client_of: Any, course: Course
) -> None:
    response = client_of("provider_case_manager").post(
        _url("end", course.case),
        {"end_date": "2027-03-30", "end_reason": "completed"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "Cabinet Regulation No. 344 of 16 July 2019, para. 4" in visible_text(response)
    course.refresh_from_db()
    assert course.end_date is None


def test_two_people_saving_the_plan_at_once_one_gets_the_conflict_page(
    client_of: Any, course: Course
) -> None:
    url = _url("plan", course.case)
    first, second = client_of("provider_case_manager"), client_of("provider_head")
    assert 'name="version" value="1"' in first.get(url).content.decode()

    saved = first.post(
        url, {"short_term_goals": "Drošs mājoklis", "long_term_goals": "", "version": "1"}
    )
    conflict = second.post(
        url, {"short_term_goals": "Cits mērķis", "long_term_goals": "", "version": "1"}
    )

    assert saved.status_code == 302
    assert conflict.status_code == 409
    assert "Cits mērķis" in conflict.content.decode()
    course.plan.refresh_from_db()
    assert course.plan.short_term_goals == "Drošs mājoklis"


def test_tasks_and_reviews_are_added_and_a_task_marked_done(
    client_of: Any, course: Course, specialist: User
) -> None:
    client = client_of("provider_case_manager")
    added = client.post(
        _url("task_add", course.case),
        {
            "description": "Dokumentu atjaunošana",
            "responsible": specialist.uuid,
            "due_on": "2026-12-10",
        },
    )
    reviewed = client.post(
        _url("review_add", course.case),
        {"reviewed_on": "2026-11-29", "notes": "Labi", "next_review_on": "2026-12-29"},
    )
    task = course.plan.tasks.get()
    done = client.post(reverse("courses:task_done", args=[course.case.uuid, task.uuid]))

    assert (added.status_code, reviewed.status_code, done.status_code) == (302, 302, 302)
    task.refresh_from_db()
    assert task.is_done
    assert "Dokumentu atjaunošana" in visible_text(client.get(_url("plan", course.case)))


def test_a_course_starts_from_the_provider_case(client_of: Any, provider_case: Case) -> None:
    client = client_of("provider_case_manager")
    response = client.post(_url("start", provider_case), {"start_date": "2026-11-02"})

    assert response.status_code == 302
    assert Course.objects.get(case=provider_case).start_date == datetime.date(2026, 11, 2)
    assert client.get(_url("start", provider_case)).status_code == 404


def test_the_start_page_says_why_the_course_waits_for_siva(
    client_of: Any, personas: dict[str, User]
) -> None:
    case = provider_case_without_grant(personas)
    client = client_of("provider_case_manager")

    page = client.get(_url("start", case))
    posted = client.post(_url("start", case), {"start_date": "2026-11-02"})
    detail = client.get(_url("detail", case))

    assert (page.status_code, posted.status_code) == (200, 200)
    assert str(texts.SIVA_NOT_SUBMITTED) in visible_text(page)
    assert str(texts.SIVA_NOT_SUBMITTED) in visible_text(detail)
    assert "Kursu var uzsākt tikai pēc tam, kad SIVA" in visible_text(page)
    assert not Course.objects.filter(case=case).exists()
    assert _url("start", case) not in detail.content.decode()
    siva_grants(case, personas)
    assert str(texts.SIVA_NOT_SUBMITTED) not in visible_text(client.get(_url("detail", case)))
    assert 'name="start_date"' in client.get(_url("start", case)).content.decode()


def test_the_start_page_of_a_case_not_the_actors_stays_404(
    client_of: Any, personas: dict[str, User]
) -> None:
    case = provider_case_without_grant(personas)
    for persona in WRONG_PERSONAS:
        response = client_of(persona).get(_url("start", case))
        assert response.status_code == 404
        assert str(texts.SIVA_NOT_SUBMITTED) not in response.content.decode()


def test_the_detail_query_count_is_pinned(
    client_of: Any,
    course: Course,
    personas: dict[str, User],
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_of("provider_case_manager")
    expected = middleware_query_count(client) + _pg(DETAIL_QUERIES)
    user = personas["provider_case_manager"]
    # 10 services, then 200: the ledger reads them all in one query.
    for added in (10, 190):
        Delivery.objects.bulk_create(
            Delivery(
                course=course,
                service=ServiceLine.COURSE,
                kind="transport",
                quantity=Decimal("1.00"),
                delivered_on=datetime.date(2026, 11, 1) + datetime.timedelta(days=n % 20),
                recorded_by=user,
            )
            for n in range(added)
        )
        with django_assert_num_queries(expected):
            assert client.get(_url("detail", course.case)).status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_service_log_paginates_and_its_query_count_does_not_grow(
    client_of: Any,
    course: Course,
    personas: dict[str, User],
    django_assert_num_queries: DjangoAssertNumQueries,
    method: str,
) -> None:
    client = client_of("provider_case_manager")
    url = _url("services", course.case)
    expected = middleware_query_count(client) + _pg(SERVICES_QUERIES)
    user = personas["provider_case_manager"]
    for added in (10, 190):
        for n in range(added):
            _delivery(course, user, datetime.date(2026, 10, 1) + datetime.timedelta(days=n))
        with django_assert_num_queries(expected):
            response = client.generic(method.upper(), url)
        assert response.status_code == 200
        assert _rows(response.content) == min(course.deliveries.count(), PAGE_SIZE)

    third = client.post(url, {"page": "3"})
    assert _rows(third.content) == PAGE_SIZE
    filtered = client.post(url, {"service": "criminal_process_support"})
    assert _rows(filtered.content) == 0


def test_after_the_course_the_choice_of_support_shows_what_is_left(
    client_of: Any, provider_case: Case
) -> None:
    client = client_of("provider_case_manager")
    assert (
        client.post(_url("start", provider_case), {"start_date": "2026-01-10"}).status_code == 302
    )
    ended = client.post(
        _url("end", provider_case), {"end_date": "2026-07-08", "end_reason": "completed"}
    )
    missing_status = client.post(
        _url("after_course", provider_case),
        {"route": "criminal_process_support", "has_state_legal_aid": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    chosen = client.post(
        _url("after_course", provider_case),
        {
            "route": "criminal_process_support",
            "procedural_status": "witness",
            "has_state_legal_aid": "on",
        },
    )
    with translation.override("en"):
        detail = visible_text(client.get(_url("detail", provider_case), HTTP_ACCEPT_LANGUAGE="en"))

    assert ended.status_code == 302
    with translation.override("en"):
        assert str(texts.PROCEDURAL_STATUS_REQUIRED) in visible_text(missing_status)
    assert chosen.status_code == 302
    assert "Support year 1 (09/07/2026" in detail
    assert "08/07/2027): 0 of 150 hours used, 150 left." in detail
    assert "Support year 3" in detail
    assert "Psychologist's consultation" in detail
    assert "Lawyer's consultation" not in detail


def test_a_planned_course_is_marked_running_on_its_day(client_of: Any, provider_case: Case) -> None:
    client = client_of("provider_case_manager")
    client.post(_url("start", provider_case), {"start_date": "2026-11-29"})
    course = Course.objects.get(case=provider_case)
    course.status = "planned"
    course.save()

    response = client.post(_url("begin", provider_case))

    assert response.status_code == 302
    course.refresh_from_db()
    assert course.status == "running"


# The plan page: the audited read of the case (5, as above), the plan, the tasks' count and
# one page of them with their responsible specialist in one join, the reviews.
PLAN_QUERIES = 9


def test_the_plan_page_query_count_does_not_grow_with_tasks_and_reviews(
    client_of: Any,
    course: Course,
    specialist: User,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_of("provider_case_manager")
    url = _url("plan", course.case)
    expected = middleware_query_count(client) + _pg(PLAN_QUERIES)
    # 10 tasks and reviews, then 200 tasks (in bulk: the page's queries are under test).
    for added in (10, 190):
        course.plan.tasks.bulk_create(
            PlanTask(
                plan=course.plan,
                description=f"Uzdevums {n}",
                responsible=specialist,
                due_on=datetime.date(2026, 12, 1),
            )
            for n in range(added)
        )
        course.plan.reviews.bulk_create(
            PlanReview(
                plan=course.plan,
                reviewed_on=datetime.date(2026, 11, 1),
                next_review_on=datetime.date(2026, 12, 1),
                reviewed_by=specialist,
            )
            for _ in range(10 if added == 10 else 0)
        )
        with django_assert_num_queries(expected):
            response = client.get(url)
        assert response.status_code == 200
        assert PLAN_CANARY in response.content.decode()
