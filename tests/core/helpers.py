"""Signing a test client in for page tests.

The accounts tests' ``force_login_verified`` (the session state a password and second-factor
sign-in leaves) is used when present. Without it the client is signed in with
``force_login``, given the sign-in timestamps the session limits expect, and marked as
verified with a confirmed second-factor device, as django_otp does after a correct code.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, transaction
from django.test import Client
from django.utils import timezone

from atbalsts.accounts.models import User


def _optional(module_name: str, attribute: str) -> Callable[..., Any] | None:
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    value = getattr(module, attribute, None)
    return value if callable(value) else None


def _verify_second_factor(client: Client, user: User) -> None:
    otp = importlib.import_module("django_otp")
    for device_class in otp.device_classes():
        try:
            with transaction.atomic():
                device = device_class.objects.create(user=user, name="test", confirmed=True)
        except (DatabaseError, TypeError, ValueError):
            continue
        session = client.session
        session[otp.DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return


def signed_in_client(client: Client, user: User) -> Client:
    """``client`` signed in as ``user`` as fully as the project's sign-in requires."""
    force_login_verified = _optional("tests.accounts.helpers", "force_login_verified")
    if force_login_verified is not None:
        force_login_verified(client, user)
        return client
    client.force_login(user)
    mark_start = _optional("atbalsts.accounts.sessions", "session_mark_start")
    if mark_start is not None:
        session = client.session
        mark_start(session, now=timezone.now())
        session.save()
    _verify_second_factor(client, user)
    return client
