"""The signed-in user's notifications: a list, unread first, and marking them read.

Any signed-in user has notifications; each sees only their own, and another user's
notification is answered with 404 like one that does not exist (docs/security.md AZ-3).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from atbalsts.accounts.models import User
from atbalsts.administration.access import acting_user
from atbalsts.audit.services import audit_authz_fail
from atbalsts.notifications import selectors, services, texts
from atbalsts.notifications.models import Notification

PAGE_SIZE = 25


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    notifications = selectors.notification_list(actor=actor)
    page_obj = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/notification_list.html",
        {"page_obj": page_obj, "empty_message": texts.NO_NOTIFICATIONS},
    )


def _notification_or_404(actor: User, notification_uuid: uuid.UUID) -> Notification:
    """The actor's own notification; any other is the audited 404."""
    notification = selectors.notification_for(actor=actor, notification_uuid=notification_uuid)
    if notification is None:
        audit_authz_fail(
            actor=actor,
            resource_type="notification",
            object_uuid=notification_uuid,
            reason="not_in_scope",
        )
        raise Http404
    return notification


@require_POST
def notification_mark_read(request: HttpRequest, notification_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    notification = _notification_or_404(actor, notification_uuid)
    services.notification_mark_read(actor=actor, notification=notification)
    messages.success(request, texts.NOTIFICATION_MARKED_READ)
    return redirect("notifications:list")


@require_POST
def notification_open(request: HttpRequest, notification_uuid: uuid.UUID) -> HttpResponse:
    """Mark the note read and go to the page it concerns (its list when it names none)."""
    actor = acting_user(request)
    notification = _notification_or_404(actor, notification_uuid)
    services.notification_mark_read(actor=actor, notification=notification)
    # The path was validated as one of the product's pages when the note was written; the
    # check is repeated so that a row changed outside the product cannot redirect away.
    if notification.target_path and url_has_allowed_host_and_scheme(
        notification.target_path, allowed_hosts=None
    ):
        return redirect(notification.target_path)
    return redirect("notifications:list")


@require_POST
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    services.notifications_mark_all_read(actor=actor)
    messages.success(request, texts.ALL_MARKED_READ)
    return redirect("notifications:list")
