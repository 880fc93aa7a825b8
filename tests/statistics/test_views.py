"""The statistics page and its downloads: who sees them, what they show, what they never
show (docs/security.md ST-1, ST-2, EX-1)."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from atbalsts.access.policy import ExportKind
from atbalsts.accounts.models import Organisation, User
from atbalsts.agency.models import SubmissionStatus
from atbalsts.audit.models import AuditEvent
from atbalsts.cases.models import Case
from atbalsts.exports.models import ExportGrant
from atbalsts.people.models import Sex
from atbalsts.statistics import texts
from tests.core.pages import middleware_query_count
from tests.statistics.conftest import YEAR, decide, deliver

pytestmark = pytest.mark.django_db

INDEX = reverse("statistics:index")
PERIOD = {"year": str(YEAR), "quarter": "4"}


def _grant(user: User, kind: ExportKind, by: User) -> None:
    ExportGrant.objects.create(user=user, kind=kind.value, granted_by=by)


def _page_cells(html: str, table: str) -> list[tuple[str, str]]:
    """(row label, first number) of one table as the page shows it."""
    section = html.split(f'id="title-{table}"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r'<th scope="row">([^<]*)</th><td>([^<]*)</td>', section)
    return [(label.strip(), value.strip()) for label, value in rows]


@pytest.fixture
def population(
    recognise_many: Callable[..., list[Case]],
    personas: dict[str, User],
    organisations: dict[str, Organisation],
) -> list[Case]:
    """23 women and 2 men recognised in 2025, some services and SIVA decisions."""
    cases = recognise_many(23) + recognise_many(2, sex=Sex.MALE)
    keeper = personas["provider_case_manager"]
    for case in cases[:12]:
        deliver(case=case, keeper=keeper, on=datetime.date(YEAR, 3, 1))
    for index, case in enumerate(cases[:9]):
        decide(
            case=case,
            keeper=keeper,
            agency=organisations["siva"],
            decided=datetime.date(YEAR, 3, 5),
            decide_by=datetime.date(YEAR, 3, 10 if index < 7 else 1),
            status=SubmissionStatus.GRANTED,
        )
    return cases


def test_the_ministry_sees_the_tables_with_small_counts_hidden(
    client_of: Callable[[str], Client], population: list[Case]
) -> None:
    response = client_of("ministry_analyst").get(INDEX, PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    sex = [value for _label, value in _page_cells(html, "sex")]
    # 23 women, 2 men, 0 other, 0 not known: the 2 is hidden, and with it the 23 (else
    # the 2 would follow from the total 25), which is shown.
    assert sex == ["x", "x", "0", "0", "25"]
    assert str(texts.LEGEND) in html
    assert 'role="img"' in html
    assert "<title id=" in html
    assert 'scope="col"' in html


def test_a_small_group_all_of_one_category_is_shown_without_its_zeros(
    client_of: Callable[[str], Client], recognise_many: Callable[..., list[Case]]
) -> None:
    """14 persons, all Latvian citizens, aged 30-49, referred by the State Police: the page
    says how many, never that each of them is Latvian, 30-49 and referred by the police."""
    recognise_many(14)

    html = client_of("ministry_analyst").get(INDEX, PERIOD).content.decode()

    for table in ("citizenship", "age_group", "referral_source"):
        values = [value for _label, value in _page_cells(html, table)]
        assert len(values) > 2, table
        assert values == ["x"] * (len(values) - 1) + ["14"], table
    assert str(texts.LEGEND) in html


def test_the_page_holds_no_person_or_case(
    client_of: Callable[[str], Client], population: list[Case]
) -> None:
    html = client_of("agency_coordinator").get(INDEX, PERIOD).content.decode()
    for case in population:
        assert str(case.uuid) not in html
        assert case.code not in html
        assert str(case.person.uuid) not in html
        assert case.person.reference not in html
        assert case.person.first_name not in html


@pytest.mark.parametrize(
    "persona", ["social_worker_a", "provider_case_manager", "police_member", "dpo", "system_admin"]
)
def test_everyone_else_gets_404(client_of: Callable[[str], Client], persona: str) -> None:
    client = client_of(persona)
    assert client.get(INDEX).status_code == 404
    assert client.get(reverse("statistics:csv"), PERIOD).status_code == 404


def test_downloads_need_the_export_permission_and_their_link_shows_only_then(
    client_of: Callable[[str], Client], personas: dict[str, User], population: list[Case]
) -> None:
    client = client_of("ministry_analyst")
    assert client.get(reverse("statistics:csv"), PERIOD).status_code == 404
    assert client.get(reverse("statistics:xlsx"), PERIOD).status_code == 404
    html = client.get(INDEX, PERIOD).content.decode()
    assert reverse("statistics:csv") not in html
    _grant(personas["ministry_analyst"], ExportKind.STATISTICS_CSV, personas["system_admin"])
    html = client.get(INDEX, PERIOD).content.decode()
    assert reverse("statistics:csv") in html
    assert reverse("statistics:xlsx") not in html
    assert client.get(reverse("statistics:csv"), PERIOD).status_code == 200
    assert client.get(reverse("statistics:xlsx"), PERIOD).status_code == 404


TABLES = (
    "basis",
    "exploitation_form",
    "sex",
    "age_group",
    "citizenship",
    "referral_source",
    "region",
    "services",
    "decision_outcome",
    "decision_deadline",
)


def _file_cells(lines: list[list[Any]], title: str) -> list[tuple[str, str]]:
    start = next(i for i, line in enumerate(lines) if line and line[0] == title)
    found = []
    for line in lines[start + 2 :]:
        if not line or line[0] in ("", None):
            break
        found.append((str(line[0]), str(line[1])))
    return found


def test_csv_and_xlsx_hold_exactly_the_tables_of_the_page(
    client_of: Callable[[str], Client], personas: dict[str, User], population: list[Case]
) -> None:
    analyst = personas["ministry_analyst"]
    _grant(analyst, ExportKind.STATISTICS_CSV, personas["system_admin"])
    _grant(analyst, ExportKind.STATISTICS_XLSX, personas["system_admin"])
    client = client_of("ministry_analyst")
    html = client.get(INDEX, PERIOD).content.decode()

    response = client.get(reverse("statistics:csv"), PERIOD)
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    book = load_workbook(io.BytesIO(client.get(reverse("statistics:xlsx"), PERIOD).content))
    sheet = book.active
    assert sheet is not None
    xlsx_lines = [
        ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    export_ids = set()
    for first in (lines[0][0], xlsx_lines[0][0]):
        assert analyst.username in first
        assert "2026-11-29" in first
        export_ids.add(re.findall(r"[0-9a-f-]{36}", first)[0])
    assert len(export_ids) == 2

    for table in TABLES:
        title = re.findall(rf'<h3 id="title-{table}">([^<]*)</h3>', html)[0]
        page = _page_cells(html, table)
        assert "x" in {value for _label, value in page} or table != "sex"
        assert _file_cells(lines, title) == page
        assert _file_cells(xlsx_lines, title) == page

    events = AuditEvent.objects.filter(action="statistics_exported").order_by("seq")
    assert events.count() == 2
    payload = events.first().payload  # type: ignore[union-attr]
    assert payload["year"] == YEAR
    assert payload["quarter"] == 4
    assert "sex" in payload["tables"]
    assert set(payload) == {"format", "year", "quarter", "tables"}


def test_an_open_period_is_refused_with_the_reason(client_of: Callable[[str], Client]) -> None:
    response = client_of("ministry_analyst").get(INDEX, {"year": "2026", "quarter": "4"})
    assert response.status_code == 200
    assert str(texts.PERIOD_NOT_ENDED) in response.content.decode()
    assert 'id="title-sex"' not in response.content.decode()


def test_query_count_does_not_grow_with_the_persons(
    client_of: Callable[[str], Client], recognise_many: Callable[..., list[Case]]
) -> None:
    client = client_of("ministry_analyst")
    middleware_query_count(client)  # past the session's first request
    recognise_many(10, on=datetime.date(YEAR - 1, 2, 10))
    recognise_many(200)
    counts = []
    for year in (YEAR - 1, YEAR):
        period = {"year": str(year), "quarter": "4"}
        with CaptureQueriesContext(connection) as first:
            assert client.get(INDEX, period).status_code == 200
        with CaptureQueriesContext(connection) as again:
            assert client.get(INDEX, period).status_code == 200
        counts.append((len(first), len(again)))
    # PostgreSQL takes the chain's advisory lock for the release's audit event: one query more.
    lock = 1 if connection.vendor == "postgresql" else 0
    assert counts == [(FIRST_LOOK_QUERIES + lock, QUERIES)] * 2


QUERIES = 10
"""Session, user and second factor (3); the header's unread notifications (1); the period's
release (1); the statistics, to see whether a correction was entered since: screenings,
recognitions, services, decisions (4); the export permissions (1)."""

FIRST_LOOK_QUERIES = QUERIES + 7
"""The first look releases the period: the tables (one insert) and the audit event (the
chain's head and one insert), each in its savepoint (two savepoints, two releases)."""
