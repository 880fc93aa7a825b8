"""Showing an export's passphrase once (docs/security.md EX-3).

The passphrase is never stored in the database. Between the request and the moment the
job page first shows it, it waits in the requester's session, encrypted with the data key
and bound to the export (so a copied session value cannot open another export); the page
takes it out as it shows it.
"""

from __future__ import annotations

import uuid

from django.contrib.sessions.backends.base import SessionBase

from atbalsts.core.crypto import DecryptionError, keyring

_SESSION_PREFIX = "atbalsts_export_passphrase:"


def _key(job_uuid: uuid.UUID) -> str:
    return f"{_SESSION_PREFIX}{job_uuid}"


def _associated_data(job_uuid: uuid.UUID) -> str:
    return f"exports.exportjob.passphrase:{job_uuid}"


def passphrase_keep(session: SessionBase, *, job_uuid: uuid.UUID, passphrase: str) -> None:
    envelope = keyring().encrypt(passphrase, associated_data=_associated_data(job_uuid))
    session[_key(job_uuid)] = envelope.hex()


def passphrase_take(session: SessionBase, *, job_uuid: uuid.UUID) -> str | None:
    """The passphrase, removed from the session: no later page can show it again."""
    stored = session.pop(_key(job_uuid), None)
    if not isinstance(stored, str):
        return None
    try:
        return keyring().decrypt(bytes.fromhex(stored), associated_data=_associated_data(job_uuid))
    except (DecryptionError, ValueError):
        return None


def passphrase_waiting(session: SessionBase, *, job_uuid: uuid.UUID) -> bool:
    return _key(job_uuid) in session
