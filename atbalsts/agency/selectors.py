"""Reads of submissions to SIVA, the agency_submitted relation
(atbalsts.cases.access) and the dashboard hook."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from atbalsts.access.policy import (
    CATEGORY_ACTIONS,
    RELATION_GRANTS,
    Capability,
    Relation,
    Role,
    can,
)
from atbalsts.accounts.models import Organisation
from atbalsts.agency import texts
from atbalsts.agency.models import AWAITING_DECISION, AgencySubmission, SubmissionStatus
from atbalsts.dashboard.items import DashboardItem
from atbalsts.identification.models import Commission, CommissionMember, Recognition

if TYPE_CHECKING:
    from atbalsts.accounts.models import User
    from atbalsts.attachments.models import Attachment
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


# Submissions after which the documents are not sent again: those SIVA still has (the
# service refuses another) and a granted service. After a refusal they may be sent again.
SUBMISSION_HELD = frozenset(
    {*AWAITING_DECISION, SubmissionStatus.WAITING_LIST, SubmissionStatus.GRANTED}
)


def receiving_agency() -> Organisation | None:
    """The agency a submission goes to (as :func:`atbalsts.agency.services.submission_create`
    chooses it)."""
    return Organisation.objects.filter(type="agency", is_active=True).order_by("pk").first()


@dataclass(frozen=True)
class SubmissionPreview:
    """What sending the case to SIVA gives SIVA, shown before the provider confirms."""

    agency: Organisation | None
    recognition: Recognition | None
    commission: Commission | None
    members: list[CommissionMember]
    # The codes of the commission's criteria found; labelled by the page in its language.
    criteria: list[str]
    # The case's attached documents SIVA's coordinator may see once the case is submitted.
    attachments: list[Attachment]
    # The information categories of the case SIVA's coordinator may see from then on.
    categories: list[str]
    is_held: bool

    @property
    def obstacle(self) -> str | None:
        """Why nothing can be sent now (the service refuses it for the same reasons), in
        the request's language."""
        if self.recognition is None:
            return str(texts.NOT_RECOGNISED)
        if self.is_held:
            return str(texts.ALREADY_SUBMITTED)
        if self.agency is None:
            return str(texts.NO_AGENCY)
        return None


def agency_visible_categories() -> list[str]:
    """The categories the agency_submitted relation opens to SIVA's coordinator (policy)."""
    granted = RELATION_GRANTS[Relation.AGENCY_SUBMITTED][Role.AGENCY_COORDINATOR]
    return [code for code, action in CATEGORY_ACTIONS.items() if action in granted]


def submission_preview(*, case: Case) -> SubmissionPreview:
    """Everything the submission of ``case`` would send; the caller has authorised the case
    as its provider, who may see all of it."""
    # Imported here: attachments' and cases' access read this module for the
    # agency_submitted relation.
    from atbalsts.attachments.selectors import attachments_of_case
    from atbalsts.cases.access import Standing

    recognition = Recognition.objects.filter(case=case).select_related("commission").first()
    commission = recognition.commission if recognition is not None else None
    siva = Standing(
        role=Role.AGENCY_COORDINATOR,
        relations=frozenset({Relation.AGENCY_SUBMITTED}),
        consented_categories=frozenset(),
    )
    return SubmissionPreview(
        agency=receiving_agency(),
        recognition=recognition,
        commission=commission,
        members=list(
            CommissionMember.objects.filter(commission=commission)
            .select_related("user")
            .order_by("pk")
        )
        if commission is not None
        else [],
        criteria=list(commission.criteria) if commission is not None else [],
        attachments=list(attachments_of_case(case=case, standing=siva)),
        categories=agency_visible_categories(),
        is_held=submissions_of_case(case=case).filter(status__in=SUBMISSION_HELD).exists(),
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
