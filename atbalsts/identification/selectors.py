"""Reads of commissions and recognitions, the commission_member relation
(atbalsts.cases.access CASE_RELATION_SCOPES / PERSON_RELATION_SCOPES) and the dashboard
hook."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Case as SqlCase
from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.urls import reverse

from atbalsts.access.policy import Action, Capability, Relation, can, decide
from atbalsts.dashboard.items import DashboardItem
from atbalsts.identification import texts
from atbalsts.identification.models import (
    Commission,
    CommissionMember,
    CommissionRole,
    CommissionStatus,
    Recognition,
)

if TYPE_CHECKING:
    from atbalsts.accounts.models import User
    from atbalsts.cases.models import Case


def commission_member_case_scope(user: User) -> Q:
    """The cases whose commission ``user`` sits on, as a condition over Case."""
    return Q(
        Exists(CommissionMember.objects.filter(user_id=user.pk, commission__case_id=OuterRef("pk")))
    )


def commission_member_person_scope(user: User) -> Q:
    """The people assessed by a commission ``user`` sits on, as a condition over Person."""
    return Q(
        Exists(
            CommissionMember.objects.filter(
                user_id=user.pk, commission__case__person_id=OuterRef("pk")
            )
        )
    )


def commissions_of_member(*, actor: User, status: str = "") -> QuerySet[Commission]:
    """The commissions ``actor`` sits on, the latest meeting first, with their cases."""
    seat = CommissionMember.objects.filter(user_id=actor.pk, commission_id=OuterRef("pk"))
    commissions = Commission.objects.filter(Exists(seat)).select_related(
        "case", "case__organisation"
    )
    if status:
        commissions = commissions.filter(status=status)
    return commissions.only(
        "uuid",
        "meeting_on",
        "interview_mode",
        "status",
        "is_person_abroad",
        "case__uuid",
        "case__code",
        # The case list's columns come by the case's keys (atbalsts.cases.selectors).
        "case__status",
        "case__person",
        "case__organisation__name",
    ).order_by("-meeting_on", "-created_at", "-pk")


def commissions_of_case(*, case: Case) -> QuerySet[Commission]:
    """The case's commissions with their members; the caller has authorised the case."""
    return (
        Commission.objects.filter(case=case)
        .prefetch_related("members__user")
        .order_by("-meeting_on", "-created_at")
    )


def recognition_of_case(*, case: Case) -> Recognition | None:
    return Recognition.objects.filter(case=case).first()


# The protocol lists the required members first, in the order the regulation names them.
_ROLE_ORDER = SqlCase(
    *(When(commission_role=role, then=Value(i)) for i, role in enumerate(CommissionRole.values)),
    default=Value(len(CommissionRole.values)),
    output_field=IntegerField(),
)


def members_of_commission(*, commission: Commission) -> QuerySet[CommissionMember]:
    """The commission's members by their function, as the protocol records them."""
    return (
        CommissionMember.objects.filter(commission=commission)
        .select_related("user")
        .only("uuid", "commission_role", "user", "user__full_name", "user__username")
        .order_by(_ROLE_ORDER, "user__full_name", "pk")
    )


def coming_meetings_of_member(*, actor: User, today: datetime.date) -> QuerySet[Commission]:
    """The commissions ``actor`` sits on that meet today or later and have not yet given
    their opinion, the soonest first; none for a role the policy shows no such case."""
    if not (
        can(actor.role, Capability.READ_CASE_DATA)
        and decide(actor.role, {Relation.COMMISSION_MEMBER}, Action.VIEW_SUMMARY)
    ):
        return Commission.objects.none()
    seat = CommissionMember.objects.filter(user_id=actor.pk, commission_id=OuterRef("pk"))
    return (
        Commission.objects.filter(
            Exists(seat), status=CommissionStatus.CONVENED, meeting_on__gte=today
        )
        .select_related("case")
        .only("uuid", "meeting_on", "status", "case__code")
        .order_by("meeting_on", "created_at", "pk")
    )


def dashboard_items(actor: User, today: datetime.date) -> list[DashboardItem]:
    """A member of a commission: each coming meeting, by its date and the case's code."""
    return [
        DashboardItem(
            kind="commission_meeting",
            label=texts.DASHBOARD_MEETING,
            case_code=commission.case.code,
            due_on=commission.meeting_on,
            is_overdue=False,
            url=reverse("identification:my_commission", args=[commission.uuid]),
        )
        for commission in coming_meetings_of_member(actor=actor, today=today)
    ]
