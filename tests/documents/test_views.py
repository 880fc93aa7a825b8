"""Documents as PDF, read back with pdftotext: each document in each of its languages shows
the organisation, its number and date, page x / y, the facts of its record with Latvian
letters and Cyrillic intact, stored HTML as text; the wrong persona gets 404; every
generation is audited and nothing is written to disk."""

from __future__ import annotations

import builtins
import datetime
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from atbalsts.accounts.models import User
from atbalsts.agency.models import AgencySubmission, SubmissionStatus
from atbalsts.audit.models import AuditEvent
from atbalsts.casework.models import InformationRequest
from atbalsts.consent.models import Consent, ConsentPurpose, ConsentWithdrawal
from atbalsts.courses.models import Course
from atbalsts.directory.models import Contact
from atbalsts.documents import content
from atbalsts.documents.rendering import document_number
from atbalsts.identification.models import Commission, CommissionStatus
from atbalsts.rules.catalogue import label
from atbalsts.rules.rulesets import rule_set_for
from tests.documents.conftest import (
    CANARY,
    CRITERIA,
    LAST_NAME,
    LETTERS,
    PERSON_NAME,
    consent_from_provider,
    page_count,
    pdf_text,
)

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Every persona who is neither the provider nor SIVA nor the social service involved.
OUTSIDERS = ["social_worker_b", "police_member", "ministry_analyst", "dpo", "system_admin"]


def _get(client: Any, name: str, *args: Any, language: str | None = None) -> Any:
    url = reverse(f"documents:{name}", args=args)
    return client.get(f"{url}?language={language}" if language else url)


def _pdf(response: Any) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response.content.startswith(b"%PDF-")
    return pdf_text(response.content)


def _assert_frame(
    text: str, content_bytes: bytes, *, organisation: str, number: str, date: str, language: str
) -> None:
    """The header, the number and date and "page 1 / N" of every document."""
    frame = content.FRAME[language]
    pages = page_count(content_bytes)
    assert organisation in text
    assert f"{frame.document_number} {number}" in text
    # The date as the document's language writes it: 20.11.2026, in English 20/11/2026.
    assert (date.replace(".", "/") if language == "en" else date) in text
    assert f"{frame.page} 1 / {pages}" in text
    assert f"{frame.page} {pages} / {pages}" in text


def _label(choice: Any, language: str) -> str:
    with translation.override(language):
        return str(choice.label)


def _audit(kind: str) -> AuditEvent:
    event = AuditEvent.objects.filter(action="document_generated").latest("seq")
    assert event.payload["document"] == kind
    return event


# The commission's protocol ----------------------------------------------------------------


@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_protocol_shows_the_commission_its_opinion_and_the_criteria(
    client_of: Any, commission: Commission, language: str
) -> None:
    response = _get(
        client_of("provider_case_manager"),
        "commission_protocol",
        commission.uuid,
        language=language,
    )

    text = _pdf(response)
    _assert_frame(
        text,
        response.content,
        organisation="Patvērums Drošā māja",
        number=document_number("KP", commission.uuid),
        date="20.11.2026",
        language=language,
    )
    assert PERSON_NAME in text
    assert commission.case.code in text
    assert "KP-2026/17" in text
    assert _label(CommissionStatus.RECOGNISED, language) in text
    for code in CRITERIA:
        assert label("criteria", code, language) in text
    assert LETTERS in text
    assert CANARY in text
    assert LAST_NAME not in response["Content-Disposition"]


def test_the_protocol_has_the_same_number_every_time_and_each_generation_is_audited(
    client_of: Any, commission: Commission
) -> None:
    client = client_of("provider_specialist")

    first = pdf_text(_get(client, "commission_protocol", commission.uuid).content)
    second = pdf_text(_get(client, "commission_protocol", commission.uuid).content)

    number = document_number("KP", commission.uuid)
    assert number in first
    assert number in second
    events = AuditEvent.objects.filter(action="document_generated")
    assert events.count() == 2
    event = events.latest("seq")
    assert (event.object_type, event.object_uuid) == ("commission", commission.uuid)
    assert event.payload == {"document": "commission_protocol", "number": number, "language": "lv"}
    assert LAST_NAME not in str(event.payload)


@pytest.mark.parametrize("persona", ["social_worker_a", "agency_coordinator", *OUTSIDERS])
def test_only_the_provider_gets_the_protocol(
    client_of: Any, commission: Commission, persona: str
) -> None:
    # The police official sits on the commission but, as on the recognition page, the
    # provider keeps the protocol.
    response = _get(client_of(persona), "commission_protocol", commission.uuid)

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="document_generated").exists()


# The submission to SIVA and SIVA's decision ---------------------------------------------


@pytest.mark.parametrize("persona", ["provider_case_manager", "agency_coordinator"])
@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_submission_to_siva_names_the_person_the_basis_and_the_deadline(
    client_of: Any, decided_submission: AgencySubmission, persona: str, language: str
) -> None:
    response = _get(
        client_of(persona), "agency_submission", decided_submission.uuid, language=language
    )

    text = _pdf(response)
    _assert_frame(
        text,
        response.content,
        organisation="Patvērums Drošā māja",
        number=document_number("IE", decided_submission.uuid),
        date="29.11.2026",
        language=language,
    )
    assert PERSON_NAME in text
    assert "SIVA" in text
    # Received on Sunday 29 November: the 3rd working day after it is Wednesday 2 December.
    assert ("02/12/2026" if language == "en" else "02.12.2026") in text
    for code in CRITERIA:
        assert label("criteria", code, language) in text
    _audit("agency_submission")


@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_decision_letter_says_the_decision_from_siva(
    client_of: Any, decided_submission: AgencySubmission, language: str
) -> None:
    response = _get(
        client_of("agency_coordinator"),
        "agency_decision",
        decided_submission.uuid,
        language=language,
    )

    text = _pdf(response)
    _assert_frame(
        text,
        response.content,
        organisation="SIVA",
        number=document_number("LE", decided_submission.uuid),
        date="29.11.2026",
        language=language,
    )
    assert _label(SubmissionStatus.WAITING_LIST, language) in text
    assert ": 3" in text
    assert "Patvērums Drošā māja" in text
    assert PERSON_NAME in text


def test_the_provider_gets_the_decision_letter_too(
    client_of: Any, decided_submission: AgencySubmission
) -> None:
    text = _pdf(_get(client_of("provider_head"), "agency_decision", decided_submission.uuid))

    assert _label(SubmissionStatus.WAITING_LIST, "lv") in text


def test_there_is_no_decision_letter_before_siva_decides(
    client_of: Any, submission: AgencySubmission
) -> None:
    response = _get(client_of("agency_coordinator"), "agency_decision", submission.uuid)

    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="authz_fail", object_uuid=submission.uuid).exists()


@pytest.mark.parametrize("name", ["agency_submission", "agency_decision"])
@pytest.mark.parametrize("persona", ["social_worker_a", *OUTSIDERS])
def test_only_siva_and_the_provider_get_the_submission_documents(
    client_of: Any, decided_submission: AgencySubmission, persona: str, name: str
) -> None:
    assert _get(client_of(persona), name, decided_submission.uuid).status_code == 404


# The consent form ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", content.LANGUAGES)
def test_the_consent_form_is_in_the_persons_language(
    client_of: Any, consent: Consent, language: str
) -> None:
    response = _get(
        client_of("provider_case_manager"), "consent_form", consent.uuid, language=language
    )

    text = _pdf(response)
    form = content.CONSENT_FORM[language]
    _assert_frame(
        text,
        response.content,
        organisation="Patvērums Drošā māja",
        number=document_number("PK", consent.uuid),
        date="03.11.2026",
        language=language,
    )
    assert form.title in text
    assert PERSON_NAME in text
    assert "Rīgas Sociālais dienests" in text
    assert content.purpose_label(ConsentPurpose.INFORMATION_REQUEST, language) in text
    for item in content.category_labels(["identity", "services"], language):
        assert item in text
    assert form.person_signature in text
    assert "PK-2026/3" in text
    assert bool(CYRILLIC.search(text)) is (language in ("ru", "uk"))
    _audit("consent_form")


def test_a_withdrawn_consent_says_so_on_its_form(
    client_of: Any, consent: Consent, personas: dict[str, User]
) -> None:
    ConsentWithdrawal.objects.create(
        consent=consent,
        withdrawn_on=datetime.date(2026, 11, 25),
        recorded_by=personas["provider_case_manager"],
    )

    text = _pdf(_get(client_of("provider_head"), "consent_form", consent.uuid, language="ru"))

    assert "Это согласие отозвано 25.11.2026." in text


@pytest.mark.parametrize(
    "persona", ["social_worker_a", "agency_coordinator", "police_member", "social_worker_b"]
)
def test_only_those_who_manage_the_consents_get_the_form(
    client_of: Any, consent: Consent, persona: str
) -> None:
    assert _get(client_of(persona), "consent_form", consent.uuid).status_code == 404


# The written information request and the reply ---------------------------------------------


@pytest.mark.parametrize("persona", ["social_worker_a", "provider_case_manager"])
@pytest.mark.parametrize("language", ["lv", "en"])
def test_both_organisations_get_the_request_with_the_reply(
    client_of: Any, info_request: InformationRequest, persona: str, language: str
) -> None:
    response = _get(client_of(persona), "information_request", info_request.uuid, language=language)

    text = _pdf(response)
    _assert_frame(
        text,
        response.content,
        organisation="Rīgas Sociālais dienests",
        number=document_number("IP", info_request.uuid),
        date="29.11.2026",
        language=language,
    )
    assert f"Kāds ir pakalpojumu apjoms? {CANARY}" in text
    assert "Psihologa konsultācijas" in text
    assert "Turpināt ģimenē" in text
    assert "Patvērums Drošā māja" in text
    _audit("information_request")


def test_after_the_consent_is_withdrawn_the_social_service_keeps_its_question_only(
    client_of: Any, info_request: InformationRequest, consent: Consent, personas: dict[str, User]
) -> None:
    ConsentWithdrawal.objects.create(
        consent=consent,
        withdrawn_on=datetime.date(2026, 11, 29),
        recorded_by=personas["provider_case_manager"],
    )

    text = _pdf(_get(client_of("social_worker_a"), "information_request", info_request.uuid))
    provider = _get(client_of("provider_case_manager"), "information_request", info_request.uuid)

    assert "Kāds ir pakalpojumu apjoms?" in text
    assert "Psihologa konsultācijas" not in text
    assert provider.status_code == 404


@pytest.mark.parametrize(
    "persona", ["social_worker_b", "agency_coordinator", "police_member", "ministry_analyst"]
)
def test_only_the_two_organisations_get_the_request(
    client_of: Any, info_request: InformationRequest, persona: str
) -> None:
    assert _get(client_of(persona), "information_request", info_request.uuid).status_code == 404


# The course summary ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_course_summary_shows_the_services_and_the_entitlements(
    client_of: Any, course: Course, language: str
) -> None:
    response = _get(
        client_of("provider_case_manager"), "course_summary", course.case.uuid, language=language
    )

    text = _pdf(response)
    _assert_frame(
        text,
        response.content,
        organisation="Patvērums Drošā māja",
        number=document_number("KK", course.uuid),
        date="29.11.2026",
        language=language,
    )
    assert PERSON_NAME in text
    assert "lv-mk344" not in text
    assert ("noteikumi Nr. 344" if language == "lv" else "Regulation No. 344") in text
    assert label("course_services", "transport", language) in text
    assert "5.00" in text or "5,00" in text
    assert f"Drošs mājoklis {CANARY}" in text
    _audit("course_summary")


def test_a_consented_social_service_gets_the_summary_without_the_plan_or_the_name(
    client_of: Any, course: Course, personas: dict[str, User]
) -> None:
    consent_from_provider(
        course.case, personas, purpose=ConsentPurpose.COURSE_COOPERATION, categories=["services"]
    )

    text = _pdf(_get(client_of("social_worker_a"), "course_summary", course.case.uuid))

    assert course.case.code in text
    assert "Drošs mājoklis" not in text
    assert LAST_NAME not in text
    assert course.case.person.reference in text


@pytest.mark.parametrize("persona", ["social_worker_a", *OUTSIDERS])
def test_without_consent_nobody_else_gets_the_course_summary(
    client_of: Any, course: Course, persona: str
) -> None:
    assert _get(client_of(persona), "course_summary", course.case.uuid).status_code == 404


# The rights leaflet ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", content.LANGUAGES)
def test_the_rights_leaflet_exists_in_four_languages_with_the_numbers_and_the_contacts(
    client_of: Any, contacts: list[Contact], language: str
) -> None:
    response = _get(client_of("social_worker_a"), "rights_leaflet", language=language)

    text = _pdf(response)
    leaflet = content.LEAFLET[language]
    _assert_frame(
        text,
        response.content,
        organisation="Rīgas Sociālais dienests",
        number=f"BU-LV-MK344-{language.upper()}",
        date="29.11.2026",
        language=language,
    )
    assert leaflet.title in text
    assert leaflet.legal_aid in text
    assert leaflet.consent in text
    for number in ("180", "5", "150"):
        assert re.search(rf"\b{number}\b", text)
    assert "Biedrība Ēnu ļaudis" in text
    assert "Slēgtā biedrība" not in text
    assert bool(CYRILLIC.search(text)) is (language in ("ru", "uk"))
    _audit("rights_leaflet")


@pytest.mark.parametrize("language", content.LANGUAGES)
def test_every_paragraph_of_the_leaflet_comes_out_letter_for_letter(
    client_of: Any, contacts: list[Contact], language: str
) -> None:
    text = _pdf(_get(client_of("provider_case_manager"), "rights_leaflet", language=language))

    leaflet = content.leaflet(language, rule_set_for(datetime.date(2026, 11, 29)))
    paragraphs = [
        leaflet.text.intro,
        leaflet.course,
        leaflet.after_consultations,
        leaflet.criminal_support,
        leaflet.text.legal_aid,
        leaflet.family_minors,
        leaflet.text.confidentiality,
        leaflet.text.consent,
        leaflet.according_to,
    ]
    for paragraph in paragraphs:
        assert paragraph in text


@pytest.mark.parametrize("persona", ["ministry_analyst", "dpo", "system_admin"])
def test_roles_without_case_work_get_no_leaflet(client_of: Any, persona: str) -> None:
    assert _get(client_of(persona), "rights_leaflet").status_code == 404


# Nothing on disk ------------------------------------------------------------------------------


@pytest.fixture
def no_writes() -> Iterator[list[str]]:
    """Fail any file opened for writing and any temporary file made while rendering."""
    writes: list[str] = []
    real_open = builtins.open

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(flag in mode for flag in "wax+"):
            writes.append(str(file))
        return real_open(file, mode, *args, **kwargs)

    def no_temp(*args: Any, **kwargs: Any) -> Any:
        writes.append("tempfile")
        raise AssertionError("documents make no temporary files")

    with (
        mock.patch.object(builtins, "open", guarded_open),
        mock.patch.object(tempfile, "mkstemp", no_temp),
        mock.patch.object(tempfile, "NamedTemporaryFile", no_temp),
        mock.patch.object(tempfile, "TemporaryFile", no_temp),
        mock.patch.object(tempfile, "mkdtemp", no_temp),
    ):
        yield writes


def _files(root: Path) -> set[tuple[str, int]]:
    return {(str(p), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


def test_documents_are_never_written_to_disk(
    client_of: Any,
    commission: Commission,
    consent: Consent,
    contacts: list[Contact],
    no_writes: list[str],
) -> None:
    client = client_of("provider_case_manager")
    var_dir = Path(settings.VAR_DIR)
    before = _files(var_dir)

    responses = [
        _get(client, "commission_protocol", commission.uuid),
        _get(client, "consent_form", consent.uuid, language="uk"),
        _get(client, "rights_leaflet", language="ru"),
    ]

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert no_writes == []
    assert _files(var_dir) == before
