"""What templates may know of the account: nothing until both factors are passed."""

from __future__ import annotations

from django.contrib.auth.context_processors import PermWrapper
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest


def is_fully_signed_in(user: object) -> bool:
    """Signed in with the password and the second factor (django_otp's ``is_verified``)."""
    if not getattr(user, "is_authenticated", False):
        return False
    is_verified = getattr(user, "is_verified", None)
    return bool(callable(is_verified) and is_verified())


def account(request: HttpRequest) -> dict[str, object]:
    """Shows a password-only session to every template as a visitor (docs/security.md AU-1).

    The password alone proves little, so until the second factor the pages reachable in that
    state (verification, enrolment, error pages) must not show the person's name, role,
    menu or anything counted for them. It comes after Django's ``auth`` processor and
    replaces its ``user`` and ``perms``, so a header that asks ``user.is_authenticated``,
    whatever it adds later, stays empty in that state.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or is_fully_signed_in(user):
        return {}
    visitor = AnonymousUser()
    return {"user": visitor, "perms": PermWrapper(visitor)}
