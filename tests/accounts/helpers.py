"""Signing in from tests: the real password and TOTP steps, or a fast, fully verified session.

Other apps' tests import these::

    from tests.accounts.helpers import login_fully, force_login_verified, current_totp

``login_fully`` goes through the login and verification pages exactly as a browser does;
``force_login_verified`` builds the same session state directly, for tests that are about
something else and sign in many times.
"""

from __future__ import annotations

import base64
import time
from typing import TYPE_CHECKING

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp

from atbalsts.accounts.models import (
    TOTP_DIGITS,
    TOTP_STEP_SECONDS,
    TOTP_TOLERANCE_STEPS,
    TotpDevice,
    User,
)
from atbalsts.accounts.services import second_factor_provision
from atbalsts.accounts.sessions import session_mark_start

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


def _key(secret: str) -> bytes:
    compact = "".join(secret.split()).upper()
    return base64.b32decode(compact + "=" * (-len(compact) % 8))


def totp_at_step(secret: str, step: int) -> str:
    return f"{hotp(_key(secret), step, digits=TOTP_DIGITS):0{TOTP_DIGITS}d}"


def current_step() -> int:
    return int(time.time()) // TOTP_STEP_SECONDS


def current_totp(secret: str) -> str:
    """The code an authenticator app shows now for the base32 ``secret``."""
    return totp_at_step(secret, current_step())


def user_secret(user: User) -> str:
    """The user's base32 TOTP key, provisioning a confirmed authenticator if there is none."""
    device = TotpDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        secret, _codes = second_factor_provision(user=user)
        return secret
    return device.base32_key


def unused_totp(user: User) -> str:
    """A code the server will still accept for ``user``: the earliest step not yet used.

    Accepted codes are single-use, so signing the same user in twice within one 30-second
    step needs the next step's code (within the tolerance); a fourth sign-in in the same
    step has none left and must travel in time.
    """
    secret = user_secret(user)
    device = TotpDevice.objects.get(user=user)
    now = current_step()
    for step in range(now - TOTP_TOLERANCE_STEPS, now + TOTP_TOLERANCE_STEPS + 1):
        if step > device.last_t:
            return totp_at_step(secret, step)
    raise AssertionError("Every code of this moment was used; shift time by 30 seconds.")


def login_password(client: Client, username: str, password: str) -> TestResponse:
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def login_fully(client: Client, user: User, password: str) -> TestResponse:
    """Sign ``user`` in through the password and TOTP pages; returns the last response."""
    code = unused_totp(user)
    response = login_password(client, user.username, password)
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith(reverse("accounts:verify")), response["Location"]
    response = client.post(reverse("accounts:verify"), {"code": code})
    assert response.status_code == 302, response.status_code
    return response


def force_login_verified(client: Client, user: User) -> None:
    """The session a full sign-in leaves, made without the pages (fast; not for auth tests)."""
    user_secret(user)
    device = TotpDevice.objects.get(user=user)
    client.force_login(user)
    session = client.session
    session_mark_start(session, now=timezone.now())
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
