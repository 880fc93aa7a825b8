"""The calendar pages: the system administrator's only; every other role gets 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from atbalsts.accounts.models import User
from atbalsts.workcalendar.models import DATE_TAKEN, CalendarOverride, OverrideKind
from atbalsts.workcalendar.services import ALREADY_NOT_WORKING, calendar_override_add
from atbalsts.workcalendar.views import OVERRIDES_PER_PAGE

pytestmark = pytest.mark.django_db

SignIn = Callable[[User], Client]
REFERENCE = "MK rīkojums Nr. 123 (2027)"
OTHER_ROLES = [
    "social_worker_a",
    "social_worker_b",
    "provider_case_manager",
    "provider_head",
    "police_member",
    "agency_coordinator",
    "ministry_analyst",
    "dpo",
]


@pytest.fixture
def admin(personas: dict[str, User]) -> User:
    return personas["system_admin"]


@pytest.fixture
def override(admin: User) -> CalendarOverride:
    return calendar_override_add(
        actor=admin, date=date(2027, 11, 27), kind=OverrideKind.WORKING_DAY, reference=REFERENCE
    )


def _urls(override: CalendarOverride) -> list[str]:
    return [
        reverse("workcalendar:override_list"),
        reverse("workcalendar:override_add"),
        reverse("workcalendar:override_remove", args=[override.uuid]),
    ]


@pytest.mark.parametrize("persona", OTHER_ROLES)
def test_every_other_role_gets_404_on_every_page_and_method(
    personas: dict[str, User], sign_in: SignIn, override: CalendarOverride, persona: str
) -> None:
    client = sign_in(personas[persona])

    for url in _urls(override):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"date": "2027-11-19", "kind": "day_off"}).status_code == 404

    assert CalendarOverride.objects.count() == 1


def test_a_visitor_who_is_not_signed_in_is_sent_to_the_login(
    client: Client, override: CalendarOverride
) -> None:
    for url in _urls(override):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_list_shows_the_overrides_of_the_year_asked(
    admin: User, sign_in: SignIn, override: CalendarOverride
) -> None:
    calendar_override_add(
        actor=admin, date=date(2028, 1, 3), kind=OverrideKind.DAY_OFF, reference="MK 2028"
    )
    client = sign_in(admin)

    everything = client.get(reverse("workcalendar:override_list"))
    only_2028 = client.get(reverse("workcalendar:override_list"), {"year": "2028"})

    assert everything.status_code == 200
    assert REFERENCE in everything.text
    assert "MK 2028" in everything.text
    assert "MK 2028" in only_2028.text
    assert REFERENCE not in only_2028.text


def test_a_bad_year_shows_every_override(
    admin: User, sign_in: SignIn, override: CalendarOverride
) -> None:
    response = sign_in(admin).get(reverse("workcalendar:override_list"), {"year": "abc"})

    assert response.status_code == 200
    assert REFERENCE in response.text


def test_the_list_is_paginated_and_its_queries_do_not_grow_with_the_rows(
    admin: User, sign_in: SignIn
) -> None:
    client = sign_in(admin)
    _add_overrides(admin, 1)
    client.get(reverse("workcalendar:override_list"))  # the session settles
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse("workcalendar:override_list"))
    _add_overrides(admin, OVERRIDES_PER_PAGE + 4, first=1)

    with CaptureQueriesContext(connection) as full_page:
        first = client.get(reverse("workcalendar:override_list"))
    second = client.get(reverse("workcalendar:override_list"), {"page": "2"})

    assert len(full_page.captured_queries) == len(one_row.captured_queries)
    assert first.context["page"].paginator.count == OVERRIDES_PER_PAGE + 5
    assert len(first.context["page"].object_list) == OVERRIDES_PER_PAGE
    assert len(second.context["page"].object_list) == 5
    assert 'rel="next"' in first.text


def _add_overrides(admin: User, count: int, *, first: int = 0) -> None:
    CalendarOverride.objects.bulk_create(
        CalendarOverride(
            date=date(2030, 1, 1) + timedelta(days=n),
            kind=OverrideKind.DAY_OFF,
            reference=f"MK Nr. {n}",
            created_by=admin,
        )
        for n in range(first, first + count)
    )


def test_adding_a_day_off_redirects_to_its_year(admin: User, sign_in: SignIn) -> None:
    client = sign_in(admin)

    response = client.post(
        reverse("workcalendar:override_add"),
        {"date": "2027-11-19", "kind": "day_off", "reference": REFERENCE, "note": ""},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("workcalendar:override_list") + "?year=2027"
    override = CalendarOverride.objects.get()
    assert (override.date, override.kind, override.created_by) == (
        date(2027, 11, 19),
        OverrideKind.DAY_OFF,
        admin,
    )


def test_the_add_form_refuses_a_day_off_on_a_holiday_with_a_clear_message(
    admin: User, sign_in: SignIn
) -> None:
    client = sign_in(admin)

    response = client.post(
        reverse("workcalendar:override_add"),
        {"date": "2027-11-18", "kind": "day_off", "reference": REFERENCE},
    )

    with translation.override("lv"):
        expected = str(ALREADY_NOT_WORKING) % {"date": date_format(date(2027, 11, 18))}
    assert expected.startswith("2027. gada 18. novembris jau nav darba diena")
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not CalendarOverride.objects.exists()


def test_the_add_form_refuses_a_taken_date(
    admin: User, sign_in: SignIn, override: CalendarOverride
) -> None:
    response = sign_in(admin).post(
        reverse("workcalendar:override_add"),
        {"date": "2027-11-27", "kind": "day_off", "reference": REFERENCE},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [str(DATE_TAKEN)]


def test_the_add_form_requires_the_reference(admin: User, sign_in: SignIn) -> None:
    client = sign_in(admin)

    page = client.get(reverse("workcalendar:override_add"))
    response = client.post(
        reverse("workcalendar:override_add"), {"date": "2027-11-19", "kind": "day_off"}
    )

    assert page.status_code == 200
    assert 'name="reference"' in page.text
    assert "reference" in response.context["form"].errors
    assert not CalendarOverride.objects.exists()


def test_removing_asks_first_then_removes_on_post(
    admin: User, sign_in: SignIn, override: CalendarOverride
) -> None:
    client = sign_in(admin)
    url = reverse("workcalendar:override_remove", args=[override.uuid])

    confirmation = client.get(url)
    assert confirmation.status_code == 200
    assert REFERENCE in confirmation.text
    assert CalendarOverride.objects.exists()

    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("workcalendar:override_list") + "?year=2027"
    assert not CalendarOverride.objects.exists()


def test_removing_an_unknown_override_is_404(admin: User, sign_in: SignIn) -> None:
    url = reverse("workcalendar:override_remove", args=["00000000-0000-4000-8000-000000000000"])

    assert sign_in(admin).post(url).status_code == 404
