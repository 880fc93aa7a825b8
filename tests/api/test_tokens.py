"""API tokens: issued once, stored hashed, revocable (docs/security.md AU, LG-1)."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection

from atbalsts.accounts.models import User
from atbalsts.api.models import ApiToken
from atbalsts.api.selectors import api_token_for_raw
from atbalsts.api.services import api_token_issue, api_token_revoke
from atbalsts.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _issue_by_command(username: str, *extra: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("issue_api_token", username, *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_prints_a_working_token_as_its_last_line(personas: dict[str, User]) -> None:
    output, _ = _issue_by_command("riga.social", "--name", "Budget model")

    raw = output.strip().splitlines()[-1]
    token = api_token_for_raw(raw)

    assert token is not None
    assert token.user == personas["social_worker_a"]
    assert token.name == "Budget model"
    assert token.prefix == raw[:12]
    # The marker secret scanners look for, then 32 random bytes in URL-safe base64.
    assert raw.startswith("atb_")
    assert len(raw) == 4 + 43
    assert f"Token {token.prefix}… issued to riga.social (Budget model)." in output


def test_only_the_hash_is_stored_and_the_token_is_nowhere_in_the_database(
    personas: dict[str, User],
) -> None:
    token, raw = api_token_issue(actor=None, user=personas["social_worker_a"], name="x")

    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - table names from the schema
            found += [table for row in cursor.fetchall() if any(raw in str(v) for v in row)]
    assert found == []


def test_issuing_and_revoking_are_audited(personas: dict[str, User]) -> None:
    admin = personas["system_admin"]
    token, _ = api_token_issue(actor=admin, user=personas["social_worker_a"], name="x")
    api_token_revoke(actor=admin, token=token)

    events = list(AuditEvent.objects.filter(object_uuid=token.uuid).order_by("seq"))
    assert [e.action for e in events] == ["api_token_issued", "api_token_revoked"]
    assert events[0].actor == admin
    assert events[0].payload == {
        "user": str(personas["social_worker_a"].uuid),
        "prefix": token.prefix,
    }


def test_a_revoked_token_no_longer_authenticates(personas: dict[str, User]) -> None:
    token, raw = api_token_issue(actor=None, user=personas["social_worker_a"], name="x")

    api_token_revoke(actor=None, token=token)

    assert api_token_for_raw(raw) is None


def test_revoking_twice_changes_nothing(personas: dict[str, User]) -> None:
    token, _ = api_token_issue(actor=None, user=personas["social_worker_a"], name="x")
    api_token_revoke(actor=None, token=token)
    first = token.revoked_at

    api_token_revoke(actor=None, token=token)

    token.refresh_from_db()
    assert token.revoked_at == first
    assert AuditEvent.objects.filter(action="api_token_revoked").count() == 1


def test_the_revoke_command_takes_the_prefix_or_the_whole_token(
    personas: dict[str, User],
) -> None:
    first, first_raw = api_token_issue(actor=None, user=personas["social_worker_a"], name="a")
    _, second_raw = api_token_issue(actor=None, user=personas["social_worker_a"], name="b")
    out = StringIO()

    call_command("revoke_api_token", first.prefix, stdout=out)
    call_command("revoke_api_token", second_raw, stdout=out)

    assert api_token_for_raw(first_raw) is None
    assert api_token_for_raw(second_raw) is None
    assert f"Token {first.prefix}… of riga.social revoked" in out.getvalue()


def test_the_revoke_command_refuses_an_unknown_prefix(db: None) -> None:
    with pytest.raises(CommandError, match="No token starts with 'nosuchtk'"):
        call_command("revoke_api_token", "nosuchtk")
    with pytest.raises(CommandError, match="No token starts with 'atb_nosuchtk'"):
        call_command("revoke_api_token", "atb_nosuchtk")


def _printed_prefix(output: str) -> str:
    first = output.splitlines()[0]
    assert first.startswith("Token "), first
    return first.removeprefix("Token ").split("…", 1)[0]


def test_a_thousand_tokens_issued_and_revoked_at_the_command_line(
    personas: dict[str, User],
) -> None:
    """Whatever its random characters, every token can be revoked by the prefix the issue
    command printed, and by the whole token after "--"."""
    for n in range(1000):
        output, _ = _issue_by_command("riga.social")
        raw = output.strip().splitlines()[-1]
        named = ["--", raw] if n % 2 else [_printed_prefix(output)]
        out = StringIO()

        call_command("revoke_api_token", *named, stdout=out)

        assert " of riga.social revoked at " in out.getvalue()
        assert api_token_for_raw(raw) is None
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 0
    assert AuditEvent.objects.filter(action="api_token_revoked").count() == 1000


def test_a_token_issued_before_the_marker_keeps_working_and_can_be_revoked(
    personas: dict[str, User],
) -> None:
    """Stored as hashes, tokens without the marker still authenticate; the one that starts
    with a dash is named after "--"."""
    user = personas["social_worker_a"]
    old_raw = "-" + "k" * 42
    ApiToken.objects.create(
        user=user,
        name="old",
        token_hash=hashlib.sha256(old_raw.encode()).hexdigest(),
        prefix=old_raw[:8],
    )
    assert api_token_for_raw(old_raw) is not None
    out = StringIO()

    call_command("revoke_api_token", "--", old_raw[:8], stdout=out)

    assert "Token -kkkkkkk… of riga.social revoked" in out.getvalue()
    assert api_token_for_raw(old_raw) is None


def test_the_revoke_command_refuses_an_ambiguous_prefix(personas: dict[str, User]) -> None:
    user = personas["social_worker_a"]
    for name in ("a", "b"):
        ApiToken.objects.create(user=user, name=name, token_hash=name * 64, prefix="samesame")

    with pytest.raises(CommandError, match="More than one token"):
        call_command("revoke_api_token", "samesame")
    assert not ApiToken.objects.filter(revoked_at__isnull=False).exists()


def test_the_command_refuses_an_unknown_user(db: None) -> None:
    with pytest.raises(CommandError, match="No user 'nobody'"):
        _issue_by_command("nobody")


def test_the_command_warns_when_the_role_may_not_use_the_rules(
    personas: dict[str, User],
) -> None:
    _, err = _issue_by_command("dpo")

    assert "may not use the rules API" in err


def test_an_expiring_token_lapses(personas: dict[str, User]) -> None:
    output, _ = _issue_by_command("riga.social", "--expires-in-days", "30")
    raw = output.strip().splitlines()[-1]

    assert api_token_for_raw(raw) is not None
    with time_machine.travel(ApiToken.objects.get().created_at.timestamp() + 31 * 86400):
        assert api_token_for_raw(raw) is None


def test_the_command_refuses_a_non_positive_lifetime(personas: dict[str, User]) -> None:
    with pytest.raises(CommandError, match="at least 1"):
        _issue_by_command("riga.social", "--expires-in-days", "0")


def test_no_token_for_an_inactive_user(personas: dict[str, User]) -> None:
    user = personas["social_worker_a"]
    user.is_active = False
    user.save()

    with pytest.raises(ValidationError):
        api_token_issue(actor=None, user=user, name="x")
    with pytest.raises(CommandError, match="Neaktīvam lietotājam pilnvaras kodu izsniegt nevar"):
        _issue_by_command("riga.social")


def test_a_token_of_a_user_deactivated_later_no_longer_authenticates(
    personas: dict[str, User],
) -> None:
    user = personas["social_worker_a"]
    _, raw = api_token_issue(actor=None, user=user, name="x")
    user.is_active = False
    user.save()

    assert api_token_for_raw(raw) is None
