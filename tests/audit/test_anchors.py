"""Anchoring the chain head outside the database (docs/security.md LG-2): a chain rewritten and
re-hashed from end to end still fails verification at the anchored position."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from atbalsts.accounts.models import User
from atbalsts.audit.anchoring import NO_KEY, anchor_key
from atbalsts.audit.anchors import anchor_line, make_anchor
from atbalsts.audit.keying import chain_key
from atbalsts.audit.models import AuditEvent
from atbalsts.audit.selectors import audit_chain_verdict
from tests.audit.test_chain import _raw_sql, _record_events, _rehash_from

pytestmark = pytest.mark.django_db


def _anchor(path: Path) -> str:
    call_command("anchor_audit", "--output", str(path))
    return path.read_text(encoding="utf-8")


def test_anchor_appends_the_signed_head(personas: dict[str, User], tmp_path: Path) -> None:
    events = _record_events(personas["social_worker_a"], 3)
    path = tmp_path / "anchors.jsonl"

    _anchor(path)
    _record_events(personas["social_worker_a"], 2)
    lines = _anchor(path).splitlines()

    first, second = (json.loads(line) for line in lines)
    assert first["seq"] == 3
    assert first["row_hash"] == events[-1].row_hash
    assert second["seq"] == 5
    assert set(first) == {"seq", "row_hash", "occurred_at", "anchored_at", "key_id", "mac"}
    call_command("verify_audit_chain", "--anchors", str(path))


def test_an_empty_trail_writes_no_anchor(tmp_path: Path) -> None:
    path = tmp_path / "anchors.jsonl"

    call_command("anchor_audit", "--output", str(path))

    assert not path.exists()


def test_a_consistently_rewritten_chain_fails_at_the_anchored_position(
    personas: dict[str, User], tmp_path: Path
) -> None:
    _record_events(personas["social_worker_a"], 4)
    path = tmp_path / "anchors.jsonl"
    _anchor(path)
    _record_events(personas["social_worker_a"], 2)
    _raw_sql("UPDATE audit_auditevent SET action = %s WHERE seq = %s", ["forged", 2])
    # Even an intruder who also took the chain key cannot move the anchor.
    _rehash_from(2, key=chain_key())

    assert audit_chain_verdict().is_intact
    with pytest.raises(CommandError, match="does not match its anchor at position 4"):
        call_command("verify_audit_chain", "--anchors", str(path))


def test_a_truncated_chain_fails_at_the_anchored_position(
    personas: dict[str, User], tmp_path: Path
) -> None:
    _record_events(personas["social_worker_a"], 4)
    path = tmp_path / "anchors.jsonl"
    _anchor(path)
    _raw_sql("DELETE FROM audit_auditevent WHERE seq > %s", [2])

    assert audit_chain_verdict().is_intact
    with pytest.raises(CommandError, match="position 4: the anchored event is missing"):
        call_command("verify_audit_chain", "--anchors", str(path))


def test_a_forged_anchor_line_is_refused(personas: dict[str, User], tmp_path: Path) -> None:
    _record_events(personas["social_worker_a"], 2)
    path = tmp_path / "anchors.jsonl"
    record = json.loads(_anchor(path))
    record["seq"] = 1
    path.write_text(json.dumps(record) + "\n\nnot json\n", encoding="utf-8")

    with pytest.raises(CommandError, match="anchor line 1 is not signed with the anchor key"):
        call_command("verify_audit_chain", "--anchors", str(path))
    path.write_text("not json\n", encoding="utf-8")
    with pytest.raises(CommandError, match="anchor line 1 cannot be read"):
        call_command("verify_audit_chain", "--anchors", str(path))


def test_a_missing_anchor_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Anchor file"):
        call_command("verify_audit_chain", "--anchors", str(tmp_path / "absent.jsonl"))


def test_without_a_key_nothing_is_anchored(personas: dict[str, User], tmp_path: Path) -> None:
    _record_events(personas["social_worker_a"], 1)
    path = tmp_path / "anchors.jsonl"

    with (
        override_settings(AUDIT_ANCHOR_KEY_FILE=None),
        pytest.raises(CommandError, match=re.escape(NO_KEY)),
    ):
        call_command("anchor_audit", "--output", str(path))
    with (
        override_settings(AUDIT_ANCHOR_KEY_FILE=tmp_path / "absent"),
        pytest.raises(CommandError, match="does not exist"),
    ):
        call_command("anchor_audit", "--output", str(path))
    assert not path.exists()


def test_the_deploy_check_requires_the_key_files(tmp_path: Path) -> None:
    with override_settings(AUDIT_ANCHOR_KEY_FILE=None, AUDIT_CHAIN_KEY_FILE=None):
        errors = [m.id for m in run_checks(include_deployment_checks=True)]
    assert {"audit.E001", "audit.E002"} <= set(errors)
    key = tmp_path / "key"
    key.write_text("secret", encoding="utf-8")
    chain = tmp_path / "chain"
    chain.write_text("another secret", encoding="utf-8")
    with override_settings(AUDIT_ANCHOR_KEY_FILE=key, AUDIT_CHAIN_KEY_FILE=chain):
        errors = [m.id for m in run_checks(include_deployment_checks=True)]
    assert "audit.E001" not in errors
    assert "audit.E002" not in errors


def test_deleting_the_last_events_is_reported_by_every_verification(
    personas: dict[str, User], tmp_path: Path
) -> None:
    _record_events(personas["social_worker_a"], 60)
    path = tmp_path / "anchors.jsonl"
    _anchor(path)
    _raw_sql("DELETE FROM audit_auditevent WHERE seq > %s", [10])

    assert audit_chain_verdict().is_intact
    with (
        override_settings(AUDIT_ANCHOR_FILE=path),
        pytest.raises(CommandError, match="position 60: the anchored event is missing"),
    ):
        call_command("verify_audit_chain")


def _write_anchor(path: Path, *, seq: int, hours_ago: int) -> None:
    event = AuditEvent.objects.get(seq=seq)
    now = timezone.now()
    anchor = make_anchor(
        seq=seq,
        row_hash=event.row_hash,
        occurred_at=event.occurred_at,
        now=now - datetime.timedelta(hours=hours_ago),
    )
    with path.open("a", encoding="utf-8") as handle:
        handle.write(anchor_line(anchor, key=anchor_key()) + "\n")


def test_verification_tells_the_newest_anchors_age_and_what_it_does_not_cover(
    personas: dict[str, User], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _record_events(personas["social_worker_a"], 1300)
    path = tmp_path / "anchors.jsonl"
    _write_anchor(path, seq=1000, hours_ago=27)
    _write_anchor(path, seq=1234, hours_ago=3)

    call_command("verify_audit_chain", "--anchors", str(path))
    fresh = capsys.readouterr()
    _write_anchor(path, seq=1300, hours_ago=50)
    call_command("verify_audit_chain", "--anchors", str(path))
    stale = capsys.readouterr()

    assert "2 anchors match the chain." in fresh.out
    assert "Newest anchor: taken 3 hours ago, covering event #1,234." in fresh.out
    assert "events after #1,234 are not covered by an anchor yet" in fresh.err
    assert "more than a day old" not in fresh.err
    assert "Newest anchor: taken 2 days ago, covering event #1,300." in stale.out
    assert "Warning: the newest anchor is more than a day old." in stale.err
    assert "not covered" not in stale.err


def test_verification_warns_when_there_is_no_anchor(
    personas: dict[str, User], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _record_events(personas["social_worker_a"], 2)

    with override_settings(AUDIT_ANCHOR_FILE=tmp_path / "none.jsonl"):
        call_command("verify_audit_chain")

    captured = capsys.readouterr()
    assert "Audit chain intact: 2 events" in captured.out
    assert "Warning: no anchor in" in captured.err
    assert "events removed from the end of the trail cannot be detected" in captured.err
