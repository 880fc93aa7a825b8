"""The social service that referred a person hears of the commission's opinion and SIVA's
decision, by its own case code, and sees them on its own case page, only while the person
consents that the provider share with it (the course-cooperation purpose)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from atbalsts.accounts.models import User
from atbalsts.agency.models import SubmissionStatus
from atbalsts.agency.services import submission_create, submission_decide, submission_receive
from atbalsts.audit.models import AuditEvent
from atbalsts.cases.models import Case
from atbalsts.consent.models import Consent, ConsentPurpose, InformationCategory
from atbalsts.consent.services import (
    consent_record,
    consent_withdraw,
    referral_accept,
    referral_send,
)
from atbalsts.identification.models import Commission, CommissionStatus
from atbalsts.identification.services import commission_convene, commission_decide
from atbalsts.notifications.models import Notification, NotificationKind
from tests.consent.conftest import CANARY_NAME, GIVEN_ON, make_case, make_person
from tests.core.helpers import signed_in_client
from tests.core.pages import in_latvian, visible_text
from tests.identification.conftest import full_members, specialists

__all__ = ["full_members", "specialists"]

pytestmark = pytest.mark.django_db

OUTCOME_KINDS = [
    NotificationKind.REFERRED_COMMISSION_OPINION,
    NotificationKind.REFERRED_AGENCY_DECISION,
]


@pytest.fixture
def worker(personas: dict[str, User]) -> User:
    return personas["social_worker_a"]


@pytest.fixture
def provider(personas: dict[str, User]) -> User:
    return personas["provider_case_manager"]


@pytest.fixture
def referred(worker: User, provider: User) -> tuple[Case, Case]:
    """Rīga's case of the person and the provider's case its accepted referral opened."""
    person = make_person(organisation=worker.organisation, user=worker)
    case = make_case(person=person, organisation=worker.organisation, user=worker)
    consent = consent_record(
        actor=worker,
        person=person,
        recipient=provider.organisation,
        purpose=ConsentPurpose.REFERRAL,
        categories=[InformationCategory.IDENTITY],
        given_on=GIVEN_ON,
        evidence_reference="RSD-2026-7",
    )
    referral = referral_send(
        actor=worker, case=case, recipient=provider.organisation, consent=consent
    )
    referral = referral_accept(actor=provider, referral=referral)
    assert referral.received_case is not None
    return case, referral.received_case


def _share_with_referrer(provider: User, provider_case: Case, worker: User) -> Consent:
    return consent_record(
        actor=provider,
        person=provider_case.person,
        recipient=worker.organisation,
        purpose=ConsentPurpose.COURSE_COOPERATION,
        categories=[InformationCategory.SERVICES],
        given_on=timezone.localdate(),
        evidence_reference="DM-2026-31",
    )


def _recognise(provider: User, provider_case: Case, members: list[Any]) -> Commission:
    commission = commission_convene(
        actor=provider,
        case=provider_case,
        meeting_on=timezone.localdate(),
        interview_mode="in_person",
        is_person_abroad=False,
        members=members,
    )
    return commission_decide(
        actor=provider,
        commission=commission,
        version=commission.version,
        is_recognised=True,
        criteria=["movement.recruited"],
        justification="Recruited with a false promise of work.",
        protocol_number="KP-2026-12",
    )


def _siva_grants(provider: User, provider_case: Case, siva: User) -> None:
    submission = submission_create(actor=provider, case=provider_case)
    submission_receive(
        actor=siva, submission=submission, version=1, received_on=timezone.localdate()
    )
    submission_decide(actor=siva, submission=submission, version=2, decision="grant")


def _page(worker: User, case: Case) -> str:
    response = signed_in_client(Client(), worker).get(reverse("cases:detail", args=[case.uuid]))
    assert response.status_code == 200
    return visible_text(response)


def _lv_date(day: datetime.date) -> str:
    with translation.override("lv"):
        return formats.date_format(day, "SHORT_DATE_FORMAT")


def _outcome_notices(worker: User) -> list[Notification]:
    return list(
        Notification.objects.filter(recipient=worker, kind__in=OUTCOME_KINDS).order_by("pk")
    )


def test_with_consent_the_referrer_is_told_by_its_own_code_and_sees_the_outcome(
    worker: User,
    provider: User,
    personas: dict[str, User],
    referred: tuple[Case, Case],
    full_members: list[Any],
) -> None:
    case, provider_case = referred
    _share_with_referrer(provider, provider_case, worker)

    _recognise(provider, provider_case, full_members)

    (opinion,) = _outcome_notices(worker)
    assert opinion.kind == NotificationKind.REFERRED_COMMISSION_OPINION
    assert opinion.case_code == case.code
    assert provider_case.code not in opinion.message
    assert CANARY_NAME not in opinion.message
    today = _lv_date(timezone.localdate())
    body = _page(worker, case)
    assert f"{in_latvian(CommissionStatus.RECOGNISED.label)}, {today}" in body
    assert AuditEvent.objects.filter(
        action="sensitive_read", object_uuid=provider_case.uuid, actor=worker
    ).exists()

    _siva_grants(provider, provider_case, personas["agency_coordinator"])

    notices = _outcome_notices(worker)
    assert [notice.kind for notice in notices] == OUTCOME_KINDS
    assert notices[1].case_code == case.code
    assert f"{in_latvian(SubmissionStatus.GRANTED.label)}, {today}" in _page(worker, case)


def test_without_consent_the_referrer_hears_and_sees_nothing(
    worker: User,
    provider: User,
    personas: dict[str, User],
    referred: tuple[Case, Case],
    full_members: list[Any],
) -> None:
    case, provider_case = referred

    _recognise(provider, provider_case, full_members)
    _siva_grants(provider, provider_case, personas["agency_coordinator"])

    assert _outcome_notices(worker) == []
    body = _page(worker, case)
    assert in_latvian(CommissionStatus.RECOGNISED.label) not in body
    assert in_latvian(SubmissionStatus.GRANTED.label) not in body


def test_after_a_withdrawal_the_outcome_is_hidden_and_no_more_notices_come(
    worker: User,
    provider: User,
    personas: dict[str, User],
    referred: tuple[Case, Case],
    full_members: list[Any],
) -> None:
    case, provider_case = referred
    consent = _share_with_referrer(provider, provider_case, worker)
    _recognise(provider, provider_case, full_members)
    assert in_latvian(CommissionStatus.RECOGNISED.label) in _page(worker, case)

    consent_withdraw(actor=provider, consent=consent, withdrawn_on=timezone.localdate())
    _siva_grants(provider, provider_case, personas["agency_coordinator"])

    assert [notice.kind for notice in _outcome_notices(worker)] == [
        NotificationKind.REFERRED_COMMISSION_OPINION
    ]
    body = _page(worker, case)
    assert in_latvian(CommissionStatus.RECOGNISED.label) not in body
    assert in_latvian(SubmissionStatus.GRANTED.label) not in body
