"""The audit chain key, kept outside the database (docs/security.md LG-2).

A key of its own, apart from the data keys, the backup key and the anchor key: whoever holds
the database can neither read it there nor derive it from another key.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from atbalsts.env import ConfigurationError, read_secret_file

NO_CHAIN_KEY = "The audit chain key file is not configured (ATBALSTS_AUDIT_CHAIN_KEY_FILE)."


@cache
def _read_key(path: Path) -> bytes:
    # Every audited request seals its event: read the file once per process.
    return read_secret_file(path).encode("utf-8")


def chain_key() -> bytes:
    path: Path | None = settings.AUDIT_CHAIN_KEY_FILE
    if path is None:
        raise ImproperlyConfigured(NO_CHAIN_KEY)
    try:
        return _read_key(path)
    except ConfigurationError as error:
        raise ImproperlyConfigured(str(error)) from error


def chain_key_or_none() -> bytes | None:
    """The key, or None when it is missing (the deploy checks report that)."""
    try:
        return chain_key()
    except ImproperlyConfigured:
        return None
