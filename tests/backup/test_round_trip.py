"""Backup and restore (docs/security.md RE-4): an encrypted, verified file that comes back into an
empty database whole, with the audit chain's head and every encrypted value intact; on both
databases (the suite runs on SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from atbalsts.accounts.models import User
from atbalsts.attachments.models import Attachment
from atbalsts.attachments.services import attachment_download
from atbalsts.attachments.storage import attachments_dir
from atbalsts.audit.models import AuditEvent
from atbalsts.audit.selectors import audit_chain_verdict
from atbalsts.backup.keys import backup_key
from atbalsts.backup.stream import decrypted_lines
from atbalsts.backup.tables import RestoreError, backed_up_models, load_lines, read_manifest
from atbalsts.cases.models import Case
from atbalsts.core.crypto import generate_key_file, keyring
from atbalsts.directory.models import Contact
from atbalsts.people import services
from atbalsts.people.models import Person
from atbalsts.people.services import PersonDetails
from tests.attachments.conftest import attach
from tests.attachments.files import pdf_with_author

pytestmark = pytest.mark.django_db(transaction=True)

CANARY_NAME = "Kanārija-Zvirbule"
FIRST_CONTACT = {
    "arrival_stage": "before_course",
    "contact_channel": "in_person",
    "referral_source": "border_guard",
}


def _register(actor: User, last_name: str) -> Person:
    case = services.person_register(
        actor=actor,
        details=PersonDetails(first_name="Līga", last_name=last_name),
        is_anonymous=False,
        **FIRST_CONTACT,
    )
    return case.person


def _row_counts() -> dict[str, int]:
    return {model._meta.db_table: model._base_manager.count() for model in backed_up_models()}


def _empty_database() -> None:
    """A new installation: an empty database and no attachment files."""
    # TRUNCATE on PostgreSQL: the append-only triggers guard rows against DELETE only.
    call_command("flush", interactive=False, verbosity=0)
    for path in attachments_dir().iterdir():
        path.unlink()


@pytest.fixture(autouse=True)
def _own_attachments_dir(tmp_path: Path) -> Iterator[None]:
    with override_settings(ATTACHMENTS_DIR=tmp_path / "attachments"):
        yield


@pytest.fixture
def populated(personas: dict[str, User]) -> list[Person]:
    worker = personas["social_worker_a"]
    people = [_register(worker, name) for name in (CANARY_NAME, "Bērziņa", "Ozola")]
    attach(
        actor=worker,
        case=Case.objects.get(person=people[0]),
        data=pdf_with_author(),
        description=CANARY_NAME,
    )
    return people


def test_a_backup_comes_back_whole_into_an_empty_database(
    populated: list[Person], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "atbalsts.atbkup"
    before = _row_counts()
    head = audit_chain_verdict().head_hash

    call_command("backup", output=target)

    written = capsys.readouterr().out
    assert "Backup written and verified" in written
    assert f"head {head}" in written
    raw = target.read_bytes()
    assert CANARY_NAME.encode() not in raw
    assert b"riga.social" not in raw  # nothing readable, not even a username
    assert target.stat().st_mode & 0o777 == 0o600

    _empty_database()
    assert not Person.objects.exists()
    call_command("restore", target)

    assert "every encrypted value decrypts" in capsys.readouterr().out
    assert _row_counts() == before
    assert audit_chain_verdict().head_hash == head
    document = Attachment.objects.get()
    assert document.description == CANARY_NAME
    assert attachment_download(
        actor=User.objects.get(username="riga.social"), attachment=document
    ).startswith(b"%PDF")
    restored = Person.objects.get(uuid=populated[0].uuid)
    assert restored.last_name == CANARY_NAME
    assert User.objects.get(username="riga.social").check_password is not None
    # The contacts the migrations loaded are the backup's, not twice.
    assert Contact.objects.count() == before[Contact._meta.db_table]


def test_a_restore_refuses_a_database_that_holds_data(
    populated: list[Person], tmp_path: Path
) -> None:
    target = tmp_path / "b.atbkup"
    call_command("backup", output=target)
    events = AuditEvent.objects.count()

    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", target)

    assert AuditEvent.objects.count() == events
    assert Person.objects.count() == 3


def test_a_changed_backup_restores_nothing(populated: list[Person], tmp_path: Path) -> None:
    target = tmp_path / "c.atbkup"
    call_command("backup", output=target)
    damaged = bytearray(target.read_bytes())
    damaged[200] ^= 1
    target.write_bytes(bytes(damaged))
    _empty_database()

    with pytest.raises(CommandError, match="Nothing was restored: A chunk of the backup"):
        call_command("restore", target)

    assert not Person.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_restore_with_other_data_keys_is_refused_and_rolled_back(
    populated: list[Person], tmp_path: Path
) -> None:
    target = tmp_path / "d.atbkup"
    call_command("backup", output=target)
    _empty_database()
    other_keys = tmp_path / "other-keys.json"
    generate_key_file(other_keys)

    keyring.cache_clear()
    try:
        with (
            override_settings(DATA_KEY_FILE=other_keys),
            pytest.raises(CommandError, match="does not decrypt with the data keys"),
        ):
            call_command("restore", target)
    finally:
        keyring.cache_clear()

    assert not Person.objects.exists()


def test_backup_needs_its_key_and_never_overwrites(populated: list[Person], tmp_path: Path) -> None:
    target = tmp_path / "e.atbkup"
    target.write_bytes(b"an earlier backup")

    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", output=target)
    with (
        override_settings(BACKUP_KEY_FILE=None),
        pytest.raises(CommandError, match="ATBALSTS_BACKUP_KEY_FILE"),
    ):
        call_command("backup", output=tmp_path / "f.atbkup")
    short = tmp_path / "short-key"
    short.write_bytes(b"too short")
    with (
        override_settings(BACKUP_KEY_FILE=short),
        pytest.raises(CommandError, match="fewer than 32 bytes"),
    ):
        call_command("backup", output=tmp_path / "g.atbkup")
    with (
        override_settings(BACKUP_KEY_FILE=tmp_path / "absent"),
        pytest.raises(CommandError, match="cannot be read"),
    ):
        call_command("backup", output=tmp_path / "h.atbkup")

    assert target.read_bytes() == b"an earlier backup"
    assert not list(tmp_path.glob("*.partial"))


def test_restoring_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", tmp_path / "nothing.atbkup")


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([b'{"format":7,"vendor":"sqlite"}'], "format this version cannot read"),
        ([b'{"format":1,"vendor":"oracle"}'], "of a oracle database"),
        ([b"{}"], "format this version cannot read"),
    ],
)
def test_a_backup_of_another_kind_is_refused(lines: list[bytes], message: str) -> None:
    with pytest.raises(RestoreError, match=message):
        load_lines(lines)


def test_a_backup_without_its_manifest_or_of_another_schema_restores_nothing() -> None:
    _empty_database()
    opening = json.dumps({"format": 1, "vendor": connection.vendor}).encode()
    unknown_table = json.dumps({"table": "people_person", "columns": ["id", "colour"]}).encode()

    with pytest.raises(RestoreError, match="does not match this version's schema"):
        load_lines([opening, unknown_table])
    with pytest.raises(RestoreError, match="has no manifest"):
        load_lines([opening])
    with pytest.raises(RestoreError, match="has no manifest"):
        read_manifest([opening])

    assert not AuditEvent.objects.exists()


def test_a_backup_from_another_migration_state_is_refused(
    populated: list[Person], tmp_path: Path
) -> None:
    target = tmp_path / "m.atbkup"
    call_command("backup", output=target)
    _empty_database()
    with target.open("rb") as handle:
        lines = list(decrypted_lines(handle, backup_key()))
    manifest = json.loads(lines[-1])
    manifest["manifest"]["migrations"].append("people.9999_future")

    with pytest.raises(RestoreError, match="not migrated to the backup's state"):
        load_lines([*lines[:-1], json.dumps(manifest).encode()])

    assert not Person.objects.exists()


def test_a_backup_with_a_missing_attachment_file_is_not_written(
    populated: list[Person], tmp_path: Path
) -> None:
    for path in attachments_dir().iterdir():
        path.unlink()

    with pytest.raises(CommandError, match="is missing: the backup would be incomplete"):
        call_command("backup", output=tmp_path / "x.atbkup")

    assert not list(tmp_path.glob("x.atbkup*"))
