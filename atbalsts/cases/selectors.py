"""Reads of cases, narrowed to what the actor may see (docs/style.md "Reads")."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.utils.translation import pgettext_lazy

from atbalsts.access.policy import Action
from atbalsts.cases.access import case_standings, cases_visible_to
from atbalsts.cases.models import Case, CaseStatus
from atbalsts.rules.entitlements import course_last_day
from atbalsts.rules.rulesets import rule_set_for

if TYPE_CHECKING:
    from atbalsts.accounts.models import User
    from atbalsts.people.models import Person


class CaseStage(models.TextChoices):
    """Where a case stands in the referral mechanism, the latest step its records show."""

    SCREENING = "screening", pgettext_lazy("case stage", "Screening")
    CONSENT = "consent", pgettext_lazy("case stage", "Consent")
    REFERRAL = "referral", pgettext_lazy("case stage", "Referral")
    COMMISSION = "commission", pgettext_lazy("case stage", "Specialist commission")
    AGENCY = "agency", pgettext_lazy("case stage", "SIVA decision")
    COURSE = "course", pgettext_lazy("case stage", "Social rehabilitation course")
    AFTER_COURSE = "after_course", pgettext_lazy("case stage", "After the course")
    CASE_MANAGEMENT = "case_management", pgettext_lazy("case stage", "Case management")


def case_stage() -> models.Case:
    """The stage of each row of a ``Case`` queryset, as one SQL expression.

    The one definition of the stage, read from the records alone: the list shows it and
    filters by it. The latest step wins: case management, the course (ended: after it),
    SIVA's submission, the commission or recognition, a referral sent or received, a consent
    the case's organisation holds; before all of these, the screening.
    """
    from atbalsts.agency.models import AgencySubmission
    from atbalsts.casework.models import CaseManagement
    from atbalsts.consent.models import Consent, Referral
    from atbalsts.courses.models import Course, CourseStatus
    from atbalsts.identification.models import Commission, Recognition

    case = OuterRef("pk")
    steps: list[tuple[Q, CaseStage]] = [
        (Q(Exists(CaseManagement.objects.filter(case=case))), CaseStage.CASE_MANAGEMENT),
        (
            Q(Exists(Course.objects.filter(case=case, status=CourseStatus.ENDED))),
            CaseStage.AFTER_COURSE,
        ),
        (Q(Exists(Course.objects.filter(case=case))), CaseStage.COURSE),
        (Q(Exists(AgencySubmission.objects.filter(case=case))), CaseStage.AGENCY),
        (
            Q(Exists(Commission.objects.filter(case=case)))
            | Q(Exists(Recognition.objects.filter(case=case))),
            CaseStage.COMMISSION,
        ),
        (
            Q(Exists(Referral.objects.filter(case=case)))
            | Q(Exists(Referral.objects.filter(received_case=case))),
            CaseStage.REFERRAL,
        ),
        (
            Q(
                Exists(
                    Consent.objects.filter(
                        person_id=OuterRef("person_id"), holder_id=OuterRef("organisation_id")
                    )
                )
            ),
            CaseStage.CONSENT,
        ),
    ]
    return models.Case(
        *(models.When(condition, then=Value(stage.value)) for condition, stage in steps),
        default=Value(CaseStage.SCREENING.value),
        output_field=models.CharField(),
    )


def _due_dates() -> dict[str, Subquery]:
    """The earliest open deadline each kind of record keeps for the outer case: the days
    the dashboards count down to (agency, casework and courses selectors)."""
    from atbalsts.agency.models import AWAITING_DECISION, AgencySubmission
    from atbalsts.casework.models import CaseManagement, CaseStep, FollowUpContact
    from atbalsts.courses.models import Course, CourseStatus, PlanReview, PlanTask

    case = OuterRef("pk")
    return {
        "due_agency": Subquery(
            AgencySubmission.objects.filter(
                case=case, status__in=AWAITING_DECISION, decide_by__isnull=False
            )
            .order_by("decide_by")
            .values("decide_by")[:1]
        ),
        "due_follow_up": Subquery(
            FollowUpContact.objects.filter(management__case=case, done_on__isnull=True)
            .order_by("due_on")
            .values("due_on")[:1]
        ),
        "due_evaluation": Subquery(
            CaseManagement.objects.filter(
                case=case, step__in=[CaseStep.PLAN, CaseStep.EVALUATION]
            ).values("evaluation_due_on")[:1]
        ),
        "due_task": Subquery(
            PlanTask.objects.filter(plan__course__case=case, is_done=False)
            .exclude(plan__course__status=CourseStatus.ENDED)
            .order_by("due_on")
            .values("due_on")[:1]
        ),
        "due_review": Subquery(
            PlanReview.objects.filter(plan__course__case=case)
            .exclude(plan__course__status=CourseStatus.ENDED)
            .order_by("-reviewed_on", "-created_at")
            .values("next_review_on")[:1]
        ),
        # The course's last allowed day follows from its start by the rules (below).
        "running_course_start": Subquery(
            Course.objects.filter(case=case)
            .exclude(status=CourseStatus.ENDED)
            .values("start_date")[:1]
        ),
    }


@dataclass(frozen=True)
class CaseRow:
    """One row of a case list: the case, and what the page adds to its code."""

    case: Case
    # The person's pseudonymous reference and the address of their page, read with the stage
    # so that no list needs the person row (and its encrypted fields) in its own query.
    person_uuid: uuid.UUID
    person_reference: str
    stage: CaseStage
    next_due_on: datetime.date | None
    # The person's name only where the actor may see their identity; otherwise None.
    person_name: str | None
    named_person_uuid: uuid.UUID | None = None
    is_overdue: bool = False


def case_list(*, actor: User, status: str = "", stage: str = "") -> QuerySet[Case]:
    """The actor's own and consented cases, newest first; only codes come from this query."""
    cases = cases_visible_to(actor).select_related("person", "organisation")
    if status:
        cases = cases.filter(status=status)
    if stage:
        cases = cases.annotate(stage=case_stage()).filter(stage=stage)
    return cases.only(
        "uuid",
        "code",
        "status",
        "opened_on",
        "closed_on",
        "created_at",
        "person__uuid",
        "person__reference",
        "organisation__name",
    ).order_by("-opened_on", "-created_at", "pk")


def case_rows(*, actor: User, cases: Sequence[Case], today: datetime.date) -> list[CaseRow]:
    """The page's cases with their stage, next due day and, where allowed, the person's name.

    A fixed number of queries whatever the page's length: the stages and due days of all its
    cases in one, the actor's standing to them in at most two, the names in one, decrypted
    only for the rows whose identity the actor may see.
    """
    if not cases:
        return []
    from atbalsts.people.models import Person

    facts = {
        row["pk"]: row
        for row in Case.objects.filter(pk__in=[case.pk for case in cases])
        .annotate(stage=case_stage(), **_due_dates())
        .values("pk", "person__uuid", "person__reference", "stage", *_due_dates())
    }
    standings = case_standings(actor, cases)
    named = [case.person_id for case in cases if standings[case.pk].allows(Action.VIEW_IDENTITY)]
    # Always the query, even for an empty page of names: the count stays the same.
    people = {
        person.pk: person
        for person in Person.objects.filter(pk__in=named).only("uuid", "first_name", "last_name")
    }
    due = {
        case.pk: _next_due(facts[case.pk]) if case.status == CaseStatus.OPEN else None
        for case in cases
    }
    return [
        CaseRow(
            case=case,
            person_uuid=facts[case.pk]["person__uuid"],
            person_reference=facts[case.pk]["person__reference"],
            stage=CaseStage(facts[case.pk]["stage"]),
            next_due_on=due[case.pk],
            is_overdue=_is_before(due[case.pk], today),
            person_name=_full_name(people.get(case.person_id)),
            named_person_uuid=people[case.person_id].uuid if case.person_id in people else None,
        )
        for case in cases
    ]


def _is_before(day: datetime.date | None, today: datetime.date) -> bool:
    return day is not None and day < today


def _full_name(person: Person | None) -> str | None:
    # An anonymous contact has no name: the reference alone stands for them.
    if person is None:
        return None
    return " ".join(part for part in (person.first_name, person.last_name) if part) or None


def _next_due(facts: dict[str, object]) -> datetime.date | None:
    days = [value for key, value in facts.items() if key.startswith("due_") and value]
    start = facts.get("running_course_start")
    if isinstance(start, datetime.date):
        days.append(course_last_day(start, rule_set_for(start)))
    dates = [day for day in days if isinstance(day, datetime.date)]
    return min(dates) if dates else None
