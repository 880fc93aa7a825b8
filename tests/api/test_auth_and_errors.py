"""Who may call the API, and how it answers bad input: never 500, always the error shape."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from atbalsts.accounts.models import User
from atbalsts.api.models import ApiToken
from atbalsts.api.services import api_token_revoke
from atbalsts.api.urls import MAX_BODY_BYTES
from atbalsts.audit.models import AuditEvent
from atbalsts.workcalendar.models import OverrideKind
from atbalsts.workcalendar.services import calendar_override_add
from tests.accounts.helpers import force_login_verified
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

BASE = "/api/v1/rules"
DEADLINE = (f"{BASE}/agency-deadline", {"received_on": "2026-12-23"})
FIVE_PATHS = {
    "/api/v1/rules/working-days",
    "/api/v1/rules/agency-deadline",
    "/api/v1/rules/screening",
    "/api/v1/rules/sentencing",
    "/api/v1/rules/entitlements",
}


def _detail(response: Any) -> list[dict[str, Any]]:
    body = response.json()
    assert set(body) == {"detail"}
    assert all(set(item) == {"field", "code", "message"} for item in body["detail"])
    return list(body["detail"])


# --- Authentication and authorisation -----------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer not-a-token", "Basic dXNlcjpwYXNz", "Token abc"],
    ids=["none", "empty", "unknown", "basic", "other-scheme"],
)
def test_without_a_valid_token_every_endpoint_answers_401(
    client: Client, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    calls = [
        client.get(f"{BASE}/working-days", {"start": "2026-06-22", "days": "3"}, headers=headers),
        client.get(*DEADLINE, headers=headers),
        client.get("/api/v1/openapi.json", headers=headers),
        *(
            client.post(f"{BASE}/{name}", {}, content_type="application/json", headers=headers)
            for name in ("screening", "sentencing", "entitlements")
        ),
    ]

    for response in calls:
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert _detail(response)[0]["code"] == "not_authenticated"
    assert not AuditEvent.objects.filter(action="rules_api_call").exists()


def test_a_revoked_token_answers_401(
    client: Client, personas: dict[str, User], token_for: Callable[[User], str]
) -> None:
    api = ApiClient(client, token_for(personas["social_worker_a"]))
    assert api.get(*DEADLINE).status_code == 200

    api_token_revoke(actor=None, token=ApiToken.objects.get())

    assert api.get(*DEADLINE).status_code == 401


def test_the_token_of_a_deactivated_user_answers_401(
    client: Client, personas: dict[str, User], token_for: Callable[[User], str]
) -> None:
    user = personas["social_worker_a"]
    api = ApiClient(client, token_for(user))
    user.is_active = False
    user.save()

    assert api.get(*DEADLINE).status_code == 401


@pytest.mark.parametrize("persona", ["dpo", "system_admin"])
def test_a_role_without_the_rules_capability_gets_403_and_an_authz_fail_event(
    client: Client, personas: dict[str, User], token_for: Callable[[User], str], persona: str
) -> None:
    api = ApiClient(client, token_for(personas[persona]))

    response = api.get(*DEADLINE)
    schema = api.get("/api/v1/openapi.json")

    assert response.status_code == 403
    assert schema.status_code == 403
    assert _detail(response)[0]["code"] == "permission_denied"
    event = AuditEvent.objects.filter(action="authz_fail").first()
    assert event is not None
    assert event.actor == personas[persona]
    assert event.payload == {"endpoint": "rules_agency_deadline", "reason": "capability"}
    assert not AuditEvent.objects.filter(action="rules_api_call").exists()


@pytest.mark.parametrize(
    "persona",
    [
        "social_worker_b",
        "provider_case_manager",
        "provider_head",
        "police_member",
        "agency_coordinator",
        "ministry_analyst",
    ],
)
def test_every_role_with_the_rules_capability_may_call(
    client: Client, personas: dict[str, User], token_for: Callable[[User], str], persona: str
) -> None:
    assert ApiClient(client, token_for(personas[persona])).get(*DEADLINE).status_code == 200


def test_a_signed_in_session_alone_does_not_open_the_api(
    client: Client, personas: dict[str, User]
) -> None:
    force_login_verified(client, personas["social_worker_a"])

    assert client.get(*DEADLINE).status_code == 401


def test_bearer_requests_need_no_csrf_token(
    personas: dict[str, User], token_for: Callable[[User], str]
) -> None:
    api = ApiClient(Client(enforce_csrf_checks=True), token_for(personas["social_worker_a"]))

    assert api.post(f"{BASE}/sentencing", {"circumstances": []}).status_code == 200


# --- The OpenAPI document -------------------------------------------------------------------


def test_the_openapi_document_lists_exactly_the_five_paths(api: ApiClient) -> None:
    response = api.get("/api/v1/openapi.json")

    document = response.json()
    assert response.status_code == 200
    assert set(document["paths"]) == FIVE_PATHS
    assert document["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    screening = document["components"]["schemas"]["ScreeningIn"]["properties"]
    assert "documents_confiscated" in screening["indicators"]["items"]["enum"]
    assert "movement.recruited" in screening["criteria"]["items"]["enum"]


def test_there_are_no_interactive_docs_and_no_root_page(api: ApiClient) -> None:
    assert api.get("/api/v1/docs").status_code == 404
    assert api.get("/api/v1/").status_code == 404


# --- The calendar overrides count at once -------------------------------------------------


def test_an_override_changes_the_next_deadline_answer(
    api: ApiClient, personas: dict[str, User]
) -> None:
    # Received on Wednesday 17 November 2027: Thursday 18 is Proclamation Day.
    query = {"received_on": "2027-11-17"}
    assert api.get(f"{BASE}/agency-deadline", query).json()["decide_by"] == "2027-11-23"

    calendar_override_add(
        actor=personas["system_admin"],
        date=date(2027, 11, 19),
        kind=OverrideKind.DAY_OFF,
        reference="MK rīkojums Nr. 123 (2027)",
    )

    assert api.get(f"{BASE}/agency-deadline", query).json()["decide_by"] == "2027-11-24"
    assert (
        api.get(f"{BASE}/working-days", {"start": "2027-11-17", "days": 1}).json()["date"]
        == "2027-11-22"
    )


# --- Bad input: 400 or 422, naming the field ----------------------------------------------


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ({"start": "2026-06-22"}, "days", "missing"),
        ({"days": 3}, "start", "missing"),
        ({"start": "22.06.2026", "days": 3}, "start", "date_format"),
        ({"start": "2026-02-30", "days": 3}, "start", "date_from_datetime_parsing"),
        ({"start": "1066-10-14", "days": 3}, "start", "date_range"),
        ({"start": "9999-12-31", "days": 3}, "start", "date_range"),
        ({"start": "2026-06-22", "days": 0}, "days", "greater_than_equal"),
        ({"start": "2026-06-22", "days": 367}, "days", "less_than_equal"),
        ({"start": "2026-06-22", "days": "three"}, "days", "int_parsing"),
    ],
)
def test_bad_working_days_queries_name_the_field(
    api: ApiClient, query: dict[str, Any], field: str, code: str
) -> None:
    response = api.get(f"{BASE}/working-days", query)

    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in _detail(response)] == [(field, code)]


def test_a_date_before_any_rule_set_is_a_rule_input_error(api: ApiClient) -> None:
    response = api.get(f"{BASE}/agency-deadline", {"received_on": "2001-01-01"})

    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in _detail(response)] == [("received_on", "invalid")]


@pytest.mark.parametrize(
    ("path", "body", "field", "code"),
    [
        ("screening", {"indicators": []}, "assessed_on", "missing"),
        ("screening", {"assessed_on": "2026-13-01"}, "assessed_on", "date_from_datetime_parsing"),
        ("screening", {"assessed_on": 20261129}, "assessed_on", "date_format"),
        (
            "screening",
            {"assessed_on": "2026-11-29", "indicators": ["isolation", "no_such_sign"]},
            "indicators[1]",
            "unknown_code",
        ),
        (
            "screening",
            {"assessed_on": "2026-11-29", "criteria": ["movement.flown"]},
            "criteria[0]",
            "unknown_code",
        ),
        ("screening", {"assessed_on": "2026-11-29", "age": "17"}, "age", "int_type"),
        ("screening", {"assessed_on": "2026-11-29", "age": -1}, "age", "greater_than_equal"),
        (
            "screening",
            {"assessed_on": "2026-11-29", "indicators": "isolation"},
            "indicators",
            "list_type",
        ),
        ("screening", {"assessed_on": "2026-11-29", "name": "Anna"}, "name", "extra_forbidden"),
        (
            "screening",
            {"assessed_on": "2026-11-29", "birth_date": "2027-01-01"},
            "birth_date",
            "invalid",
        ),
        ("sentencing", {}, "circumstances", "missing"),
        ("sentencing", {"circumstances": ["murder"]}, "circumstances[0]", "unknown_code"),
        ("sentencing", {"circumstances": [1]}, "circumstances[0]", "string_type"),
        (
            "sentencing",
            {"circumstances": ["minor_victim"] * 101},
            "circumstances",
            "too_long",
        ),
        ("entitlements", {"as_of": "2026-12-01"}, "course_start", "missing"),
        (
            "entitlements",
            {
                "as_of": "2026-12-01",
                "course_start": "2026-01-10",
                "deliveries": [
                    {"on": "2026-08-01", "service": "after_course_consultation", "hours": -1}
                ],
            },
            "deliveries[0].hours",
            "greater_than_equal",
        ),
        (
            "entitlements",
            {
                "as_of": "2026-12-01",
                "course_start": "2026-01-10",
                "deliveries": [{"on": "2026-08-01", "service": "massage", "hours": 1}],
            },
            "deliveries[0].service",
            "unknown_code",
        ),
        (
            "entitlements",
            {
                "as_of": "2026-12-01",
                "course_start": "2026-01-10",
                "deliveries": [
                    {"on": "2026-08-01", "service": "after_course_consultation", "hours": "NaN"}
                ],
            },
            "deliveries[0].hours",
            "finite_number",
        ),
        (
            "entitlements",
            {
                "as_of": "2026-12-01",
                "course_start": "2026-01-10",
                "course_end": "2026-12-01",
            },
            "course_end",
            "invalid",
        ),
        (
            "entitlements",
            {
                "as_of": "2026-12-01",
                "course_start": "2026-01-10",
                "course_end": "2026-07-08",
                "deliveries": [
                    {"on": "2026-08-01", "service": "criminal_process_support", "hours": 1}
                ],
            },
            "deliveries[0].kind",
            "invalid",
        ),
        (
            "entitlements",
            {
                "as_of": "2026-12-01",
                "course_start": "2026-01-10",
                "deliveries": [
                    {
                        "on": "2026-08-01",
                        "service": "after_course_consultation",
                        "kind": "interpreter",
                        "hours": 1,
                    }
                ],
            },
            "deliveries[0].kind",
            "unknown_code",
        ),
        (
            "entitlements",
            {
                "as_of": "2026-12-01",
                "course_start": "2026-01-10",
                "criminal_process_support": {"state_legal_aid": "yes"},
            },
            "criminal_process_support.state_legal_aid",
            "bool_type",
        ),
    ],
)
def test_bad_bodies_answer_422_naming_the_field(
    api: ApiClient, path: str, body: dict[str, Any], field: str, code: str
) -> None:
    response = api.post(f"{BASE}/{path}", body)

    assert response.status_code == 422, response.content
    assert (field, code) in [(e["field"], e["code"]) for e in _detail(response)]


def test_an_unknown_code_is_named_in_the_message(api: ApiClient) -> None:
    response = api.post(f"{BASE}/sentencing", {"circumstances": ["murder"]})

    assert "murder" in _detail(response)[0]["message"]


def test_values_are_not_echoed_back(api: ApiClient) -> None:
    response = api.post(f"{BASE}/screening", {"assessed_on": "2026-11-29", "secret": "Anna B."})

    assert response.status_code == 422
    assert b"Anna B." not in response.content


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", b"[1, 2]", b'"text"', b"null", b"\xff\xfe", b"[" * 5000 + b"]" * 5000],
    ids=["empty", "broken", "list", "string", "null", "not-utf8", "deeply-nested"],
)
def test_a_body_that_is_not_a_json_object_answers_400_or_422(
    client: Client, personas: dict[str, User], token_for: Callable[[User], str], raw: bytes
) -> None:
    response = client.post(
        f"{BASE}/sentencing",
        raw,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token_for(personas['social_worker_a'])}"},
    )

    assert response.status_code in {400, 422}
    assert _detail(response)


def test_a_huge_body_is_refused_before_it_is_read(api: ApiClient) -> None:
    body = json.dumps({"circumstances": ["minor_victim"] * (MAX_BODY_BYTES // 10)})

    response = api.post(f"{BASE}/sentencing", body)

    assert response.status_code == 413
    assert _detail(response) == [
        {"field": "body", "code": "too_large", "message": _detail(response)[0]["message"]}
    ]


def test_a_wrong_method_is_not_a_server_error(api: ApiClient) -> None:
    response = api.client.delete(f"{BASE}/sentencing", headers=api.headers)

    assert response.status_code == 405


def test_the_api_speaks_latvian_unless_asked_for_english(client: Client) -> None:
    latvian = client.get(*DEADLINE)
    english = client.get(*DEADLINE, headers={"Accept-Language": "en"})

    assert _detail(latvian)[0]["message"].startswith("Nepieciešams derīgs API")
    assert _detail(english)[0]["message"].startswith("A valid API token is required")
