"""The attachment files: encrypted, outside any web root, under random names (docs/security.md
FU-1, DP-2).

Each file is the document sealed with AES-256-GCM under the active data key (the envelope of
atbalsts/core/crypto.py), its associated data naming the attachment's uuid, so a file moved
under another row's name does not decrypt. The directory is 0700 and each file 0600; names
are 64 random hex digits and nothing else is accepted as a name, so no path can be built
from user input. A file is written to a temporary name and renamed, so a crash leaves no
half-written document under a real name.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import uuid
from pathlib import Path

from django.conf import settings

from atbalsts.core.crypto import keyring
from atbalsts.core.fields import associated_data_for

_NAME = re.compile(r"[0-9a-f]{64}")


class StoredFileError(Exception):
    """The file on disk is missing or not the one the row describes."""


def attachments_dir() -> Path:
    directory = Path(settings.ATTACHMENTS_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    # mkdir's mode is filtered by the umask and ignored for an existing directory.
    directory.chmod(0o700)
    return directory


def new_storage_name() -> str:
    return secrets.token_hex(32)


def path_of(storage_name: str) -> Path:
    if not _NAME.fullmatch(storage_name):
        raise ValueError("Not a storage name.")
    return attachments_dir() / storage_name


def _associated_data(attachment_uuid: uuid.UUID) -> str:
    from atbalsts.attachments.models import Attachment

    return associated_data_for(Attachment, "file", attachment_uuid)


def file_write(*, storage_name: str, attachment_uuid: uuid.UUID, data: bytes) -> str:
    """Encrypt and write the document; the SHA-256 of what was written."""
    sealed = keyring().encrypt_bytes(data, associated_data=_associated_data(attachment_uuid))
    final = path_of(storage_name)
    temporary = final.with_name(f".{storage_name}.part")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(sealed)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(final)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return hashlib.sha256(sealed).hexdigest()


def file_read(*, storage_name: str, attachment_uuid: uuid.UUID, sha256: str) -> bytes:
    """The decrypted document; StoredFileError if the file is gone or was altered."""
    try:
        sealed = path_of(storage_name).read_bytes()
    except FileNotFoundError as exc:
        raise StoredFileError(f"Attachment file {storage_name} is missing.") from exc
    if not secrets.compare_digest(hashlib.sha256(sealed).hexdigest(), sha256):
        raise StoredFileError(f"Attachment file {storage_name} does not match its hash.")
    return keyring().decrypt_bytes(sealed, associated_data=_associated_data(attachment_uuid))


def file_remove(storage_name: str) -> None:
    path_of(storage_name).unlink(missing_ok=True)
