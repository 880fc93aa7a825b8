"""The social service takes over a case a provider shared with it by consent (seed, last
chapter): from the shared page, with confirmation, audited, and only with the consent."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from atbalsts.accounts.models import User
from atbalsts.audit.models import AuditEvent
from atbalsts.cases.models import ArrivalStage, Case, ReferralSource
from atbalsts.casework import texts
from atbalsts.casework.models import CaseManagement, CaseStep
from atbalsts.consent.models import ConsentPurpose
from atbalsts.consent.services import consent_record, consent_withdraw
from atbalsts.courses.models import Course, CourseStatus
from atbalsts.notifications.models import MESSAGES, Notification, NotificationKind
from tests.casework.conftest import request_consent
from tests.core.pages import in_latvian, visible_text
from tests.people.factories import make_case, make_person

pytestmark = pytest.mark.django_db


def _body(response: Any) -> str:
    return str(response.content.decode())


def _urls(case: Case) -> tuple[str, str]:
    return (
        reverse("consent:shared_case", args=[case.uuid]),
        reverse("casework:takeover", args=[case.uuid]),
    )


def test_the_shared_page_leads_to_the_takeover_which_opens_management_in_the_own_case(
    client_of: Any, world: dict[str, Any], personas: dict[str, User]
) -> None:
    request_consent(world, personas, ConsentPurpose.CASE_TAKEOVER)
    client = client_of("social_worker_a")
    shared, takeover = _urls(world["provider_case"])

    assert f'href="{takeover}"' in _body(client.get(shared))
    confirmation = client.get(takeover)
    assert confirmation.status_code == 200
    assert not CaseManagement.objects.exists()

    response = client.post(takeover)

    own = world["case"]
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:detail", args=[own.uuid])
    management = CaseManagement.objects.get()
    assert management.case == own
    assert management.step == CaseStep.ASSESSMENT
    event = AuditEvent.objects.get(action="case_taken_over")
    assert event.object_uuid == own.uuid
    assert event.payload["from_case"] == str(world["provider_case"].uuid)
    assert event.payload["is_new_case"] is False
    followed = client.get(response["Location"])
    assert str(texts.TAKEN_OVER % {"code": own.code}) in _body(followed)


def test_the_shared_page_links_to_the_case_management_once_it_exists(
    client_of: Any, world: dict[str, Any], personas: dict[str, User]
) -> None:
    request_consent(world, personas, ConsentPurpose.CASE_TAKEOVER)
    client = client_of("social_worker_a")
    shared, takeover = _urls(world["provider_case"])
    client.post(takeover)

    body = _body(client.get(shared))

    assert f'href="{reverse("casework:detail", args=[world["case"].uuid])}"' in body
    assert f'href="{takeover}"' not in body
    # Taking over again opens nothing new.
    client.post(takeover)
    assert CaseManagement.objects.count() == 1
    assert Case.objects.filter(organisation=world["case"].organisation).count() == 1


def test_the_provider_learns_of_the_takeover_once_by_its_own_case_code(
    client_of: Any, world: dict[str, Any], personas: dict[str, User]
) -> None:
    request_consent(world, personas, ConsentPurpose.CASE_TAKEOVER)
    client = client_of("social_worker_a")
    takeover = _urls(world["provider_case"])[1]

    client.post(takeover)
    client.post(takeover)

    notes = Notification.objects.filter(kind=NotificationKind.CASE_TAKEN_OVER)
    assert sorted((n.recipient.username, n.case_code) for n in notes) == [
        (personas["provider_case_manager"].username, world["provider_case"].code),
        (personas["provider_head"].username, world["provider_case"].code),
    ]
    page = client_of("provider_case_manager").get(reverse("notifications:list"))
    assert in_latvian(MESSAGES[NotificationKind.CASE_TAKEN_OVER]) % {
        "code": world["provider_case"].code
    } in visible_text(page)


def test_without_an_own_case_the_takeover_opens_one_after_the_course(
    client_of: Any, personas: dict[str, User]
) -> None:
    provider = personas["provider_case_manager"]
    person = make_person(created_by=provider)
    provider_case = make_case(person=person, created_by=provider)
    Course.objects.create(
        case=provider_case,
        start_date=provider_case.opened_on,
        status=CourseStatus.ENDED,
        created_by=provider,
    )
    riga = personas["social_worker_a"].organisation
    consent_record(
        actor=provider,
        person=person,
        recipient=riga,
        purpose=ConsentPurpose.CASE_TAKEOVER,
        categories=["identity"],
        given_on=provider_case.opened_on,
        evidence_reference="DM-2026-9",
    )
    client = client_of("social_worker_a")

    response = client.post(_urls(provider_case)[1])

    opened = Case.objects.get(organisation=riga, person=person)
    assert response["Location"] == reverse("casework:detail", args=[opened.uuid])
    assert opened.referral_source == ReferralSource.SERVICE_PROVIDER
    assert opened.arrival_stage == ArrivalStage.AFTER_COURSE
    assert CaseManagement.objects.get().case == opened
    assert AuditEvent.objects.get(action="case_taken_over").payload["is_new_case"] is True


def test_without_the_takeover_consent_nothing_is_taken_over(
    client_of: Any, world: dict[str, Any], personas: dict[str, User]
) -> None:
    request_consent(world, personas, ConsentPurpose.COURSE_COOPERATION)
    client = client_of("social_worker_a")
    shared, takeover = _urls(world["provider_case"])

    assert f'href="{takeover}"' not in _body(client.get(shared))
    assert str(texts.TAKEOVER_NEEDS_CONSENT) in _body(client.get(takeover))
    response = client.post(takeover)

    assert response.status_code == 200
    assert str(texts.TAKEOVER_NEEDS_CONSENT) in _body(response)
    assert not CaseManagement.objects.exists()
    assert not AuditEvent.objects.filter(action="case_taken_over").exists()


def test_a_withdrawn_takeover_consent_closes_the_takeover(
    client_of: Any, world: dict[str, Any], personas: dict[str, User]
) -> None:
    consent = request_consent(world, personas, ConsentPurpose.CASE_TAKEOVER)
    consent_withdraw(
        actor=personas["provider_case_manager"], consent=consent, withdrawn_on=consent.given_on
    )

    response = client_of("social_worker_a").post(_urls(world["provider_case"])[1])

    assert response.status_code == 404
    assert not CaseManagement.objects.exists()


@pytest.mark.parametrize(
    "persona",
    [
        "social_worker_b",
        "provider_case_manager",
        "provider_head",
        "police_member",
        "agency_coordinator",
        "ministry_analyst",
        "dpo",
        "system_admin",
    ],
)
def test_nobody_else_may_take_the_case_over(
    persona: str, client_of: Any, world: dict[str, Any], personas: dict[str, User]
) -> None:
    request_consent(world, personas, ConsentPurpose.CASE_TAKEOVER)
    client = client_of(persona)
    takeover = _urls(world["provider_case"])[1]

    assert client.get(takeover).status_code == 404
    assert client.post(takeover).status_code == 404
    assert not CaseManagement.objects.exists()


def test_the_dashboard_lists_a_case_shared_for_takeover_until_it_is_taken_over(
    client_of: Any, world: dict[str, Any], personas: dict[str, User]
) -> None:
    request_consent(world, personas, ConsentPurpose.CASE_TAKEOVER)
    client = client_of("social_worker_a")
    shared, takeover = _urls(world["provider_case"])

    before = _body(client.get(reverse("dashboard:home")))
    client.post(takeover)
    after = _body(client.get(reverse("dashboard:home")))

    assert str(texts.ITEM_TAKEOVER) in before
    assert f'href="{shared}"' in before
    assert str(texts.ITEM_TAKEOVER) not in after
