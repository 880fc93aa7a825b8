"""A provider case with canary values and a course, a specialist of the provider, and the
municipal service that may be given consent (docs/security.md AZ-3, AZ-5)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from atbalsts.accounts.models import Role, User
from atbalsts.agency.models import AgencySubmission
from atbalsts.agency.services import submission_create, submission_decide, submission_receive
from atbalsts.cases.models import Case
from atbalsts.courses import services
from atbalsts.courses.models import Course
from atbalsts.identification.models import IdentificationBasis
from atbalsts.identification.services import recognition_record
from tests.core.helpers import signed_in_client
from tests.people.conftest import CANARIES
from tests.people.factories import make_case, make_consent, make_person

TODAY = datetime.date(2026, 11, 29)
# A course that started 2026-10-01 runs through 2027-03-29 (day 60 on TODAY).
START = datetime.date(2026, 10, 1)
# SIVA's grant: a week after the recognition siva_grants records, before every course these
# tests start.
GRANTED_ON = datetime.date(2024, 6, 10)
PLAN_CANARY = "Kanarijmerkis"
WRONG_PERSONAS = ["social_worker_a", "social_worker_b", "ministry_analyst", "system_admin", "dpo"]


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(datetime.datetime(2026, 11, 29, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def specialist(persona_maker: Any) -> User:
    user: User = persona_maker("dm.specialist", Role.PROVIDER_SPECIALIST, "drosa_maja")
    return user


def siva_grants(
    case: Case, personas: dict[str, User], granted_on: datetime.date | None = None
) -> AgencySubmission:
    """The provider records the law-enforcement recognition and submits it to SIVA; SIVA
    receives it and grants the service, all through the services (the course may start), on
    ``granted_on`` (default :data:`GRANTED_ON`)."""
    manager = personas["provider_case_manager"]
    coordinator = personas["agency_coordinator"]
    recognition_record(
        actor=manager,
        case=case,
        basis=IdentificationBasis.FOREIGN_LAW_ENFORCEMENT_CERTIFICATE,
        proceedings_status="",
        document_reference="FR-77",
        document_date=datetime.date(2024, 6, 1),
        document_issuer="Police nationale",
        recognised_on=datetime.date(2024, 6, 2),
    )
    submission = submission_create(actor=manager, case=case)
    submission_receive(
        actor=coordinator, submission=submission, version=submission.version, received_on=TODAY
    )
    granted_on = granted_on or GRANTED_ON
    granted = submission_decide(
        actor=coordinator, submission=submission, version=submission.version, decision="grant"
    )
    # Recorded as granted before the courses these tests start (courses refuse an earlier
    # start: services.course_start).
    decided_at = timezone.make_aware(datetime.datetime.combine(granted_on, datetime.time(10)))
    AgencySubmission.objects.filter(pk=granted.pk).update(decided_at=decided_at)
    granted.refresh_from_db()
    return granted


def provider_case_without_grant(personas: dict[str, User], **identity: Any) -> Case:
    manager = personas["provider_case_manager"]
    person = make_person(created_by=manager, birth_date=datetime.date(1999, 11, 29), **identity)
    return make_case(person=person, created_by=manager)


def granted_provider_case(personas: dict[str, User], **identity: Any) -> Case:
    case = provider_case_without_grant(personas, **identity)
    siva_grants(case, personas)
    return case


@pytest.fixture
def provider_case(personas: dict[str, User]) -> Case:
    """A provider case that SIVA has granted the service to."""
    return granted_provider_case(personas, **CANARIES)


@pytest.fixture
def course(provider_case: Case, personas: dict[str, User]) -> Course:
    course = services.course_start(
        actor=personas["provider_case_manager"],
        case=provider_case,
        start_date=START,
        today=TODAY,
    )
    plan = course.plan
    plan.short_term_goals = PLAN_CANARY
    plan.save()
    return course


def consent_to_riga(case: Case, personas: dict[str, User], categories: list[str]) -> None:
    organisations = {user.organisation.code: user.organisation for user in personas.values()}
    make_consent(
        person=case.person,
        holder=case.organisation,
        recipient=organisations["riga-sd"],
        recorded_by=personas["provider_case_manager"],
        categories=categories,
    )


@pytest.fixture
def client_of(personas: dict[str, User], specialist: User) -> Any:
    users = {**personas, "provider_specialist": specialist}

    def sign_in(persona: str) -> Client:
        return signed_in_client(Client(), users[persona])

    return sign_in
