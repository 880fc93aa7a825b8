"""One person through the whole mechanism, built through the services: the provider's
commission recognises them, SIVA grants the service, the course runs, the social service
asks the provider in writing; the free-text fields carry Latvian letters and a ``<script>``
canary that must come out of every PDF as text."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client

from atbalsts.accounts.models import Role, User
from atbalsts.agency.models import AgencySubmission
from atbalsts.agency.services import submission_create, submission_decide, submission_receive
from atbalsts.cases.models import Case
from atbalsts.casework import services as casework_services
from atbalsts.casework.models import InformationRequest
from atbalsts.consent.models import Consent, ConsentPurpose
from atbalsts.courses import services as course_services
from atbalsts.courses.models import Course, Delivery, ServiceLine
from atbalsts.directory.models import Contact
from atbalsts.identification.models import Commission
from atbalsts.identification.services import commission_convene, commission_decide
from tests.core.helpers import signed_in_client
from tests.people.factories import make_case, make_person

TODAY = datetime.date(2026, 11, 29)
MEETING = datetime.date(2026, 11, 20)
RECEIVED = TODAY
COURSE_START = TODAY
LETTERS = "ā č ē ģ ī ķ ļ ņ š ū ž Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž"
CANARY = "<script>alert('kanārijs')</script>"
FIRST_NAME = "Anžela"
LAST_NAME = "Ķēniņa-Čīrule"
PERSON_NAME = f"{FIRST_NAME} {LAST_NAME}"
CRITERIA = ["movement.recruited", "confinement.held_and_hidden"]


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(datetime.datetime(2026, 11, 29, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def specialist(persona_maker: Any) -> User:
    user: User = persona_maker("dm.specialist", Role.PROVIDER_SPECIALIST, "drosa_maja")
    return user


@pytest.fixture
def client_of(personas: dict[str, User], specialist: User) -> Any:
    users = {**personas, "provider_specialist": specialist}

    def sign_in(persona: str) -> Client:
        return signed_in_client(Client(), users[persona])

    return sign_in


@pytest.fixture
def provider_case(personas: dict[str, User]) -> Case:
    manager = personas["provider_case_manager"]
    person = make_person(created_by=manager, first_name=FIRST_NAME, last_name=LAST_NAME)
    return make_case(person=person, created_by=manager)


@pytest.fixture
def commission(provider_case: Case, personas: dict[str, User], specialist: User) -> Commission:
    manager = personas["provider_case_manager"]
    commission = commission_convene(
        actor=manager,
        case=provider_case,
        meeting_on=MEETING,
        interview_mode="in_person",
        is_person_abroad=False,
        members=[
            (manager, "social_worker"),
            (specialist, "psychologist"),
            (personas["provider_head"], "lawyer"),
            (personas["police_member"], "police_official"),
        ],
    )
    return commission_decide(
        actor=manager,
        commission=commission,
        version=commission.version,
        is_recognised=True,
        criteria=CRITERIA,
        justification=f"Pamatojums: {LETTERS}\n{CANARY}",
        protocol_number="KP-2026/17",
    )


@pytest.fixture
def submission(commission: Commission, personas: dict[str, User]) -> AgencySubmission:
    return submission_create(actor=personas["provider_case_manager"], case=commission.case)


@pytest.fixture
def decided_submission(submission: AgencySubmission, personas: dict[str, User]) -> AgencySubmission:
    coordinator = personas["agency_coordinator"]
    submission_receive(
        actor=coordinator, submission=submission, version=submission.version, received_on=RECEIVED
    )
    submission.refresh_from_db()
    return submission_decide(
        actor=coordinator,
        submission=submission,
        version=submission.version,
        decision="waiting_list",
        waiting_list_position=3,
        refusal_reason="",
    )


@pytest.fixture
def course(submission: AgencySubmission, personas: dict[str, User]) -> Course:
    coordinator = personas["agency_coordinator"]
    submission_receive(
        actor=coordinator, submission=submission, version=submission.version, received_on=RECEIVED
    )
    submission.refresh_from_db()
    submission_decide(
        actor=coordinator, submission=submission, version=submission.version, decision="grant"
    )
    manager = personas["provider_case_manager"]
    course = course_services.course_start(
        actor=manager, case=submission.case, start_date=COURSE_START, today=TODAY
    )
    plan = course.plan
    plan.short_term_goals = f"Drošs mājoklis {CANARY}"
    plan.save()
    Delivery.objects.create(
        course=course,
        service=ServiceLine.COURSE,
        kind="transport",
        quantity=Decimal("5.00"),
        delivered_on=TODAY,
        recorded_by=manager,
    )
    return course


def consent_from_provider(
    case: Case, personas: dict[str, User], *, purpose: str, categories: list[str]
) -> Consent:
    """The person's consent that the provider passes information to Rīga's social service."""
    riga = personas["social_worker_a"].organisation
    return Consent.objects.create(
        person=case.person,
        holder=case.organisation,
        recipient=riga,
        purpose=purpose,
        categories=categories,
        given_on=datetime.date(2026, 11, 3),
        evidence_reference="PK-2026/3",
        recorded_by=personas["provider_case_manager"],
    )


@pytest.fixture
def consent(provider_case: Case, personas: dict[str, User]) -> Consent:
    return consent_from_provider(
        provider_case,
        personas,
        purpose=ConsentPurpose.INFORMATION_REQUEST,
        categories=["identity", "services"],
    )


@pytest.fixture
def info_request(
    provider_case: Case, consent: Consent, personas: dict[str, User]
) -> InformationRequest:
    worker = personas["social_worker_a"]
    municipal_case = make_case(person=provider_case.person, created_by=worker)
    request = casework_services.information_request_send(
        actor=worker,
        case=municipal_case,
        provider=provider_case.organisation,
        question=f"Kāds ir pakalpojumu apjoms? {CANARY}",
    )
    return casework_services.information_request_answer(
        actor=personas["provider_case_manager"],
        request=request,
        reply=casework_services.Reply(
            scope="Psihologa konsultācijas", progress="Stabils", recommendations="Turpināt ģimenē"
        ),
    )


@pytest.fixture
def contacts() -> list[Contact]:
    return [
        Contact.objects.create(
            code="docs-active",
            name="Biedrība Ēnu ļaudis",
            phones=["67000001"],
            email="ena@example.lv",
        ),
        Contact.objects.create(code="docs-closed", name="Slēgtā biedrība", is_active=False),
    ]


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} (Debian poppler-utils) is needed to read the PDFs back"
    return path


def pdf_text(content: bytes) -> str:
    """The PDF's text as a reader copies it (poppler's pdftotext), lines joined by spaces."""
    result = subprocess.run(  # noqa: S603 - a fixed poppler tool on our own bytes
        [_tool("pdftotext"), "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return " ".join(result.stdout.decode("utf-8").split())


def page_count(content: bytes) -> int:
    result = subprocess.run(  # noqa: S603 - a fixed poppler tool on our own bytes
        [_tool("pdfinfo"), "-"], input=content, capture_output=True, check=True
    )
    line = next(x for x in result.stdout.decode().splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])
