"""Small helpers of the export tests."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from atbalsts.accounts.sessions import LOGIN_AT_KEY


def make_authentication_stale(client: Client) -> None:
    """The session's sign-in was ten minutes ago: step-up re-authentication is due."""
    session = client.session
    session[LOGIN_AT_KEY] = timezone.now().timestamp() - 600
    session.save()
