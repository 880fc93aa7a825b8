"""A copy of the database holds no plaintext canary (docs/security.md DP-2): the raw SQLite file,
or a pg_dump of the PostgreSQL database. Both databases run this test (``make test``)."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from atbalsts.accounts.models import User
from atbalsts.cases.models import Case
from atbalsts.people.models import Person
from tests.people.factories import make_case, make_person

# Unique strings found nowhere else: if one is in the dump, a value leaked in plaintext.
CANARIES = [
    ("Zvirbulīte", "Kanārijkalne", "170394-81234", "Dūju iela 713, Cēsis", "Zīlīšu piezīme"),
    ("Sniegpulkstene", "Dzilnupēte", "220888-18265", "Strazdu gatve 291, Valmiera", "Dzeņu ziņa"),
    ("Ievziedīte", "Lakstīgalkalna", "050505-55555", "Pūču ceļš 88-4, Ventspils", "Cīruļa dziesma"),
]
BIRTH_DATE = datetime.date(1961, 7, 19)


def _dump_sqlite(tmp_path: Path) -> bytes:
    # The test database may live only in memory: VACUUM INTO writes exactly what a copy of
    # the file would hold, page by page.
    target = tmp_path / "copy.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(target)])
    return target.read_bytes()


def _dump_postgres() -> bytes:
    executable = shutil.which("pg_dump")
    if executable is None:
        pytest.skip("pg_dump is not installed")
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(settings.get("PASSWORD") or "")}
    command = [
        executable,
        "--no-owner",
        "--host",
        str(settings.get("HOST") or "127.0.0.1"),
        "--port",
        str(settings.get("PORT") or 5432),
        "--username",
        str(settings.get("USER") or "postgres"),
        str(settings["NAME"]),
    ]
    return subprocess.run(command, env=env, check=True, capture_output=True, timeout=120).stdout  # noqa: S603


@pytest.mark.django_db(transaction=True)
def test_a_dump_of_the_database_holds_no_canary(personas: dict[str, User], tmp_path: Path) -> None:
    worker = personas["social_worker_a"]
    references = []
    for first, last, code, address, note in CANARIES:
        person = make_person(
            created_by=worker,
            first_name=first,
            last_name=last,
            personal_code=code,
            address=address,
            shelter_location=address,
            birth_date=BIRTH_DATE,
        )
        make_case(person=person, created_by=worker, notes=note)
        references.append(person.reference)
    assert Person.objects.count() == len(CANARIES)
    assert Case.objects.count() == len(CANARIES)

    dump = _dump_postgres() if connection.vendor == "postgresql" else _dump_sqlite(tmp_path)

    # The dump does hold the rows: their pseudonymous references are there.
    for reference in references:
        assert reference.encode() in dump
    for values in CANARIES:
        for value in values:
            for encoded in {value.encode(), value.casefold().encode(), value.upper().encode()}:
                assert encoded not in dump, value
    assert BIRTH_DATE.isoformat().encode() not in dump
