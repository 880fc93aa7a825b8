"""The referral's page shows the recipient what the person's consent to referral lets it see
(the referring organisation's screening), before it accepts; accepting opens the new case."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import pytest
from django.test import Client
from django.urls import reverse

from atbalsts.accounts.models import Organisation, User
from atbalsts.audit.models import AuditEvent
from atbalsts.cases.models import Case
from atbalsts.consent import texts
from atbalsts.consent.models import ConsentPurpose, InformationCategory, Referral
from atbalsts.consent.services import consent_record, consent_withdraw, referral_send
from atbalsts.screening.models import Screening, ScreeningStatus
from tests.consent.conftest import GIVEN_ON, make_case, make_person
from tests.core.helpers import signed_in_client
from tests.core.pages import in_latvian, visible_text

pytestmark = pytest.mark.django_db

# Catalogue labels (atbalsts/rules/catalogue.py), as the Latvian page names them.
SIGN = "Parādsaistības"
CRITERION = "Tika savervēta"
NEED = "Psiholoģiskā palīdzība"
RISK_GROUP = "Bezdarbnieki un darba meklētāji"
HEALTH_ISSUE = "Psiholoģiska trauma"
SCREENING_FINDINGS = (SIGN, CRITERION, NEED, RISK_GROUP)


@pytest.fixture
def worker(personas: dict[str, User]) -> User:
    """The Rīga social worker who screened the person and refers them to the provider."""
    return personas["social_worker_a"]


@pytest.fixture
def provider(personas: dict[str, User]) -> User:
    return personas["provider_case_manager"]


@pytest.fixture
def referred_case(worker: User) -> Case:
    person = make_person(organisation=worker.organisation, user=worker)
    case = make_case(person=person, organisation=worker.organisation, user=worker)
    screening = Screening(
        case=case,
        created_by=worker,
        assessed_on=datetime.date(2026, 11, 20),
        status=ScreeningStatus.COMPLETED,
        indicators=["debt_bondage"],
        criteria=["movement.recruited"],
        needs=["psychological_help"],
        risk_groups=["unemployed_jobseekers"],
        health_issues=["psychological_trauma"],
    )
    screening.full_clean()
    screening.save()
    return case


def _refer(
    worker: User, case: Case, recipient: Organisation, categories: Iterable[str]
) -> Referral:
    consent = consent_record(
        actor=worker,
        person=case.person,
        recipient=recipient,
        purpose=ConsentPurpose.REFERRAL,
        categories=list(categories),
        given_on=GIVEN_ON,
        evidence_reference="RSD-2026-41",
    )
    return referral_send(actor=worker, case=case, recipient=recipient, consent=consent)


def _page(provider: User, referral: Referral) -> str:
    response = signed_in_client(Client(), provider).get(
        reverse("consent:referral_detail", args=[referral.uuid])
    )
    assert response.status_code == 200
    return visible_text(response)


def test_the_provider_sees_the_screening_the_consent_covers_before_accepting(
    worker: User, provider: User, referred_case: Case
) -> None:
    referral = _refer(
        worker,
        referred_case,
        provider.organisation,
        [InformationCategory.IDENTITY, InformationCategory.EXPLOITATION],
    )

    body = _page(provider, referral)

    assert (
        in_latvian(texts.REFERRAL_SCREENING_SHOWN)
        % {
            "organisation": worker.organisation.name,
            "date": "20.11.2026",
        }
        in body
    )
    for finding in SCREENING_FINDINGS:
        assert finding in body, finding
    # Health problems are a category of their own, not given here.
    assert HEALTH_ISSUE not in body
    assert body.index(CRITERION) < body.index("Pieņemt un atvērt lietu")
    screening = Screening.objects.get(case=referred_case)
    event = AuditEvent.objects.get(action="sensitive_read", object_uuid=screening.uuid)
    assert event.actor == provider
    assert event.purpose == "consent"


def test_health_problems_are_shown_only_with_the_health_category(
    worker: User, provider: User, referred_case: Case
) -> None:
    referral = _refer(
        worker,
        referred_case,
        provider.organisation,
        [InformationCategory.EXPLOITATION, InformationCategory.HEALTH],
    )

    assert HEALTH_ISSUE in _page(provider, referral)


def test_without_exploitation_details_in_the_consent_no_screening_is_shown(
    worker: User, provider: User, referred_case: Case
) -> None:
    referral = _refer(worker, referred_case, provider.organisation, [InformationCategory.IDENTITY])

    body = _page(provider, referral)

    for finding in SCREENING_FINDINGS:
        assert finding not in body, finding
    assert in_latvian(texts.REFERRAL_NO_EXPLOITATION) in body
    assert not AuditEvent.objects.filter(action="sensitive_read", object_type="screening").exists()


def test_after_the_consent_is_withdrawn_nothing_is_shown(
    worker: User, provider: User, referred_case: Case
) -> None:
    referral = _refer(
        worker, referred_case, provider.organisation, [InformationCategory.EXPLOITATION]
    )
    consent_withdraw(actor=worker, consent=referral.consent, withdrawn_on=GIVEN_ON)

    body = _page(provider, referral)

    for finding in SCREENING_FINDINGS:
        assert finding not in body, finding
    assert in_latvian(texts.REFERRAL_CONSENT_INACTIVE) in body


def test_accepting_opens_the_new_case(worker: User, provider: User, referred_case: Case) -> None:
    referral = _refer(worker, referred_case, provider.organisation, [InformationCategory.IDENTITY])
    client = signed_in_client(Client(), provider)

    response = client.post(reverse("consent:referral_accept", args=[referral.uuid]))

    referral.refresh_from_db()
    assert referral.received_case is not None
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[referral.received_case.uuid])
