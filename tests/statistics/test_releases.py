"""A period's tables are frozen once shown; later corrections are a revision shown only
when it reveals nobody (docs/security.md ST-1 "across periods and releases")."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atbalsts.access.policy import ExportKind
from atbalsts.accounts.models import Organisation, User
from atbalsts.audit.models import AuditEvent
from atbalsts.cases.models import Case, ReferralSource
from atbalsts.disclosure import MARKER, FrequencyTable, Publication
from atbalsts.disclosure.audit import Reader
from atbalsts.exports.models import ExportGrant
from atbalsts.identification.models import IdentificationBasis
from atbalsts.people.models import CitizenshipGroup, Sex
from atbalsts.statistics import texts
from atbalsts.statistics.models import ReleasedTable, ReleasedTableError
from atbalsts.statistics.periods import Period
from atbalsts.statistics.selectors import period_counts
from atbalsts.statistics.services import statistics_release
from atbalsts.statistics.tables import SPECS, SPECS_BY_NAME, shown_values
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
    # 12 women: a small complete group, so even the zeros are shown as x.
    assert [value for _label, value in before["sex"]] == ["x", "x", "x", "x", "12"]

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
    # Forty: complete groups this large (by region too) are shown as they are, zeros included.
    recognise_many(40)
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
    assert _revision_cells(html, 1, "sex") == ["50", "0", "0", "0", "50"]
    assert str(texts.REVISION_WITHHELD) not in html

    # The man entered after the revision: both stay as they were, and he is not shown.
    _the_man(personas["provider_case_manager"], organisations["daugavpils"])
    later = client.get(INDEX, Q1).content.decode()
    assert _release_cells(later) == before
    assert _revision_cells(later, 1, "sex") == ["50", "0", "0", "0", "50"]
    assert 'id="revision-2"' not in later
    assert str(texts.REVISION_WITHHELD) in later
    assert AuditEvent.objects.filter(action="statistics_released").count() == 2


def test_the_next_quarter_is_protected_against_the_release_not_against_the_late_entry(
    client_of: Callable[[str], Client],
    personas: dict[str, User],
    organisations: dict[str, Organisation],
    recognise_many: Callable[..., list[Case]],
) -> None:
    recognise_many(40)
    client = client_of("ministry_analyst")
    first = _release_cells(client.get(INDEX, Q1).content.decode())
    with time_machine.travel(datetime.datetime(2026, 11, 29, 12, 5, tzinfo=datetime.UTC)):
        _the_man(personas["provider_case_manager"], organisations["daugavpils"])
        html = client.get(INDEX, {"year": str(YEAR), "quarter": "2"}).content.decode()

    # January to June holds the 40 and the man: beside the released 40, its total 41 would
    # be the man alone, so it is hidden with every non-zero cell of his tables.
    half = _release_cells(html)
    for table in TABLES:
        for (_label, before), (_same, after) in zip(first[table], half[table], strict=True):
            if after != "x":
                assert after == before, (table, before, after)
    assert [value for _label, value in half["sex"]] == ["x", "x", "0", "0", "x"]


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


PERSON = st.fixed_dictionaries(
    {
        "sex": st.sampled_from([Sex.FEMALE, Sex.FEMALE, Sex.MALE]),
        "citizenship": st.sampled_from([CitizenshipGroup.LATVIA, CitizenshipGroup.THIRD_COUNTRY]),
        "born": st.sampled_from([datetime.date(1990, 5, 1), datetime.date(1960, 3, 1)]),
        "source": st.sampled_from([ReferralSource.STATE_POLICE, ReferralSource.CONSULAR]),
        "day": st.integers(1, 28),
    }
)


def _publication(spec_name: str, counts: tuple[int, ...], shown: list[Any]) -> Publication:
    spec = SPECS_BY_NAME[spec_name]
    table = FrequencyTable.one_dimensional(spec.codes, counts)
    hidden = frozenset(
        (row, j) for j, value in enumerate(shown) if value == MARKER for row in (0, 1)
    )
    return Publication(table=table, hidden=hidden, k=spec.k)


@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    first=st.lists(PERSON, max_size=14),
    # Alike persons entered together: one person, a few, or ten (the region table's k), so
    # that some corrections can be shown as a revision and some cannot.
    later=st.lists(st.tuples(PERSON, st.sampled_from([1, 2, 10])), min_size=1, max_size=2),
)
def test_back_dated_insertions_never_change_the_release_nor_reveal_a_hidden_cell(
    personas: dict[str, User],
    organisations: dict[str, Organisation],
    first: list[dict[str, Any]],
    later: list[tuple[dict[str, Any], int]],
) -> None:
    keeper, analyst = personas["provider_case_manager"], personas["ministry_analyst"]
    period = Period(YEAR, 1)

    def add(people: list[dict[str, Any]]) -> None:
        for person in people:
            day = person["day"]
            recognise(
                keeper=keeper,
                organisation=organisations["riga"],
                on=datetime.date(YEAR, 2, day),
                sex=person["sex"],
                citizenship=person["citizenship"],
                born=person["born"],
                source=person["source"],
            )

    with transaction.atomic():
        add(first)
        release = statistics_release(actor=analyst, period=period)
        frozen = [shown_values(table) for table in release.tables]
        counts = [period_counts(period)[-1].counts]  # the truth behind each version shown
        for person, times in later:
            add([person] * times)
            shown = statistics_release(actor=analyst, period=period)
            assert [shown_values(table) for table in shown.tables] == frozen
            if len(shown.versions) > len(counts):
                counts.append(period_counts(period)[-1].counts)
        versions = statistics_release(actor=analyst, period=period).versions
        for name in TABLES:
            index = [spec.name for spec in SPECS].index(name)
            grids = [
                [*(row.value for row in v.tables[index].rows), v.tables[index].total.value]
                for v in versions
            ]
            for number in range(1, len(versions)):
                pair = (
                    _publication(name, counts[0][name], grids[0]),
                    _publication(name, counts[number][name], grids[number]),
                )
                reader = Reader(pair)
                for position, publication in enumerate(pair):
                    for cell in sorted(publication.hidden):
                        interval = reader.interval(("cell", position, *cell))
                        assert interval.low != interval.high, (name, cell, interval)
        transaction.set_rollback(True)
