"""Recognised persons, services and SIVA decisions built straight in the database.

Hundreds of records are needed to pin query counts and to see cells above the threshold;
the services would make each one with its whole audit trail, which is not what these tests
are about, so the rows are made with the models (encrypted fields still encrypted)."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from atbalsts.accounts.models import Organisation, User
from atbalsts.agency.models import AgencySubmission, SubmissionStatus
from atbalsts.cases.models import Case, ReferralSource
from atbalsts.courses.models import Course, Delivery, ServiceLine
from atbalsts.identification.models import IdentificationBasis, Recognition
from atbalsts.people.models import CitizenshipGroup, Person, Sex
from atbalsts.screening.models import Screening, ScreeningStatus
from tests.core.helpers import signed_in_client
from tests.people.factories import make_case, make_person

TODAY = datetime.date(2026, 11, 29)
YEAR = 2025
_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(datetime.datetime(2026, 11, 29, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def client_of(personas: dict[str, User]) -> Callable[[str], Client]:
    def sign_in(persona: str) -> Client:
        return signed_in_client(Client(), personas[persona])

    return sign_in


def recognise(
    *,
    keeper: User,
    organisation: Organisation,
    on: datetime.date,
    basis: str = IdentificationBasis.COMMISSION_OPINION,
    sex: str = Sex.FEMALE,
    citizenship: str = CitizenshipGroup.LATVIA,
    born: datetime.date = datetime.date(1990, 5, 1),
    source: str = ReferralSource.STATE_POLICE,
    forms: tuple[str, ...] = ("sexual",),
) -> tuple[Person, Case]:
    """One person recognised on ``on`` at ``organisation``, with a completed screening."""
    person = make_person(created_by=keeper, sex=sex, citizenship_group=citizenship, birth_date=born)
    case = make_case(
        person=person, created_by=keeper, organisation=organisation, referral_source=source
    )
    Recognition.objects.create(
        case=case,
        basis=basis,
        document_reference=f"REF-{next(_counter)}",
        recognised_on=on,
        recorded_by=keeper,
    )
    screening = Screening(
        case=case,
        status=ScreeningStatus.COMPLETED,
        assessed_on=on,
        created_by=keeper,
        completed_at=timezone.now(),
    )
    screening.purposes = list(forms)
    screening.save()
    return person, case


def deliver(
    *, case: Case, keeper: User, on: datetime.date, hours: str = "2", kind: str = "consultation"
) -> Delivery:
    course, _created = Course.objects.get_or_create(
        case=case, defaults={"start_date": on, "created_by": keeper}
    )
    return Delivery.objects.create(
        course=course,
        service=ServiceLine.COURSE,
        kind=kind,
        specialist="psychologist",
        quantity=Decimal(hours),
        delivered_on=on,
        recorded_by=keeper,
    )


def decide(
    *,
    case: Case,
    keeper: User,
    agency: Organisation,
    decided: datetime.date,
    decide_by: datetime.date,
    status: str = SubmissionStatus.GRANTED,
) -> AgencySubmission:
    return AgencySubmission.objects.create(
        case=case,
        agency=agency,
        recognition=case.recognition,
        status=status,
        submitted_by=keeper,
        received_on=decide_by - datetime.timedelta(days=20),
        decide_by=decide_by,
        decided_at=datetime.datetime.combine(decided, datetime.time(10), tzinfo=datetime.UTC),
    )


@pytest.fixture
def recognise_many(
    personas: dict[str, User], organisations: dict[str, Organisation]
) -> Callable[..., list[Case]]:
    def make(count: int, **fields: Any) -> list[Case]:
        keeper = personas["provider_case_manager"]
        fields.setdefault("organisation", organisations["riga"])
        fields.setdefault("on", datetime.date(YEAR, 2, 10))
        return [recognise(keeper=keeper, **fields)[1] for _ in range(count)]

    return make
