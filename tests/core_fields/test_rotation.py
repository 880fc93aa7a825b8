"""``rotate_keys``: every encrypted value and blind index moves to the active keys, in
resumable batches; afterwards the old keys can be removed (docs/security.md DP-3)."""

from __future__ import annotations

import base64
import io
import json
import secrets
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from atbalsts.accounts.models import TotpDevice, User
from atbalsts.accounts.services import second_factor_provision
from atbalsts.attachments.models import Attachment
from atbalsts.attachments.services import attachment_download
from atbalsts.attachments.storage import path_of
from atbalsts.audit.models import AuditEvent
from atbalsts.cases.models import Case
from atbalsts.core.crypto import (
    KEY_ID_BYTES,
    KeyFileError,
    Keyring,
    keyring,
    legacy_blind_index_key_id,
    load_key_file,
)
from atbalsts.core.fields import blind_index_lookup
from atbalsts.people import rotation
from atbalsts.people.models import Person
from tests.attachments.conftest import attach
from tests.attachments.files import pdf_with_author
from tests.core_fields.conftest import read_keys, write_keys
from tests.people.factories import make_case, make_person

pytestmark = pytest.mark.django_db


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _add_active_keys(path: Path, *, data: bool = True, blind: bool = True) -> dict[str, Any]:
    content = read_keys(path)
    if data:
        key_id = secrets.token_hex(KEY_ID_BYTES)
        content["data_keys"][key_id] = _b64(secrets.token_bytes(32))
        content["active"] = key_id
    if blind:
        blind_id = secrets.token_hex(KEY_ID_BYTES)
        content["blind_index_keys"][blind_id] = _b64(secrets.token_bytes(32))
        content["blind_index_active"] = blind_id
    write_keys(path, content)
    return content


def _remove_inactive_keys(path: Path) -> None:
    content = read_keys(path)
    content["data_keys"] = {content["active"]: content["data_keys"][content["active"]]}
    active = content["blind_index_active"]
    content["blind_index_keys"] = {active: content["blind_index_keys"][active]}
    write_keys(path, content)


def _envelopes() -> list[bytes]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT first_name, last_name, personal_code, birth_date, address FROM people_person"
        )
        rows = cursor.fetchall()
        cursor.execute("SELECT notes FROM cases_case")
        rows += cursor.fetchall()
        cursor.execute("SELECT encrypted_key FROM accounts_totpdevice")
        rows += cursor.fetchall()
    return [bytes(value) for row in rows for value in row if value is not None]


@pytest.fixture
def population(key_file: Path, personas: dict[str, User]) -> dict[str, Any]:
    worker = personas["social_worker_a"]
    people = [
        make_person(created_by=worker, first_name=f"Līga{n}", personal_code=f"010190-2000{n}")
        for n in range(5)
    ]
    cases = [make_case(person=p, created_by=worker, notes=f"piezīme {p.pk}") for p in people]
    secret, _codes = second_factor_provision(user=worker)
    document = attach(actor=worker, case=cases[0], data=pdf_with_author())
    return {
        "worker": worker,
        "people": people,
        "cases": cases,
        "totp_secret": secret,
        "document": document,
    }


def test_after_rotation_and_removal_of_the_old_keys_everything_decrypts_and_is_found(
    key_file: Path, population: dict[str, Any]
) -> None:
    _add_active_keys(key_file)
    out = io.StringIO()

    call_command("rotate_keys", "--batch-size", "2", stdout=out)
    _remove_inactive_keys(key_file)

    ring = keyring()
    assert all(Keyring.key_id_of(e) == ring.active_key_id for e in _envelopes())
    for n, person in enumerate(population["people"]):
        fresh = Person.objects.get(pk=person.pk)
        assert fresh.first_name == f"Līga{n}"
        assert (
            Person.objects.filter(full_name_index__in=blind_index_lookup(f"Liga{n} Ozola")).get()
            == person
        )
        assert (
            Person.objects.filter(
                personal_code_index__in=blind_index_lookup(f"010190-2000{n}")
            ).get()
            == person
        )
        assert Case.objects.get(person=person).notes == f"piezīme {person.pk}"
    device = TotpDevice.objects.get(user=population["worker"])
    assert device.base32_key == population["totp_secret"].replace(" ", "")
    assert "people.Person: 5 rows, 5 rewritten" in out.getvalue()
    event = AuditEvent.objects.filter(action="crypt_key_rotation").get()
    assert event.payload["rows_rewritten"]["people.Person"] == 5
    # The attachment file too: under a new name, the old file gone, readable with the new key.
    old: Attachment = population["document"]
    document = Attachment.objects.get(pk=old.pk)
    assert document.storage_name != old.storage_name
    assert not path_of(old.storage_name).exists()
    assert "attachment files: 1 seen, 1 re-encrypted" in out.getvalue()
    assert event.payload["attachment_files_rewritten"] == 1
    downloaded = attachment_download(actor=population["worker"], attachment=document)
    assert downloaded.startswith(b"%PDF")

    call_command("rotate_keys", stdout=(again := io.StringIO()))
    assert "attachment files: 1 seen, 0 re-encrypted" in again.getvalue()


def test_without_rotation_the_removed_key_leaves_values_unreadable(
    key_file: Path, population: dict[str, Any]
) -> None:
    _add_active_keys(key_file)
    _remove_inactive_keys(key_file)

    from atbalsts.core.crypto import DecryptionError

    with pytest.raises(DecryptionError):
        _ = Person.objects.get(pk=population["people"][0].pk).first_name


def test_a_search_during_rotation_still_finds_rows_under_the_old_blind_index_key(
    key_file: Path, population: dict[str, Any]
) -> None:
    _add_active_keys(key_file, data=False)

    found = Person.objects.filter(full_name_index__in=blind_index_lookup("Liga0 Ozola"))

    assert list(found) == [population["people"][0]]


def test_an_interrupted_rotation_resumes_where_it_stopped(
    key_file: Path, population: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_active_keys(key_file)
    real = rotation._rotate_row
    calls = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> dict[str, Any]:
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("power cut")
        return real(*args, **kwargs)

    monkeypatch.setattr(rotation, "_rotate_row", failing)
    with pytest.raises(RuntimeError):
        rotation.keys_rotate(batch_size=2)
    monkeypatch.setattr(rotation, "_rotate_row", real)

    # The first batch (2 rows) was committed; the failed batch rolled back.
    ring = keyring()
    done = [
        p
        for p in Person.objects.all()
        if Keyring.key_id_of(bytes(p.__dict__["first_name"].envelope)) == ring.active_key_id
    ]
    assert len(done) == 2
    resumed = rotation.keys_rotate(batch_size=2)
    again = rotation.keys_rotate(batch_size=2)

    people = next(m for m in resumed.models if m.label == "people.Person")
    assert people.rows_rewritten == 3
    assert again.rows_rewritten == 0


def test_only_the_blind_index_key_changes(key_file: Path, population: dict[str, Any]) -> None:
    _add_active_keys(key_file, data=False)

    result = rotation.keys_rotate(batch_size=100)
    _remove_inactive_keys(key_file)

    people = next(m for m in result.models if m.label == "people.Person")
    assert people.values_reencrypted == 0
    assert people.indexes_recomputed == 10
    assert Person.objects.filter(full_name_index__in=blind_index_lookup("Liga3 Ozola")).count() == 1


def test_batch_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        rotation.keys_rotate(batch_size=0)


def test_a_key_file_of_the_old_format_still_loads(tmp_path: Path) -> None:
    blind = secrets.token_bytes(32)
    key_id = secrets.token_hex(KEY_ID_BYTES)
    path = tmp_path / "old.json"
    path.write_text(
        json.dumps(
            {
                "active": key_id,
                "data_keys": {key_id: _b64(secrets.token_bytes(32))},
                "blind_index_key": _b64(blind),
                "secret_hash_key": _b64(secrets.token_bytes(32)),
            }
        )
    )

    ring = load_key_file(path)

    assert ring.blind_index_key == blind
    assert ring.blind_index_key_id == legacy_blind_index_key_id(blind)
    assert ring.blind_index_candidates("x") == [ring.blind_index("x")]


@pytest.mark.parametrize(
    "change",
    [
        {"blind_index_active": "00000000"},
        {"blind_index_keys": "nope"},
        {"blind_index_keys": {"00000000": _b64(b"short")}, "blind_index_active": "00000000"},
    ],
)
def test_a_malformed_blind_index_key_set_is_refused(key_file: Path, change: dict[str, Any]) -> None:
    content = read_keys(key_file)
    content.update(change)
    write_keys(key_file, content)

    with pytest.raises(KeyFileError):
        load_key_file(key_file)
