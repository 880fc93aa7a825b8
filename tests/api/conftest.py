from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from atbalsts.accounts.models import User
from atbalsts.api.services import api_token_issue


class ApiClient:
    """The test client with a bearer token (or none), speaking JSON."""

    def __init__(self, client: Client, token: str | None) -> None:
        self.client = client
        self.headers: dict[str, str] = {}
        if token is not None:
            self.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str, params: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.client.get(path, params or {}, headers={**self.headers, **headers})

    def post(self, path: str, body: Any, **headers: str) -> Any:
        return self.client.post(
            path, body, content_type="application/json", headers={**self.headers, **headers}
        )


@pytest.fixture
def token_for() -> Callable[[User], str]:
    def issue(user: User) -> str:
        return api_token_issue(actor=None, user=user, name="tests")[1]

    return issue


@pytest.fixture
def api(client: Client, personas: dict[str, User], token_for: Callable[[User], str]) -> ApiClient:
    """A social worker's token: a role with Capability.USE_RULES."""
    return ApiClient(client, token_for(personas["social_worker_a"]))


@pytest.fixture
def anonymous_api(client: Client) -> ApiClient:
    return ApiClient(client, None)
