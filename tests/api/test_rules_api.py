"""The rules API answers the examples of docs/domain.md "How we read the numbers"."""

from __future__ import annotations

from typing import Any

import pytest

from atbalsts.audit.models import AuditEvent
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

BASE = "/api/v1/rules"


def _course_after(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "as_of": "2026-12-01",
        "course_start": "2026-01-10",
        "course_end": "2026-07-08",
        "deliveries": [],
    }
    body.update(overrides)
    return body


def test_three_working_days_after_22_june_2026_is_the_working_saturday(api: ApiClient) -> None:
    response = api.get(f"{BASE}/working-days", {"start": "2026-06-22", "days": 3})

    assert response.status_code == 200
    assert response.json() == {"start": "2026-06-22", "days": 3, "date": "2026-06-27"}


def test_the_agency_deadline_over_christmas(api: ApiClient) -> None:
    response = api.get(f"{BASE}/agency-deadline", {"received_on": "2026-12-23"})

    assert response.status_code == 200
    assert response.json() == {
        "received_on": "2026-12-23",
        "decide_by": "2026-12-30",
        "rule_set": "lv-mk344",
    }


def test_a_course_from_10_january_2026_may_last_through_8_july(api: ApiClient) -> None:
    response = api.post(f"{BASE}/entitlements", _course_after(as_of="2026-03-01", course_end=None))

    assert response.status_code == 200
    assert response.json()["course"] == {
        "start": "2026-01-10",
        "last_allowed_day": "2026-07-08",
        "end": None,
        "days_used": 51,
        "days_left": 129,
    }


def test_the_post_course_window_runs_two_years_from_the_day_after_the_course(
    api: ApiClient,
) -> None:
    response = api.post(f"{BASE}/entitlements", _course_after())

    body = response.json()
    assert response.status_code == 200
    assert body["rule_set"] == "lv-mk344"
    assert body["after_course_consultations"] == {
        "available": True,
        "window_start": "2026-07-09",
        "window_end": "2028-07-08",
        "allowed": 5,
        "used": 0,
        "remaining": 5,
    }
    assert body["criminal_process_support"] == {
        "available": False,
        "allowed_kinds": [],
        "years": [],
    }
    assert body["family_minor_consultations"] == {"allowed": 5, "used": 0, "remaining": 5}
    assert body["violations"] == []


def _six_consultations() -> list[dict[str, Any]]:
    return [
        {
            "on": f"2026-08-0{n}",
            "service": "after_course_consultation",
            "kind": "lawyer",
            "hours": 1,
        }
        for n in range(1, 7)
    ]


def test_a_sixth_post_course_consultation_exceeds_the_quota(api: ApiClient) -> None:
    response = api.post(f"{BASE}/entitlements", _course_after(deliveries=_six_consultations()))

    body = response.json()
    assert response.status_code == 200
    assert body["after_course_consultations"]["used"] == 5
    assert body["after_course_consultations"]["remaining"] == 0
    assert body["violations"] == [
        {
            "delivery": 5,
            "code": "quota_exceeded",
            "message": "Konsultācija izmantotu 1 no atlikušajām 0 konsultācijām (5 kopā).",
            "rule": body["violations"][0]["rule"],
        }
    ]
    assert body["violations"][0]["rule"].startswith("Ministru kabineta 2019. gada 16. jūlija")


def test_violation_messages_follow_the_request_language(api: ApiClient) -> None:
    response = api.post(
        f"{BASE}/entitlements",
        _course_after(deliveries=_six_consultations()),
        **{"Accept-Language": "en"},
    )

    assert response.json()["violations"][0]["message"] == (
        "The consultation would use 1 of the 0 consultations left (5 in all)."
    )


def test_criminal_process_support_years_and_hours(api: ApiClient) -> None:
    response = api.post(
        f"{BASE}/entitlements",
        _course_after(
            criminal_process_support={"granted_on": "2026-07-09", "state_legal_aid": True},
            deliveries=[
                {
                    "on": "2026-09-01",
                    "service": "criminal_process_support",
                    "kind": "interpreter",
                    "hours": "2.5",
                },
                {
                    "on": "2026-09-02",
                    "service": "criminal_process_support",
                    "kind": "court_representation",
                    "hours": 3,
                },
            ],
        ),
    )

    body = response.json()["criminal_process_support"]
    assert body["available"] is True
    assert body["allowed_kinds"] == [
        "social_worker_consultation",
        "psychologist_consultation",
        "interpreter",
    ]
    assert body["years"][0] == {
        "year": 1,
        "start": "2026-07-09",
        "end": "2027-07-08",
        "cap_hours": 150.0,
        "used_hours": 2.5,
        "remaining_hours": 147.5,
    }
    assert [y["year"] for y in body["years"]] == [1, 2, 3]
    assert [(v["delivery"], v["code"]) for v in response.json()["violations"]] == [
        (1, "kind_not_allowed")
    ]


def test_screening_a_minor_needs_no_means(api: ApiClient) -> None:
    response = api.post(
        f"{BASE}/screening",
        {
            "assessed_on": "2026-11-29",
            "birth_date": "2010-05-01",
            "indicators": ["documents_confiscated", "isolation"],
            "criteria": ["movement.recruited", "confinement.held_and_hidden"],
            "acts": ["recruitment"],
            "means": [],
            "purposes": ["forced_labour"],
        },
    )

    body = response.json()
    assert response.status_code == 200
    assert body["rule_set"] == "lv-mk344"
    assert body["is_minor"] is True
    assert body["signs_found"] == 4
    assert body["refer_to_provider"] is True
    assert body["criteria_groups_met"] == ["movement", "confinement"]
    assert body["definition"] == {
        "act": True,
        "means": False,
        "means_required": False,
        "purpose": True,
        "complete": True,
    }
    assert all(set(e) == {"code", "text", "source"} for e in body["explanation"])


def test_screening_explains_in_latvian_by_default_and_in_english_on_request(
    api: ApiClient,
) -> None:
    body = {"assessed_on": "2026-11-29"}

    latvian = api.post(f"{BASE}/screening", body).json()
    english = api.post(f"{BASE}/screening", body, **{"Accept-Language": "en"}).json()

    assert latvian["is_minor"] is None
    assert latvian["refer_to_provider"] is False
    assert latvian["explanation"][0]["text"].startswith("Vecums nav zināms")
    assert english["explanation"][0]["code"] == latvian["explanation"][0]["code"]
    assert english["explanation"][0]["text"] != latvian["explanation"][0]["text"]
    assert english["explanation"][0]["text"].isascii()


@pytest.mark.parametrize(
    ("circumstances", "expected"),
    [
        ([], (1, None, 8, 0)),
        (["group_prior_agreement"], (2, 3, 12, 3)),
        (["minor_victim", "organised_group"], (3, 5, 15, 3)),
    ],
)
def test_sentencing_takes_the_most_severe_part(
    api: ApiClient, circumstances: list[str], expected: tuple[int, int | None, int, int]
) -> None:
    response = api.post(f"{BASE}/sentencing", {"circumstances": circumstances})

    assert response.status_code == 200
    part, minimum, maximum, probation = expected
    assert response.json() == {
        "part": part,
        "imprisonment_min_years": minimum,
        "imprisonment_max_years": maximum,
        "probation_max_years": probation,
    }


def test_every_call_is_audited_by_endpoint_without_the_request_body(api: ApiClient) -> None:
    api.post(
        f"{BASE}/screening",
        {"assessed_on": "2026-11-29", "indicators": ["debt_bondage"]},
    )
    api.get(f"{BASE}/working-days", {"start": "2026-06-22", "days": 3})

    events = list(AuditEvent.objects.filter(action="rules_api_call").order_by("seq"))
    assert [e.payload for e in events] == [
        {"endpoint": "rules_screening"},
        {"endpoint": "rules_working_days"},
    ]
    assert "debt_bondage" not in str([e.chain_fields() for e in events])


def test_the_token_records_its_last_use(api: ApiClient) -> None:
    from atbalsts.api.models import ApiToken

    assert ApiToken.objects.get().last_used_at is None

    api.get(f"{BASE}/agency-deadline", {"received_on": "2026-12-23"})

    assert ApiToken.objects.get().last_used_at is not None
