from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from atbalsts.accounts.models import User
from atbalsts.audit.chain import GENESIS_HASH, row_hash, row_seal
from atbalsts.audit.models import AppendOnlyError, AuditEvent
from atbalsts.audit.selectors import audit_chain_verdict
from atbalsts.audit.services import audit_record

pytestmark = pytest.mark.django_db


def _record_events(actor: User, count: int) -> list[AuditEvent]:
    return [audit_record(actor=actor, action="test_event", payload={"n": n}) for n in range(count)]


def _raw_sql(sql: str, params: list[str | int]) -> None:
    """Tamper with the table behind the application's back, as a database intruder would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks would otherwise block the ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")


def _rehash_from(seq: int, *, key: bytes | None = None) -> None:
    """What an intruder with write access does after an edit: rebuild every later hash, and
    the seals too when the chain key has leaked."""
    previous = GENESIS_HASH
    for event in AuditEvent.objects.order_by("seq"):
        digest = row_hash(previous, event.chain_fields())
        if event.seq >= seq:
            seal = row_seal(key, digest) if key else event.seal
            _raw_sql(
                "UPDATE audit_auditevent SET prev_hash = %s, row_hash = %s, seal = %s "
                "WHERE seq = %s",
                [previous, digest, seal, event.seq],
            )
        previous = digest


@pytest.fixture(autouse=True)
def _no_anchor_file(tmp_path: Path) -> Iterator[None]:
    """Verification reads the default anchor file: an empty place of this test's own."""
    with override_settings(AUDIT_ANCHOR_FILE=tmp_path / "no-anchors.jsonl"):
        yield


def test_events_form_an_intact_chain(personas: dict[str, User]) -> None:
    events = _record_events(personas["social_worker_a"], 5)

    verdict = audit_chain_verdict()

    assert verdict.is_intact
    assert verdict.checked == 5
    assert verdict.head_hash == events[-1].row_hash
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[1].prev_hash == events[0].row_hash


def test_an_edited_event_breaks_the_chain_at_its_position(personas: dict[str, User]) -> None:
    _record_events(personas["social_worker_a"], 5)
    _raw_sql("UPDATE audit_auditevent SET action = %s WHERE seq = %s", ["forged", 3])

    verdict = audit_chain_verdict()

    assert not verdict.is_intact
    assert verdict.broken_at == 3
    with pytest.raises(CommandError, match="position 3"):
        call_command("verify_audit_chain")


def test_a_deleted_event_breaks_the_chain_at_its_position(personas: dict[str, User]) -> None:
    _record_events(personas["social_worker_a"], 5)
    _raw_sql("DELETE FROM audit_auditevent WHERE seq = %s", [2])

    verdict = audit_chain_verdict()

    assert not verdict.is_intact
    assert verdict.broken_at == 2


def test_reordered_events_break_the_chain(personas: dict[str, User]) -> None:
    _record_events(personas["social_worker_a"], 5)
    _raw_sql("UPDATE audit_auditevent SET seq = %s WHERE seq = %s", [-4, 4])
    _raw_sql("UPDATE audit_auditevent SET seq = %s WHERE seq = %s", [4, 3])
    _raw_sql("UPDATE audit_auditevent SET seq = %s WHERE seq = %s", [3, -4])

    verdict = audit_chain_verdict()

    assert not verdict.is_intact
    assert verdict.broken_at == 3


def test_the_application_cannot_change_or_remove_events(personas: dict[str, User]) -> None:
    (event,) = _record_events(personas["social_worker_a"], 1)

    event.action = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database triggers are PostgreSQL's")
def test_postgresql_refuses_raw_updates(personas: dict[str, User]) -> None:
    _record_events(personas["social_worker_a"], 1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        connection.cursor().execute("UPDATE audit_auditevent SET action = 'forged'")


def test_verify_command_reports_an_intact_chain(
    personas: dict[str, User], capsys: pytest.CaptureFixture[str]
) -> None:
    _record_events(personas["social_worker_a"], 3)

    call_command("verify_audit_chain")

    assert "intact: 3 events" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("uuid", "0f0e0d0c0b0a09080706050403020100"),
        ("occurred_at", "2020-01-01 00:00:00"),
        ("actor_id", None),
        ("organisation_id", None),
        ("action", "forged"),
        ("object_type", "case"),
        ("object_uuid", "0f0e0d0c0b0a09080706050403020100"),
        ("purpose", "curiosity"),
        ("request_id", "f" * 32),
        ("client_ip", "203.0.113.9"),
        ("payload", '{"n": 99}'),
        ("prev_hash", "1" * 64),
        ("row_hash", "2" * 64),
    ],
)
def test_changing_any_field_breaks_the_chain_at_its_position(
    personas: dict[str, User], column: str, value: str | None
) -> None:
    _record_events(personas["social_worker_a"], 5)
    if connection.vendor == "postgresql" and column in {"uuid", "object_uuid"}:
        value = "0f0e0d0c-0b0a-0908-0706-050403020100"
    params: list[str | int] = [value, 3] if value is not None else [3]
    placeholder = "%s" if value is not None else "NULL"
    _raw_sql(f"UPDATE audit_auditevent SET {column} = {placeholder} WHERE seq = %s", params)  # noqa: S608 -- column names from the list above

    verdict = audit_chain_verdict()

    assert not verdict.is_intact
    assert verdict.broken_at == 3


def test_a_rewritten_and_rehashed_event_is_named_by_its_seal(personas: dict[str, User]) -> None:
    _record_events(personas["social_worker_a"], 6)
    _raw_sql("UPDATE audit_auditevent SET action = %s WHERE seq = %s", ["forged", 3])
    _rehash_from(3)

    verdict = audit_chain_verdict()

    assert not verdict.is_intact
    assert verdict.broken_at == 3
    assert verdict.reason == "the event's seal does not match the chain key"
    with pytest.raises(CommandError, match="position 3: the event's seal does not match"):
        call_command("verify_audit_chain")


def test_removing_the_seals_does_not_hide_a_rewrite(personas: dict[str, User]) -> None:
    _record_events(personas["social_worker_a"], 6)
    _raw_sql("UPDATE audit_auditevent SET action = %s WHERE seq = %s", ["forged", 3])
    _rehash_from(3)
    _raw_sql("UPDATE audit_auditevent SET seal = %s WHERE seq >= %s", ["", 3])

    verdict = audit_chain_verdict()

    assert not verdict.is_intact
    assert verdict.broken_at == 3
    assert verdict.reason == "the event has no seal"


def test_events_before_the_key_are_checked_by_the_plain_chain(
    personas: dict[str, User],
) -> None:
    """A trail older than the key: events before the recorded position carry no seal."""
    _record_events(personas["social_worker_a"], 6)
    _raw_sql("UPDATE audit_auditevent SET seal = %s WHERE seq < %s", ["", 4])

    with override_settings(AUDIT_CHAIN_KEYED_FROM=4):
        assert audit_chain_verdict().is_intact
        _raw_sql("UPDATE audit_auditevent SET seal = %s WHERE seq = %s", ["", 5])
        assert audit_chain_verdict().broken_at == 5
    _raw_sql("UPDATE audit_auditevent SET action = %s WHERE seq = %s", ["forged", 2])
    with override_settings(AUDIT_CHAIN_KEYED_FROM=4):
        assert audit_chain_verdict().broken_at == 2


def test_an_unsealed_event_after_a_sealed_one_breaks_the_chain(
    personas: dict[str, User],
) -> None:
    _record_events(personas["social_worker_a"], 4)
    _raw_sql("UPDATE audit_auditevent SET seal = %s WHERE seq = %s", ["", 3])

    with override_settings(AUDIT_CHAIN_KEYED_FROM=10):
        verdict = audit_chain_verdict()

    assert verdict.broken_at == 3
    assert verdict.reason == "the event has no seal"


def test_the_seal_needs_the_chain_key(personas: dict[str, User], tmp_path: Path) -> None:
    (event,) = _record_events(personas["social_worker_a"], 1)
    other_key = tmp_path / "other"
    other_key.write_text("another secret", encoding="utf-8")

    with override_settings(AUDIT_CHAIN_KEY_FILE=other_key):
        assert audit_chain_verdict().broken_at == 1
    with (
        override_settings(AUDIT_CHAIN_KEY_FILE=None),
        pytest.raises(CommandError, match="audit chain key file is not configured"),
    ):
        call_command("verify_audit_chain")
    assert len(event.seal) == 64
