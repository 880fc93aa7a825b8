"""The trail reads as events, records and times a data-protection officer recognises."""

from __future__ import annotations

import datetime
import uuid

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from atbalsts.accounts.models import TotpDevice, User
from atbalsts.audit import texts
from atbalsts.audit.models import AuditEvent
from atbalsts.audit.services import audit_authz_fail, audit_record
from atbalsts.cases.models import Case
from atbalsts.people.models import Person
from tests.core.helpers import signed_in_client
from tests.core.pages import in_latvian, visible_text
from tests.people.factories import make_case, make_person

pytestmark = pytest.mark.django_db

TRAIL = reverse("audit:trail")
GONE = uuid.UUID("0b5e8d1c-6f3a-4a77-9e2d-5c1b7a9f0e42")


@pytest.fixture
def dpo_client(client: Client, personas: dict[str, User]) -> Client:
    return signed_in_client(client, personas["dpo"])


@pytest.fixture
def case(personas: dict[str, User]) -> Case:
    worker = personas["social_worker_a"]
    return make_case(person=make_person(created_by=worker), created_by=worker)


def _english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _table(response: object) -> str:
    return visible_text(response).split("Pozīcija", 1)[-1].split("Position", 1)[-1]  # type: ignore[arg-type]


def test_events_objects_and_details_are_in_words_not_codes(
    dpo_client: Client, personas: dict[str, User], case: Case
) -> None:
    worker = personas["social_worker_a"]
    device = TotpDevice.objects.create(user=worker, name="phone", confirmed=True)
    audit_record(
        actor=worker,
        action="authn_mfa_success",
        object_type="accounts.totpdevice",
        object_uuid=device.uuid,
        payload={"method": "totp"},
    )
    audit_record(actor=worker, action="sensitive_read", object_type="case", object_uuid=case.uuid)
    audit_record(
        actor=worker, action="person_updated", object_type="person", object_uuid=case.person.uuid
    )
    audit_authz_fail(
        actor=worker,
        resource_type="page",
        page="user_list",
        reason="missing_capability:manage_users",
    )
    audit_record(actor=worker, action="sensitive_read", object_type="case", object_uuid=GONE)

    latvian = dpo_client.get(TRAIL)
    english = _english(dpo_client).get(TRAIL)

    lv_table, en_table = _table(latvian), _table(english)
    for code in ("authn_mfa_success", "sensitive_read", "accounts.totpdevice", "authz_fail"):
        assert code not in lv_table
        assert code not in en_table
    assert "Otrais faktors apstiprināts Autentifikators riga.social" in lv_table
    assert "Second factor confirmed Authenticator riga.social" in en_table
    # The records by the codes staff use: the case code, the person reference, the username.
    assert f"Atvērts aizsargāts ieraksts Sociālais gadījums {case.code}" in lv_table
    assert f"Opened a protected record Social case {case.code}" in en_table
    assert f"Personas dati mainīti Persona {case.person.reference}" in lv_table
    for identifier in (case.uuid, case.person.uuid, device.uuid):
        assert str(identifier) not in lv_table
    # A record that no longer exists keeps its identifier, still linked to its events.
    assert str(GONE) in lv_table
    assert reverse("audit:object_events", args=[GONE]) in latvian.content.decode()
    # Details as a list of named values, the refused page among them.
    assert (
        "<dt>Lapa</dt><dd>user_list</dd><dt>Iemesls</dt><dd>missing_capability:manage_users</dd>"
        in latvian.content.decode()
    )
    assert '<dl class="audit-events__details">' in english.content.decode()


def test_the_time_column_says_riga_and_shows_riga_time(
    dpo_client: Client, personas: dict[str, User]
) -> None:
    # 21:36:05 UTC is 23:36:05 in Riga in December.
    with time_machine.travel(datetime.datetime(2026, 12, 7, 21, 36, 5, tzinfo=datetime.UTC)):
        audit_record(actor=personas["social_worker_a"], action="case_opened")

    latvian = visible_text(dpo_client.get(TRAIL))
    english = visible_text(_english(dpo_client).get(TRAIL))

    assert "Laiks (Rīgas laiks)" in latvian
    assert "Time (Riga)" in english
    assert "UTC" not in latvian + english
    assert "23:36:05" in latvian
    assert "21:36:05" not in latvian


def test_search_by_case_code_finds_the_case_and_its_records(
    dpo_client: Client, personas: dict[str, User], case: Case
) -> None:
    worker = personas["social_worker_a"]
    other = make_case(person=make_person(created_by=worker), created_by=worker)
    audit_record(actor=worker, action="case_opened", object_type="case", object_uuid=case.uuid)
    audit_record(actor=worker, action="case_opened", object_type="case", object_uuid=other.uuid)
    typed = case.code.lower().replace("-", " - ", 1)

    response = dpo_client.post(TRAIL, {"object_uuid": typed})

    table = _table(response)
    assert response.status_code == 200
    assert case.code in table
    assert other.code not in table
    viewed = AuditEvent.objects.filter(action="audit_trail_viewed").order_by("-seq").first()
    assert viewed is not None
    assert viewed.object_uuid == case.uuid
    assert viewed.payload == {"view": "search", "filters": ["object_uuid"]}


def test_search_by_person_reference_finds_the_persons_events(
    dpo_client: Client, personas: dict[str, User], case: Case
) -> None:
    worker = personas["social_worker_a"]
    person: Person = case.person
    stranger = make_person(created_by=worker)
    audit_record(
        actor=worker, action="person_updated", object_type="person", object_uuid=person.uuid
    )
    audit_record(
        actor=worker, action="person_updated", object_type="person", object_uuid=stranger.uuid
    )

    table = _table(dpo_client.post(TRAIL, {"object_uuid": person.reference}))

    assert person.reference in table
    assert stranger.reference not in table


def test_search_by_identifier_keeps_working(
    dpo_client: Client, personas: dict[str, User], case: Case
) -> None:
    audit_record(
        actor=personas["social_worker_a"],
        action="case_opened",
        object_type="case",
        object_uuid=case.uuid,
    )

    table = _table(dpo_client.post(TRAIL, {"object_uuid": str(case.uuid)}))

    assert case.code in table


@pytest.mark.parametrize("typed", ["AT-0000-0000", "P-ZZZZ-ZZZZ", "AT-12", "nekas"])
def test_a_wrong_code_says_that_nothing_was_found(
    dpo_client: Client, personas: dict[str, User], case: Case, typed: str
) -> None:
    audit_record(
        actor=personas["social_worker_a"],
        action="case_opened",
        object_type="case",
        object_uuid=case.uuid,
    )

    response = dpo_client.post(TRAIL, {"object_uuid": typed})

    text = visible_text(response)
    assert response.status_code == 200
    assert in_latvian(texts.NO_OBJECT_FOR_CODE) % {"code": typed} in text
    assert "UUID" not in text
    assert case.code not in text
    # The form keeps what was typed, and the search is recorded like any other.
    assert f'value="{typed}"' in response.content.decode()
    viewed = AuditEvent.objects.filter(action="audit_trail_viewed").order_by("-seq").first()
    assert viewed is not None
    assert (viewed.object_uuid, viewed.payload["filters"]) == (None, ["object_uuid"])


def test_the_object_page_is_headed_by_the_records_code(
    dpo_client: Client, personas: dict[str, User], case: Case
) -> None:
    audit_record(
        actor=personas["social_worker_a"],
        action="sensitive_read",
        object_type="case",
        object_uuid=case.uuid,
    )

    text = visible_text(dpo_client.get(reverse("audit:object_events", args=[case.uuid])))

    assert f"Kas, kad un kāpēc atvēra vai mainīja ierakstu {case.code}." in text
