"""A period's tables are frozen once shown; later corrections are a revision shown only
when it reveals nobody (SECURITY.md ST-1 "across periods and releases")."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from atbalsts.access.policy import ExportKind
from atbalsts.accounts.models import Organisation, User
from atbalsts.audit.models import AuditEvent
from atbalsts.cases.models import Case, ReferralSource
from atbalsts.exports.models import ExportGrant
from atbalsts.identification.models import IdentificationBasis
from atbalsts.people.models import CitizenshipGroup, Sex
from atbalsts.statistics import texts
from atbalsts.statistics.models import ReleasedTable, ReleasedTableError
from tests.statistics.conftest import YEAR, recognise

pytestmark = pytest.mark.django_db

INDEX = reverse("statistics:index")
Q1 = {"year": str(YEAR), "quarter": "1"}
TABLES = ("basis", "sex", "age_group", "citizenship", "referral_source", "region")


def _release_cells(html: str) -> dict[str, list[tuple[str, str]]]:
    """(row label, number) of every table of the release as the page shows it."""
    found = {}
    for table in TABLES:
        section = html.split(f'id="title-{table}"', 1)[1].split("</section>", 1)[0]
        rows = re.findall(r'<th scope="row">([^<]*)</th><td>([^<]*)</td>', section)
        found[table] = [(label.strip(), value.strip()) for label, value in rows]
    return found


def _revision_cells(html: str, number: int, table: str) -> list[str]:
    section = html.split(f'id="revision-{number}-{table}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row">([^<]*)</th><td>([^<]*)', section)
    return [value for _label, value in rows]


def _the_man(keeper: User, organisation: Organisation) -> None:
    recognise(
        keeper=keeper,
        organisation=organisation,
        on=datetime.date(YEAR, 2, 20),
        basis=IdentificationBasis.FOREIGN_LAW_ENFORCEMENT_CERTIFICATE,
        sex=Sex.MALE,
        citizenship=CitizenshipGroup.THIRD_COUNTRY,
        born=datetime.date(1960, 3, 1),
        source=ReferralSource.CONSULAR,
    )


def test_a_back_dated_recognition_does_not_change_the_released_tables(
    client_of: Callable[[str], Client],
    personas: dict[str, User],
    organisations: dict[str, Organisation],
    recognise_many: Callable[..., list[Case]],
) -> None:
    analyst = personas["ministry_analyst"]
    ExportGrant.objects.create(
        user=analyst, kind=ExportKind.STATISTICS_CSV.value, granted_by=personas["system_admin"]
    )
    recognise_many(12)
    client = client_of("ministry_analyst")
    first = client.get(INDEX, Q1).content.decode()
    before = _release_cells(first)
    # 12 women: the man's categories all show 0.
    assert [value for _label, value in before["sex"]] == ["12", "0", "0", "0", "12"]

    _the_man(personas["provider_case_manager"], organisations["daugavpils"])
    again = client.get(INDEX, Q1).content.decode()
    assert _release_cells(again) == before
    # The correction is one person: no revision can show it without naming his categories.
    assert str(texts.REVISION_WITHHELD) in again
    assert 'id="revision-1"' not in again
    assert "Revision 1" not in again
    # The other role that sees statistics, and the file, get the same frozen release.
    assert _release_cells(client_of("agency_coordinator").get(INDEX, Q1).content.decode()) == (
        before
    )
    lines = list(
        csv.reader(
            io.StringIO(client.get(reverse("statistics:csv"), Q1).content.decode("utf-8-sig"))
        )
    )
    for table in TABLES:
        title = re.findall(rf'<h3 id="title-{table}">([^<]*)</h3>', first)[0]
        start = lines.index([title])
        assert [tuple(line) for line in lines[start + 2 : start + 2 + len(before[table])]] == (
            before[table]
        )
    assert [str(texts.REVISION_WITHHELD)] in lines

    events = AuditEvent.objects.filter(action="statistics_released")
    assert events.count() == 1
    assert set(events.get().payload) == {"year", "quarter", "revision", "tables"}
    assert ReleasedTable.objects.filter(year=YEAR, quarter=1, revision=0).count() == 10


def test_a_correction_of_ten_persons_is_shown_as_a_revision_beside_the_release(
    client_of: Callable[[str], Client],
    personas: dict[str, User],
    organisations: dict[str, Organisation],
    recognise_many: Callable[..., list[Case]],
) -> None:
    recognise_many(12)
    client = client_of("ministry_analyst")
    before = _release_cells(client.get(INDEX, Q1).content.decode())

    # Ten: the table by region (k = 10) may not show a change of fewer.
    recognise_many(10)
    html = client.get(INDEX, Q1).content.decode()
    assert _release_cells(html) == before
    with translation.override("lv"):
        title = str(texts.REVISION_TITLE) % {
            "number": 1,
            "date": date_format(datetime.date(2026, 11, 29), "DATE_FORMAT"),
        }
    assert f'<h2 id="revision-1">{title}</h2>' in html
    assert _revision_cells(html, 1, "sex") == ["22", "0", "0", "0", "22"]
    assert str(texts.REVISION_WITHHELD) not in html

    # The man entered after the revision: both stay as they were, and he is not shown.
    _the_man(personas["provider_case_manager"], organisations["daugavpils"])
    later = client.get(INDEX, Q1).content.decode()
    assert _release_cells(later) == before
    assert _revision_cells(later, 1, "sex") == ["22", "0", "0", "0", "22"]
    assert 'id="revision-2"' not in later
    assert str(texts.REVISION_WITHHELD) in later
    assert AuditEvent.objects.filter(action="statistics_released").count() == 2


def test_a_released_table_cannot_be_changed_or_deleted(
    client_of: Callable[[str], Client], recognise_many: Callable[..., list[Case]]
) -> None:
    recognise_many(6)
    client_of("ministry_analyst").get(INDEX, Q1)
    released = ReleasedTable.objects.filter(table="sex").get()
    released.shown = {"rows": [], "total": 0, "magnitudes": [], "total_magnitudes": []}
    with pytest.raises(ReleasedTableError):
        released.save()
    with pytest.raises(ReleasedTableError):
        released.delete()
