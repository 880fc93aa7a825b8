"""The role dashboard: every app's items, earliest first, overdue said in words, paginated,
filterable by kind; a query budget that does not grow with the number of cases."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from atbalsts.accounts.models import User
from atbalsts.cases.models import Case
from atbalsts.casework import selectors as casework_selectors
from atbalsts.casework import services
from atbalsts.casework import texts as casework_texts
from atbalsts.casework.models import CaseManagement, FollowUpContact
from atbalsts.dashboard import collector, texts
from atbalsts.dashboard.items import DashboardItem
from atbalsts.dashboard.views import PAGE_SIZE
from atbalsts.people.models import Person
from tests.core.helpers import signed_in_client
from tests.core.pages import in_latvian, middleware_query_count
from tests.people.factories import make_case, make_person

if TYPE_CHECKING:
    from pytest_django import DjangoAssertNumQueries

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 29)
HOME = reverse("dashboard:home")
# Casework's budget: follow-ups due, evaluations past their day and cases shared for
# takeover, one query each.
CASEWORK_QUERIES = 3


def _rows(content: bytes) -> int:
    return len(re.findall(r"<tr[ >]", content.decode())) - 1


def _follow_ups(worker: User, count: int, due_on: datetime.date) -> None:
    for _ in range(count):
        case = make_case(person=make_person(created_by=worker), created_by=worker)
        management = services.case_management_open(actor=worker, case=case)
        services.follow_up_schedule(actor=worker, management=management, due_on=due_on)


def _follow_ups_in_bulk(worker: User, count: int, due_on: datetime.date) -> None:
    """Like :func:`_follow_ups`, written in bulk: the query count is under test."""
    organisation = worker.organisation
    people = Person.objects.bulk_create(
        Person(registered_by=organisation, created_by=worker) for _ in range(count)
    )
    cases = Case.objects.bulk_create(
        Case(person=person, organisation=organisation, created_by=worker) for person in people
    )
    managements = CaseManagement.objects.bulk_create(
        CaseManagement(case=case, created_by=worker) for case in cases
    )
    FollowUpContact.objects.bulk_create(
        FollowUpContact(management=management, due_on=due_on, created_by=worker)
        for management in managements
    )


def test_collector_finds_casework_and_sorts_by_due_date(personas: dict[str, User]) -> None:
    worker = personas["social_worker_a"]
    _follow_ups(worker, 1, TODAY + datetime.timedelta(days=3))
    _follow_ups(worker, 1, TODAY - datetime.timedelta(days=2))
    _follow_ups(worker, 1, TODAY + datetime.timedelta(days=30))  # beyond the horizon
    items = collector.dashboard_items(worker, TODAY)
    assert [item.is_overdue for item in items] == [True, False]
    assert [item.kind for item in items] == ["casework_follow_up"] * 2
    assert items[0].due_on < items[1].due_on
    assert collector.dashboard_items(worker, TODAY, kind="other") == []
    # Another municipality sees none of them.
    assert collector.dashboard_items(personas["social_worker_b"], TODAY) == []


def test_evaluation_overdue_is_an_item(personas: dict[str, User]) -> None:
    worker = personas["social_worker_a"]
    case = make_case(person=make_person(created_by=worker), created_by=worker)
    services.case_management_save(
        actor=worker,
        case=case,
        version=0,
        details=services.ManagementDetails(evaluation_due_on=TODAY - datetime.timedelta(days=1)),
    )
    management = services.case_management_open(actor=worker, case=case)
    for step in ("target_group_risk", "plan"):
        management = services.case_management_advance(
            actor=worker, management=management, version=management.version, step=step
        )
    (item,) = collector.dashboard_items(worker, TODAY)
    assert (item.kind, item.is_overdue, item.case_code) == ("casework_evaluation", True, case.code)


def test_every_installed_source_is_called(
    personas: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    late = DashboardItem("b", "B", "AT-2", TODAY, False, "/")
    early = DashboardItem("a", "A", "AT-1", TODAY - datetime.timedelta(days=1), True, "/")
    monkeypatch.setattr(
        collector, "item_sources", lambda: [lambda actor, today: [late], lambda a, t: [early]]
    )
    assert collector.dashboard_items(personas["dpo"], TODAY) == [early, late]
    assert collector.dashboard_items(personas["dpo"], TODAY, kind="b") == [late]


@time_machine.travel(datetime.datetime(2026, 11, 29, 10, tzinfo=datetime.UTC), tick=False)
def test_the_page_marks_overdue_in_words_paginates_and_filters(
    personas: dict[str, User],
) -> None:
    worker = personas["social_worker_a"]
    _follow_ups(worker, 30, TODAY - datetime.timedelta(days=1))
    client = signed_in_client(Client(), worker)
    page = client.get(HOME)
    assert page.status_code == 200
    body = page.content.decode()
    assert escape(in_latvian(texts.OVERDUE)) in body
    assert _rows(page.content) == PAGE_SIZE
    second = client.post(HOME, {"page": "2", "kind": ""})
    assert _rows(second.content) == 30 - PAGE_SIZE
    filtered = client.post(HOME, {"kind": "casework_follow_up"})
    assert _rows(filtered.content) == PAGE_SIZE
    unknown = client.post(HOME, {"kind": "casework_evaluation"})
    assert "field--error" in unknown.content.decode()
    assert escape(in_latvian(casework_texts.ITEM_FOLLOW_UP_DUE)) in body


@pytest.mark.parametrize("persona", ["ministry_analyst", "dpo", "system_admin", "police_member"])
def test_roles_without_items_see_an_empty_dashboard(
    personas: dict[str, User], persona: str
) -> None:
    _follow_ups(personas["social_worker_a"], 2, TODAY)
    response = signed_in_client(Client(), personas[persona]).get(HOME)
    assert response.status_code == 200
    assert escape(in_latvian(texts.NOTHING_TO_DO)) in response.content.decode()


def test_casework_keeps_its_budget_of_three_queries(
    personas: dict[str, User], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    worker = personas["social_worker_a"]
    assert worker.organisation  # loaded once per request by the access check
    for added in (10, 190):
        _follow_ups_in_bulk(worker, added, TODAY)
        with django_assert_num_queries(CASEWORK_QUERIES):
            items = casework_selectors.dashboard_items(worker, TODAY)
        assert len(items) == Case.objects.count()


@time_machine.travel(datetime.datetime(2026, 11, 29, 10, tzinfo=datetime.UTC), tick=False)
def test_the_page_total_does_not_grow_from_10_to_200_cases(
    personas: dict[str, User], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """Every app keeps its own budget; the page's total is their sum and is pinned here at
    whatever it is with ten cases."""
    worker = personas["social_worker_a"]
    client = signed_in_client(Client(), worker)
    middleware_query_count(client)  # past the session's first request
    _follow_ups(worker, 10, TODAY)
    with CaptureQueriesContext(connection) as context:
        assert client.get(HOME).status_code == 200
    at_ten = len(context.captured_queries)
    assert at_ten >= middleware_query_count(client) + CASEWORK_QUERIES
    _follow_ups_in_bulk(worker, 190, TODAY)
    with django_assert_num_queries(at_ten):
        response = client.get(HOME)
    assert _rows(response.content) == PAGE_SIZE


def test_provider_sees_requests_awaiting_reply(personas: dict[str, User], monkeypatch: Any) -> None:
    from atbalsts.consent.models import Consent, ConsentPurpose

    worker = personas["social_worker_a"]
    manager = personas["provider_case_manager"]
    person = make_person(created_by=worker)
    case = make_case(person=person, created_by=worker)
    make_case(person=person, created_by=manager)
    Consent.objects.create(
        person=person,
        holder=manager.organisation,
        recipient=worker.organisation,
        purpose=ConsentPurpose.INFORMATION_REQUEST,
        categories=["services"],
        given_on=TODAY,
        evidence_reference="PK-1",
        recorded_by=manager,
    )
    # Sent at half past midnight in Riga, still the day before in UTC: the day shown is Riga's.
    with time_machine.travel(datetime.datetime(2026, 11, 29, 22, 30, tzinfo=datetime.UTC)):
        services.information_request_send(
            actor=worker, case=case, provider=manager.organisation, question="?"
        )
    items = [
        (item.kind, item.due_on)
        for item in collector.dashboard_items(manager, TODAY)
        if item.kind == "casework_information_request"
    ]
    assert items == [("casework_information_request", datetime.date(2026, 11, 30))]


@pytest.mark.parametrize("persona", ["social_worker_a", "ministry_analyst", "system_admin"])
def test_home_links_to_the_dashboard_and_the_directory(
    personas: dict[str, User], persona: str
) -> None:
    body = signed_in_client(Client(), personas[persona]).get(reverse("core:home")).content
    assert reverse("dashboard:home") in body.decode()
    assert reverse("directory:list") in body.decode()


def test_home_offers_the_inbox_to_the_answering_provider_only(personas: dict[str, User]) -> None:
    inbox = reverse("casework:request_inbox")
    for persona, offered in (("provider_case_manager", True), ("social_worker_a", False)):
        body = signed_in_client(Client(), personas[persona]).get(reverse("core:home")).content
        assert (inbox in body.decode()) == offered
