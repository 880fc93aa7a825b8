"""Submission to SIVA and SIVA's decision (seed: "SIVA nekavējoties (līdz trim darba
dienām), pieņem lēmumu")."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from atbalsts.access.policy import Action
from atbalsts.agency import texts
from atbalsts.agency.models import AgencySubmission, SubmissionStatus, can_transition
from atbalsts.agency.selectors import submission_inbox
from atbalsts.agency.services import (
    SubmissionConflictError,
    submission_create,
    submission_decide,
    submission_receive,
)
from atbalsts.cases.access import case_for, cases_visible_to
from atbalsts.identification.models import IdentificationBasis
from atbalsts.identification.services import recognition_record
from tests.identification.conftest import provider_case, specialists

__all__ = ["provider_case", "specialists"]

pytestmark = pytest.mark.django_db


def _recognise(personas: dict[str, Any], case: Any) -> None:
    recognition_record(
        actor=personas["provider_case_manager"],
        case=case,
        basis=IdentificationBasis.FOREIGN_LAW_ENFORCEMENT_CERTIFICATE,
        proceedings_status="",
        document_reference="FR-77",
        document_date=datetime.date(2026, 11, 2),
        document_issuer="Police nationale",
        recognised_on=datetime.date(2026, 11, 3),
    )


@time_machine.travel(datetime.datetime(2026, 12, 23, 10, tzinfo=datetime.UTC))
def test_the_whole_way_from_submission_to_grant(
    personas: dict[str, Any], provider_case: Any
) -> None:
    provider = personas["provider_case_manager"]
    siva = personas["agency_coordinator"]
    with pytest.raises(ValidationError) as error:
        submission_create(actor=provider, case=provider_case)
    assert error.value.messages == [str(texts.NOT_RECOGNISED)]
    _recognise(personas, provider_case)
    assert provider_case not in cases_visible_to(siva)
    submission = submission_create(actor=provider, case=provider_case)
    with pytest.raises(ValidationError):
        submission_create(actor=provider, case=provider_case)
    assert list(submission_inbox(actor=siva)) == [submission]
    found = case_for(siva, provider_case.uuid, Action.VIEW_SERVICES)
    assert not found.standing.allows(Action.VIEW_LOCATION)

    deadline = submission_receive(
        actor=siva, submission=submission, version=1, received_on=datetime.date(2026, 12, 23)
    )
    assert deadline.decide_by == datetime.date(2026, 12, 30)  # docs/domain.md: across Christmas
    submission.refresh_from_db()
    assert submission.decide_by == datetime.date(2026, 12, 30)
    assert submission.rule_set == "lv-mk344"

    submission_decide(actor=siva, submission=submission, version=2, decision="grant")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.GRANTED


def test_refusal_needs_a_reason_and_waiting_list_a_position(
    personas: dict[str, Any], provider_case: Any
) -> None:
    _recognise(personas, provider_case)
    siva = personas["agency_coordinator"]
    submission = submission_create(actor=personas["provider_case_manager"], case=provider_case)
    submission_receive(
        actor=siva,
        submission=submission,
        version=1,
        received_on=timezone.localdate(submission.submitted_at),
    )
    with pytest.raises(ValidationError) as error:
        submission_decide(actor=siva, submission=submission, version=2, decision="refuse")
    assert error.value.message_dict == {"refusal_reason": [str(texts.REASON_REQUIRED)]}
    with pytest.raises(ValidationError) as error:
        submission_decide(actor=siva, submission=submission, version=2, decision="waiting_list")
    assert error.value.message_dict == {"waiting_list_position": [str(texts.POSITION_REQUIRED)]}
    submission_decide(
        actor=siva,
        submission=submission,
        version=2,
        decision="waiting_list",
        waiting_list_position=4,
    )
    submission_decide(
        actor=siva,
        submission=submission,
        version=3,
        decision="refuse",
        refusal_reason="Nav brīvu vietu",
    )
    submission.refresh_from_db()
    assert submission.refusal_reason == "Nav brīvu vietu"
    assert submission.waiting_list_position is None


def test_two_coordinators_deciding_at_once_one_conflict(
    personas: dict[str, Any], provider_case: Any
) -> None:
    _recognise(personas, provider_case)
    siva = personas["agency_coordinator"]
    submission = submission_create(actor=personas["provider_case_manager"], case=provider_case)
    submission_receive(
        actor=siva,
        submission=submission,
        version=1,
        received_on=timezone.localdate(submission.submitted_at),
    )
    other = AgencySubmission.objects.get(pk=submission.pk)
    submission_decide(actor=siva, submission=submission, version=2, decision="grant")
    with pytest.raises(SubmissionConflictError) as error:
        submission_decide(
            actor=siva, submission=other, version=2, decision="refuse", refusal_reason="x"
        )
    assert error.value.current.status == SubmissionStatus.GRANTED
    other.refresh_from_db()
    assert other.status == SubmissionStatus.GRANTED


def test_the_submission_workflow_table() -> None:
    assert can_transition(SubmissionStatus.WAITING_LIST, SubmissionStatus.GRANTED)
    assert not can_transition(SubmissionStatus.GRANTED, SubmissionStatus.REFUSED)
    assert not can_transition(SubmissionStatus.SUBMITTED, SubmissionStatus.GRANTED)
