from __future__ import annotations

import pytest
from django.test import Client

from atbalsts.accounts.models import User
from tests.accounts.helpers import user_secret


@pytest.fixture
def worker(personas: dict[str, User]) -> User:
    return personas["social_worker_a"]


@pytest.fixture
def worker_secret(worker: User) -> str:
    """The base32 key of the worker's confirmed authenticator."""
    return user_secret(worker)


@pytest.fixture
def other_ip_client() -> Client:
    return Client(REMOTE_ADDR="10.1.2.3")
