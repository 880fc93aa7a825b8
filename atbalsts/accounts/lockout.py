"""The lockout of docs/security.md AU-4, kept by django-axes, for both steps of signing in.

Axes counts failures per (username, IP address) and locks that pair for a cool-off; it only
hears of failures that go through ``django.contrib.auth.authenticate`` (axes #354). A wrong
authenticator or backup code is reported here through the same ``user_login_failed`` signal,
so the second step counts against the same pair as the password step.

Axes stores the username of every failed attempt. What someone types into the username
field is sometimes their password, so the username axes keeps is a keyed hash of it
(``AXES_USERNAME_CALLABLE``): lockouts still work, and no typed text is stored.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest

from atbalsts.core.crypto import keyring

_USERNAME_CONTEXT = "axes-username"


def lockout_key(username: str) -> str:
    """The value axes stores for ``username``, e.g. for ``manage.py axes_reset_username``."""
    # Usernames are matched without regard to case (UserManager.get_by_natural_key), so the
    # lockout must be as well, or "Riga.Social" would get five more tries.
    return keyring().secret_hash(username.strip().lower(), context=_USERNAME_CONTEXT)


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the keyed hash of the username being tried."""
    username = (credentials or {}).get("username")
    if username is None:
        username = request.POST.get("username")
    if not username:
        return None
    return lockout_key(str(username))


def is_locked_out(request: HttpRequest, *, username: str) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"username": username})


def second_factor_failure_count(request: HttpRequest, *, username: str) -> bool:
    """Count a wrong code as a failed sign-in; True when this failure started a lockout."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    return bool(getattr(request, "axes_locked_out", False))
