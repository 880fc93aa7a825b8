"""Reads of submissions to SIVA, the agency_submitted relation
(atbalsts.cases.access) and the dashboard hook."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from atbalsts.access.policy import Capability, can
from atbalsts.agency import texts
from atbalsts.agency.models import AWAITING_DECISION, AgencySubmission, SubmissionStatus
from atbalsts.dashboard.items import DashboardItem

if TYPE_CHECKING:
    from atbalsts.accounts.models import User
    from atbalsts.cases.models import Case

PROVIDER_ROLES = frozenset({"provider_case_manager", "provider_specialist", "provider_head"})


def agency_case_scope(user: User) -> Q:
    """The cases submitted to ``user``'s agency, as a condition over Case."""
    return Q(
        Exists(
            AgencySubmission.objects.filter(agency_id=user.organisation_id, case_id=OuterRef("pk"))
        )
    )


def agency_person_scope(user: User) -> Q:
    """The people one of whose cases was submitted to ``user``'s agency, over Person."""
    return Q(
        Exists(
            AgencySubmission.objects.filter(
                agency_id=user.organisation_id, case__person_id=OuterRef("pk")
            )
        )
    )


def submission_inbox(*, actor: User, status: str = "") -> QuerySet[AgencySubmission]:
    """Submissions to the actor's agency, earliest deadline first (not yet received ones,
    with no deadline, first of all); only for a role that decides on the service."""
    if not can(actor.role, Capability.DECIDE_AGENCY_SERVICE):
        return AgencySubmission.objects.none()
    submissions = AgencySubmission.objects.filter(agency_id=actor.organisation_id)
    if status:
        submissions = submissions.filter(status=status)
    return submissions.select_related("case", "case__organisation").order_by(
        F("decide_by").asc(nulls_first=True), "submitted_at", "pk"
    )


def submissions_of_case(*, case: Case) -> QuerySet[AgencySubmission]:
    """The case's submissions, newest first; the caller has authorised the case."""
    return AgencySubmission.objects.filter(case=case).order_by("-submitted_at", "-pk")


def dashboard_items(actor: User, today: datetime.date) -> list[DashboardItem]:
    """SIVA: each received submission due today or overdue; a provider: each of its
    submissions awaiting SIVA's decision. Codes and dates only, no case content."""
    if can(actor.role, Capability.DECIDE_AGENCY_SERVICE):
        due = (
            AgencySubmission.objects.filter(
                agency_id=actor.organisation_id,
                status=SubmissionStatus.RECEIVED,
                decide_by__lte=today,
            )
            .select_related("case")
            .only("uuid", "decide_by", "status", "case__code")
        )
        return [
            DashboardItem(
                kind="agency_decision",
                label=texts.DASHBOARD_OVERDUE if s.is_overdue(today) else texts.DASHBOARD_DUE_TODAY,
                case_code=s.case.code,
                due_on=s.decide_by or today,
                is_overdue=s.is_overdue(today),
                url=reverse("agency:detail", args=[s.uuid]),
            )
            for s in due
        ]
    if actor.role in PROVIDER_ROLES:
        awaiting = (
            AgencySubmission.objects.filter(
                case__organisation_id=actor.organisation_id, status__in=AWAITING_DECISION
            )
            .select_related("case")
            .only("uuid", "decide_by", "status", "submitted_at", "case__code", "case__uuid")
        )
        return [
            DashboardItem(
                kind="agency_awaiting",
                label=texts.DASHBOARD_AWAITING,
                case_code=s.case.code,
                due_on=s.decide_by or timezone.localtime(s.submitted_at).date(),
                is_overdue=s.is_overdue(today),
                url=reverse("identification:overview", args=[s.case.uuid]),
            )
            for s in awaiting
        ]
    return []
