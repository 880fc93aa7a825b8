"""Sending to SIVA cannot be undone: the provider first sees what SIVA gets (the protocol,
the opinion, the criteria found, the documents) and the documents go only on the confirmed
POST."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from django.urls import reverse

from atbalsts.agency import texts
from atbalsts.agency.models import AgencySubmission
from atbalsts.attachments.models import AttachmentKind
from atbalsts.consent.models import InformationCategory
from atbalsts.identification.models import CommissionStatus
from atbalsts.identification.services import (
    commission_convene,
    commission_decide,
    recognition_record,
)
from atbalsts.rules.catalogue import label
from tests.attachments.conftest import attach
from tests.attachments.files import pdf_with_author
from tests.core.pages import in_latvian, visible_text
from tests.identification.conftest import provider_case, specialists
from tests.people.conftest import client_of

__all__ = ["client_of", "provider_case", "specialists"]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def attachments_dir(settings: LazySettings, tmp_path: Path) -> Path:
    settings.ATTACHMENTS_DIR = tmp_path / "attachments"
    return Path(settings.ATTACHMENTS_DIR)


@pytest.fixture
def recognised_by_commission(
    personas: dict[str, Any], specialists: dict[str, Any], provider_case: Any
) -> Any:
    provider = personas["provider_case_manager"]
    commission = commission_convene(
        actor=provider,
        case=provider_case,
        meeting_on=datetime.date(2026, 11, 20),
        interview_mode="in_person",
        is_person_abroad=False,
        members=[
            (specialists["social_worker"], "social_worker"),
            (specialists["psychologist"], "psychologist"),
            (specialists["lawyer"], "lawyer"),
            (personas["police_member"], "other"),
        ],
    )
    return commission_decide(
        actor=provider,
        commission=commission,
        version=1,
        is_recognised=True,
        criteria=["movement.recruited"],
        justification="Pamatojums",
        protocol_number="P-31",
    )


def test_the_provider_sees_what_goes_to_siva_and_nothing_is_sent_until_confirmed(
    client_of: Any, personas: dict[str, Any], recognised_by_commission: Any
) -> None:
    case = recognised_by_commission.case
    provider = personas["provider_case_manager"]
    consent = attach(
        actor=provider, case=case, data=pdf_with_author(), kind=AttachmentKind.SIGNED_CONSENT
    )
    # SIVA does not see criminal-proceedings documents: they are not listed as going to it.
    proceedings = attach(actor=provider, case=case, data=pdf_with_author())
    client = client_of("provider_case_manager")
    url = reverse("agency:submit", args=[case.uuid])

    overview = client.get(reverse("identification:overview", args=[case.uuid]))
    assert f'href="{url}"' in overview.content.decode()
    assert f'action="{url}"' not in overview.content.decode()

    page = client.get(url)

    assert page.status_code == 200
    text = visible_text(page)
    assert in_latvian(texts.SUBMIT_CONFIRM_LEAD) in text
    assert "SIVA" in text
    assert case.code in text
    assert "P-31" in text
    assert in_latvian(CommissionStatus.RECOGNISED.label) in text
    assert label("criteria", "movement.recruited", "lv") in text
    assert "20.11.2026" in text
    body = page.content.decode()
    assert reverse("documents:commission_protocol", args=[recognised_by_commission.uuid]) in body
    assert reverse("attachments:download", args=[consent.uuid]) in body
    assert reverse("attachments:download", args=[proceedings.uuid]) not in body
    assert in_latvian(InformationCategory.IDENTITY.label) in text
    assert in_latvian(InformationCategory.LOCATION.label) not in text
    assert not AgencySubmission.objects.exists()

    # The one-click form of before carried no confirmation: it sends nothing now.
    unconfirmed = client.post(url)
    assert unconfirmed.status_code == 200
    assert in_latvian(texts.SUBMIT_NOT_CONFIRMED) in visible_text(unconfirmed)
    assert not AgencySubmission.objects.exists()

    confirmed = client.post(url, {"confirm": "send"}, follow=True)
    assert AgencySubmission.objects.filter(case=case).count() == 1
    assert in_latvian(texts.SUBMITTED) in visible_text(confirmed)
    # Once it is with SIVA, the page sends the provider back with the reason.
    again = client.get(url, follow=True)
    assert in_latvian(texts.ALREADY_SUBMITTED) in visible_text(again)
    assert AgencySubmission.objects.filter(case=case).count() == 1


def test_a_law_enforcement_document_is_shown_before_it_goes(
    client_of: Any, personas: dict[str, Any], provider_case: Any
) -> None:
    recognition_record(
        actor=personas["provider_case_manager"],
        case=provider_case,
        basis="criminal_proceedings_decision",
        proceedings_status="victim",
        document_reference="KP 11816000999",
        document_date=datetime.date(2026, 11, 2),
        document_issuer="Valsts policija",
        recognised_on=datetime.date(2026, 11, 3),
    )
    page = client_of("provider_case_manager").get(
        reverse("agency:submit", args=[provider_case.uuid])
    )
    text = visible_text(page)
    assert "KP 11816000999" in text
    assert "Valsts policija" in text
    assert not AgencySubmission.objects.exists()


def test_before_recognition_the_page_sends_the_provider_back_with_the_reason(
    client_of: Any, provider_case: Any
) -> None:
    response = client_of("provider_case_manager").get(
        reverse("agency:submit", args=[provider_case.uuid]), follow=True
    )
    assert in_latvian(texts.NOT_RECOGNISED) in visible_text(response)
    assert not AgencySubmission.objects.exists()


@pytest.mark.parametrize("persona", ["social_worker_a", "police_member", "agency_coordinator"])
def test_others_get_404(client_of: Any, persona: str, recognised_by_commission: Any) -> None:
    url = reverse("agency:submit", args=[recognised_by_commission.case.uuid])
    assert client_of(persona).get(url).status_code == 404
    assert client_of(persona).post(url, {"confirm": "send"}).status_code == 404
    assert not AgencySubmission.objects.exists()
