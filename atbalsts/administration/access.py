"""Who may open the administration pages: decided here, once, from the capability table.

Any other role gets the same 404 as for an address that does not exist, so the pages do
not reveal that they exist (docs/style.md "Access: decided in one place"; docs/security.md AZ-3).
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Callable
from typing import Concatenate, ParamSpec, cast

from django.http import Http404, HttpRequest, HttpResponse

from atbalsts.access.policy import Capability, can
from atbalsts.accounts.models import Organisation, User
from atbalsts.administration import selectors
from atbalsts.audit.services import audit_authz_fail

logger = logging.getLogger("atbalsts.security")

P = ParamSpec("P")


def acting_user(request: HttpRequest) -> User:
    """The signed-in, active user of the request; anyone else is told the page does not exist."""
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        raise Http404
    return user


def require_capability(
    capability: Capability,
) -> Callable[
    [Callable[Concatenate[HttpRequest, P], HttpResponse]],
    Callable[Concatenate[HttpRequest, P], HttpResponse],
]:
    """Let the view run only for a role with ``capability``; answer 404 to everyone else."""

    def decorator(
        view: Callable[Concatenate[HttpRequest, P], HttpResponse],
    ) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            user = acting_user(request)
            if not can(user.role, capability):
                # docs/security.md AZ-10: a denied access is audited, with the record's opaque id
                # when the address names one and no value from the page.
                audit_authz_fail(
                    actor=user,
                    resource_type="page",
                    page=view.__name__,
                    object_uuid=next(
                        (v for v in kwargs.values() if isinstance(v, uuid.UUID)), None
                    ),
                    reason=f"missing_capability:{capability.value}",
                )
                raise Http404
            return view(request, *args, **kwargs)

        return cast("Callable[Concatenate[HttpRequest, P], HttpResponse]", wrapped)

    return decorator


def organisation_for_admin(*, actor: User, organisation_uuid: uuid.UUID) -> Organisation:
    """The organisation, if the actor may manage it; otherwise 404."""
    organisation = selectors.organisation_list(actor=actor).filter(uuid=organisation_uuid).first()
    if organisation is None:
        audit_authz_fail(
            actor=actor,
            resource_type="organisation",
            object_uuid=organisation_uuid,
            reason="not_found",
        )
        raise Http404
    return organisation


def user_for_admin(*, actor: User, user_uuid: uuid.UUID) -> User:
    """The user account, if the actor may manage it; otherwise 404."""
    user = selectors.user_list(actor=actor).filter(uuid=user_uuid).first()
    if user is None:
        audit_authz_fail(
            actor=actor, resource_type="user", object_uuid=user_uuid, reason="not_found"
        )
        raise Http404
    return user
