"""The commission, the recognition and SIVA keep the order of the process in dates
(atbalsts.rules.process_dates): an opinion is not recorded before the commission met, the
documents are not sent to SIVA before the recognition, SIVA does not receive them before
they were sent."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from atbalsts.agency.models import AgencySubmission
from atbalsts.agency.services import submission_create, submission_receive
from atbalsts.identification.models import Commission, CommissionStatus, Recognition
from atbalsts.identification.services import (
    commission_convene,
    commission_decide,
    recognition_record,
)
from tests.core.pages import visible_text
from tests.people.conftest import client_of

__all__ = ["client_of"]

pytestmark = pytest.mark.django_db

# 7 December 2026, midday in Riga.
ON_7_DECEMBER = datetime.datetime(2026, 12, 7, 10, tzinfo=datetime.UTC)
MEETING = datetime.date(2026, 12, 9)

OPINION_BEFORE_MEETING = {
    "lv": "Atzinuma datums (07.12.2026) nevar būt pirms komisijas sēdes datuma (09.12.2026).",
    "en": "The opinion date (7 December 2026) cannot be before the commission meeting date "
    "(9 December 2026).",
}


def _convene(personas: dict[str, Any], case: Any, full_members: list[Any]) -> Commission:
    return commission_convene(
        actor=personas["provider_case_manager"],
        case=case,
        meeting_on=MEETING,
        interview_mode="in_person",
        is_person_abroad=False,
        members=full_members,
    )


def _decide(personas: dict[str, Any], commission: Commission) -> Commission:
    return commission_decide(
        actor=personas["provider_case_manager"],
        commission=commission,
        version=commission.version,
        is_recognised=True,
        criteria=["movement.recruited"],
        justification="Pamatojums",
        protocol_number="P-9",
    )


@pytest.mark.parametrize("language", ["lv", "en"])
@time_machine.travel(ON_7_DECEMBER, tick=False)
def test_an_opinion_for_a_meeting_two_days_ahead_is_refused_naming_both_dates(
    language: str, personas: dict[str, Any], provider_case: Any, full_members: list[Any]
) -> None:
    # A meeting may be planned ahead; its opinion cannot be recorded before it.
    commission = _convene(personas, provider_case, full_members)

    with pytest.raises(ValidationError) as refused, translation.override(language):
        _decide(personas, commission)

    assert refused.value.messages == [OPINION_BEFORE_MEETING[language]]
    commission.refresh_from_db()
    assert commission.status == CommissionStatus.CONVENED
    assert commission.version == 1
    assert not Recognition.objects.exists()


def test_the_opinion_is_recorded_on_the_meeting_day_and_after_it(
    personas: dict[str, Any], provider_case: Any, full_members: list[Any]
) -> None:
    commission = _convene(personas, provider_case, full_members)
    with time_machine.travel(datetime.datetime(2026, 12, 9, 10, tzinfo=datetime.UTC)):
        _decide(personas, commission)
    assert Recognition.objects.get().recognised_on == MEETING


@time_machine.travel(ON_7_DECEMBER, tick=False)
def test_documents_are_not_sent_to_siva_before_the_recognition(
    personas: dict[str, Any], provider_case: Any, full_members: list[Any]
) -> None:
    # A record written before the order was kept: the opinion dated before the meeting.
    commission = _convene(personas, provider_case, full_members)
    commission.status = CommissionStatus.RECOGNISED
    commission.decided_at = timezone.now()
    commission.protocol_number = "P-9"
    commission.save()
    Recognition.objects.create(
        case=provider_case,
        basis="commission_opinion",
        commission=commission,
        recognised_on=MEETING,
        recorded_by=personas["provider_case_manager"],
    )

    with pytest.raises(ValidationError) as refused, translation.override("lv"):
        submission_create(actor=personas["provider_case_manager"], case=provider_case)

    expected = (
        "Dokumentu nosūtīšanas uz SIVA datums (07.12.2026) nevar būt pirms komisijas sēdes "
        "datuma (09.12.2026)."
    )
    assert refused.value.messages == [expected]
    assert not AgencySubmission.objects.exists()


def _recognise(personas: dict[str, Any], case: Any, **dates: datetime.date) -> Recognition:
    values = {
        "document_date": datetime.date(2026, 11, 2),
        "recognised_on": datetime.date(2026, 11, 3),
    }
    values.update(dates)
    return recognition_record(
        actor=personas["provider_case_manager"],
        case=case,
        basis="foreign_law_enforcement_certificate",
        proceedings_status="",
        document_reference="FR-77",
        document_issuer="Police nationale",
        **values,
    )


@time_machine.travel(ON_7_DECEMBER, tick=False)
def test_a_recognition_before_its_document_or_ahead_of_today_is_refused(
    personas: dict[str, Any], provider_case: Any
) -> None:
    with translation.override("lv"):
        with pytest.raises(ValidationError) as before:
            _recognise(personas, provider_case, recognised_on=datetime.date(2026, 11, 1))
        with pytest.raises(ValidationError) as ahead:
            _recognise(personas, provider_case, recognised_on=datetime.date(2026, 12, 8))
        with pytest.raises(ValidationError) as document_ahead:
            _recognise(
                personas,
                provider_case,
                document_date=datetime.date(2026, 12, 8),
                recognised_on=datetime.date(2026, 12, 7),
            )

    assert before.value.message_dict == {
        "recognised_on": [
            "Atzīšanas datums (01.11.2026) nevar būt pirms dokumenta datuma (02.11.2026)."
        ]
    }
    assert ahead.value.message_dict == {
        "recognised_on": ["Atzīšanas datums (08.12.2026) nevar būt pēc šodienas (07.12.2026)."]
    }
    assert document_ahead.value.message_dict == {
        "document_date": ["Dokumenta datums (08.12.2026) nevar būt pēc šodienas (07.12.2026)."]
    }
    assert not Recognition.objects.exists()


@time_machine.travel(ON_7_DECEMBER, tick=False)
def test_siva_does_not_receive_the_documents_before_they_were_sent_or_ahead_of_today(
    personas: dict[str, Any], provider_case: Any
) -> None:
    _recognise(personas, provider_case)
    submission = submission_create(actor=personas["provider_case_manager"], case=provider_case)
    siva = personas["agency_coordinator"]

    with translation.override("en"):
        with pytest.raises(ValidationError) as before:
            submission_receive(
                actor=siva,
                submission=submission,
                version=1,
                received_on=datetime.date(2026, 12, 6),
            )
        with pytest.raises(ValidationError) as ahead:
            submission_receive(
                actor=siva,
                submission=submission,
                version=1,
                received_on=datetime.date(2026, 12, 8),
            )

    before_sent = (
        "The date SIVA received the documents (6 December 2026) cannot be before the date "
        "the documents were sent to SIVA (7 December 2026)."
    )
    after_today = (
        "The date SIVA received the documents (8 December 2026) cannot be after today "
        "(7 December 2026)."
    )
    assert before.value.message_dict == {"received_on": [before_sent]}
    assert ahead.value.message_dict == {"received_on": [after_today]}
    submission.refresh_from_db()
    assert submission.received_on is None


@time_machine.travel(ON_7_DECEMBER, tick=False)
def test_the_opinion_form_shows_the_refusal_and_keeps_what_was_typed(
    client_of: Any, personas: dict[str, Any], provider_case: Any, full_members: list[Any]
) -> None:
    commission = _convene(personas, provider_case, full_members)

    response = client_of("provider_case_manager").post(
        reverse("identification:decide", args=[commission.uuid]),
        {
            "version": "1",
            "is_recognised": "yes",
            "criteria": ["movement.recruited"],
            "justification": "Pamatojums par vervēšanu",
            "protocol_number": "P-9",
        },
    )

    assert response.status_code == 200
    assert OPINION_BEFORE_MEETING["lv"] in visible_text(response)
    body = response.content.decode()
    assert 'value="P-9"' in body
    assert "Pamatojums par vervēšanu" in body
    assert not Recognition.objects.exists()


@time_machine.travel(ON_7_DECEMBER, tick=False)
def test_the_recognition_form_shows_the_refusal_next_to_the_date(
    client_of: Any, provider_case: Any
) -> None:
    response = client_of("provider_case_manager").post(
        reverse("identification:recognition", args=[provider_case.uuid]),
        {
            "basis": "foreign_law_enforcement_certificate",
            "document_reference": "FR-77",
            "document_date": "2026-11-02",
            "document_issuer": "Police nationale",
            "recognised_on": "2026-11-01",
        },
    )

    assert response.status_code == 200
    assert (
        "Atzīšanas datums (01.11.2026) nevar būt pirms dokumenta datuma (02.11.2026)."
        in visible_text(response)
    )
    body = response.content.decode()
    assert 'id="id_recognised_on_error"' in body
    assert 'value="2026-11-01"' in body
    assert 'value="FR-77"' in body
    assert not Recognition.objects.exists()


@time_machine.travel(ON_7_DECEMBER, tick=False)
def test_the_receipt_form_shows_the_refusal_next_to_the_date(
    client_of: Any, personas: dict[str, Any], provider_case: Any
) -> None:
    _recognise(personas, provider_case)
    submission = submission_create(actor=personas["provider_case_manager"], case=provider_case)

    response = client_of("agency_coordinator").post(
        reverse("agency:detail", args=[submission.uuid]),
        {"step": "receive", "version": "1", "received_on": "2026-12-05"},
    )

    assert response.status_code == 200
    assert (
        "SIVA dokumentu saņemšanas datums (05.12.2026) nevar būt pirms dokumentu nosūtīšanas "
        "uz SIVA datuma (07.12.2026)." in visible_text(response)
    )
    body = response.content.decode()
    assert 'id="id_received_on_error"' in body
    assert 'value="2026-12-05"' in body
    submission.refresh_from_db()
    assert submission.received_on is None
