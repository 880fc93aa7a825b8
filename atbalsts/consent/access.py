"""Who may open the consent, referral and emergency pages: decided here, once.

Every refusal is the same 404 as for a record that does not exist (docs/security.md AZ-3). The
case relations are computed on every request from the rows (AZ-8). When the case access
functions of atbalsts/cases land, :func:`_case_visible` is the one place to switch to them.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import Concatenate, ParamSpec, cast

from django.http import Http404, HttpRequest, HttpResponse

from atbalsts.access.policy import (
    Action,
    Capability,
    OrganisationType,
    Relation,
    Role,
    can,
    decide,
)
from atbalsts.accounts.models import User
from atbalsts.administration.access import acting_user
from atbalsts.audit.services import audit_authz_fail
from atbalsts.cases.access import Authorised, case_for, case_standing, person_for
from atbalsts.cases.models import Case
from atbalsts.consent import selectors
from atbalsts.consent.models import Consent, Referral
from atbalsts.people.models import Person

P = ParamSpec("P")
_View = Callable[Concatenate[HttpRequest, P], HttpResponse]

# Organisations that keep cases of people and may give or receive them (seed: the provider
# and the municipal social service).
CASE_HOLDER_TYPES = frozenset({OrganisationType.SOCIAL_SERVICE, OrganisationType.SERVICE_PROVIDER})
# The roles of those organisations that record consents and send or receive referrals.
CONSENT_ROLES = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.SOCIAL_SERVICE_HEAD,
        Role.PROVIDER_CASE_MANAGER,
        Role.PROVIDER_SPECIALIST,
        Role.PROVIDER_HEAD,
    }
)
# Consent override is a separate permission (CO-4): the provider head alone; never a
# municipal role.
OVERRIDE_ROLES = frozenset({Role.PROVIDER_HEAD})


def can_manage_consent(user: User) -> bool:
    """A case keeper who may decide who else sees the organisation's cases (the policy's
    ``manage_consent`` on its own organisation's records)."""
    return (
        user.is_active
        and user.role in CONSENT_ROLES
        and user.organisation.type in CASE_HOLDER_TYPES
        and decide(user.role, {Relation.OWN_ORGANISATION}, Action.MANAGE_CONSENT)
    )


def can_receive_referrals(user: User) -> bool:
    """Those who may refer their own organisation's cases decide on referrals to it: the
    roles the capability table gives ``receive_referrals`` (atbalsts.access.policy, the one
    place that says so), in a case-keeping organisation."""
    return (
        user.is_active
        and can(user.role, Capability.RECEIVE_REFERRALS)
        and user.organisation.type in CASE_HOLDER_TYPES
    )


def can_override_consent(user: User) -> bool:
    return can_manage_consent(user) and user.role in OVERRIDE_ROLES


def _deny(user: User, view: str) -> None:
    # docs/security.md AZ-10: a role without the capability is logged and audited like any refusal,
    # with the page's name and no value from it.
    audit_authz_fail(actor=user, resource_type="consent", reason=f"missing_capability:{view}")


def _refuse(actor: User, resource_type: str, object_uuid: uuid.UUID) -> Http404:
    """The 404 for a record the actor may not reach, with its authz_fail trace (AZ-10)."""
    audit_authz_fail(
        actor=actor, resource_type=resource_type, object_uuid=object_uuid, reason="not_in_scope"
    )
    return Http404()


def _requiring(check: Callable[[User], bool]) -> Callable[[_View[P]], _View[P]]:
    def decorator(view: _View[P]) -> _View[P]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            user = acting_user(request)
            if not check(user):
                _deny(user, view.__name__)
                raise Http404
            return view(request, *args, **kwargs)

        return cast("_View[P]", wrapped)

    return decorator


def require_consent_role(view: _View[P]) -> _View[P]:
    """Let the view run only for the case-holding roles; 404 for everyone else."""
    return _requiring(can_manage_consent)(view)


def require_referral_role(view: _View[P]) -> _View[P]:
    """Let the view run only for those who refer and receive referrals; 404 for others."""
    return _requiring(can_receive_referrals)(view)


def require_override_role(view: _View[P]) -> _View[P]:
    """Let the view run only for a provider head; 404 for everyone else (CO-4)."""
    return _requiring(can_override_consent)(view)


def person_for_consent(*, actor: User, person_uuid: uuid.UUID) -> Person:
    """The person, if the actor may manage their consents (atbalsts.cases.access); else 404."""
    if not can_manage_consent(actor):
        raise Http404
    return person_for(actor, person_uuid, Action.MANAGE_CONSENT).obj


def consent_for_holder(*, actor: User, consent_uuid: uuid.UUID) -> Consent:
    """A consent the actor's organisation recorded, of a person whose consents the actor
    may manage; otherwise 404."""
    if not can_manage_consent(actor):
        raise _refuse(actor, "consent", consent_uuid)
    consent = (
        Consent.objects.select_related("person", "recipient")
        .filter(uuid=consent_uuid, holder=actor.organisation)
        .first()
    )
    if consent is None:
        raise _refuse(actor, "consent", consent_uuid)
    person_for(actor, consent.person.uuid, Action.MANAGE_CONSENT)
    return consent


def own_case_for_referral(*, actor: User, case_uuid: uuid.UUID) -> Case:
    """A case the actor may refer (its own organisation's); otherwise 404."""
    if not can_manage_consent(actor):
        raise Http404
    return case_for(actor, case_uuid, Action.REFER).obj


def referral_for_recipient(*, actor: User, referral_uuid: uuid.UUID) -> Referral:
    """A referral sent to the actor's organisation; otherwise 404."""
    if not can_receive_referrals(actor):
        raise _refuse(actor, "referral", referral_uuid)
    referral = selectors.referral_inbox(actor=actor).filter(uuid=referral_uuid).first()
    if referral is None:
        raise _refuse(actor, "referral", referral_uuid)
    return referral


def shared_case_for(*, actor: User, case_uuid: uuid.UUID) -> Authorised[Case]:
    """Another organisation's case shared with the actor's by an active consent; otherwise
    404. Checked against the rows on every request (CO-3, AZ-8)."""
    if not can_manage_consent(actor):
        raise _refuse(actor, "case", case_uuid)
    authorised = case_for(actor, case_uuid, Action.VIEW_SUMMARY)
    if Relation.CONSENTED not in authorised.standing.relations:
        raise _refuse(actor, "case", case_uuid)
    return authorised


def case_for_override(*, actor: User, case_uuid: uuid.UUID) -> Case:
    """A case the provider head cannot otherwise see, of a person the provider serves or
    was referred; 404 for anything else."""
    if not can_override_consent(actor):
        raise _refuse(actor, "case", case_uuid)
    case = Case.objects.select_related("person").filter(uuid=case_uuid).first()
    if (
        case is None
        or case_standing(actor, case).allows(Action.VIEW_SUMMARY)
        or not selectors.emergency_access_reachable(organisation=actor.organisation, case=case)
    ):
        raise _refuse(actor, "case", case_uuid)
    return case
