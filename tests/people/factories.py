"""Builders for people and cases, shared by the people, cases, core_fields and access tests."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from atbalsts.accounts.models import Organisation, User
from atbalsts.cases.models import Case
from atbalsts.consent.models import Consent, ConsentPurpose, ConsentWithdrawal
from atbalsts.people.models import Person

_sequence = itertools.count(1)


def make_person(
    *, created_by: User, organisation: Organisation | None = None, **fields: Any
) -> Person:
    n = next(_sequence)
    values: dict[str, Any] = {
        "first_name": f"Līga{n}",
        "last_name": "Ozola",
        "personal_code": f"010190-{10000 + n}",
        "birth_date": datetime.date(1990, 1, 1),
        "address": f"Rīga, Brīvības iela {n}",
        **fields,
    }
    person = Person(
        registered_by=organisation or created_by.organisation, created_by=created_by, **values
    )
    person.full_clean()
    person.save()
    return person


def make_case(
    *, person: Person, created_by: User, organisation: Organisation | None = None, **fields: Any
) -> Case:
    case = Case(
        person=person,
        organisation=organisation or created_by.organisation,
        created_by=created_by,
        **fields,
    )
    case.full_clean()
    case.save()
    return case


def make_consent(
    *,
    person: Person,
    holder: Organisation,
    recipient: Organisation,
    recorded_by: User,
    categories: list[str] | None = None,
    supersedes: Consent | None = None,
) -> Consent:
    consent = Consent(
        person=person,
        holder=holder,
        recipient=recipient,
        purpose=ConsentPurpose.COURSE_COOPERATION,
        categories=categories if categories is not None else ["identity", "services"],
        given_on=datetime.date(2026, 11, 1),
        evidence_reference="Veidlapa 1/2026",
        recorded_by=recorded_by,
        supersedes=supersedes,
    )
    consent.save()
    return consent


def withdraw(consent: Consent, *, recorded_by: User) -> None:
    ConsentWithdrawal(
        consent=consent, withdrawn_on=datetime.date(2026, 11, 20), recorded_by=recorded_by
    ).save()
