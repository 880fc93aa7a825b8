"""Commission, opinion and recognition: the rules a provider meets (seed §"Speciālistu
komisijas darbs")."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from atbalsts.access.policy import Action
from atbalsts.audit.models import AuditEvent
from atbalsts.cases.access import case_for, cases_visible_to
from atbalsts.identification import texts
from atbalsts.identification.models import (
    Commission,
    CommissionRole,
    CommissionStatus,
    IdentificationBasis,
    Recognition,
    can_transition,
)
from atbalsts.identification.services import (
    DecisionConflictError,
    commission_convene,
    commission_decide,
    recognition_record,
)
from tests.core_security.stored import stored_text

pytestmark = pytest.mark.django_db
MEETING = datetime.date(2026, 11, 20)


def _convene(personas: dict[str, Any], case: Any, members: list[Any], **kw: Any) -> Any:
    values: dict[str, Any] = {
        "meeting_on": MEETING,
        "interview_mode": "in_person",
        "is_person_abroad": False,
    }
    values.update(kw)
    return commission_convene(
        actor=personas["provider_case_manager"], case=case, members=members, **values
    )


def test_convening_seats_the_police_officer_as_the_police_official(
    personas: dict[str, Any], provider_case: Any, full_members: list[Any]
) -> None:
    commission = _convene(personas, provider_case, full_members)
    roles = {m.user.username: m.commission_role for m in commission.members.all()}
    assert roles["police.member"] == CommissionRole.POLICE_OFFICIAL
    assert commission.status == CommissionStatus.CONVENED
    assert AuditEvent.objects.filter(action="commission_convened").count() == 1


def test_the_police_member_opens_the_case_through_the_commission_relation(
    personas: dict[str, Any], provider_case: Any, full_members: list[Any]
) -> None:
    police = personas["police_member"]
    assert provider_case not in cases_visible_to(police)
    _convene(personas, provider_case, full_members)
    found = case_for(police, provider_case.uuid, Action.VIEW_EXPLOITATION)
    assert found.obj == provider_case
    assert not found.standing.allows(Action.VIEW_LOCATION)
    assert provider_case in cases_visible_to(police)


def test_a_commission_without_a_lawyer_is_refused_naming_what_is_missing(
    personas: dict[str, Any], provider_case: Any, full_members: list[Any]
) -> None:
    with pytest.raises(ValidationError) as error:
        _convene(personas, provider_case, [m for m in full_members if m[1] != "lawyer"])
    assert error.value.messages == [str(texts.COMPOSITION_INCOMPLETE % {"missing": "Jurists"})]


def test_a_commission_without_a_police_official_is_refused(
    personas: dict[str, Any], provider_case: Any, full_members: list[Any]
) -> None:
    with pytest.raises(ValidationError):
        _convene(personas, provider_case, full_members[:3])


def test_remote_interview_only_for_a_person_abroad(
    personas: dict[str, Any], provider_case: Any, full_members: list[Any]
) -> None:
    with pytest.raises(ValidationError) as error:
        _convene(personas, provider_case, full_members, interview_mode="documents_only")
    assert error.value.message_dict == {"interview_mode": [str(texts.ABROAD_ONLY)]}
    commission = _convene(
        personas, provider_case, full_members, interview_mode="remote", is_person_abroad=True
    )
    assert commission.interview_mode == "remote"


def test_a_social_service_cannot_convene(personas: dict[str, Any], full_members: list[Any]) -> None:
    from tests.people.factories import make_case, make_person

    worker = personas["social_worker_a"]
    case = make_case(person=make_person(created_by=worker), created_by=worker)
    with pytest.raises(ValidationError):
        commission_convene(
            actor=worker,
            case=case,
            meeting_on=MEETING,
            interview_mode="in_person",
            is_person_abroad=False,
            members=full_members,
        )


def test_a_positive_opinion_without_criteria_is_refused(
    personas: dict[str, Any], provider_case: Any, full_members: list[Any]
) -> None:
    commission = _convene(personas, provider_case, full_members)
    with pytest.raises(ValidationError) as error:
        commission_decide(
            actor=personas["provider_case_manager"],
            commission=commission,
            version=commission.version,
            is_recognised=True,
            criteria=[],
            justification="Pamatojums",
            protocol_number="P-1",
        )
    assert error.value.message_dict == {"criteria": [str(texts.POSITIVE_NEEDS_CRITERION)]}
    assert not Recognition.objects.exists()


def test_a_positive_opinion_recognises_the_person(
    personas: dict[str, Any], provider_case: Any, full_members: list[Any]
) -> None:
    commission = _convene(personas, provider_case, full_members)
    commission_decide(
        actor=personas["provider_case_manager"],
        commission=commission,
        version=commission.version,
        is_recognised=True,
        criteria=["movement.recruited", "confinement.held_and_hidden"],
        justification="Pamatojums",
        protocol_number="P-1",
    )
    recognition = Recognition.objects.get(case=provider_case)
    assert recognition.basis == IdentificationBasis.COMMISSION_OPINION
    assert recognition.recognised_on == MEETING
    commission.refresh_from_db()
    assert commission.status == CommissionStatus.RECOGNISED
    assert commission.justification == "Pamatojums"


def test_two_people_recording_the_opinion_at_once_one_conflicts(
    personas: dict[str, Any], provider_case: Any, full_members: list[Any]
) -> None:
    commission = _convene(personas, provider_case, full_members)
    stale = type(commission).objects.get(pk=commission.pk)
    commission_decide(
        actor=personas["provider_case_manager"],
        commission=commission,
        version=1,
        is_recognised=False,
        criteria=[],
        justification="Nepietiek pazīmju",
        protocol_number="P-2",
    )
    with pytest.raises((DecisionConflictError, ValidationError)):
        commission_decide(
            actor=personas["provider_head"],
            commission=stale,
            version=1,
            is_recognised=True,
            criteria=["movement.sold"],
            justification="Cits",
            protocol_number="P-3",
        )
    stale.refresh_from_db()
    assert stale.status == CommissionStatus.NOT_RECOGNISED


def test_law_enforcement_recognition_needs_the_document(
    personas: dict[str, Any], provider_case: Any
) -> None:
    values: dict[str, Any] = {
        "actor": personas["provider_case_manager"],
        "case": provider_case,
        "basis": IdentificationBasis.CRIMINAL_PROCEEDINGS_DECISION,
        "proceedings_status": "witness",
        "document_reference": "",
        "document_date": datetime.date(2026, 11, 2),
        "document_issuer": "Valsts policija",
        "recognised_on": datetime.date(2026, 11, 3),
    }
    with pytest.raises(ValidationError):
        recognition_record(**values)
    values["document_reference"] = "KP 1183"
    recognition = recognition_record(**values)
    assert recognition.proceedings_status == "witness"
    with pytest.raises(ValidationError):
        recognition_record(**values)


def test_the_commission_workflow_table() -> None:
    assert can_transition(CommissionStatus.CONVENED, CommissionStatus.RECOGNISED)
    assert not can_transition(CommissionStatus.RECOGNISED, CommissionStatus.NOT_RECOGNISED)


def test_a_copy_of_the_database_shows_neither_the_opinions_criteria_nor_its_protocol(
    personas: dict[str, Any], provider_case: Any, full_members: list[Any]
) -> None:
    criteria = ["movement.recruited", "confinement.held_and_hidden"]
    commission = _convene(personas, provider_case, full_members, is_person_abroad=True)
    commission_decide(
        actor=personas["provider_case_manager"],
        commission=commission,
        version=commission.version,
        is_recognised=True,
        criteria=criteria,
        justification="Pamatojums",
        protocol_number="PROT-7731",
    )

    dump = stored_text(Commission, Recognition, AuditEvent)
    assert [text for text in [*criteria, "PROT-7731", "commission_opinion"] if text in dump] == []
    stored = Commission.objects.get(pk=commission.pk)
    assert (stored.criteria, stored.protocol_number, stored.is_person_abroad) == (
        criteria,
        "PROT-7731",
        True,
    )
    assert Recognition.objects.get().basis == IdentificationBasis.COMMISSION_OPINION
    decided = AuditEvent.objects.get(action="commission_decided")
    assert decided.payload["criteria_count"] == 2


def test_a_copy_of_the_database_shows_neither_the_basis_nor_the_status_in_the_proceedings(
    personas: dict[str, Any], provider_case: Any
) -> None:
    recognition_record(
        actor=personas["provider_case_manager"],
        case=provider_case,
        basis=IdentificationBasis.CRIMINAL_PROCEEDINGS_DECISION,
        proceedings_status="witness",
        document_reference="KP 1183",
        document_date=datetime.date(2026, 11, 2),
        document_issuer="Valsts policija",
        recognised_on=datetime.date(2026, 11, 3),
    )

    dump = stored_text(Recognition, AuditEvent)
    secrets = ["criminal_proceedings_decision", "witness", "2026-11-02", "KP 1183"]
    assert [text for text in secrets if text in dump] == []
    stored = Recognition.objects.get()
    assert (stored.basis, stored.proceedings_status, stored.document_date) == (
        IdentificationBasis.CRIMINAL_PROCEEDINGS_DECISION,
        "witness",
        datetime.date(2026, 11, 2),
    )
