"""Reads of notifications: a user only ever sees their own."""

from __future__ import annotations

import uuid

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from atbalsts.accounts.models import User
from atbalsts.notifications.models import Notification


def notification_list(*, actor: User) -> QuerySet[Notification]:
    """The actor's notifications, unread first, newest first within each group."""
    return (
        Notification.objects.filter(recipient=actor)
        .annotate(
            has_been_read=ExpressionWrapper(Q(read_at__isnull=False), output_field=BooleanField())
        )
        .order_by("has_been_read", "-created_at", "-pk")
    )


def notification_unread_count(*, actor: User) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).count()


def notification_for(*, actor: User, notification_uuid: uuid.UUID) -> Notification | None:
    return Notification.objects.filter(recipient=actor, uuid=notification_uuid).first()
