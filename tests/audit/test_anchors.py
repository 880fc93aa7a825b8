"""Anchoring the chain head outside the database (SECURITY.md LG-2): a chain rewritten and
re-hashed from end to end still fails verification at the anchored position."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.test import override_settings

from atbalsts.accounts.models import User
from atbalsts.audit.anchoring import NO_KEY
from atbalsts.audit.chain import GENESIS_HASH, row_hash
from atbalsts.audit.models import AuditEvent
from atbalsts.audit.selectors import audit_chain_verdict
from tests.audit.test_chain import _raw_sql, _record_events

pytestmark = pytest.mark.django_db


def _anchor(path: Path) -> str:
    call_command("anchor_audit", "--output", str(path))
    return path.read_text(encoding="utf-8")


def _rehash_everything() -> None:
    """What an intruder with write access does: rebuild every hash after an edit."""
    previous = GENESIS_HASH
    for event in AuditEvent.objects.order_by("seq"):
        digest = row_hash(previous, event.chain_fields())
        _raw_sql(
            "UPDATE audit_auditevent SET prev_hash = %s, row_hash = %s WHERE seq = %s",
            [previous, digest, event.seq],
        )
        previous = digest


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
    _rehash_everything()

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


def test_the_deploy_check_requires_the_key_file(tmp_path: Path) -> None:
    with override_settings(AUDIT_ANCHOR_KEY_FILE=None):
        errors = [m.id for m in run_checks(include_deployment_checks=True)]
    assert "audit.E001" in errors
    key = tmp_path / "key"
    key.write_text("secret", encoding="utf-8")
    with override_settings(AUDIT_ANCHOR_KEY_FILE=key):
        errors = [m.id for m in run_checks(include_deployment_checks=True)]
    assert "audit.E001" not in errors
