"""The backup key: kept apart from the database and from the data-encryption keys
(docs/security.md RE-4), so a stolen backup alone reveals nothing and a stolen data-key file alone
opens no backup."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def backup_key() -> bytes:
    path: Path | None = settings.BACKUP_KEY_FILE
    if path is None:
        raise ImproperlyConfigured(
            "Set ATBALSTS_BACKUP_KEY_FILE to a file holding the backup key (at least 32 "
            "random bytes), kept apart from the data-key file."
        )
    try:
        key = path.read_bytes().strip()
    except OSError as error:
        raise ImproperlyConfigured(f"The backup key file {path} cannot be read: {error}") from error
    if len(key) < 32:
        raise ImproperlyConfigured(f"The backup key file {path} holds fewer than 32 bytes.")
    return key
