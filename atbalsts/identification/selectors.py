"""Reads of commissions and recognitions, and the commission_member relation
(atbalsts.cases.access CASE_RELATION_SCOPES / PERSON_RELATION_SCOPES)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from atbalsts.identification.models import Commission, CommissionMember, Recognition

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
