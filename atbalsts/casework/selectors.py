"""Reads of case management, narrowed to what the actor may see."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from atbalsts.accounts.models import Organisation
from atbalsts.cases.models import Case, CaseStatus
from atbalsts.casework import texts
from atbalsts.casework.access import is_answering_provider, is_municipal
from atbalsts.casework.models import (
    CaseManagement,
    CaseStep,
    FollowUpContact,
    InformationRequest,
    InformationRequestStatus,
)
from atbalsts.consent.models import Consent, ConsentPurpose
from atbalsts.consent.selectors import active_consents
from atbalsts.dashboard.items import DashboardItem

if TYPE_CHECKING:
    from atbalsts.accounts.models import User

# The purposes under which a provider may answer a social service in writing (seed: with
# the person's consent the social service takes the case over after the course).
REQUEST_PURPOSES = (ConsentPurpose.INFORMATION_REQUEST, ConsentPurpose.CASE_TAKEOVER)


def management_of(case: Case) -> CaseManagement | None:
    return CaseManagement.objects.filter(case=case).first()


def request_consents(*, case: Case) -> QuerySet[Consent]:
    """Active consents that let a provider answer the case's social service in writing."""
    return active_consents(person=case.person, recipient=case.organisation).filter(
        purpose__in=REQUEST_PURPOSES
    )


def request_providers(*, case: Case) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        pk__in=request_consents(case=case).values("holder_id"), is_active=True
    ).order_by("name")


def _consent_still_active() -> Exists:
    return Exists(active_consents().filter(pk=OuterRef("consent_id")))


def information_requests_of(*, case: Case) -> QuerySet[InformationRequest]:
    """The case's requests; ``reply_visible`` is false once the consent is withdrawn."""
    return (
        InformationRequest.objects.filter(case=case)
        .select_related("provider")
        .annotate(reply_visible=_consent_still_active())
    )


def information_request_inbox(*, actor: User) -> QuerySet[InformationRequest]:
    """Requests to the actor's provider whose consent is still active."""
    if not is_answering_provider(actor):
        return InformationRequest.objects.none()
    return (
        InformationRequest.objects.filter(provider_id=actor.organisation_id)
        .filter(_consent_still_active())
        .select_related("case", "case__organisation")
    )


def takeover_consents(*, shared_case: Case, recipient: Organisation) -> QuerySet[Consent]:
    """Active consents that the keeper of ``shared_case`` may hand the case over to
    ``recipient`` (ConsentPurpose.CASE_TAKEOVER)."""
    return active_consents(person=shared_case.person, recipient=recipient).filter(
        holder_id=shared_case.organisation_id, purpose=ConsentPurpose.CASE_TAKEOVER
    )


def _managed_case_of_person(organisation: Organisation | int) -> QuerySet[CaseManagement]:
    """Managements of the organisation's open cases of the outer query's person."""
    return CaseManagement.objects.filter(
        case__person_id=OuterRef("person_id"),
        case__organisation=organisation,
        case__status=CaseStatus.OPEN,
    )


def managed_case_of_person(*, actor: User, person_id: int) -> Case | None:
    """The actor's organisation's open case of the person that is under case management
    (the newest, should there be several); the takeover links to it."""
    return (
        Case.objects.filter(
            person_id=person_id,
            organisation_id=actor.organisation_id,
            status=CaseStatus.OPEN,
            management__isnull=False,
        )
        .order_by("-opened_on", "-created_at")
        .first()
    )


def own_open_case_of_person(*, actor: User, person_id: int) -> Case | None:
    return (
        Case.objects.filter(
            person_id=person_id, organisation_id=actor.organisation_id, status=CaseStatus.OPEN
        )
        .order_by("-opened_on", "-created_at")
        .first()
    )


def dashboard_items(actor: User, today: datetime.date) -> list[DashboardItem]:
    """Follow-up contacts due within the horizon, evaluations past their day and cases
    shared for takeover, for the social service; requests awaiting a reply, for the
    provider. Three queries at most."""
    items: list[DashboardItem] = []
    if is_municipal(actor):
        horizon = today + datetime.timedelta(days=texts.FOLLOW_UP_HORIZON_DAYS)
        follow_ups = FollowUpContact.objects.filter(
            management__case__organisation_id=actor.organisation_id,
            management__case__status=CaseStatus.OPEN,
            done_on__isnull=True,
            due_on__lte=horizon,
        ).values_list("due_on", "management__case__code", "management__case__uuid")
        items += [
            DashboardItem(
                kind="casework_follow_up",
                label=texts.ITEM_FOLLOW_UP_DUE,
                case_code=code,
                due_on=due_on,
                is_overdue=due_on < today,
                url=reverse("casework:detail", args=[case_uuid]),
            )
            for due_on, code, case_uuid in follow_ups
        ]
        evaluations = CaseManagement.objects.filter(
            case__organisation_id=actor.organisation_id,
            case__status=CaseStatus.OPEN,
            step__in=[CaseStep.PLAN, CaseStep.EVALUATION],
            evaluation_due_on__lte=today,
        ).values_list("evaluation_due_on", "case__code", "case__uuid")
        items += [
            # evaluation_due_on__lte excludes NULL: every row has its day.
            DashboardItem(
                kind="casework_evaluation",
                label=texts.ITEM_EVALUATION_OVERDUE,
                case_code=code,
                due_on=due_on,
                is_overdue=due_on < today,
                url=reverse("casework:detail", args=[case_uuid]),
            )
            for due_on, code, case_uuid in evaluations
            if due_on is not None
        ]
        # Cases another organisation shared for takeover that are not yet under this
        # service's case management.
        takeover = active_consents(recipient=actor.organisation).filter(
            person_id=OuterRef("person_id"),
            holder_id=OuterRef("organisation_id"),
            purpose=ConsentPurpose.CASE_TAKEOVER,
        )
        pending = (
            Case.objects.filter(Exists(takeover))
            .exclude(Exists(_managed_case_of_person(actor.organisation_id)))
            .annotate(consented_on=Subquery(takeover.order_by("given_on").values("given_on")[:1]))
            .values_list("consented_on", "code", "uuid")
        )
        items += [
            DashboardItem(
                kind="casework_takeover",
                label=texts.ITEM_TAKEOVER,
                case_code=code,
                due_on=consented_on,
                is_overdue=False,
                url=reverse("consent:shared_case", args=[case_uuid]),
            )
            for consented_on, code, case_uuid in pending
        ]
    elif is_answering_provider(actor):
        waiting = information_request_inbox(actor=actor).filter(
            status=InformationRequestStatus.SENT
        )
        items += [
            DashboardItem(
                kind="casework_information_request",
                label=texts.ITEM_REQUEST_AWAITING_REPLY,
                case_code=request.case.code,
                due_on=timezone.localdate(request.sent_at),
                is_overdue=False,
                url=reverse("casework:request_reply", args=[request.uuid]),
            )
            for request in waiting
        ]
    return items
