"""SIVA's pages: the inbox by deadline with "Nokavēts" in words, the receipt and the
decision, one conflict for two coordinators (docs/security.md AZ-3, RE-1)."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from atbalsts.accounts.models import Organisation
from atbalsts.agency import texts
from atbalsts.agency.models import AgencySubmission, SubmissionStatus
from atbalsts.agency.services import submission_create
from atbalsts.cases.models import Case
from atbalsts.identification.models import IdentificationBasis, Recognition
from atbalsts.people.models import Person
from tests.core.pages import in_latvian, middleware_query_count, visible_text
from tests.people.conftest import CANARIES, assert_no_canary, client_of
from tests.people.factories import make_case, make_person

if TYPE_CHECKING:
    from pytest_django import DjangoAssertNumQueries

__all__ = ["client_of"]

pytestmark = pytest.mark.django_db
INBOX = reverse("agency:inbox")
# The count and the page (submissions with their case and its organisation in one join);
# the page's stages and due days, the relations to its cases, the names shown and their
# audit append (chain head, insert and its transaction).
INBOX_QUERIES = 9
NOW = datetime.datetime(2026, 12, 3, 10, tzinfo=datetime.UTC)


def _submitted(personas: dict[str, Any], **person: Any) -> AgencySubmission:
    provider = personas["provider_case_manager"]
    case = make_case(person=make_person(created_by=provider, **person), created_by=provider)
    Recognition.objects.create(
        case=case,
        basis=IdentificationBasis.COMMISSION_OPINION,
        recognised_on=datetime.date(2026, 11, 20),
        recorded_by=provider,
    )
    return submission_create(actor=provider, case=case)


def _submitted_in_bulk(personas: dict[str, Any], count: int) -> None:
    """``count`` submissions like :func:`_submitted`'s, written in bulk: the inbox's query
    count, not the service, is under test."""
    provider = personas["provider_case_manager"]
    agency = Organisation.objects.filter(type="agency").order_by("pk").first()
    people = Person.objects.bulk_create(
        Person(registered_by=provider.organisation, created_by=provider) for _ in range(count)
    )
    cases = Case.objects.bulk_create(
        Case(person=person, organisation=provider.organisation, created_by=provider)
        for person in people
    )
    recognitions = Recognition.objects.bulk_create(
        Recognition(
            case=case,
            basis=IdentificationBasis.COMMISSION_OPINION,
            recognised_on=datetime.date(2026, 11, 20),
            recorded_by=provider,
        )
        for case in cases
    )
    AgencySubmission.objects.bulk_create(
        AgencySubmission(
            case=recognition.case, agency=agency, recognition=recognition, submitted_by=provider
        )
        for recognition in recognitions
    )


def _rows(content: bytes) -> int:
    return len(re.findall(rb"<tr>\s*<td>", content))


@time_machine.travel(NOW)
def test_the_inbox_marks_overdue_in_words_and_sorts_by_deadline(
    client_of: Any, personas: dict[str, Any]
) -> None:
    late = _submitted(personas)
    soon = _submitted(personas)
    AgencySubmission.objects.filter(pk=late.pk).update(
        status=SubmissionStatus.RECEIVED, decide_by=datetime.date(2026, 12, 1)
    )
    AgencySubmission.objects.filter(pk=soon.pk).update(
        status=SubmissionStatus.RECEIVED, decide_by=datetime.date(2026, 12, 4)
    )
    response = client_of("agency_coordinator").get(INBOX)
    text = visible_text(response)
    assert "Nokavēts" in text
    assert text.index(late.case.code) < text.index(soon.case.code)
    assert text.count(in_latvian(texts.OVERDUE)) == 1
    only_received = client_of("agency_coordinator").post(INBOX, {"status": "granted"})
    assert _rows(only_received.content) == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_inbox_query_count_does_not_grow(
    client_of: Any,
    personas: dict[str, Any],
    django_assert_num_queries: DjangoAssertNumQueries,
    method: str,
) -> None:
    client = client_of("agency_coordinator")
    # PostgreSQL takes the audit chain's advisory lock: one query more.
    lock = 1 if connection.vendor == "postgresql" else 0
    expected = middleware_query_count(client) + INBOX_QUERIES + lock
    for added in (10, 190):
        _submitted_in_bulk(personas, added)
        with django_assert_num_queries(expected):
            response = client.generic(method.upper(), INBOX)
        assert response.status_code == 200
        assert _rows(response.content) == min(25, 10 if added == 10 else 200)


@time_machine.travel(NOW)
def test_siva_records_receipt_then_decides_and_the_provider_sees_the_outcome(
    client_of: Any, personas: dict[str, Any]
) -> None:
    submission = _submitted(personas)
    url = reverse("agency:detail", args=[submission.uuid])
    client = client_of("agency_coordinator")
    received = client.post(url, {"step": "receive", "version": "1", "received_on": "2026-12-03"})
    assert received.status_code == 302
    submission.refresh_from_db()
    assert submission.decide_by == datetime.date(2026, 12, 8)
    no_reason = client.post(url, {"step": "decide", "version": "2", "decision": "refuse"})
    assert in_latvian(texts.REASON_REQUIRED) in visible_text(no_reason)
    decided = client.post(
        url,
        {
            "step": "decide",
            "version": "2",
            "decision": "waiting_list",
            "waiting_list_position": "3",
            "confirmed": "yes",
        },
    )
    assert decided.status_code == 302
    overview = client_of("provider_case_manager").get(
        reverse("identification:overview", args=[submission.case.uuid])
    )
    assert in_latvian(SubmissionStatus.WAITING_LIST.label) in visible_text(overview)


@time_machine.travel(NOW)
def test_two_coordinators_deciding_at_once_the_second_gets_409(
    client_of: Any, personas: dict[str, Any]
) -> None:
    submission = _submitted(personas)
    url = reverse("agency:detail", args=[submission.uuid])
    first, second = client_of("agency_coordinator"), client_of("agency_coordinator")
    first.post(url, {"step": "receive", "version": "1", "received_on": "2026-12-03"})
    assert (
        first.post(
            url, {"step": "decide", "version": "2", "decision": "grant", "confirmed": "yes"}
        ).status_code
        == 302
    )
    late = second.post(
        url,
        {
            "step": "decide",
            "version": "2",
            "decision": "refuse",
            "refusal_reason": "Nav vietu",
            "confirmed": "yes",
        },
    )
    assert late.status_code == 409
    assert in_latvian(texts.CONFLICT) in visible_text(late)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.GRANTED


@pytest.mark.parametrize(
    "persona",
    ["provider_case_manager", "social_worker_a", "police_member", "ministry_analyst", "dpo"],
)
def test_others_get_404_and_no_canary(
    client_of: Any, personas: dict[str, Any], persona: str
) -> None:
    submission = _submitted(personas, **CANARIES)
    for url in (INBOX, reverse("agency:detail", args=[submission.uuid])):
        response = client_of(persona).get(url)
        assert response.status_code == 404
        assert_no_canary(response.content)


def test_siva_page_shows_no_identity_or_location(client_of: Any, personas: dict[str, Any]) -> None:
    submission = _submitted(personas, **CANARIES)
    response = client_of("agency_coordinator").get(reverse("agency:detail", args=[submission.uuid]))
    assert response.status_code == 200
    assert_no_canary(response.content)


@time_machine.travel(NOW)
def test_siva_decision_is_shown_for_confirmation_and_recorded_only_when_confirmed(
    client_of: Any, personas: dict[str, Any]
) -> None:
    submission = _submitted(personas)
    url = reverse("agency:detail", args=[submission.uuid])
    client = client_of("agency_coordinator")
    client.post(url, {"step": "receive", "version": "1", "received_on": "2026-12-03"})
    data = {"step": "decide", "version": "2", "decision": "refuse", "refusal_reason": "Nav vietu"}

    shown = client.post(url, data)

    assert shown.status_code == 200
    text = visible_text(shown)
    assert in_latvian(texts.DECISION_CONFIRM) in text
    assert in_latvian("Refuse the service") in text
    assert "Nav vietu" in text
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RECEIVED
    changed = client.post(url, {**data, "change": "yes"})
    assert "Nav vietu" in changed.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RECEIVED

    assert client.post(url, {**data, "confirmed": "yes"}).status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REFUSED


def test_the_inbox_names_the_person_siva_decides_for_and_the_stage(
    client_of: Any, personas: dict[str, Any]
) -> None:
    submission = _submitted(personas)
    person = submission.case.person
    client = client_of("agency_coordinator")

    response = client.get(INBOX, HTTP_ACCEPT_LANGUAGE="lv")

    text = visible_text(response)
    assert (
        f"{submission.case.code} {person.first_name} {person.last_name} {person.reference}"
    ) in text
    assert "SIVA lēmums" in text
    person_page = reverse("people:detail", args=[person.uuid])
    assert f'href="{person_page}"' in response.content.decode()
    assert client.get(person_page).status_code == 200
