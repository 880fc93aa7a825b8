"""Writes of case management (docs/style.md "Writes, reads, audit"; docs/security.md RE-1, LG-1).

Every service checks, saves after ``full_clean`` and writes its audit event in one
transaction. Audit payloads hold codes and dates, never the encrypted free text.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from atbalsts.accounts.models import OrganisationType
from atbalsts.audit.services import audit_record
from atbalsts.cases.models import ArrivalStage, Case, ReferralSource
from atbalsts.cases.services import case_open
from atbalsts.casework import texts
from atbalsts.casework.access import MUNICIPAL_ROLES, PROVIDER_ANSWERING_ROLES
from atbalsts.casework.models import (
    CaseManagement,
    CaseStep,
    EvaluationOutcome,
    FamilyTask,
    FollowUpContact,
    InformationRequest,
    InformationRequestStatus,
    PlanActivity,
    can_transition,
)
from atbalsts.casework.selectors import (
    own_open_case_of_person,
    request_consents,
    takeover_consents,
)
from atbalsts.consent.access import CONSENT_ROLES
from atbalsts.core.date_order import raise_date_order
from atbalsts.courses.models import Course, CourseStatus
from atbalsts.notifications.models import NotificationKind
from atbalsts.notifications.services import notifications_send_to_organisation
from atbalsts.rules import process_dates
from atbalsts.rules.catalogue import require_codes
from atbalsts.rules.errors import UnknownCodeError

if TYPE_CHECKING:
    from atbalsts.accounts.models import Organisation, User


class EditConflictError(Exception):
    """Someone saved the management since the editor loaded it."""

    def __init__(self, current: CaseManagement) -> None:
        super().__init__("case management changed")
        self.current = current


@dataclass(frozen=True)
class ManagementDetails:
    """The editable fields of the five steps."""

    interview_notes: str = ""
    needs: list[str] = field(default_factory=list)
    home_visit_on: datetime.date | None = None
    home_visit_notes: str = ""
    risk_level: str = ""
    risk_groups: list[str] = field(default_factory=list)
    plan_notes: str = ""
    evaluation_due_on: datetime.date | None = None
    evaluation_outcome: str = ""
    closure_reason: str = ""
    evaluation_notes: str = ""

    @classmethod
    def of(cls, management: CaseManagement) -> ManagementDetails:
        return cls(**{name: getattr(management, name) for name in FIELDS})


FIELDS = tuple(ManagementDetails.__dataclass_fields__)
# Free text: encrypted, never named with its value in the audit trail.
TEXT_FIELDS = frozenset({"interview_notes", "home_visit_notes", "plan_notes", "evaluation_notes"})


def _check_codes(details: ManagementDetails) -> None:
    try:
        require_codes("needs", "needs", details.needs)
        require_codes("risk_groups", "risk_groups", details.risk_groups)
    except UnknownCodeError as error:
        raise ValidationError(texts.UNKNOWN_CODE, code="unknown_code") from error
    if details.closure_reason and details.evaluation_outcome != EvaluationOutcome.CLOSE:
        raise ValidationError({"closure_reason": texts.REASON_ONLY_FOR_CLOSURE})


def case_management_save(
    *, actor: User, case: Case, version: int, details: ManagementDetails
) -> CaseManagement:
    """Create the case's management (``version`` 0) or save it if nobody saved since
    ``version``; otherwise :class:`EditConflictError` and nothing is saved."""
    _check_codes(details)
    raise_date_order(
        process_dates.check_order(
            {process_dates.HOME_VISIT: details.home_visit_on}, today=timezone.localdate()
        ),
        fields={process_dates.HOME_VISIT: "home_visit_on"},
    )
    with transaction.atomic():
        now = timezone.now()
        management = CaseManagement.objects.filter(case=case).first()
        if management is None:
            if version != 0:
                raise EditConflictError(CaseManagement(case=case, created_by=actor))
            management = CaseManagement(case=case, created_by=actor, version=0)
        else:
            claimed = CaseManagement.objects.filter(pk=management.pk, version=version).update(
                version=F("version") + 1, updated_at=now
            )
            if not claimed:
                raise EditConflictError(CaseManagement.objects.get(pk=management.pk))
        changed = [name for name in FIELDS if getattr(management, name) != getattr(details, name)]
        for name in FIELDS:
            setattr(management, name, getattr(details, name))
        management.version = version + 1
        management.updated_at = now
        management.full_clean()
        management.save()
        audit_record(
            actor=actor,
            action="case_management_saved",
            object_type="case",
            object_uuid=case.uuid,
            payload={"fields": changed, "version": management.version},
        )
    return management


def case_management_advance(
    *, actor: User, management: CaseManagement, version: int, step: str
) -> CaseManagement:
    """Move the case to ``step`` if the workflow table allows it from the current step."""
    if not can_transition(management.step, step):
        raise ValidationError(texts.STEP_NOT_ALLOWED, code="transition")
    if management.step == CaseStep.EVALUATION:
        if step == CaseStep.PLAN and management.evaluation_outcome != EvaluationOutcome.CONTINUE:
            raise ValidationError(texts.CONTINUE_NEEDS_OUTCOME, code="outcome")
        if step == CaseStep.FOLLOW_UP and not (
            management.evaluation_outcome == EvaluationOutcome.CLOSE and management.closure_reason
        ):
            raise ValidationError(texts.CLOSE_NEEDS_REASON, code="outcome")
    with transaction.atomic():
        now = timezone.now()
        claimed = CaseManagement.objects.filter(pk=management.pk, version=version).update(
            version=F("version") + 1, updated_at=now, step=step
        )
        if not claimed:
            raise EditConflictError(CaseManagement.objects.get(pk=management.pk))
        previous = management.step
        management.refresh_from_db()
        audit_record(
            actor=actor,
            action="case_step_changed",
            object_type="case",
            object_uuid=management.case.uuid,
            payload={"from": previous, "to": step, "version": management.version},
        )
    return management


def plan_activity_add(
    *,
    actor: User,
    management: CaseManagement,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    notes: str,
) -> PlanActivity:
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": texts.ENDS_BEFORE_STARTS})
    with transaction.atomic():
        activity = PlanActivity(
            management=management,
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            notes=notes,
            created_by=actor,
        )
        activity.full_clean()
        activity.save()
        audit_record(
            actor=actor,
            action="plan_activity_added",
            object_type="case",
            object_uuid=management.case.uuid,
            payload={"activity": str(activity.uuid), "kind": kind},
        )
    return activity


def follow_up_schedule(
    *, actor: User, management: CaseManagement, due_on: datetime.date
) -> FollowUpContact:
    with transaction.atomic():
        follow_up = FollowUpContact(management=management, due_on=due_on, created_by=actor)
        follow_up.full_clean()
        follow_up.save()
        audit_record(
            actor=actor,
            action="follow_up_scheduled",
            object_type="case",
            object_uuid=management.case.uuid,
            payload={"follow_up": str(follow_up.uuid), "due_on": due_on.isoformat()},
        )
    return follow_up


def follow_up_record(
    *,
    actor: User,
    follow_up: FollowUpContact,
    done_on: datetime.date,
    retrafficking_risk: str,
    outcome: str,
) -> FollowUpContact:
    raise_date_order(
        process_dates.check_order(
            {process_dates.FOLLOW_UP_CONTACT: done_on}, today=timezone.localdate()
        ),
        fields={process_dates.FOLLOW_UP_CONTACT: "done_on"},
    )
    with transaction.atomic():
        follow_up.done_on = done_on
        follow_up.retrafficking_risk = retrafficking_risk
        follow_up.outcome = outcome
        follow_up.full_clean()
        follow_up.save()
        audit_record(
            actor=actor,
            action="follow_up_recorded",
            object_type="case",
            object_uuid=follow_up.management.case.uuid,
            payload={"follow_up": str(follow_up.uuid), "retrafficking_risk": retrafficking_risk},
        )
    return follow_up


def family_task_add(
    *, actor: User, management: CaseManagement, task: str, status: str, notes: str
) -> FamilyTask:
    try:
        require_codes("task", "family_tasks", [task])
    except UnknownCodeError as error:
        raise ValidationError({"task": texts.UNKNOWN_CODE}) from error
    with transaction.atomic():
        family_task = FamilyTask(
            management=management, task=task, status=status, notes=notes, created_by=actor
        )
        family_task.full_clean()
        family_task.save()
        audit_record(
            actor=actor,
            action="family_task_added",
            object_type="case",
            object_uuid=management.case.uuid,
            payload={"task": task, "status": status},
        )
    return family_task


def information_request_send(
    *, actor: User, case: Case, provider: Organisation, question: str
) -> InformationRequest:
    """Ask ``provider`` in writing; only with an active consent naming the case's social
    service as recipient and the provider as holder (seed, last chapter; docs/security.md CO-1)."""
    with transaction.atomic():
        consent = request_consents(case=case).filter(holder=provider).first()
        if consent is None:
            raise ValidationError(texts.REQUEST_NO_CONSENT, code="no_consent")
        request = InformationRequest(
            case=case, provider=provider, consent=consent, question=question, sent_by=actor
        )
        request.full_clean()
        request.save()
        audit_record(
            actor=actor,
            action="information_request_sent",
            object_type="case",
            object_uuid=case.uuid,
            payload={"request": str(request.uuid), "provider": str(provider.uuid)},
        )
        # The provider's inbox names the request by the social service's case code; so
        # does the note (docs/security.md CO-3: no case data).
        notifications_send_to_organisation(
            organisation=provider,
            roles=PROVIDER_ANSWERING_ROLES,
            kind=NotificationKind.INFORMATION_REQUESTED,
            case_code=case.code,
            target_path=reverse("casework:request_reply", args=[request.uuid]),
        )
    return request


@dataclass(frozen=True)
class Reply:
    scope: str
    progress: str
    recommendations: str


def information_request_answer(
    *, actor: User, request: InformationRequest, reply: Reply
) -> InformationRequest:
    """The provider's written answer, once, while the consent is active."""
    if request.status == InformationRequestStatus.ANSWERED:
        raise ValidationError(texts.REQUEST_ALREADY_ANSWERED, code="answered")
    with transaction.atomic():
        if not request_consents(case=request.case).filter(pk=request.consent_id).exists():
            raise ValidationError(texts.REQUEST_NO_CONSENT, code="no_consent")
        request.reply_scope = reply.scope
        request.reply_progress = reply.progress
        request.reply_recommendations = reply.recommendations
        request.status = InformationRequestStatus.ANSWERED
        request.answered_by = actor
        request.answered_at = timezone.now()
        request.full_clean()
        request.save()
        audit_record(
            actor=actor,
            action="information_request_answered",
            object_type="information_request",
            object_uuid=request.uuid,
            payload={"fields": sorted(k for k, v in asdict(reply).items() if v)},
        )
        notifications_send_to_organisation(
            organisation=request.case.organisation,
            roles=MUNICIPAL_ROLES,
            kind=NotificationKind.INFORMATION_ANSWERED,
            case_code=request.case.code,
            target_path=reverse("casework:detail", args=[request.case.uuid]),
        )
    return request


def case_management_open(*, actor: User, case: Case) -> CaseManagement:
    """The case's management, created at its first step if the case has none yet."""
    with transaction.atomic():
        management = CaseManagement.objects.filter(case=case).first()
        if management is not None:
            return management
        management = CaseManagement(case=case, created_by=actor)
        management.full_clean()
        management.save()
        audit_record(
            actor=actor,
            action="case_management_opened",
            object_type="case",
            object_uuid=case.uuid,
            payload={"step": management.step},
        )
    return management


def case_management_read(*, actor: User, case: Case, view: str) -> CaseManagement | None:
    """The case's management for a page that shows it, with a ``sensitive_read`` event."""
    with transaction.atomic():
        management = CaseManagement.objects.filter(case=case).first()
        audit_record(
            actor=actor,
            action="sensitive_read",
            object_type="case",
            object_uuid=case.uuid,
            payload={"view": view},
        )
    return management


def family_task_update(
    *, actor: User, family_task: FamilyTask, status: str, notes: str
) -> FamilyTask:
    """Record the task's progress: its status and notes."""
    with transaction.atomic():
        family_task.status = status
        family_task.notes = notes
        family_task.full_clean()
        family_task.save(update_fields=["status", "notes"])
        audit_record(
            actor=actor,
            action="family_task_updated",
            object_type="case",
            object_uuid=family_task.management.case.uuid,
            payload={"task": family_task.task, "status": status},
        )
    return family_task


def _arrival_stage(shared_case: Case) -> str:
    """When the person reaches the social service, by the shared case's course (seed: before,
    during or after the state-funded course)."""
    status = Course.objects.filter(case=shared_case).values_list("status", flat=True).first()
    if status == CourseStatus.ENDED:
        return ArrivalStage.AFTER_COURSE
    if status == CourseStatus.RUNNING:
        return ArrivalStage.DURING_COURSE
    return ArrivalStage.BEFORE_COURSE


def case_take_over(*, actor: User, shared_case: Case) -> CaseManagement:
    """The social service takes over a case another organisation shared with it: case
    management opens in the service's own open case of the person, or in a new one.

    Needs the person's active consent to the takeover (ConsentPurpose.CASE_TAKEOVER) from
    the organisation that keeps the case (seed, last chapter: information reaches the social
    service "tikai ar pašas personas piekrišanu", and its social worker "pārņems sociālo
    gadījumu pēc valsts apmaksātās sociālās rehabilitācijas beigām"; docs/security.md CO-1).
    Taking over twice opens nothing new.
    """
    with transaction.atomic():
        consent = takeover_consents(shared_case=shared_case, recipient=actor.organisation).first()
        if consent is None:
            raise ValidationError(texts.TAKEOVER_NEEDS_CONSENT, code="no_consent")
        own_case = own_open_case_of_person(actor=actor, person_id=shared_case.person_id)
        is_new_case = own_case is None
        was_managed = own_case is not None and CaseManagement.objects.filter(case=own_case).exists()
        if own_case is None:
            own_case = case_open(
                actor=actor,
                person=shared_case.person,
                arrival_stage=_arrival_stage(shared_case),
                contact_channel="",
                referral_source=(
                    ReferralSource.SERVICE_PROVIDER
                    if shared_case.organisation.type == OrganisationType.SERVICE_PROVIDER
                    else ReferralSource.SOCIAL_SERVICE
                ),
            )
        management = case_management_open(actor=actor, case=own_case)
        audit_record(
            actor=actor,
            action="case_taken_over",
            object_type="case",
            object_uuid=own_case.uuid,
            payload={
                "from_case": str(shared_case.uuid),
                "from_organisation": str(shared_case.organisation.uuid),
                "consent": str(consent.uuid),
                "is_new_case": is_new_case,
            },
        )
        # The keeper of the shared case learns of it once, by its own case code (CO-3).
        if not was_managed:
            notifications_send_to_organisation(
                organisation=shared_case.organisation,
                roles=CONSENT_ROLES,
                kind=NotificationKind.CASE_TAKEN_OVER,
                case_code=shared_case.code,
                target_path=reverse("cases:detail", args=[shared_case.uuid]),
            )
    return management
