"""A course starts on or after the day SIVA granted the service, never before (seed
§"Otrais posms": the course follows SIVA's decision to grant the service)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from atbalsts.accounts.models import User
from atbalsts.courses import services
from atbalsts.courses.models import Course
from tests.courses.conftest import TODAY, provider_case_without_grant, siva_grants

pytestmark = pytest.mark.django_db

GRANTED_ON = datetime.date(2026, 11, 10)


MESSAGES = {
    "lv": "Kursa sākuma datums (09.11.2026) nevar būt pirms SIVA lēmuma datuma (10.11.2026).",
    "en": "The course start date (9 November 2026) cannot be before the date of SIVA's"
    " decision (10 November 2026).",
}


def _message(language: str) -> str:
    return MESSAGES[language]


@pytest.fixture
def granted_case(personas: dict[str, User]) -> Any:
    case = provider_case_without_grant(personas)
    siva_grants(case, personas, granted_on=GRANTED_ON)
    return case


def test_the_service_refuses_the_day_before_the_grant(
    granted_case: Any, personas: dict[str, User]
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.course_start(
            actor=personas["provider_case_manager"],
            case=granted_case,
            start_date=GRANTED_ON - datetime.timedelta(days=1),
            today=TODAY,
        )

    [error] = refused.value.error_dict["start_date"]
    assert error.code == "date_order"
    assert error.messages == [_message(translation.get_language() or "lv")]
    assert not Course.objects.exists()


@pytest.mark.parametrize("days_after", [0, 1])
def test_the_service_accepts_the_grant_day_and_later(
    days_after: int, granted_case: Any, personas: dict[str, User]
) -> None:
    start = GRANTED_ON + datetime.timedelta(days=days_after)

    course = services.course_start(
        actor=personas["provider_case_manager"], case=granted_case, start_date=start, today=TODAY
    )

    assert course.start_date == start


@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_start_page_says_why_next_to_the_date(
    language: str, granted_case: Any, client_of: Any
) -> None:
    client = client_of("provider_case_manager")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("courses:start", args=[granted_case.uuid])

    response = client.post(url, {"start_date": "2026-11-09"})

    body = response.content.decode()
    assert response.status_code == 200
    # Once next to the field and once in the summary at the top.
    assert body.count(escape(_message(language))) == 2
    assert 'id="id_start_date_error"' in body
    assert not Course.objects.exists()
