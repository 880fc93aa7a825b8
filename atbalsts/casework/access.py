"""Fetch-and-authorise for the case management pages (docs/security.md AZ-3, AZ-8, AZ-10).

Case management is the municipal social service's work on its own cases: only its social
workers and heads, on a case of their own organisation, with the right to edit it (decided
by atbalsts.cases.access.case_for). A written information request is answered by the
provider's case manager or head while the person's consent is active. Anything else is the
same 404 as a record that does not exist, with an ``authz_fail`` trace.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.http import Http404

from atbalsts.access.policy import Action, OrganisationType, Role
from atbalsts.audit.services import audit_authz_fail
from atbalsts.cases.access import case_for
from atbalsts.cases.models import Case
from atbalsts.casework.models import FamilyTask, FollowUpContact, InformationRequest

if TYPE_CHECKING:
    from atbalsts.accounts.models import User

MUNICIPAL_ROLES = frozenset({Role.SOCIAL_WORKER, Role.SOCIAL_SERVICE_HEAD})
PROVIDER_ANSWERING_ROLES = frozenset({Role.PROVIDER_CASE_MANAGER, Role.PROVIDER_HEAD})


def is_municipal(actor: User) -> bool:
    return (
        actor.role in MUNICIPAL_ROLES and actor.organisation.type == OrganisationType.SOCIAL_SERVICE
    )


def is_answering_provider(actor: User) -> bool:
    return (
        actor.role in PROVIDER_ANSWERING_ROLES
        and actor.organisation.type == OrganisationType.SERVICE_PROVIDER
    )


def _refuse(actor: User, resource_type: str, object_uuid: uuid.UUID | None) -> Http404:
    audit_authz_fail(
        actor=actor, resource_type=resource_type, object_uuid=object_uuid, reason="not_in_scope"
    )
    return Http404()


def require_municipal(actor: User) -> None:
    if not is_municipal(actor):
        raise _refuse(actor, "casework", None)


def require_answering_provider(actor: User) -> None:
    if not is_answering_provider(actor):
        raise _refuse(actor, "information_request", None)


def managed_case_for(actor: User, case_uuid: uuid.UUID) -> Case:
    """The social service's own case, if the actor may manage it; otherwise 404."""
    if not is_municipal(actor):
        raise _refuse(actor, "case", case_uuid)
    return case_for(actor, case_uuid, Action.EDIT).obj


def shared_case_for_takeover(actor: User, case_uuid: uuid.UUID) -> Case:
    """Another organisation's case shared with the actor's social service by consent, if
    the policy lets the actor take it over (Action.TAKE_OVER); otherwise 404."""
    from atbalsts.consent.access import shared_case_for

    if not is_municipal(actor):
        raise _refuse(actor, "case", case_uuid)
    authorised = shared_case_for(actor=actor, case_uuid=case_uuid)
    if not authorised.standing.allows(Action.TAKE_OVER):
        raise _refuse(actor, "case", case_uuid)
    return authorised.obj


def follow_up_for(actor: User, follow_up_uuid: uuid.UUID) -> FollowUpContact:
    follow_up = (
        FollowUpContact.objects.select_related("management__case")
        .filter(uuid=follow_up_uuid)
        .first()
    )
    if follow_up is None or not is_municipal(actor):
        raise _refuse(actor, "follow_up", follow_up_uuid)
    # The case decides: the same check as the case's own pages.
    managed_case_for(actor, follow_up.management.case.uuid)
    return follow_up


def family_task_for(actor: User, task_uuid: uuid.UUID) -> FamilyTask:
    family_task = (
        FamilyTask.objects.select_related("management__case").filter(uuid=task_uuid).first()
    )
    if family_task is None or not is_municipal(actor):
        raise _refuse(actor, "family_task", task_uuid)
    managed_case_for(actor, family_task.management.case.uuid)
    return family_task


def request_for_provider(actor: User, request_uuid: uuid.UUID) -> InformationRequest:
    """A request addressed to the actor's provider, while the consent behind it is active."""
    from atbalsts.casework.selectors import information_request_inbox

    found = (
        information_request_inbox(actor=actor).filter(uuid=request_uuid).first()
        if is_answering_provider(actor)
        else None
    )
    if found is None:
        raise _refuse(actor, "information_request", request_uuid)
    return found
