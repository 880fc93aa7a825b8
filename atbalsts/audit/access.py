"""Who may read the audit trail: the data-protection officer (Capability.VIEW_AUDIT_TRAIL).

Everyone else gets the same 404 as for an address that does not exist, and the refusal is
itself recorded (docs/security.md AZ-3, AZ-10).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.http import Http404, HttpRequest, HttpResponse

from atbalsts.access.policy import Capability, can
from atbalsts.accounts.models import User
from atbalsts.audit.services import audit_authz_fail

View = TypeVar("View", bound=Callable[..., HttpResponse])


def trail_reader_required(view: View) -> View:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        actor = user if isinstance(user, User) and user.is_active else None
        if actor is None or not can(actor.role, Capability.VIEW_AUDIT_TRAIL):
            audit_authz_fail(
                actor=actor,
                resource_type="audit_trail",
                object_uuid=kwargs.get("object_uuid"),
                reason="missing_capability",
            )
            raise Http404
        return view(request, *args, **kwargs)

    return cast("View", wrapper)


def trail_reader(request: HttpRequest) -> User:
    """The reader of a view already guarded by :func:`trail_reader_required`."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user
