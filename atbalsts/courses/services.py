"""Writes of courses, plans and the service log (docs/style.md "Writes, reads, audit").

Every delivery and every change of the course's dates or of the after-course choice is
checked by the rules ledger (:func:`atbalsts.rules.entitlements.evaluate_entitlements`)
over all the course's deliveries before anything is saved: what the ledger refuses is not
written, and the refusal names the rule.

Concurrent plan edits (RE-1): the plan has a ``version``; a save claims it with
``filter(pk=…, version=v).update(version=F("version") + 1)`` and raises
:class:`PlanConflictError` when someone saved in between, writing nothing.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language

from atbalsts.access.policy import Action
from atbalsts.accounts.models import OrganisationType
from atbalsts.agency.models import AWAITING_DECISION, AgencySubmission, SubmissionStatus
from atbalsts.audit.services import audit_record
from atbalsts.cases.access import Authorised, case_for
from atbalsts.core.citations import cited
from atbalsts.core.date_order import format_day, raise_date_order
from atbalsts.courses import selectors, texts
from atbalsts.courses.models import (
    AfterCourseRoute,
    Course,
    CourseStatus,
    Delivery,
    EndReason,
    Plan,
    PlanReview,
    PlanTask,
    ServiceLine,
    can_transition,
)
from atbalsts.rules import process_dates
from atbalsts.rules.entitlements import Violation, course_last_day, evaluate_entitlements
from atbalsts.rules.errors import RuleInputError
from atbalsts.rules.rulesets import NoRuleSetInForceError, rule_set_for

if TYPE_CHECKING:
    from atbalsts.accounts.models import User
    from atbalsts.cases.models import Case


def course_start_obstacle(case: Case) -> Promise | None:
    """Why a course cannot be started on ``case`` yet, or None when it may start.

    A course is a service provider's, and it starts only after SIVA granted the person the
    social rehabilitation service (seed §"Otrais posms": "SIVA ir pieņēmusi lēmumu par
    sociālās rehabilitācijas pakalpojuma piešķiršanu"; docs/domain.md phase 1 → 2). A person
    recognised on a law-enforcement basis is submitted to SIVA the same way and needs the
    same grant.
    """
    if case.organisation.type != OrganisationType.SERVICE_PROVIDER:
        return texts.COURSE_MAY_NOT_START
    statuses = set(
        AgencySubmission.objects.filter(case=case).values_list("status", flat=True).distinct()
    )
    if SubmissionStatus.GRANTED in statuses:
        return None
    if SubmissionStatus.WAITING_LIST in statuses:
        return texts.SIVA_WAITING_LIST
    if statuses & AWAITING_DECISION:
        return texts.SIVA_NOT_DECIDED
    if SubmissionStatus.REFUSED in statuses:
        return texts.SIVA_REFUSED
    return texts.SIVA_NOT_SUBMITTED


def course_granted_on(case: Case) -> datetime.date | None:
    """The day SIVA first granted the service on ``case`` (local time), or None."""
    decided_at = (
        AgencySubmission.objects.filter(
            case=case, status=SubmissionStatus.GRANTED, decided_at__isnull=False
        )
        .order_by("decided_at")
        .values_list("decided_at", flat=True)
        .first()
    )
    return timezone.localdate(decided_at) if decided_at is not None else None


def course_may_start(case: Case) -> bool:
    """May a course be started on ``case``? (:func:`course_start_obstacle` says why not.)"""
    return course_start_obstacle(case) is None


def violation_message(violation: Violation) -> str:
    """The ledger's message in the reader's language."""
    lang = get_language() or "lv"
    return violation.message_lv if lang.startswith("lv") else violation.message_en


class DeliveryRefusedError(Exception):
    """The rules ledger refuses the delivery (or the change): ``violation`` says why."""

    def __init__(self, violation: Violation) -> None:
        super().__init__(violation.code)
        self.violation = violation

    @property
    def message(self) -> str:
        return str(
            texts.DELIVERY_REFUSED
            % {"message": violation_message(self.violation), "rule": cited(self.violation.rule)}
        )


class PlanConflictError(Exception):
    """Someone saved the plan since the editor loaded it; ``current`` is their version."""

    def __init__(self, current: Plan) -> None:
        super().__init__("The plan was changed by someone else.")
        self.current = current


def course_read(
    *, actor: User, case_uuid: uuid.UUID, action: Action, view: str
) -> Authorised[Case]:
    """The case of a course page, if the actor may do ``action``, with a ``sensitive_read``
    event (LG-1)."""
    # Outside any transaction: a refusal's authz_fail event must outlive the 404, and the
    # audit append is atomic by itself.
    found = case_for(actor, case_uuid, action)
    audit_record(
        actor=actor,
        action="sensitive_read",
        object_type="case",
        object_uuid=found.obj.uuid,
        payload={"view": view},
    )
    return found


def _first_violation(
    course: Course, deliveries: list[Delivery], today: datetime.date
) -> Violation | None:
    report = selectors.course_entitlements(course, as_of=today, deliveries=deliveries)
    return report.violations[0] if report.violations else None


def course_start(
    *, actor: User, case: Case, start_date: datetime.date, today: datetime.date
) -> Course:
    """Record the course of ``case`` from ``start_date`` (running from that day), not
    before SIVA granted the service (seed §"Otrais posms")."""
    obstacle = course_start_obstacle(case)
    if obstacle is not None:
        code = "not_provider" if obstacle == texts.COURSE_MAY_NOT_START else "not_granted"
        raise ValidationError(str(obstacle), code=code)
    if Course.objects.filter(case=case).exists():
        raise ValidationError(texts.COURSE_EXISTS, code="exists")
    # The course follows SIVA's grant (course_start_obstacle), so it cannot begin earlier;
    # it is planned, so it may start on a day still ahead.
    raise_date_order(
        process_dates.check_order(
            {
                process_dates.DECISION: course_granted_on(case),
                process_dates.COURSE_START: start_date,
            },
            today=today,
        ),
        fields={process_dates.COURSE_START: "start_date"},
    )
    try:
        rule_set_for(start_date)
    except NoRuleSetInForceError as error:
        raise ValidationError({"start_date": texts.START_TOO_EARLY % {"reason": error}}) from None
    with transaction.atomic():
        course = Course(
            case=case,
            start_date=start_date,
            status=CourseStatus.RUNNING if start_date <= today else CourseStatus.PLANNED,
            created_by=actor,
        )
        course.full_clean()
        course.save()
        plan = Plan(course=course, updated_by=actor)
        plan.full_clean()
        plan.save()
        audit_record(
            actor=actor,
            action="course_started",
            object_type="course",
            object_uuid=course.uuid,
            payload={"case": str(case.uuid), "status": course.status},
        )
    return course


def course_begin(*, actor: User, course: Course, today: datetime.date) -> Course:
    """Move a planned course to running once its start date has come."""
    _require_transition(course, CourseStatus.RUNNING)
    if course.start_date > today:
        raise ValidationError(texts.BEGIN_BEFORE_START, code="too_early")
    with transaction.atomic():
        course.status = CourseStatus.RUNNING
        course.updated_at = timezone.now()
        course.version += 1
        course.full_clean()
        course.save()
        audit_record(
            actor=actor,
            action="course_running",
            object_type="course",
            object_uuid=course.uuid,
            payload={"status": course.status},
        )
    return course


def _require_transition(course: Course, new: str) -> None:
    if not can_transition(course.status, new):
        raise ValidationError(
            texts.TRANSITION_NOT_ALLOWED
            % {
                "current": CourseStatus(course.status).label,
                "new": CourseStatus(new).label,
            },
            code="transition",
        )


def course_end(
    *,
    actor: User,
    course: Course,
    end_date: datetime.date,
    end_reason: str,
    end_note: str,
    today: datetime.date,
) -> Course:
    """Record the end of the course; an end after the last allowed day is refused with the
    rule that sets it (MK 344 4. p.: up to 180 calendar days)."""
    _require_transition(course, CourseStatus.ENDED)
    rule_set = rule_set_for(course.start_date)
    last_day = course_last_day(course.start_date, rule_set)
    if end_date > last_day:
        raise ValidationError(
            {
                "end_date": texts.END_AFTER_LAST_DAY
                % {
                    "days": rule_set.course_max_days,
                    "last_day": format_day(last_day),
                    "rule": cited(rule_set.reference("course")),
                }
            }
        )
    # The end is a recorded fact: from the course's start, and not ahead of today.
    found = process_dates.check_within(
        process_dates.COURSE_END,
        end_date,
        process_dates.Window(
            process_dates.COURSE_START, course.start_date, process_dates.TODAY, today
        ),
    )
    raise_date_order([found] if found else [], fields={process_dates.COURSE_END: "end_date"})
    if end_reason == EndReason.OTHER and not end_note.strip():
        raise ValidationError({"end_note": texts.END_NOTE_REQUIRED})
    with transaction.atomic():
        previous = (course.status, course.end_date)
        course.status = CourseStatus.ENDED
        course.end_date = end_date
        violation = _first_violation(course, list(course.deliveries.all()), today)
        if violation is not None:
            course.status, course.end_date = previous
            raise ValidationError(
                {
                    "end_date": texts.DELIVERIES_AFTER_END
                    % {"message": violation_message(violation), "rule": cited(violation.rule)}
                }
            )
        course.end_reason = end_reason
        course.end_note = end_note.strip() or None
        course.updated_at = timezone.now()
        course.version += 1
        course.full_clean()
        course.save()
        audit_record(
            actor=actor,
            action="course_ended",
            object_type="course",
            object_uuid=course.uuid,
            payload={"end_date": end_date.isoformat(), "end_reason": end_reason},
        )
    return course


def course_route_choose(
    *,
    actor: User,
    course: Course,
    route: str,
    procedural_status: str,
    has_state_legal_aid: bool,
    support_granted_on: datetime.date | None,
    today: datetime.date,
) -> Course:
    """Choose what follows the course: post-course consultations or criminal-process
    support (seed §"Trešais posms"). Deliveries already recorded must still fit."""
    if course.status != CourseStatus.ENDED or course.end_date is None:
        raise ValidationError(texts.ROUTE_BEFORE_END, code="not_ended")
    is_support = route == AfterCourseRoute.CRIMINAL_PROCESS_SUPPORT
    if is_support and not procedural_status:
        raise ValidationError({"procedural_status": texts.PROCEDURAL_STATUS_REQUIRED})
    with transaction.atomic():
        course.after_course_route = route
        course.procedural_status = procedural_status if is_support else ""
        course.has_state_legal_aid = has_state_legal_aid if is_support else False
        course.support_granted_on = support_granted_on if is_support else None
        violation = _first_violation(course, list(course.deliveries.all()), today)
        if violation is not None:
            course.refresh_from_db()
            raise ValidationError(
                texts.ROUTE_BREAKS_DELIVERIES
                % {"message": violation_message(violation), "rule": cited(violation.rule)},
                code="violation",
            )
        course.updated_at = timezone.now()
        course.version += 1
        course.full_clean()
        course.save()
        audit_record(
            actor=actor,
            action="course_route_chosen",
            object_type="course",
            object_uuid=course.uuid,
            # The route, the status in the proceedings and legal aid are criminal-proceedings
            # data, kept encrypted on the course: the trail names only what was filled in.
            payload={
                "fields": sorted(
                    name
                    for name, value in (
                        ("after_course_route", route),
                        ("procedural_status", course.procedural_status),
                        ("has_state_legal_aid", course.has_state_legal_aid),
                        ("support_granted_on", course.support_granted_on),
                    )
                    if value
                )
            },
        )
    return course


@dataclass(frozen=True)
class PlanGoals:
    short_term_goals: str
    long_term_goals: str


def plan_update(*, actor: User, plan: Plan, version: int, goals: PlanGoals) -> Plan:
    """Save the goals if nobody saved since ``version``; else :class:`PlanConflictError`."""
    now = timezone.now()
    with transaction.atomic():
        claimed = Plan.objects.filter(pk=plan.pk, version=version).update(
            version=F("version") + 1, updated_at=now
        )
        if not claimed:
            raise PlanConflictError(Plan.objects.get(pk=plan.pk))
        plan.short_term_goals = goals.short_term_goals.strip() or None
        plan.long_term_goals = goals.long_term_goals.strip() or None
        plan.version = version + 1
        plan.updated_at = now
        plan.updated_by = actor
        plan.full_clean()
        plan.save()
        audit_record(
            actor=actor,
            action="plan_updated",
            object_type="plan",
            object_uuid=plan.uuid,
            payload={"version": plan.version},
        )
    return plan


def plan_task_add(
    *, actor: User, plan: Plan, description: str, responsible: User, due_on: datetime.date
) -> PlanTask:
    if (
        responsible.organisation_id != actor.organisation_id
        or responsible.role not in selectors.PROVIDER_ROLES
        or not responsible.is_active
    ):
        raise ValidationError({"responsible": texts.RESPONSIBLE_NOT_PROVIDER})
    _require_within_course(plan.course, process_dates.PLAN_TASK_DUE, due_on, field="due_on")
    with transaction.atomic():
        task = PlanTask(
            plan=plan, description=description.strip(), responsible=responsible, due_on=due_on
        )
        task.full_clean()
        task.save()
        audit_record(
            actor=actor,
            action="plan_task_added",
            object_type="plan",
            object_uuid=plan.uuid,
            payload={"task": str(task.uuid), "responsible": str(responsible.uuid)},
        )
    return task


def plan_task_complete(*, actor: User, task: PlanTask) -> PlanTask:
    with transaction.atomic():
        task.is_done = True
        task.full_clean()
        task.save(update_fields=["is_done"])
        audit_record(
            actor=actor,
            action="plan_task_done",
            object_type="plan",
            object_uuid=task.plan.uuid,
            payload={"task": str(task.uuid)},
        )
    return task


def plan_review_add(
    *,
    actor: User,
    plan: Plan,
    reviewed_on: datetime.date,
    notes: str,
    next_review_on: datetime.date,
    today: datetime.date,
) -> PlanReview:
    found = process_dates.check_in_future(process_dates.PLAN_REVIEW, reviewed_on, today=today)
    raise_date_order([found] if found else [], fields={process_dates.PLAN_REVIEW: "reviewed_on"})
    _require_within_course(plan.course, process_dates.PLAN_REVIEW, reviewed_on, field="reviewed_on")
    _require_within_course(
        plan.course, process_dates.NEXT_PLAN_REVIEW, next_review_on, field="next_review_on"
    )
    if next_review_on <= reviewed_on:
        raise ValidationError({"next_review_on": texts.NEXT_REVIEW_BEFORE_REVIEW})
    with transaction.atomic():
        review = PlanReview(
            plan=plan,
            reviewed_on=reviewed_on,
            notes=notes.strip() or None,
            next_review_on=next_review_on,
            reviewed_by=actor,
        )
        review.full_clean()
        review.save()
        audit_record(
            actor=actor,
            action="plan_reviewed",
            object_type="plan",
            object_uuid=plan.uuid,
            payload={"review": str(review.uuid), "next_review_on": next_review_on.isoformat()},
        )
    return review


def _require_within_course(course: Course, step: str, on: datetime.date, *, field: str) -> None:
    """Refuse ``on`` outside the course: its start through its end, or its last allowed day
    while it runs (atbalsts.rules.process_dates.course_window)."""
    window = process_dates.course_window(course.start_date, course.end_date)
    found = process_dates.check_within(step, on, window)
    raise_date_order([found] if found else [], fields={step: field})


@dataclass(frozen=True)
class DeliveryInput:
    service: str
    kind: str
    specialist: str
    quantity: Decimal
    minor_children: int
    delivered_on: datetime.date


def delivery_record(
    *, actor: User, course: Course, entry: DeliveryInput, today: datetime.date
) -> Delivery:
    """Record a delivery if the rules ledger accepts it with every delivery already recorded;
    else :class:`DeliveryRefusedError` naming the violation and its rule."""
    # A delivery is a recorded fact, inside the window of the entitlement it draws on (the
    # ledger's windows); whether it is still due is the ledger's question below.
    found = process_dates.check_in_future(process_dates.DELIVERY, entry.delivered_on, today=today)
    window = (
        process_dates.delivery_window(
            entry.service,
            course_start=course.start_date,
            course_end=course.end_date,
            criminal_process_support=selectors.support_of(
                course.after_course_route,
                granted_on=course.support_granted_on,
                state_legal_aid=course.has_state_legal_aid,
            ),
        )
        if entry.service in ServiceLine.values
        else None
    )
    if found is None and window is not None:
        found = process_dates.check_within(process_dates.DELIVERY, entry.delivered_on, window)
    raise_date_order([found] if found else [], fields={process_dates.DELIVERY: "delivered_on"})
    delivery = Delivery(
        course=course,
        service=entry.service,
        kind=entry.kind,
        specialist=entry.specialist,
        quantity=entry.quantity,
        minor_children=entry.minor_children,
        delivered_on=entry.delivered_on,
        recorded_by=actor,
    )
    delivery.full_clean()
    with transaction.atomic():
        # Lock the course row so two deliveries entered at once are judged one after the other.
        Course.objects.select_for_update().filter(pk=course.pk).first()
        existing = list(course.deliveries.all())
        try:
            report = evaluate_entitlements(
                as_of=today,
                course_start=course.start_date,
                course_end=course.end_date,
                criminal_process_support=selectors.support_of(
                    course.after_course_route,
                    granted_on=course.support_granted_on,
                    state_legal_aid=course.has_state_legal_aid,
                ),
                deliveries=[selectors.ledger_delivery(row) for row in [*existing, delivery]],
            )
        except RuleInputError as error:
            raise ValidationError(str(error), code="rule_input") from None
        if report.violations:
            own = [v for v in report.violations if v.delivery == len(existing)]
            raise DeliveryRefusedError(own[0] if own else report.violations[0])
        delivery.save()
        audit_record(
            actor=actor,
            action="delivery_recorded",
            object_type="course",
            object_uuid=course.uuid,
            payload={
                "delivery": str(delivery.uuid),
                "service": entry.service,
                "kind": entry.kind,
                "quantity": str(entry.quantity),
            },
        )
    return delivery


__all__ = [
    "DeliveryInput",
    "DeliveryRefusedError",
    "PlanConflictError",
    "PlanGoals",
    "ServiceLine",
    "course_begin",
    "course_end",
    "course_may_start",
    "course_read",
    "course_route_choose",
    "course_start",
    "course_start_obstacle",
    "delivery_record",
    "plan_review_add",
    "plan_task_add",
    "plan_task_complete",
    "plan_update",
]
