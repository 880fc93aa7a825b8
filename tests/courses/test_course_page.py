"""The course page tells the course's state as the rules ledger reads it (planned, running,
past its last allowed day, ended) and, after the course, what is left of each entitlement
and until when; the form for a service asks only for the chosen entitlement's fields."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import formats, translation

from atbalsts.accounts.models import User
from atbalsts.cases.models import Case
from atbalsts.courses import services, texts
from atbalsts.courses.models import Course, CourseStatus, Delivery, ServiceLine
from tests.core.pages import visible_text
from tests.courses.conftest import START, TODAY

pytestmark = pytest.mark.django_db


def _day(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _page(client: Any, case: Case, name: str = "detail", **params: str) -> Any:
    return client.get(
        reverse(f"courses:{name}", args=[case.uuid]), params, HTTP_ACCEPT_LANGUAGE="en"
    )


def _text(client: Any, case: Case) -> str:
    with translation.override("en"):
        return visible_text(_page(client, case))


def _end(course: Course, manager: User, on: datetime.date) -> None:
    services.course_end(
        actor=manager, course=course, end_date=on, end_reason="completed", end_note="", today=TODAY
    )


def _deliver(course: Course, manager: User, service: str, kind: str, on: datetime.date) -> None:
    services.delivery_record(
        actor=manager,
        course=course,
        entry=services.DeliveryInput(
            service=service,
            kind=kind,
            specialist=kind if service != ServiceLine.CRIMINAL_PROCESS_SUPPORT else "",
            quantity=Decimal(2 if service != ServiceLine.CRIMINAL_PROCESS_SUPPORT else 10),
            minor_children=0,
            delivered_on=on,
        ),
        today=TODAY,
    )


def test_a_running_course_shows_day_n_of_180_and_its_last_allowed_day(
    client_of: Any, course: Course
) -> None:
    text = _text(client_of("provider_case_manager"), course.case)

    with translation.override("en"):
        expected = str(texts.COURSE_STATE_RUNNING) % {
            "day": 60,
            "days": 180,
            "last_day": _day(datetime.date(2027, 3, 29)),
            "left": 120,
        }
        assert expected in text
        assert str(texts.CONSULTATIONS_AFTER_END) in text


def test_a_course_ended_today_says_when_it_ended_how_long_it_lasted_and_what_follows(
    client_of: Any, course: Course, personas: dict[str, User]
) -> None:
    _end(course, personas["provider_case_manager"], TODAY)

    text = _text(client_of("provider_case_manager"), course.case)

    with translation.override("en"):
        assert f"Ended on {_day(TODAY)}; the course lasted 60 days (at most 180 are allowed)." in (
            text
        )
        expected = str(texts.CONSULTATIONS_NOT_YET_OPEN) % {
            "left": 5,
            "allowed": 5,
            "start": _day(datetime.date(2026, 11, 30)),
            "end": _day(datetime.date(2028, 11, 29)),
        }
        assert expected in text
        assert str(texts.CONSULTATIONS_AFTER_END) not in text
    assert "Day 60 of 60" not in text


def test_the_ended_course_speaks_latvian(
    client_of: Any, course: Course, personas: dict[str, User]
) -> None:
    _end(course, personas["provider_case_manager"], TODAY)

    response = client_of("provider_case_manager").get(
        reverse("courses:detail", args=[course.case.uuid])
    )

    text = visible_text(response)
    with translation.override("lv"):
        assert f"Beidzās {_day(TODAY)}; kurss ilga 60 dienas" in text
        assert f"tās var sniegt no {_day(datetime.date(2026, 11, 30))}" in text
    assert "Pieejamas pēc kursa beigām" not in text
    assert "60. diena no 60" not in text


def test_after_the_course_the_consultations_used_and_the_windows_last_day_are_shown(
    client_of: Any, course: Course, personas: dict[str, User]
) -> None:
    manager = personas["provider_case_manager"]
    _deliver(course, manager, ServiceLine.FAMILY_MINOR_CONSULTATION, "psychologist", START)
    _end(course, manager, datetime.date(2026, 11, 2))
    _deliver(
        course,
        manager,
        ServiceLine.AFTER_COURSE_CONSULTATION,
        "lawyer",
        datetime.date(2026, 11, 20),
    )

    text = _text(client_of("provider_case_manager"), course.case)

    with translation.override("en"):
        assert "Ended on" in text
        assert "the course lasted 33 days" in text
        expected = str(texts.CONSULTATIONS_OPEN) % {
            "used": 2,
            "allowed": 5,
            "left": 3,
            "start": _day(datetime.date(2026, 11, 3)),
            "end": _day(datetime.date(2028, 11, 2)),
        }
        assert expected in text
        assert str(texts.FAMILY_AFTER_END) % {"used": 1, "allowed": 5, "left": 4} in text


def test_criminal_process_support_shows_the_hours_used_and_left_of_each_support_year(
    client_of: Any, course: Course, personas: dict[str, User]
) -> None:
    manager = personas["provider_case_manager"]
    _end(course, manager, datetime.date(2026, 11, 2))
    services.course_route_choose(
        actor=manager,
        course=course,
        route="criminal_process_support",
        procedural_status="victim",
        has_state_legal_aid=False,
        support_granted_on=None,
        today=TODAY,
    )
    _deliver(
        course,
        manager,
        ServiceLine.CRIMINAL_PROCESS_SUPPORT,
        "psychologist_consultation",
        datetime.date(2026, 11, 10),
    )

    text = _text(client_of("provider_case_manager"), course.case)

    with translation.override("en"):
        first = str(texts.SUPPORT_YEAR) % {
            "number": 1,
            "start": _day(datetime.date(2026, 11, 3)),
            "end": _day(datetime.date(2027, 11, 2)),
            "used": "10",
            "cap": "150",
            "left": "140",
        }
        assert f"{first} (current support year)" in text
        assert (
            str(texts.SUPPORT_YEAR)
            % {
                "number": 3,
                "start": _day(datetime.date(2028, 11, 3)),
                "end": _day(datetime.date(2029, 11, 2)),
                "used": "0",
                "cap": "150",
                "left": "150",
            }
            in text
        )
        assert (
            str(texts.CONSULTATIONS_NOT_ENTITLED_FROM) % {"start": _day(datetime.date(2026, 11, 3))}
            in text
        )


def test_a_planned_course_says_when_it_starts(
    client_of: Any, provider_case: Case, personas: dict[str, User]
) -> None:
    start = datetime.date(2026, 12, 14)
    services.course_start(
        actor=personas["provider_case_manager"], case=provider_case, start_date=start, today=TODAY
    )

    text = _text(client_of("provider_case_manager"), provider_case)

    with translation.override("en"):
        assert (
            str(texts.COURSE_STATE_PLANNED)
            % {
                "start": _day(start),
                "days": 180,
                "last_day": _day(datetime.date(2027, 6, 11)),
            }
            in text
        )
    assert "Day 0 of 180" not in text


def test_a_running_course_past_its_last_allowed_day_asks_for_its_end(
    client_of: Any, course: Course
) -> None:
    Course.objects.filter(pk=course.pk).update(start_date=datetime.date(2026, 5, 1))

    text = _text(client_of("provider_case_manager"), course.case)

    with translation.override("en"):
        last_day = _day(datetime.date(2026, 10, 27))
        assert str(texts.COURSE_PAST_LAST_DAY) % {"last_day": last_day} in text
    assert course.status == CourseStatus.RUNNING


# The form of a service: the entitlement first, then only its fields.

FIELDS = ("course_service", "specialist", "support_kind", "minor_children", "quantity")


def _fields(html: str) -> set[str]:
    return {name for name in FIELDS if f'name="{name}"' in html}


def test_the_service_form_first_asks_for_the_entitlement(client_of: Any, course: Course) -> None:
    response = _page(client_of("provider_case_manager"), course.case, "delivery_add")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="service"' in html
    assert _fields(html) == set()


@pytest.mark.parametrize(
    ("service", "fields", "needed"),
    [
        (
            "course",
            {"course_service", "specialist", "minor_children", "quantity"},
            "course_service",
        ),
        ("family_minor_consultation", {"specialist", "quantity"}, "specialist"),
        ("after_course_consultation", {"specialist", "quantity"}, "specialist"),
        ("criminal_process_support", {"support_kind", "quantity"}, "support_kind"),
    ],
)
def test_the_chosen_entitlement_gets_only_its_fields_without_javascript(
    client_of: Any, course: Course, service: str, fields: set[str], needed: str
) -> None:
    response = _page(
        client_of("provider_case_manager"), course.case, "delivery_add", service=service
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert _fields(html) == fields
    assert 'name="delivered_on"' in html
    assert f'<option value="{service}" selected>' in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    # The entitlement's own kind is asked for as required, not as optional.
    assert re.search(rf'<select name="{needed}"[^>]*\brequired\b', html)


def test_with_htmx_only_the_entitlements_fields_are_sent(client_of: Any, course: Course) -> None:
    response = client_of("provider_case_manager").get(
        reverse("courses:delivery_add", args=[course.case.uuid]),
        {"service": "criminal_process_support"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="delivery-fields">')
    assert "<html" not in html
    assert _fields(html) == {"support_kind", "quantity"}


def test_the_entitlements_form_records_the_service_without_javascript(
    client_of: Any, course: Course
) -> None:
    url = reverse("courses:delivery_add", args=[course.case.uuid])
    response = client_of("provider_specialist").post(
        f"{url}?service=family_minor_consultation",
        {
            "service": "family_minor_consultation",
            "specialist": "psychologist",
            "quantity": "1",
            "delivered_on": "2026-11-02",
        },
    )

    assert response.status_code == 302
    delivery = Delivery.objects.get()
    assert (delivery.service, delivery.kind, delivery.delivered_on) == (
        "family_minor_consultation",
        "psychologist",
        datetime.date(2026, 11, 2),
    )


def test_an_invalid_service_keeps_what_was_typed_and_shows_only_its_fields(
    client_of: Any, course: Course
) -> None:
    url = reverse("courses:delivery_add", args=[course.case.uuid])
    response = client_of("provider_specialist").post(
        f"{url}?service=family_minor_consultation",
        {
            "service": "family_minor_consultation",
            "quantity": "1.5",
            "delivered_on": "2026-11-02",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    html = response.content.decode()
    assert response.status_code == 200
    with translation.override("en"):
        assert str(texts.SPECIALIST_REQUIRED) in visible_text(response)
    assert 'value="1.5"' in html
    assert 'value="2026-11-02"' in html
    assert _fields(html) == {"specialist", "quantity"}
    assert not Delivery.objects.exists()


def test_a_planned_course_whose_start_has_come_asks_to_be_marked_running(
    client_of: Any, course: Course
) -> None:
    Course.objects.filter(pk=course.pk).update(status=CourseStatus.PLANNED)

    text = _text(client_of("provider_case_manager"), course.case)

    with translation.override("en"):
        assert str(texts.COURSE_NOT_MARKED_RUNNING) in text
        assert (
            str(texts.COURSE_STATE_PLANNED)
            % {
                "start": _day(START),
                "days": 180,
                "last_day": _day(datetime.date(2027, 3, 29)),
            }
            in text
        )
