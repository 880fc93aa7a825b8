"""Who may have each document: the same people who may see the record on its page, fetched
and authorised through the existing helpers. "Not found" and "not yours" give the same 404
with an authz_fail trace (docs/security.md AZ-3, AZ-10).

- the commission's protocol: the provider's staff of the case (identification overview);
- the submission to SIVA and SIVA's decision letter: SIVA's coordinator of the agency it
  went to (agency detail) and the provider's staff of the case (identification overview);
- the consent form: those who manage the person's consents (consent list);
- the information request and reply: the social service that asked (case management) and
  the provider it asked while the consent stands (reply page);
- the course summary: whoever sees the course page (services category).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from django.http import Http404

from atbalsts.access.policy import Action, Capability, OrganisationType, can
from atbalsts.agency.access import submission_for
from atbalsts.agency.models import AgencySubmission
from atbalsts.audit.services import audit_authz_fail
from atbalsts.cases.access import Standing, case_for, case_standing
from atbalsts.casework.access import is_answering_provider, is_municipal, request_for_provider
from atbalsts.casework.models import InformationRequest
from atbalsts.casework.selectors import information_requests_of
from atbalsts.consent.access import consent_for_holder
from atbalsts.consent.models import Consent
from atbalsts.courses.models import Course
from atbalsts.identification.models import Commission

if TYPE_CHECKING:
    from atbalsts.accounts.models import User
    from atbalsts.cases.models import Case

T = TypeVar("T")


@dataclass(frozen=True)
class Found(Generic[T]):
    """The record and what the actor may see of its case."""

    obj: T
    standing: Standing


def _refuse(actor: User, resource_type: str, object_uuid: uuid.UUID) -> Http404:
    audit_authz_fail(
        actor=actor, resource_type=resource_type, object_uuid=object_uuid, reason="not_in_scope"
    )
    return Http404()


def _provider_case(actor: User, case: Case) -> Standing:
    """The provider's own case, edited by the actor (the identification overview's test)."""
    found = case_for(actor, case.uuid, Action.EDIT)
    if actor.organisation.type != OrganisationType.SERVICE_PROVIDER:
        raise _refuse(actor, "case", case.uuid)
    return found.standing


def commission_for_protocol(actor: User, commission_uuid: uuid.UUID) -> Found[Commission]:
    commission = (
        Commission.objects.select_related("case", "case__person", "case__organisation")
        .filter(uuid=commission_uuid)
        .first()
    )
    if commission is None:
        raise _refuse(actor, "commission", commission_uuid)
    return Found(commission, _provider_case(actor, commission.case))


def submission_for_document(actor: User, submission_uuid: uuid.UUID) -> Found[AgencySubmission]:
    """SIVA's coordinator of the receiving agency, or the provider's staff of the case."""
    if can(actor.role, Capability.DECIDE_AGENCY_SERVICE):
        submission = submission_for(actor, submission_uuid)
        return Found(submission, case_standing(actor, submission.case))
    submission_or_none = (
        AgencySubmission.objects.select_related(
            "case", "case__person", "case__organisation", "agency", "recognition"
        )
        .filter(uuid=submission_uuid)
        .first()
    )
    if submission_or_none is None:
        raise _refuse(actor, "agency_submission", submission_uuid)
    return Found(submission_or_none, _provider_case(actor, submission_or_none.case))


def consent_for_form(actor: User, consent_uuid: uuid.UUID) -> Consent:
    return consent_for_holder(actor=actor, consent_uuid=consent_uuid)


@dataclass(frozen=True)
class RequestFound:
    request: InformationRequest
    # The social service sees the reply only while the consent behind it stands (CO-3).
    is_reply_visible: bool


def request_for_document(actor: User, request_uuid: uuid.UUID) -> RequestFound:
    if is_answering_provider(actor):
        return RequestFound(request_for_provider(actor, request_uuid), is_reply_visible=True)
    found = (
        InformationRequest.objects.select_related("case").filter(uuid=request_uuid).first()
        if is_municipal(actor)
        else None
    )
    if found is None:
        raise _refuse(actor, "information_request", request_uuid)
    case = case_for(actor, found.case.uuid, Action.EDIT).obj
    request = information_requests_of(case=case).get(pk=found.pk)
    return RequestFound(request, is_reply_visible=bool(getattr(request, "reply_visible", False)))


def course_for_summary(actor: User, case_uuid: uuid.UUID) -> Found[Course]:
    """The course of a case whose course page the actor may see."""
    found = case_for(actor, case_uuid, Action.VIEW_SERVICES)
    course = Course.objects.filter(case=found.obj).first()
    if course is None:
        raise _refuse(actor, "case", case_uuid)
    course.case = found.obj
    return Found(course, found.standing)
