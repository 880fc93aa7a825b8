"""Who may manage the working calendar: the system administrator (Capability.MANAGE_CALENDAR).

Everyone else gets the same 404 as for a page that does not exist (docs/style.md "Access").
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from atbalsts.access.policy import Capability, can
from atbalsts.accounts.models import User
from atbalsts.workcalendar.models import CalendarOverride
from atbalsts.workcalendar.selectors import calendar_overrides_for

logger = logging.getLogger("atbalsts.access")

View = TypeVar("View", bound=Callable[..., HttpResponse])


def _refuse(user: User | None, resource: str) -> Http404:
    logger.warning(
        "authz_fail",
        extra={"user": str(user.uuid) if user else None, "resource_type": resource},
    )
    return Http404()


def calendar_manager_required(view: View) -> View:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not isinstance(user, User) or not can(user.role, Capability.MANAGE_CALENDAR):
            raise _refuse(user if isinstance(user, User) else None, "calendar")
        return view(request, *args, **kwargs)

    return cast("View", wrapper)


def calendar_override_for_manager(*, actor: User, override_uuid: uuid.UUID) -> CalendarOverride:
    """Fetch and authorise together: "not found" and "not yours" are the same 404."""
    if not can(actor.role, Capability.MANAGE_CALENDAR):
        raise _refuse(actor, "calendar_override")
    return get_object_or_404(calendar_overrides_for(actor=actor), uuid=override_uuid)
