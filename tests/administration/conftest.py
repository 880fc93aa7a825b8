from __future__ import annotations

import pytest
from django.test import Client

from atbalsts.accounts.models import User
from tests.core.helpers import signed_in_client


@pytest.fixture
def admin(personas: dict[str, User]) -> User:
    return personas["system_admin"]


@pytest.fixture
def admin_client(client: Client, admin: User) -> Client:
    return signed_in_client(client, admin)
