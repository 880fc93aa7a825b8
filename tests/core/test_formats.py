"""Dates and times read the European way in both interface languages and in every document
language: 07.12.2026 in Latvian (also Russian and Ukrainian documents), 07/12/2026 and
7 December 2026 in English, and the 24-hour clock everywhere — never 12/07/2026 or 11:36 p.m.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from atbalsts.accounts.models import User
from atbalsts.audit.forms import EventSearchForm
from atbalsts.audit.services import audit_record
from tests.core.helpers import signed_in_client
from tests.core.pages import visible_text
from tests.documents.conftest import pdf_text
from tests.people.factories import make_case, make_person

PACKAGE = Path(__file__).resolve().parents[2] / "atbalsts"
# 21:36 UTC on 7 December is 23:36 in Riga: a day above 12 and an afternoon hour.
MOMENT = datetime.datetime(2026, 12, 7, 21, 36, 5, tzinfo=datetime.UTC)
AMERICAN = re.compile(r"\b12/07/2026\b|\b[ap]\.m\.|\b(?:AM|PM)\b|December 7, 2026")


def _client(personas: dict[str, User], persona: str, language: str) -> Client:
    client = signed_in_client(Client(), personas[persona])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize(
    ("language", "short_date", "long_date"),
    [("lv", "07.12.2026", "2026. gada 7. decembris"), ("en", "07/12/2026", "7 December 2026")],
)
def test_named_formats_are_european_in_both_languages(
    language: str, short_date: str, long_date: str
) -> None:
    with translation.override(language):
        assert formats.date_format(MOMENT.date(), "SHORT_DATE_FORMAT") == short_date
        assert formats.date_format(MOMENT.date(), "DATE_FORMAT") == long_date
        assert formats.time_format(datetime.time(23, 36), "TIME_FORMAT") == "23:36"
        riga = datetime.timezone(datetime.timedelta(hours=2))
        evening = datetime.datetime(2026, 12, 7, 23, 36, tzinfo=riga)
        assert formats.date_format(evening, "SHORT_DATETIME_FORMAT") == f"{short_date} 23:36"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown"), [("lv", "07.12.2026 23:36:05"), ("en", "07/12/2026 23:36:05")]
)
def test_pages_show_riga_dates_and_the_24_hour_clock(
    personas: dict[str, User], language: str, shown: str
) -> None:
    worker = personas["social_worker_a"]
    with time_machine.travel(MOMENT, tick=False):
        case = make_case(person=make_person(created_by=worker), created_by=worker)
        audit_record(actor=worker, action="case_opened", object_type="case", object_uuid=case.uuid)

    trail = visible_text(_client(personas, "dpo", language).get(reverse("audit:trail")))
    cases = visible_text(_client(personas, "social_worker_a", language).get(reverse("cases:list")))

    assert shown in trail
    assert shown.split(maxsplit=1)[0] in cases
    assert not AMERICAN.search(trail + cases)


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("lv", "07.12.2026"),
        ("lv", "2026-12-07"),
        ("en", "07/12/2026"),
        ("en", "2026-12-07"),
        ("en", "7 December 2026"),
    ],
)
def test_date_fields_accept_what_the_page_shows_and_iso(language: str, typed: str) -> None:
    with translation.override(language):
        form = EventSearchForm({"date_from": typed})

        assert form.is_valid(), form.errors
        assert form.cleaned_data["date_from"] == datetime.date(2026, 12, 7)
        # A date the form shows goes into the browser's date field as ISO, whatever the language.
        shown = EventSearchForm(initial={"date_from": datetime.date(2026, 12, 7)})
        assert 'value="2026-12-07"' in str(shown["date_from"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown"),
    [("lv", "29.11.2026"), ("en", "29/11/2026"), ("ru", "29.11.2026"), ("uk", "29.11.2026")],
)
def test_documents_write_dates_as_their_language_does(
    personas: dict[str, User], language: str, shown: str
) -> None:
    client = signed_in_client(Client(), personas["social_worker_a"])
    with time_machine.travel(datetime.datetime(2026, 11, 29, 12, tzinfo=datetime.UTC)):
        response = client.get(f"{reverse('documents:rights_leaflet')}?language={language}")

    text = pdf_text(response.content)
    assert response.status_code == 200
    assert shown in text
    assert "11/29/2026" not in text


# Template filters that name a format: a named one (DATE_FORMAT, SHORT_DATE_FORMAT …) follows
# the language; only machine-readable forms (ISO, for <time datetime>) and the 24-hour clock
# may be written out.
_TEMPLATE_FORMAT = re.compile(r"""\|(date|time):\s*(["'])(?P<format>[^"']*)\2""")
_ALLOWED_LITERAL = {"c", "Y-m-d", "H:i", "H:i:s"}
_STRFTIME = re.compile(r"""strftime\(\s*(["'])(?P<format>[^"']*)\1""")
# Month before day (except in ISO's year-month-day), or the 12-hour clock.
_AMERICAN_STRFTIME = re.compile(r"(?<!%Y-)%[mbB]\W?%d|%I|%p")


def test_no_template_writes_a_date_format_out() -> None:
    offending = []
    for template in sorted(PACKAGE.rglob("templates/**/*.html")):
        for match in _TEMPLATE_FORMAT.finditer(template.read_text(encoding="utf-8")):
            value = match.group("format")
            if not value.endswith("_FORMAT") and value not in _ALLOWED_LITERAL:
                offending.append(f"{template.relative_to(PACKAGE)}: {match.group(0)}")

    assert offending == []


def test_python_formats_dates_for_people_through_the_language() -> None:
    # strftime does not follow the language: outside the pure rules (which write each message
    # in Latvian and in English themselves) it may only write ISO, for machines and logs.
    offending = []
    for module in sorted(PACKAGE.rglob("*.py")):
        is_rules = module.is_relative_to(PACKAGE / "rules")
        for match in _STRFTIME.finditer(module.read_text(encoding="utf-8")):
            value = match.group("format")
            if _AMERICAN_STRFTIME.search(value) or (
                not is_rules and not value.startswith("%Y-%m-%d")
            ):
                offending.append(f"{module.relative_to(PACKAGE)}: {match.group(0)}")

    assert offending == []
