"""Export holders, a private export directory per test, and recipients of SIVA's register."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
import pyzipper
from django.conf import LazySettings
from django.test import Client
from django.utils import timezone

from atbalsts.access.policy import ExportKind
from atbalsts.accounts.models import Organisation, Role, User
from atbalsts.agency.models import AgencySubmission, SubmissionStatus
from atbalsts.cases.models import Case
from atbalsts.courses.models import Course, CourseStatus
from atbalsts.exports.models import ExportGrant
from atbalsts.identification.models import IdentificationBasis, Recognition
from atbalsts.people.models import Person
from tests.core.helpers import signed_in_client


@pytest.fixture(autouse=True)
def exports_dir(settings: LazySettings, tmp_path: Path) -> Path:
    """Each test's export files in a directory of its own (others may run tests alongside)."""
    directory = tmp_path / "exports"
    settings.EXPORTS_DIR = directory
    return directory


@pytest.fixture
def second_coordinator(persona_maker: Any) -> User:
    user: User = persona_maker("siva.second", Role.AGENCY_COORDINATOR, "siva")
    return user


def give(user: User, kind: ExportKind, *, by: User) -> None:
    ExportGrant.objects.create(user=user, kind=kind, granted_by=by)


@pytest.fixture
def client_of(personas: dict[str, User], second_coordinator: User) -> Any:
    users = {**personas, "second_coordinator": second_coordinator}

    def sign_in(persona: str) -> Client:
        return signed_in_client(Client(), users[persona])

    return sign_in


def make_recipients(
    count: int,
    *,
    siva: Organisation,
    provider: Organisation,
    author: User,
    with_course: bool = True,
    first_name: str = "Anna",
) -> list[Person]:
    """``count`` people SIVA granted the service to, built in bulk (the services are tested
    elsewhere; these tests are about reading many of them)."""
    people = Person.objects.bulk_create(
        [
            Person(
                first_name=f"{first_name}{n}",
                last_name="Bērziņa",
                personal_code=f"150590-{20000 + n}",
                birth_date=datetime.date(1990, 5, 15),
                address=f"Rīga, Tērbatas iela {n}",
                registered_by=provider,
                created_by=author,
            )
            for n in range(count)
        ]
    )
    cases = Case.objects.bulk_create(
        [Case(person=person, organisation=provider, created_by=author) for person in people]
    )
    recognitions = Recognition.objects.bulk_create(
        [
            Recognition(
                case=case,
                basis=IdentificationBasis.COMMISSION_OPINION,
                recognised_on=datetime.date(2026, 10, 1),
                recorded_by=author,
            )
            for case in cases
        ]
    )
    AgencySubmission.objects.bulk_create(
        [
            AgencySubmission(
                case=case,
                agency=siva,
                recognition=recognition,
                submitted_by=author,
                status=SubmissionStatus.GRANTED,
                decided_at=timezone.now(),
            )
            for case, recognition in zip(cases, recognitions, strict=True)
        ]
    )
    if with_course:
        Course.objects.bulk_create(
            [
                Course(
                    case=case,
                    start_date=datetime.date(2026, 10, 5),
                    status=CourseStatus.RUNNING,
                    created_by=author,
                )
                for case in cases
            ]
        )
    return people


@pytest.fixture
def recipients_of(organisations: dict[str, Organisation], personas: dict[str, User]) -> Any:
    def build(count: int, **options: Any) -> list[Person]:
        return make_recipients(
            count,
            siva=organisations["siva"],
            provider=organisations["drosa_maja"],
            author=personas["provider_case_manager"],
            **options,
        )

    return build


def open_archive(path: Path | bytes) -> Any:
    source = io.BytesIO(path) if isinstance(path, bytes) else path
    return pyzipper.AESZipFile(source)
