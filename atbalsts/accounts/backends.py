"""Signing in with a username and password, and loading the signed-in user on each request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from atbalsts.accounts.models import User


class AccountBackend(ModelBackend):
    """Django's own password check; the user of a session comes with their organisation.

    Every access decision and every audit event names the user's organisation, so loading
    it with the user saves each page a query.
    """

    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User.objects.select_related("organisation").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
