"""The cases shared with an organisation: the list, its filters and query count, and what
the shared page shows of the services received."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from atbalsts.accounts.models import Organisation, Role, User
from atbalsts.cases.models import Case
from atbalsts.consent.models import Consent, ConsentPurpose, InformationCategory, Referral
from atbalsts.consent.services import consent_record, consent_withdraw
from atbalsts.courses.models import Course, CourseStatus, Delivery, ServiceLine
from atbalsts.people.models import Person
from atbalsts.rules.catalogue import LISTS
from tests.consent.conftest import GIVEN_ON, make_case, make_person
from tests.core.helpers import signed_in_client
from tests.core.pages import middleware_query_count

pytestmark = pytest.mark.django_db

LIST_URL = "consent:shared_list"
SHARED_PAGE_QUERIES = 12


def _body(response: Any) -> str:
    return str(response.content.decode())


def _share(case: Case, recipient: Organisation, actor: User, **terms: Any) -> Consent:
    return consent_record(
        actor=actor,
        person=case.person,
        recipient=recipient,
        purpose=terms.get("purpose", ConsentPurpose.COURSE_COOPERATION),
        categories=terms.get("categories", [InformationCategory.IDENTITY]),
        given_on=GIVEN_ON,
        evidence_reference="DM-1",
    )


def test_the_list_shows_the_cases_shared_with_us_and_nothing_else(
    client: Client, manager: User, case: Case, marta: Organisation, personas: dict[str, User]
) -> None:
    riga = personas["social_worker_a"].organisation
    _share(case, riga, manager)
    not_shared = make_case(
        person=make_person(organisation=manager.organisation, user=manager),
        organisation=manager.organisation,
        user=manager,
    )
    withdrawn = make_case(
        person=make_person(organisation=manager.organisation, user=manager),
        organisation=manager.organisation,
        user=manager,
    )
    consent_withdraw(actor=manager, consent=_share(withdrawn, riga, manager), withdrawn_on=GIVEN_ON)
    worker = personas["social_worker_a"]
    own = make_case(
        person=make_person(organisation=riga, user=worker), organisation=riga, user=worker
    )
    to_marta = make_case(
        person=make_person(organisation=manager.organisation, user=manager),
        organisation=manager.organisation,
        user=manager,
    )
    _share(to_marta, marta, manager)

    body = _body(signed_in_client(client, worker).get(reverse(LIST_URL)))

    assert f'href="{reverse("consent:shared_case", args=[case.uuid])}"' in body
    assert manager.organisation.name in body
    for hidden in (not_shared, withdrawn, own, to_marta):
        assert hidden.code not in body


def test_the_list_filters_by_keeper_purpose_and_code(
    client: Client, manager: User, case: Case, marta_manager: User, personas: dict[str, User]
) -> None:
    riga, marta = personas["social_worker_a"].organisation, marta_manager.organisation
    _share(case, riga, manager)
    marta_case = make_case(
        person=make_person(organisation=marta, user=marta_manager),
        organisation=marta,
        user=marta_manager,
    )
    _share(marta_case, riga, marta_manager, purpose=ConsentPurpose.CASE_TAKEOVER)
    signed_in_client(client, personas["social_worker_a"])
    url = reverse(LIST_URL)

    by_keeper = _body(client.post(url, {"holder": str(marta.uuid)}))
    by_purpose = _body(client.post(url, {"purpose": ConsentPurpose.COURSE_COOPERATION}))
    by_code = _body(client.post(url, {"code": marta_case.code.lower()}))

    assert marta_case.code in by_keeper
    assert case.code not in by_keeper
    assert case.code in by_purpose
    assert marta_case.code not in by_purpose
    assert marta_case.code in by_code
    assert case.code not in by_code


@pytest.mark.parametrize(
    "persona",
    ["provider_specialist", "police_member", "agency_coordinator", "ministry_analyst", "dpo"],
)
def test_the_list_is_404_without_the_capability(
    persona: str, client: Client, personas: dict[str, User], organisations: Any
) -> None:
    from tests.factories import make_user

    user = personas.get(persona) or make_user(
        username="dm.specialist",
        role=Role.PROVIDER_SPECIALIST,
        organisation=organisations["drosa_maja"],
    )

    assert signed_in_client(client, user).get(reverse(LIST_URL)).status_code == 404


def test_the_menu_and_the_dashboard_lead_to_the_list(
    client: Client, personas: dict[str, User]
) -> None:
    url = reverse(LIST_URL)
    worker = signed_in_client(client, personas["social_worker_a"])

    assert f'href="{url}"' in _body(worker.get(reverse("core:home")))
    assert f'href="{url}"' in _body(worker.get(reverse("dashboard:home")))
    police = signed_in_client(Client(), personas["police_member"])
    assert f'href="{url}"' not in _body(police.get(reverse("core:home")))
    assert f'href="{url}"' not in _body(police.get(reverse("dashboard:home")))


def _shared_cases(count: int, holder_user: User, recipient: Organisation) -> None:
    """``count`` cases of ``holder_user``'s organisation, each shared with ``recipient``
    (bulk: the query count, not the services, is under test)."""
    holder = holder_user.organisation
    people = Person.objects.bulk_create(
        Person(registered_by=holder, created_by=holder_user) for _ in range(count)
    )
    Case.objects.bulk_create(
        Case(person=person, organisation=holder, created_by=holder_user) for person in people
    )
    Consent.objects.bulk_create(
        Consent(
            person=person,
            holder=holder,
            recipient=recipient,
            purpose=ConsentPurpose.COURSE_COOPERATION,
            categories=["identity"],
            given_on=GIVEN_ON,
            evidence_reference="DM-bulk",
            recorded_by=holder_user,
        )
        for person in people
    )


def test_the_list_query_count_does_not_grow_from_10_to_200_rows(
    client: Client, manager: User, riga: Organisation, personas: dict[str, User]
) -> None:
    signed_in_client(client, personas["social_worker_a"])
    base = middleware_query_count(client)
    counts = []
    for added in (10, 190):
        _shared_cases(added, manager, riga)
        with CaptureQueriesContext(connection) as context:
            response = client.post(reverse(LIST_URL), {"purpose": ""})
        assert response.status_code == 200
        counts.append(len(context.captured_queries) - base)

    # The filter's organisations, the count, one page of rows with their keepers (the
    # actor's organisation comes with the signed-in user).
    assert counts == [3, 3]
    assert _body(response).count("/shared/") >= 25


# Services received on the shared page


@pytest.fixture
def delivered(case: Case, manager: User) -> Course:
    course = Course.objects.create(
        case=case,
        start_date=datetime.date(2026, 9, 1),
        status=CourseStatus.RUNNING,
        created_by=manager,
    )
    Delivery.objects.create(
        course=course,
        service=ServiceLine.COURSE,
        kind="consultation",
        specialist="psychologist",
        quantity=Decimal("1.5"),
        delivered_on=datetime.date(2026, 9, 14),
        recorded_by=manager,
    )
    return course


def test_the_shared_page_lists_the_services_when_the_consent_covers_them(
    client: Client, case: Case, manager: User, delivered: Course, personas: dict[str, User]
) -> None:
    riga = personas["social_worker_a"].organisation
    _share(case, riga, manager, categories=["identity", "services"])
    signed_in_client(client, personas["social_worker_a"])

    with translation.override("lv"):
        body = _body(client.get(reverse("consent:shared_case", args=[case.uuid])))

    assert LISTS["course_services"]["consultation"].get("lv") in body
    assert LISTS["specialists"]["psychologist"].get("lv") in body
    assert "1,5" in body
    assert "14.09.2026" in body


def test_the_shared_page_shows_no_services_without_the_services_category(
    client: Client, case: Case, manager: User, delivered: Course, personas: dict[str, User]
) -> None:
    riga = personas["social_worker_a"].organisation
    _share(case, riga, manager, categories=["identity"])
    signed_in_client(client, personas["social_worker_a"])

    with translation.override("lv"):
        body = _body(client.get(reverse("consent:shared_case", args=[case.uuid])))

    assert LISTS["course_services"]["consultation"].get("lv") not in body
    assert "14.09.2026" not in body


def test_the_shared_page_query_count_does_not_grow_from_10_to_200_services(
    client: Client, case: Case, manager: User, delivered: Course, personas: dict[str, User]
) -> None:
    _share(case, personas["social_worker_a"].organisation, manager, categories=["services"])
    signed_in_client(client, personas["social_worker_a"])
    url = reverse("consent:shared_case", args=[case.uuid])
    base = middleware_query_count(client)
    counts = []
    for added in (9, 190):
        Delivery.objects.bulk_create(
            Delivery(
                course=delivered,
                service=ServiceLine.COURSE,
                kind="consultation",
                quantity=Decimal(1),
                delivered_on=datetime.date(2026, 9, 1) + datetime.timedelta(days=n % 60),
                recorded_by=manager,
            )
            for n in range(added)
        )
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(context.captured_queries) - base)

    # The actor's organisation; the case and the relations and categories of the actor
    # (case_for); the audited read (with PostgreSQL's chain lock); the takeover's managed
    # case and consent; the course, and one slice of its services.
    expected = SHARED_PAGE_QUERIES + (1 if connection.vendor == "postgresql" else 0)
    assert counts == [expected, expected]
    assert reverse("courses:services", args=[case.uuid]) in _body(response)


def test_the_sent_referrals_query_count_does_not_grow_from_10_to_200(
    client: Client, manager: User, marta: Organisation
) -> None:
    signed_in_client(client, manager)
    base = middleware_query_count(client)
    counts = []
    for added in (10, 190):
        _shared_cases(added, manager, marta)
        consents = Consent.objects.filter(recipient=marta, referrals__isnull=True)
        Referral.objects.bulk_create(
            Referral(
                case=Case.objects.get(person=consent.person),
                recipient=marta,
                consent=consent,
                sent_by=manager,
            )
            for consent in consents.select_related("person")
        )
        with CaptureQueriesContext(connection) as context:
            response = client.post(reverse("consent:referral_sent"), {"status": ""})
        assert response.status_code == 200
        counts.append(len(context.captured_queries) - base)

    # The count, one page of rows with their cases and recipients.
    assert counts == [2, 2]
