"""The header's notifications link: the signed-in user's unread count, in one query."""

from __future__ import annotations

from functools import cached_property

from django.http import HttpRequest

from atbalsts.accounts.models import User
from atbalsts.notifications.selectors import notification_unread_count


class NotificationBadge:
    """Counted when a template first asks, so a response that shows no header (a redirect, an
    htmx fragment, a download) makes no query for it."""

    def __init__(self, user: User) -> None:
        self._user = user

    @cached_property
    def unread_count(self) -> int:
        return notification_unread_count(actor=self._user)


def notifications(request: HttpRequest) -> dict[str, object]:
    """``notification_badge`` only for a user signed in with both factors: a password alone
    must not learn anything of the account, not even how many notes wait."""
    user = getattr(request, "user", None)
    is_verified = getattr(user, "is_verified", None)
    if not isinstance(user, User) or not callable(is_verified) or not is_verified():
        return {}
    return {"notification_badge": NotificationBadge(user)}
