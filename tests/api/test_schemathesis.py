"""The JSON API under generated input (schemathesis, in process, from the served OpenAPI
document): never a server error, authentication never ignored, invalid data never accepted."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    ignored_auth,
    negative_data_rejection,
    use_after_free,
)

from atbalsts.accounts.models import User
from atbalsts.api.main import api
from atbalsts.api.services import api_token_issue

_SCHEMA = api.get_openapi_schema(path_params={})
schema = schemathesis.openapi.from_dict(_SCHEMA)
schema.app = WSGIHandler()

# Generated cases per operation, written for the record (var/test/schemathesis-cases.json).
CASES: Counter[str] = Counter()

CHECKS = [not_a_server_error, ignored_auth, use_after_free, negative_data_rejection]


@pytest.fixture(scope="module", autouse=True)
def _record_case_counts() -> Iterator[None]:
    yield
    if CASES:
        target = Path(django_settings.VAR_DIR) / "schemathesis-cases.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(dict(sorted(CASES.items())), indent=2), encoding="utf-8")


@pytest.fixture(autouse=True)
def _connection_outlives_requests() -> Iterator[None]:
    """The test's transaction holds every request; Django's own test client keeps the
    connection open across requests the same way, or PostgreSQL would lose the transaction at
    the first request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def token(personas: dict[str, User]) -> str:
    return api_token_issue(actor=None, user=personas["social_worker_a"], name="fuzz")[1]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_endpoint_answers_generated_input_without_fault(case: Any, token: str) -> None:
    CASES[f"{case.method} {case.path}"] += 1
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


def test_the_checks_catch_a_server_error(token: str) -> None:
    """The wiring itself: a faulty application must fail the run, or the run proves nothing."""

    def faulty(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("500 Internal Server Error", [("Content-Type", "application/json")])
        return [b"{}"]

    broken = schemathesis.openapi.from_dict(_SCHEMA)
    broken.app = faulty
    operation = broken["/api/v1/rules/working-days"]["GET"]
    case = operation.Case(query={"start": "2026-11-27", "days": 3})

    with pytest.raises(FailureGroup, match="Server error"):
        case.call_and_validate(checks=CHECKS)
