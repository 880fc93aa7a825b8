"""A small world with canary values in every field group (docs/security.md AZ-3, AZ-5)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from atbalsts.accounts.models import Organisation, User
from tests.core.helpers import signed_in_client
from tests.people.factories import make_case, make_person

CANARIES: dict[str, Any] = {
    "first_name": "Kanarijvards",
    "last_name": "Kanarijuzvards",
    "personal_code": "291199-17772",
    "address": "Kanārijas iela 99",
    "phone": "+371 29999001",
    "email": "kanarijs@example.lv",
    "shelter_location": "Kanāriju patversme",
}
NOTES_CANARY = "Kanarijpiezime"
WRONG_PERSONAS = ["social_worker_b", "ministry_analyst", "system_admin", "dpo"]


@pytest.fixture
def world(personas: dict[str, User], organisations: dict[str, Organisation]) -> dict[str, Any]:
    worker = personas["social_worker_a"]
    person = make_person(created_by=worker, birth_date=datetime.date(1999, 11, 29), **CANARIES)
    case = make_case(person=person, created_by=worker, notes=NOTES_CANARY)
    return {"person": person, "case": case, "worker": worker, "organisations": organisations}


@pytest.fixture
def client_of(client: Client, personas: dict[str, User]) -> Any:
    def sign_in(persona: str) -> Client:
        return signed_in_client(Client(), personas[persona])

    return sign_in


def assert_no_canary(content: bytes) -> None:
    text = content.decode()
    for value in [*CANARIES.values(), NOTES_CANARY, "1999-11-29", "29.11.1999"]:
        assert value not in text, value
