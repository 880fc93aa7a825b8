from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import cast

import pytest
from django.apps import apps
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device

from atbalsts.accounts.models import User


def _sign_in_with_second_factor(client: Client, user: User, password: str) -> None:
    """A session past both steps of the login: password and second factor.

    Stands in for ``tests.accounts.helpers.login_fully`` until the login flow has it:
    ``django_otp.login`` marks a session verified by storing the device's persistent id
    under ``otp_device_id``, which is what is done here by hand.
    """
    try:
        helpers = importlib.import_module("tests.accounts.helpers")
    except ImportError:
        pass
    else:
        helpers.login_fully(client, user, password)
        return
    client.force_login(user)
    device_models = [
        model
        for model in apps.get_models()
        if issubclass(model, Device) and not model._meta.abstract
    ]
    if device_models:
        device = cast(
            "Device",
            device_models[0]._default_manager.create(user=user, name="test", confirmed=True),
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture
def sign_in(client: Client, password: str) -> Callable[[User], Client]:
    """``sign_in(user)`` gives the test client a fully signed-in session of ``user``."""

    def sign_in_as(user: User) -> Client:
        _sign_in_with_second_factor(client, user, password)
        return client

    return sign_in_as
