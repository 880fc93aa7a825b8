"""No TOTP key and no backup code is ever stored in a readable form (docs/security.md AU-5)."""

from __future__ import annotations

import base64
import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client

from atbalsts.accounts.models import TotpDevice, User
from atbalsts.core.crypto import DecryptionError
from tests.accounts.helpers import current_totp, login_password, user_secret

pytestmark = pytest.mark.django_db

ENROL = "/login/enrol/"
VERIFY = "/login/verify/"


def _as_text(value: object) -> list[str]:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return [value.hex(), value.decode("latin-1")]
    return [str(value)]


def _database_dump() -> str:
    """Every row of every table, as text; session data decoded as well."""
    parts: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    parts.extend(_as_text(value))
            if table == "django_session":
                cursor.execute("SELECT session_data FROM django_session")
                parts.extend(str(SessionStore().decode(data)) for (data,) in cursor.fetchall())
    return "\n".join(parts)


def _forms(secret: bytes, codes: list[str]) -> list[str]:
    b32 = base64.b32encode(secret).decode().rstrip("=")
    needles = [b32, b32.lower(), secret.hex(), secret.hex().upper()]
    for code in codes:
        digits = code.replace("-", "")
        needles += [code, digits, digits.encode().hex(), code.encode().hex()]
    return needles


def test_no_key_or_backup_code_is_readable_in_the_database(
    client: Client, worker: User, password: str
) -> None:
    # The whole life of a second factor through the pages: enrol, confirm, use, fail.
    login_password(client, worker.username, password)
    page = client.get(ENROL).content.decode()
    secret_text = "".join(re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1).split())  # type: ignore[union-attr]
    body = client.post(ENROL, {"code": current_totp(secret_text)}).content.decode()
    codes = re.findall(r"<code>(\d{4}-\d{4}-\d{4})</code>", body)
    client.post("/logout/")
    login_password(client, worker.username, password)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 302
    other = Client()
    login_password(other, worker.username, password)
    other.post(VERIFY, {"code": codes[1][:-1] + str((int(codes[1][-1]) + 1) % 10)})

    device = TotpDevice.objects.get(user=worker)
    key = device.key
    dump = _database_dump()

    # The dump does see what is there: the username and the key's ciphertext.
    assert worker.username in dump
    assert bytes(device.encrypted_key).hex() in dump

    assert len(codes) == 10
    assert base64.b32encode(key).decode().rstrip("=") == secret_text
    leaked = [needle for needle in _forms(key, codes) if needle in dump]
    assert leaked == []


def test_a_key_copied_to_another_device_does_not_decrypt(
    worker: User, personas: dict[str, User], worker_secret: str
) -> None:
    other = personas["social_worker_b"]
    user_secret(other)
    mine = TotpDevice.objects.get(user=worker)
    TotpDevice.objects.filter(user=other).update(encrypted_key=mine.encrypted_key)

    with pytest.raises(DecryptionError):
        _ = TotpDevice.objects.get(user=other).key
    assert mine.base32_key == worker_secret
