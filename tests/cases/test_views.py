"""Case pages: list, detail, open, close (docs/security.md AZ-3, AZ-5, AZ-8, LG-1, DP-6)."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from atbalsts.audit.models import AuditEvent
from atbalsts.cases import texts
from atbalsts.cases.models import Case, CaseStatus
from atbalsts.cases.views import PAGE_SIZE
from tests.core.pages import in_latvian, middleware_query_count, tags, visible_text
from tests.people.conftest import CANARIES, NOTES_CANARY, WRONG_PERSONAS, assert_no_canary
from tests.people.factories import make_case, make_consent, make_person, withdraw

if TYPE_CHECKING:
    from pytest_django import DjangoAssertNumQueries

pytestmark = pytest.mark.django_db

LIST = reverse("cases:list")
# The list: the count and the page (cases with their person and organisation in one join);
# the page's stages and due days; the actor's relations to its cases; the names of those
# whose identity the actor may see; the audit append of the names shown (chain head,
# insert and its transaction). PostgreSQL adds the advisory lock of the audit chain.
LIST_QUERIES = 9
# The detail: the case with its person, its organisation and the actor's relations to it as
# flags, in one query; the audit append (its
# own transaction: begin, chain head, insert, commit). The person's name needs nothing more:
# the person row came with the case. PostgreSQL adds the advisory lock that serialises
# appends to the audit chain. For the social service's own case, one more: the outcomes of
# its referrals that the person consents to share (atbalsts.consent.selectors).
DETAIL_QUERIES = 6


def _lock() -> int:
    return 1 if connection.vendor == "postgresql" else 0


def _detail_queries() -> int:
    return DETAIL_QUERIES + _lock()


def _rows(content: bytes) -> int:
    return len(re.findall(rb"<tr>\s*<td>", content))


def test_list_names_the_person_only_where_the_actor_may_see_who_they_are(
    client_of: Any, world: dict[str, Any], personas: dict[str, Any]
) -> None:
    provider = personas["provider_case_manager"]
    orgs = world["organisations"]
    named = make_person(created_by=provider, first_name="Ilze", last_name="Kalniņa")
    named_case = make_case(person=named, created_by=provider)
    unnamed = make_person(created_by=provider, first_name="Zane", last_name="Liepa")
    unnamed_case = make_case(person=unnamed, created_by=provider)
    make_case(
        person=make_person(created_by=personas["social_worker_b"]),
        created_by=personas["social_worker_b"],
    )
    make_consent(
        person=named, holder=orgs["drosa_maja"], recipient=orgs["riga"], recorded_by=provider
    )
    make_consent(
        person=unnamed,
        holder=orgs["drosa_maja"],
        recipient=orgs["riga"],
        recorded_by=provider,
        categories=["services"],
    )

    response = client_of("social_worker_a").get(LIST)

    text = visible_text(response)
    assert _rows(response.content) == 3
    # Own case: the organisation keeps the person's identity.
    assert f"{world['case'].code} Kanarijvards Kanarijuzvards" in text
    # A consent that covers the identity shows the name; one that does not, the reference.
    assert f"{named_case.code} Ilze Kalniņa {named.reference}" in text
    assert f"{unnamed_case.code} {unnamed.reference} Piekrišana" in text
    assert "Zane" not in text
    for value in ("010190-", "1999-11-29", "29.11.1999", "Brīvības iela", NOTES_CANARY):
        assert value not in text
    # Every code is a link the reader may follow: the case's and the person's.
    client = client_of("social_worker_a")
    for case in (world["case"], named_case, unnamed_case):
        for page in (
            reverse("cases:detail", args=[case.uuid]),
            reverse("people:detail", args=[case.person.uuid]),
        ):
            assert [a for a in tags(response, "a") if a.get("href") == page], page
            assert client.get(page).status_code == 200, page
    event = AuditEvent.objects.filter(action="sensitive_read", payload__view="case_list").first()
    assert event is not None
    assert sorted(event.payload["results"]) == sorted([str(world["person"].uuid), str(named.uuid)])


def test_list_filters_by_status_in_the_post_body(client_of: Any, world: dict[str, Any]) -> None:
    closed = make_case(person=world["person"], created_by=world["worker"], status=CaseStatus.CLOSED)
    client = client_of("social_worker_a")

    open_only = client.post(LIST, {"status": "open"})
    closed_only = client.post(LIST, {"status": "closed"})

    assert world["case"].code in visible_text(open_only)
    assert closed.code not in visible_text(open_only)
    assert closed.code in visible_text(closed_only)
    assert world["case"].code not in visible_text(closed_only)


@pytest.mark.parametrize("method", ["get", "post"])
def test_list_paginates_and_its_query_count_does_not_grow(
    client_of: Any,
    world: dict[str, Any],
    django_assert_num_queries: DjangoAssertNumQueries,
    method: str,
) -> None:
    client = client_of("social_worker_a")
    expected = middleware_query_count(client) + LIST_QUERIES + _lock()
    # 10 cases, then 200 (in bulk: the list's query count, not the writes, is under test).
    for added in (9, 190):
        Case.objects.bulk_create(
            Case(
                person=world["person"],
                organisation=world["worker"].organisation,
                created_by=world["worker"],
            )
            for _ in range(added)
        )
        with django_assert_num_queries(expected):
            response = client.generic(method.upper(), LIST)
        assert response.status_code == 200
        assert _rows(response.content) == min(Case.objects.count(), PAGE_SIZE)

    last = client.post(LIST, {"page": "8"})
    assert _rows(last.content) == 200 - 7 * PAGE_SIZE


@pytest.mark.parametrize("persona", WRONG_PERSONAS)
def test_list_is_empty_or_absent_for_the_wrong_persona(
    client_of: Any, world: dict[str, Any], persona: str
) -> None:
    response = client_of(persona).get(LIST)

    assert response.status_code in {200, 404}
    assert world["case"].code not in response.content.decode()
    assert world["person"].reference not in response.content.decode()
    assert_no_canary(response.content)


def test_detail_shows_the_case_to_its_organisation_and_audits_the_read(
    client_of: Any, world: dict[str, Any]
) -> None:
    case = world["case"]

    response = client_of("social_worker_a").get(reverse("cases:detail", args=[case.uuid]))

    text = visible_text(response)
    assert response.status_code == 200
    assert case.code in text
    assert CANARIES["first_name"] in text
    assert NOTES_CANARY in text
    event = AuditEvent.objects.filter(action="sensitive_read").get()
    assert (event.object_type, event.object_uuid) == ("case", case.uuid)


def test_detail_query_count_is_pinned(
    client_of: Any, world: dict[str, Any], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = client_of("social_worker_a")
    url = reverse("cases:detail", args=[world["case"].uuid])
    expected = middleware_query_count(client) + _detail_queries()
    for _ in range(3):
        make_case(person=world["person"], created_by=world["worker"])

    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_a_consent_recipient_sees_the_summary_without_notes_or_name(
    client_of: Any, world: dict[str, Any]
) -> None:
    orgs = world["organisations"]
    consent = make_consent(
        person=world["person"],
        holder=orgs["riga"],
        recipient=orgs["drosa_maja"],
        recorded_by=world["worker"],
        categories=["services"],
    )
    client = client_of("provider_case_manager")
    url = reverse("cases:detail", args=[world["case"].uuid])

    response = client.get(url)

    assert response.status_code == 200
    assert world["case"].code in visible_text(response)
    assert_no_canary(response.content)

    # Withdrawn: the very next request is refused.
    withdraw(consent, recorded_by=world["worker"])
    again = client.get(url)
    assert again.status_code == 404
    assert world["case"].code not in again.content.decode()
    assert world["case"].code not in client.get(LIST).content.decode()


@pytest.mark.parametrize("persona", WRONG_PERSONAS)
@pytest.mark.parametrize("name", ["cases:detail", "cases:close", "cases:open"])
def test_the_wrong_persona_gets_404_without_a_trace_of_the_case(
    client_of: Any, world: dict[str, Any], persona: str, name: str
) -> None:
    client = client_of(persona)
    target = world["person"] if name == "cases:open" else world["case"]
    url = reverse(name, args=[target.uuid])
    data = {
        "closed_on": "2026-11-29",
        "closure_reason": "other",
        "arrival_stage": "after_course",
        "contact_channel": "phone",
        "referral_source": "self",
    }

    get = client.get(url)
    post = client.post(url, data)

    assert get.status_code == 404
    assert post.status_code in ({404, 405} if name == "cases:detail" else {404})
    for response in (get, post):
        assert_no_canary(response.content)
        assert world["case"].code not in response.content.decode()
    assert Case.objects.count() == 1
    assert Case.objects.get().status == CaseStatus.OPEN


def test_open_another_case_of_an_own_person(client_of: Any, world: dict[str, Any]) -> None:
    client = client_of("social_worker_a")
    url = reverse("cases:open", args=[world["person"].uuid])
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {"arrival_stage": "after_course", "contact_channel": "phone", "referral_source": "self"},
        follow=True,
    )

    new = Case.objects.exclude(pk=world["case"].pk).get()
    assert in_latvian(texts.CASE_OPENED) % {"code": new.code} in visible_text(response)
    assert AuditEvent.objects.filter(action="case_opened", object_uuid=new.uuid).exists()


@time_machine.travel(datetime.datetime(2026, 11, 29, 12, tzinfo=datetime.UTC), tick=False)
def test_close_sets_the_retention_date(client_of: Any, world: dict[str, Any]) -> None:
    Case.objects.filter(pk=world["case"].pk).update(opened_on=datetime.date(2026, 1, 1))
    client = client_of("social_worker_a")
    url = reverse("cases:close", args=[world["case"].uuid])
    assert client.get(url).status_code == 200

    response = client.post(
        url, {"closed_on": "2026-11-29", "closure_reason": "goals_reached"}, follow=True
    )

    case = Case.objects.get()
    assert case.status == CaseStatus.CLOSED
    assert case.retention_until == datetime.date(2031, 11, 29)
    assert in_latvian(texts.CASE_CLOSED) % {"code": case.code, "until": "29.11.2031"} in (
        visible_text(response)
    )
    # A closed case's close page leads back to the case.
    assert client.get(url).status_code == 302


@time_machine.travel(datetime.datetime(2026, 11, 29, 12, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize(
    ("closed_on", "message"),
    [("2026-12-01", texts.CLOSED_IN_FUTURE), ("2020-01-01", texts.CLOSED_BEFORE_OPENED)],
)
def test_close_refuses_impossible_dates(
    client_of: Any, world: dict[str, Any], closed_on: str, message: Any
) -> None:
    Case.objects.filter(pk=world["case"].pk).update(opened_on=datetime.date(2026, 1, 1))
    url = reverse("cases:close", args=[world["case"].uuid])

    response = client_of("social_worker_a").post(
        url, {"closed_on": closed_on, "closure_reason": "other"}
    )

    assert response.status_code == 200
    assert in_latvian(message) in visible_text(response)
    assert Case.objects.get().status == CaseStatus.OPEN


@pytest.mark.parametrize("persona", WRONG_PERSONAS)
def test_a_refused_look_at_a_case_stays_in_the_audit_trail(
    client_of: Any, world: dict[str, Any], persona: str
) -> None:
    client = client_of(persona)

    response = client.get(reverse("cases:detail", args=[world["case"].uuid]))

    assert response.status_code == 404
    refusals = AuditEvent.objects.filter(action="authz_fail", object_uuid=world["case"].uuid)
    assert refusals.count() == 1
    assert not AuditEvent.objects.filter(
        action="sensitive_read", object_uuid=world["case"].uuid
    ).exists()


def test_detail_links_to_consents_and_referral_for_the_case_keeper(
    client_of: Any, world: dict[str, Any]
) -> None:
    case = world["case"]
    consents = reverse("consent:consent_list", args=[case.person.uuid])
    refer = reverse("consent:referral_create", args=[case.uuid])

    page = client_of("social_worker_a").get(reverse("cases:detail", args=[case.uuid]))

    assert f'href="{consents}"' in page.content.decode()
    assert f'href="{refer}"' in page.content.decode()
    client = client_of("social_worker_a")
    assert client.get(consents).status_code == 200
    assert client.get(refer).status_code == 200


def test_detail_has_no_consent_or_referral_link_for_a_consent_recipient(
    client_of: Any, world: dict[str, Any]
) -> None:
    orgs = world["organisations"]
    make_consent(
        person=world["person"],
        holder=orgs["riga"],
        recipient=orgs["drosa_maja"],
        recorded_by=world["worker"],
        categories=["services"],
    )
    case = world["case"]

    page = client_of("provider_case_manager").get(reverse("cases:detail", args=[case.uuid]))

    assert page.status_code == 200
    content = page.content.decode()
    assert reverse("consent:consent_list", args=[case.person.uuid]) not in content
    assert reverse("consent:referral_create", args=[case.uuid]) not in content
