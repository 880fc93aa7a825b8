"""A provider case of one person with canary values, a second provider and a consent."""

from __future__ import annotations

import datetime

import pytest

from atbalsts.accounts.models import Organisation, OrganisationType, Role, User
from atbalsts.cases.models import Case
from atbalsts.consent.models import Consent, ConsentPurpose, InformationCategory
from atbalsts.consent.services import consent_record
from atbalsts.people.models import Person
from tests.factories import make_organisation, make_user

CANARY_NAME = "Kanārijputniņa"
CANARY_PHONE = "+371 2999 1234"
GIVEN_ON = datetime.date(2026, 11, 2)


def make_person(*, organisation: Organisation, user: User, first_name: str = CANARY_NAME) -> Person:
    return Person.objects.create(
        first_name=first_name,
        last_name="Testa",
        phone=CANARY_PHONE,
        registered_by=organisation,
        created_by=user,
    )


def make_case(*, person: Person, organisation: Organisation, user: User) -> Case:
    return Case.objects.create(person=person, organisation=organisation, created_by=user)


@pytest.fixture
def marta(db: None) -> Organisation:
    return make_organisation(
        code="marta", name="Resursu centrs sievietēm Marta", type=OrganisationType.SERVICE_PROVIDER
    )


@pytest.fixture
def marta_manager(marta: Organisation) -> User:
    return make_user(username="marta.case", role=Role.PROVIDER_CASE_MANAGER, organisation=marta)


@pytest.fixture
def manager(personas: dict[str, User]) -> User:
    """Provider case manager of Drošā māja, who holds the person's case."""
    return personas["provider_case_manager"]


@pytest.fixture
def person(manager: User) -> Person:
    return make_person(organisation=manager.organisation, user=manager)


@pytest.fixture
def case(person: Person, manager: User) -> Case:
    return make_case(person=person, organisation=manager.organisation, user=manager)


@pytest.fixture
def riga(organisations: dict[str, Organisation]) -> Organisation:
    return organisations["riga"]


@pytest.fixture
def consent_to_riga(manager: User, case: Case, riga: Organisation) -> Consent:
    return consent_record(
        actor=manager,
        person=case.person,
        recipient=riga,
        purpose=ConsentPurpose.COURSE_COOPERATION,
        categories=[InformationCategory.IDENTITY, InformationCategory.CONTACT],
        given_on=GIVEN_ON,
        evidence_reference="DM-2026-117",
    )


@pytest.fixture
def referral_consent(manager: User, case: Case, marta: Organisation) -> Consent:
    return consent_record(
        actor=manager,
        person=case.person,
        recipient=marta,
        purpose=ConsentPurpose.REFERRAL,
        categories=[InformationCategory.IDENTITY, InformationCategory.SERVICES],
        given_on=GIVEN_ON,
        evidence_reference="DM-2026-118",
    )
