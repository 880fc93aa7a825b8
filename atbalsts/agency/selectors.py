"""Reads of submissions to SIVA, the agency_submitted relation
(atbalsts.cases.access) and the dashboard hook."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise

from atbalsts.agency import texts
from atbalsts.agency.models import AWAITING_DECISION, AgencySubmission, SubmissionStatus

if TYPE_CHECKING:
    from atbalsts.accounts.models import User
    from atbalsts.cases.models import Case

AGENCY_ROLE = "agency_coordinator"
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
    with no deadline, first of all); only for the agency coordinator."""
    if actor.role != AGENCY_ROLE:
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


@dataclass(frozen=True)
class DashboardItem:
    """One line of a role dashboard: what, how many, where to act, and whether it is late."""

    label: str | Promise
    count: int
    url: str
    is_overdue: bool = False


def dashboard_items(actor: User, today: datetime.date) -> list[DashboardItem]:
    """SIVA: submissions overdue and due today; a provider: its submissions awaiting a
    decision. Counts only: no case data on a dashboard."""
    if actor.role == AGENCY_ROLE:
        received = AgencySubmission.objects.filter(
            agency_id=actor.organisation_id, status=SubmissionStatus.RECEIVED
        )
        overdue = received.filter(decide_by__lt=today).count()
        due_today = received.filter(decide_by=today).count()
        url = reverse("agency:inbox")
        items = []
        if overdue:
            items.append(DashboardItem(texts.DASHBOARD_OVERDUE, overdue, url, is_overdue=True))
        if due_today:
            items.append(DashboardItem(texts.DASHBOARD_DUE_TODAY, due_today, url))
        return items
    if actor.role in PROVIDER_ROLES:
        awaiting = AgencySubmission.objects.filter(
            case__organisation_id=actor.organisation_id, status__in=AWAITING_DECISION
        ).count()
        if awaiting:
            return [DashboardItem(texts.DASHBOARD_AWAITING, awaiting, reverse("cases:list"))]
    return []
