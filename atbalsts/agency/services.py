"""Writes of submissions to SIVA and of SIVA's decisions (docs/style.md "Writes, reads, audit")."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from atbalsts.accounts.models import Organisation, Role
from atbalsts.agency import texts
from atbalsts.agency.models import (
    AWAITING_DECISION,
    DECISION_STATUS,
    AgencySubmission,
    SubmissionStatus,
    can_transition,
)
from atbalsts.audit.services import audit_record
from atbalsts.consent.services import referral_outcome_notify
from atbalsts.core.date_order import raise_date_order
from atbalsts.identification.models import Recognition
from atbalsts.notifications.models import NotificationKind
from atbalsts.notifications.services import notifications_send_to_organisation
from atbalsts.rules import process_dates
from atbalsts.rules.catalogue import AGENCY_DECISIONS
from atbalsts.rules.deadlines import AgencyDeadline, agency_deadline
from atbalsts.workcalendar.selectors import working_calendar

if TYPE_CHECKING:
    from atbalsts.accounts.models import User
    from atbalsts.cases.models import Case


# Who hears of a submission (SIVA) and of SIVA's decision (the provider); the note carries
# the pseudonymous case code only (docs/security.md CO-3).
AGENCY_NOTIFIED_ROLES = frozenset({Role.AGENCY_COORDINATOR})
PROVIDER_NOTIFIED_ROLES = frozenset({Role.PROVIDER_CASE_MANAGER, Role.PROVIDER_HEAD})
DECISION_NOTIFICATIONS: dict[str, NotificationKind] = {
    "grant": NotificationKind.AGENCY_GRANTED,
    "waiting_list": NotificationKind.AGENCY_WAITING_LIST,
    "refuse": NotificationKind.AGENCY_REFUSED,
}


def _process_dates(
    submission: AgencySubmission | None, recognition: Recognition
) -> dict[str, datetime.date | None]:
    """The dates already recorded, from the commission's meeting to SIVA's receipt."""
    commission = recognition.commission
    return {
        process_dates.LAW_ENFORCEMENT_DOCUMENT: recognition.document_date,
        process_dates.COMMISSION_MEETING: commission.meeting_on if commission else None,
        process_dates.RECOGNITION: recognition.recognised_on,
        process_dates.OPINION: (
            timezone.localdate(commission.decided_at)
            if commission is not None and commission.decided_at is not None
            else None
        ),
        process_dates.SUBMISSION: (
            timezone.localdate(submission.submitted_at) if submission is not None else None
        ),
        process_dates.RECEIPT: submission.received_on if submission is not None else None,
    }


class SubmissionConflictError(Exception):
    """Someone changed the submission since the version the actor saw."""

    def __init__(self, current: AgencySubmission) -> None:
        super().__init__("submission changed meanwhile")
        self.current = current


def submission_create(*, actor: User, case: Case) -> AgencySubmission:
    """Submit the recognised person's documents (the protocol or the law-enforcement
    document) to SIVA."""
    if (
        actor.organisation.type != "service_provider"
        or case.organisation_id != actor.organisation_id
    ):
        raise ValidationError(texts.NOT_SUBMITTED_BY_PROVIDER, code="not_provider")
    recognition = Recognition.objects.filter(case=case).first()
    if recognition is None:
        raise ValidationError(texts.NOT_RECOGNISED, code="not_recognised")
    open_statuses = [*AWAITING_DECISION, SubmissionStatus.WAITING_LIST]
    if AgencySubmission.objects.filter(case=case, status__in=open_statuses).exists():
        raise ValidationError(texts.ALREADY_SUBMITTED, code="submitted")
    agency = Organisation.objects.filter(type="agency", is_active=True).order_by("pk").first()
    if agency is None:
        raise ValidationError(texts.NO_AGENCY, code="no_agency")
    # The documents are sent today: the person must have been recognised by then.
    today = timezone.localdate()
    raise_date_order(
        process_dates.check_order(
            {**_process_dates(None, recognition), process_dates.SUBMISSION: today}, today=today
        ),
        fields={process_dates.SUBMISSION: None},
    )
    with transaction.atomic():
        submission = AgencySubmission(
            case=case, agency=agency, recognition=recognition, submitted_by=actor
        )
        submission.full_clean()
        submission.save()
        audit_record(
            actor=actor,
            action="agency_submission_sent",
            object_type="case",
            object_uuid=case.uuid,
            # The recognition's basis is criminal-proceedings data: kept out of the trail.
            payload={"submission": str(submission.uuid)},
        )
        notifications_send_to_organisation(
            organisation=agency,
            roles=AGENCY_NOTIFIED_ROLES,
            kind=NotificationKind.SUBMISSION_RECEIVED,
            case_code=case.code,
            target_path=reverse("agency:detail", args=[submission.uuid]),
        )
    return submission


def _claim(submission: AgencySubmission, version: int) -> None:
    claimed = AgencySubmission.objects.filter(pk=submission.pk, version=version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise SubmissionConflictError(AgencySubmission.objects.get(pk=submission.pk))
    submission.version = version + 1


def submission_receive(
    *, actor: User, submission: AgencySubmission, version: int, received_on: datetime.date
) -> AgencyDeadline:
    """Record the day SIVA received the documents; the deadline is counted from it on the
    working calendar with the administrator's overrides (atbalsts.rules.deadlines)."""
    if version != submission.version:
        raise SubmissionConflictError(submission)
    if not can_transition(submission.status, SubmissionStatus.RECEIVED):
        raise ValidationError(texts.CANNOT_RECEIVE, code="received")
    raise_date_order(
        process_dates.check_order(
            {
                **_process_dates(submission, submission.recognition),
                process_dates.RECEIPT: received_on,
            },
            today=timezone.localdate(),
        ),
        fields={process_dates.RECEIPT: "received_on"},
    )
    deadline = agency_deadline(received_on, calendar=working_calendar())
    with transaction.atomic():
        _claim(submission, version)
        submission.status = SubmissionStatus.RECEIVED
        submission.received_on = received_on
        submission.decide_by = deadline.decide_by
        submission.rule_set = deadline.rule_set
        submission.received_by = actor
        submission.full_clean()
        submission.save()
        audit_record(
            actor=actor,
            action="agency_submission_received",
            object_type="case",
            object_uuid=submission.case.uuid,
            payload={
                "submission": str(submission.uuid),
                "received_on": received_on.isoformat(),
                "decide_by": deadline.decide_by.isoformat(),
                "rule": deadline.rule,
            },
        )
    return deadline


def submission_decide(
    *,
    actor: User,
    submission: AgencySubmission,
    version: int,
    decision: str,
    waiting_list_position: int | None = None,
    refusal_reason: str = "",
) -> AgencySubmission:
    """SIVA's decision (catalogue ``agency_decisions``): grant, waiting list with the
    position, or refuse with a reason. A stale ``version`` raises SubmissionConflictError."""
    if version != submission.version:
        raise SubmissionConflictError(submission)
    if decision not in AGENCY_DECISIONS:
        raise ValidationError({"decision": texts.CANNOT_DECIDE})
    new_status = DECISION_STATUS[decision]
    if not can_transition(submission.status, new_status):
        raise ValidationError(texts.CANNOT_DECIDE, code="transition")
    if decision == "waiting_list" and not waiting_list_position:
        raise ValidationError({"waiting_list_position": texts.POSITION_REQUIRED})
    if decision == "refuse" and not refusal_reason.strip():
        raise ValidationError({"refusal_reason": texts.REASON_REQUIRED})
    # SIVA decides today: not before it received the documents.
    today = timezone.localdate()
    raise_date_order(
        process_dates.check_order(
            {**_process_dates(submission, submission.recognition), process_dates.DECISION: today},
            today=today,
        ),
        fields={process_dates.DECISION: None},
    )
    with transaction.atomic():
        _claim(submission, version)
        submission.status = new_status
        submission.waiting_list_position = (
            waiting_list_position if decision == "waiting_list" else None
        )
        submission.refusal_reason = refusal_reason.strip() if decision == "refuse" else ""
        submission.decided_by = actor
        submission.decided_at = timezone.now()
        submission.full_clean()
        submission.save()
        audit_record(
            actor=actor,
            action="agency_decision",
            object_type="case",
            object_uuid=submission.case.uuid,
            payload={"submission": str(submission.uuid), "decision": decision},
        )
        notifications_send_to_organisation(
            organisation=submission.case.organisation,
            roles=PROVIDER_NOTIFIED_ROLES,
            kind=DECISION_NOTIFICATIONS[decision],
            case_code=submission.case.code,
            target_path=reverse("cases:detail", args=[submission.case.uuid]),
        )
        referral_outcome_notify(
            provider_case=submission.case, kind=NotificationKind.REFERRED_AGENCY_DECISION
        )
    return submission
