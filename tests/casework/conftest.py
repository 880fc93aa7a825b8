"""A Rīga social service case with canary values in its case management, and a provider
that holds the same person's case."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from atbalsts.accounts.models import User
from atbalsts.casework import services
from atbalsts.casework.models import CaseManagement
from atbalsts.consent.models import Consent, ConsentPurpose
from tests.core.helpers import signed_in_client
from tests.people.factories import make_case, make_person

INTERVIEW_CANARY = "Kanārijintervija"
PLAN_CANARY = "Kanārijplāns"
OUTCOME_CANARY = "Kanārijiznākums"
REPLY_CANARY = "Kanārijatbilde"
CANARIES = (INTERVIEW_CANARY, PLAN_CANARY, OUTCOME_CANARY, REPLY_CANARY)
WRONG_PERSONAS = [
    "social_worker_b",
    "provider_case_manager",
    "provider_head",
    "police_member",
    "agency_coordinator",
    "ministry_analyst",
    "dpo",
    "system_admin",
]


@pytest.fixture
def client_of(personas: dict[str, User]) -> Any:
    def sign_in(persona: str) -> Client:
        return signed_in_client(Client(), personas[persona])

    return sign_in


@pytest.fixture
def worker(personas: dict[str, User]) -> User:
    return personas["social_worker_a"]


@pytest.fixture
def world(personas: dict[str, User], worker: User) -> dict[str, Any]:
    person = make_person(created_by=worker)
    case = make_case(person=person, created_by=worker)
    provider = personas["provider_case_manager"]
    provider_case = make_case(person=person, created_by=provider)
    return {"person": person, "case": case, "provider_case": provider_case}


@pytest.fixture
def management(world: dict[str, Any], worker: User) -> CaseManagement:
    return services.case_management_save(
        actor=worker,
        case=world["case"],
        version=0,
        details=services.ManagementDetails(
            interview_notes=INTERVIEW_CANARY,
            needs=["safety_housing", "medical_help"],
            plan_notes=PLAN_CANARY,
        ),
    )


def request_consent(world: dict[str, Any], personas: dict[str, User], purpose: str) -> Consent:
    provider = personas["provider_case_manager"]
    return Consent.objects.create(
        person=world["person"],
        holder=provider.organisation,
        recipient=world["case"].organisation,
        purpose=purpose,
        categories=["services"],
        given_on=datetime.date(2026, 11, 2),
        evidence_reference="PK-2026-17",
        recorded_by=provider,
    )


@pytest.fixture
def consent(world: dict[str, Any], personas: dict[str, User]) -> Consent:
    return request_consent(world, personas, ConsentPurpose.INFORMATION_REQUEST)


def assert_no_canary(content: bytes) -> None:
    text = content.decode()
    for value in CANARIES:
        assert value not in text, value
