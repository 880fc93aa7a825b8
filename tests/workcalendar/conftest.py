from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from atbalsts.accounts.models import User
from tests.accounts.helpers import login_fully


@pytest.fixture
def sign_in(client: Client, password: str) -> Callable[[User], Client]:
    """``sign_in(user)`` gives the test client a fully signed-in session of ``user``
    (password and second factor, through the login pages)."""

    def sign_in_as(user: User) -> Client:
        login_fully(client, user, password)
        return client

    return sign_in_as
