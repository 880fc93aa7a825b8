"""Writes of notifications. They are rows: the caller creates them inside its own
transaction, so a rolled-back operation leaves none behind (docs/security.md RE-2). Anything that
leaves the system (e-mail) would go in ``transaction.on_commit``; there is none yet.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from atbalsts.accounts.models import Organisation, User
from atbalsts.notifications.models import Notification, NotificationKind


def notifications_send(
    *, users: Iterable[User], kind: NotificationKind, target_path: str, case_code: str = ""
) -> list[Notification]:
    """One notification per active user; only the kind, the pseudonymous code and the path
    of the page it concerns (``reverse()`` of a page the recipients may open) are kept."""
    notifications = [
        Notification(recipient=user, kind=kind, case_code=case_code, target_path=target_path)
        for user in users
        if user.is_active
    ]
    for notification in notifications:
        notification.full_clean(exclude=["recipient"])
    with transaction.atomic():
        return Notification.objects.bulk_create(notifications)


def notifications_send_to_organisation(
    *,
    organisation: Organisation,
    roles: Iterable[str],
    kind: NotificationKind,
    case_code: str,
    target_path: str,
) -> list[Notification]:
    users = User.objects.filter(organisation=organisation, role__in=list(roles), is_active=True)
    return notifications_send(users=users, kind=kind, case_code=case_code, target_path=target_path)


@transaction.atomic
def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read (another user's is left alone)."""
    Notification.objects.filter(pk=notification.pk, recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    notification.refresh_from_db(fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor: User) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
