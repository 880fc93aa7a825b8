"""The consent form can be printed and signed before the consent is recorded: the record
page prepares it from its own choices, records nothing, and audits the generation."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from atbalsts.accounts.models import Organisation, User
from atbalsts.audit.models import AuditEvent
from atbalsts.cases.models import Case
from atbalsts.consent import texts
from atbalsts.consent.models import Consent, ConsentPurpose, InformationCategory
from tests.consent.conftest import CANARY_NAME
from tests.core.helpers import signed_in_client
from tests.core.pages import in_latvian, visible_text
from tests.documents.conftest import pdf_text

pytestmark = pytest.mark.django_db

PREPARE = "Prepare the form for signing"
NUMBER = re.compile(r"PK-[0-9A-Z]{4}-[0-9A-Z]{4}")


def _draft_url(case: Case) -> str:
    return reverse("consent:consent_form_draft", args=[case.person.uuid])


def test_the_record_page_offers_the_form_to_sign_first(
    client: Client, manager: User, case: Case
) -> None:
    signed_in_client(client, manager)

    response = client.get(reverse("consent:consent_create", args=[case.person.uuid]))

    assert in_latvian(PREPARE) in visible_text(response)
    assert f'formaction="{_draft_url(case)}"' in response.content.decode()


def test_the_prepared_form_carries_the_choices_and_records_nothing(
    client: Client, manager: User, case: Case, riga: Organisation
) -> None:
    signed_in_client(client, manager)

    response = client.post(
        _draft_url(case),
        {
            "recipient": str(riga.uuid),
            "purpose": ConsentPurpose.COURSE_COOPERATION,
            "categories": [InformationCategory.IDENTITY, InformationCategory.SERVICES],
            "language": "lv",
        },
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        CANARY_NAME,
        manager.organisation.name,
        riga.name,
        in_latvian(ConsentPurpose.COURSE_COOPERATION.label),
        in_latvian(InformationCategory.IDENTITY.label),
        in_latvian(InformationCategory.SERVICES.label),
    ):
        assert expected in text, expected
    assert in_latvian(InformationCategory.HEALTH.label) not in text
    assert not Consent.objects.exists()
    event = AuditEvent.objects.get(action="document_generated")
    assert (event.object_type, event.object_uuid) == ("person", case.person.uuid)
    found = NUMBER.search(text)
    assert found is not None
    assert event.payload["number"] == found.group(0)

    # The number printed on the signed form is then recorded as its reference.
    client.post(
        reverse("consent:consent_create", args=[case.person.uuid]),
        {
            "recipient": str(riga.uuid),
            "purpose": ConsentPurpose.COURSE_COOPERATION,
            "categories": [InformationCategory.IDENTITY, InformationCategory.SERVICES],
            "given_on": "2026-11-20",
            "evidence_reference": found.group(0),
        },
    )
    assert Consent.objects.get().evidence_reference == found.group(0)


def test_a_missing_choice_brings_the_page_back_with_what_was_typed(
    client: Client, manager: User, case: Case
) -> None:
    signed_in_client(client, manager)

    response = client.post(
        _draft_url(case),
        {"purpose": ConsentPurpose.CASE_TAKEOVER, "evidence_reference": "DM-2026-9"},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="DM-2026-9"' in body
    assert f'value="{ConsentPurpose.CASE_TAKEOVER.value}" selected' in body
    assert 'aria-invalid="true"' in body
    assert f'action="{reverse("consent:consent_create", args=[case.person.uuid])}"' in body
    assert in_latvian(texts.DRAFT_FORM_EXPLANATION) in visible_text(response)
    assert not AuditEvent.objects.filter(action="document_generated").exists()


def test_another_organisation_gets_404(
    client: Client, marta_manager: User, case: Case, riga: Organisation
) -> None:
    signed_in_client(client, marta_manager)

    response = client.post(
        _draft_url(case),
        {
            "recipient": str(riga.uuid),
            "purpose": ConsentPurpose.REFERRAL,
            "categories": [InformationCategory.IDENTITY],
        },
    )

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="document_generated").exists()
