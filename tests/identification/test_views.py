"""Recognition pages: the provider convenes the commission and records its opinion; others
see 404 and no canary (docs/security.md AZ-3)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from atbalsts.agency.models import SubmissionStatus
from atbalsts.agency.services import submission_create
from atbalsts.identification import texts
from atbalsts.identification.models import (
    Commission,
    CommissionStatus,
    IdentificationBasis,
    Recognition,
)
from atbalsts.identification.services import commission_convene
from atbalsts.rules.catalogue import label
from tests.core.pages import in_latvian, visible_text
from tests.people.conftest import CANARIES, assert_no_canary, client_of
from tests.people.factories import make_case, make_consent, make_person

__all__ = ["client_of"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def canary_case(personas: dict[str, Any]) -> Any:
    provider = personas["provider_case_manager"]
    return make_case(person=make_person(created_by=provider, **CANARIES), created_by=provider)


def _commission(personas: dict[str, Any], case: Any, specialists: dict[str, Any]) -> Commission:
    return commission_convene(
        actor=personas["provider_case_manager"],
        case=case,
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


def test_the_provider_convenes_a_commission_through_the_page(
    client_of: Any, personas: dict[str, Any], specialists: dict[str, Any], canary_case: Any
) -> None:
    url = reverse("identification:convene", args=[canary_case.uuid])
    client = client_of("provider_case_manager")
    incomplete = client.post(
        url,
        {
            "meeting_on": "2026-11-20",
            "interview_mode": "in_person",
            "social_worker": specialists["social_worker"].pk,
            "psychologist": specialists["psychologist"].pk,
            "lawyer": specialists["lawyer"].pk,
        },
    )
    assert incomplete.status_code == 200
    assert not Commission.objects.exists()
    response = client.post(
        url,
        {
            "meeting_on": "2026-11-20",
            "interview_mode": "in_person",
            "social_worker": specialists["social_worker"].pk,
            "psychologist": specialists["psychologist"].pk,
            "lawyer": specialists["lawyer"].pk,
            "police_official": personas["police_member"].pk,
        },
    )
    assert response.status_code == 302
    assert Commission.objects.get().members.count() == 4


def test_remote_interview_for_a_person_at_home_is_refused_next_to_the_field(
    client_of: Any, personas: dict[str, Any], specialists: dict[str, Any], canary_case: Any
) -> None:
    response = client_of("provider_case_manager").post(
        reverse("identification:convene", args=[canary_case.uuid]),
        {
            "meeting_on": "2026-11-20",
            "interview_mode": "remote",
            "social_worker": specialists["social_worker"].pk,
            "psychologist": specialists["psychologist"].pk,
            "lawyer": specialists["lawyer"].pk,
            "police_official": personas["police_member"].pk,
        },
    )
    assert in_latvian(texts.ABROAD_ONLY) in visible_text(response)


def test_a_positive_opinion_without_criteria_is_refused_with_the_message_then_recorded(
    client_of: Any, personas: dict[str, Any], specialists: dict[str, Any], canary_case: Any
) -> None:
    commission = _commission(personas, canary_case, specialists)
    url = reverse("identification:decide", args=[commission.uuid])
    client = client_of("provider_case_manager")
    data = {
        "version": "1",
        "is_recognised": "yes",
        "justification": "Pamatojums",
        "protocol_number": "P-7",
    }
    refused = client.post(url, data)
    assert in_latvian(texts.POSITIVE_NEEDS_CRITERION) in visible_text(refused)
    assert 'value="P-7"' in refused.content.decode()
    recorded = client.post(url, {**data, "criteria": ["movement.recruited"], "confirmed": "yes"})
    assert recorded.status_code == 302
    assert Recognition.objects.get(case=canary_case).commission == commission
    page = client.get(reverse("identification:overview", args=[canary_case.uuid]))
    assert "P-7" in visible_text(page)


def test_a_stale_opinion_gets_the_conflict_page(
    client_of: Any, personas: dict[str, Any], specialists: dict[str, Any], canary_case: Any
) -> None:
    commission = _commission(personas, canary_case, specialists)
    Commission.objects.filter(pk=commission.pk).update(version=2)
    response = client_of("provider_head").post(
        reverse("identification:decide", args=[commission.uuid]),
        {
            "version": "1",
            "is_recognised": "no",
            "justification": "x",
            "protocol_number": "P-8",
            "confirmed": "yes",
        },
    )
    assert response.status_code == 409
    assert in_latvian(texts.DECISION_CONFLICT) in visible_text(response)
    commission.refresh_from_db()
    assert commission.status == CommissionStatus.CONVENED


def test_the_police_member_sees_the_recognition_page_but_not_the_provider_part(
    client_of: Any, personas: dict[str, Any], specialists: dict[str, Any], canary_case: Any
) -> None:
    _commission(personas, canary_case, specialists)
    url = reverse("identification:overview", args=[canary_case.uuid])
    response = client_of("police_member").get(url)
    assert response.status_code == 200
    assert canary_case.code in visible_text(response)
    assert "identification/commission" not in response.content.decode()


@pytest.mark.parametrize(
    "persona",
    [
        "social_worker_a",
        "social_worker_b",
        "agency_coordinator",
        "police_member",
        "ministry_analyst",
    ],
)
def test_others_get_404_and_no_canary(client_of: Any, canary_case: Any, persona: str) -> None:
    for name in ("identification:overview", "identification:convene"):
        response = client_of(persona).get(reverse(name, args=[canary_case.uuid]))
        assert response.status_code == 404
        assert_no_canary(response.content)


def test_the_consenting_social_service_sees_siva_outcome_only_with_services_consent(
    client_of: Any, personas: dict[str, Any], organisations: dict[str, Any], canary_case: Any
) -> None:
    url = reverse("identification:overview", args=[canary_case.uuid])
    consent = make_consent(
        person=canary_case.person,
        holder=organisations["drosa_maja"],
        recipient=organisations["riga"],
        recorded_by=personas["provider_case_manager"],
        categories=["identity"],
    )
    assert consent.pk
    without = client_of("social_worker_a").get(url)
    assert without.status_code == 200
    assert in_latvian("SIVA's decision") not in visible_text(without)
    make_consent(
        person=canary_case.person,
        holder=organisations["drosa_maja"],
        recipient=organisations["riga"],
        recorded_by=personas["provider_case_manager"],
        categories=["services"],
    )
    with_services = client_of("social_worker_a").get(url)
    assert in_latvian("SIVA's decision") in visible_text(with_services)


def test_the_provider_records_a_law_enforcement_document(client_of: Any, canary_case: Any) -> None:
    url = reverse("identification:recognition", args=[canary_case.uuid])
    client = client_of("provider_case_manager")
    data = {
        "basis": "criminal_proceedings_decision",
        "document_reference": "KP 11816000123",
        "document_date": "2026-11-02",
        "document_issuer": "Valsts policija",
        "recognised_on": "2026-11-03",
    }
    missing_status = client.post(url, data)
    assert in_latvian(texts.PROCEEDINGS_STATUS_REQUIRED) in visible_text(missing_status)
    confirm = client.post(url, {**data, "proceedings_status": "victim"})
    assert in_latvian(texts.RECOGNITION_CONFIRM) in visible_text(confirm)
    assert "KP 11816000123" in visible_text(confirm)
    assert not Recognition.objects.filter(case=canary_case).exists()
    changed = client.post(url, {**data, "proceedings_status": "victim", "change": "yes"})
    assert 'value="KP 11816000123"' in changed.content.decode()
    assert not Recognition.objects.filter(case=canary_case).exists()
    recorded = client.post(url, {**data, "proceedings_status": "victim", "confirmed": "yes"})
    assert recorded.status_code == 302
    page = client.get(reverse("identification:overview", args=[canary_case.uuid]))
    assert "KP 11816000123" in visible_text(page)
    assert client.get(url).status_code == 302
    other = client_of("social_worker_b").get(
        reverse("identification:overview", args=[canary_case.uuid])
    )
    assert "KP 11816000123" not in other.content.decode()


def test_the_submit_button_shows_until_the_documents_are_with_siva(
    client_of: Any, canary_case: Any, personas: dict[str, Any]
) -> None:
    provider = personas["provider_case_manager"]
    Recognition.objects.create(
        case=canary_case,
        basis=IdentificationBasis.COMMISSION_OPINION,
        recognised_on=datetime.date(2026, 11, 20),
        recorded_by=provider,
    )
    url = reverse("identification:overview", args=[canary_case.uuid])
    submit = f'href="{reverse("agency:submit", args=[canary_case.uuid])}"'
    client = client_of("provider_case_manager")

    assert submit in client.get(url).content.decode()
    assert submit not in client_of("police_member").get(url).content.decode()

    submission = submission_create(actor=provider, case=canary_case)
    assert submit not in client.get(url).content.decode()
    submission.status = SubmissionStatus.GRANTED
    submission.save(update_fields=["status"])
    assert submit not in client.get(url).content.decode()

    # Refused: the service takes the documents again, so the button is back.
    submission.status = SubmissionStatus.REFUSED
    submission.save(update_fields=["status"])
    assert submit in client.get(url).content.decode()


def test_the_opinion_is_shown_for_confirmation_and_recorded_only_when_confirmed(
    client_of: Any, personas: dict[str, Any], specialists: dict[str, Any], canary_case: Any
) -> None:
    commission = _commission(personas, canary_case, specialists)
    url = reverse("identification:decide", args=[commission.uuid])
    client = client_of("provider_case_manager")
    data = {
        "version": "1",
        "is_recognised": "yes",
        "criteria": ["movement.recruited"],
        "justification": "Savervēta ar maldināšanu",
        "protocol_number": "P-9",
    }

    shown = client.post(url, data)

    assert shown.status_code == 200
    text = visible_text(shown)
    assert in_latvian(texts.OPINION_CONFIRM) in text
    assert "Savervēta ar maldināšanu" in text
    assert "P-9" in text
    assert label("criteria", "movement.recruited", "lv") in text
    commission.refresh_from_db()
    assert commission.status == CommissionStatus.CONVENED
    assert not Recognition.objects.filter(case=canary_case).exists()
    # Back to the form with everything typed kept.
    changed = client.post(url, {**data, "change": "yes"})
    assert 'value="P-9"' in changed.content.decode()
    assert not Recognition.objects.filter(case=canary_case).exists()

    assert client.post(url, {**data, "confirmed": "yes"}).status_code == 302
    commission.refresh_from_db()
    assert commission.status == CommissionStatus.RECOGNISED
