"""Re-encrypting the attachment files under the active data key (docs/security.md DP-3), so an
old key can be removed from the key file without leaving a document unreadable.

Each stale file is decrypted, sealed again and written under a new random name; the row is
switched to the new name and hash in one transaction, and the old file is removed only after
the commit. A crash at any point leaves the row naming a file that exists and decrypts (an
unreferenced leftover at worst), and a second run carries on where the first stopped.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from atbalsts.attachments.models import Attachment
from atbalsts.attachments.storage import (
    file_read,
    file_remove,
    file_write,
    new_storage_name,
    path_of,
)
from atbalsts.core.crypto import Keyring


@dataclass
class FileRotation:
    files_seen: int = 0
    files_rewritten: int = 0


def attachment_files_rotate(*, ring: Keyring) -> FileRotation:
    stats = FileRotation()
    kept = (
        Attachment.objects.filter(deleted_at__isnull=True)
        .exclude(storage_name="")
        .order_by("pk")
        .only("pk", "uuid", "storage_name", "sha256")
    )
    for attachment in kept.iterator(chunk_size=200):
        stats.files_seen += 1
        with path_of(attachment.storage_name).open("rb") as handle:
            header = handle.read(64)
        if Keyring.key_id_of(header) == ring.active_key_id:
            continue
        document = file_read(
            storage_name=attachment.storage_name,
            attachment_uuid=attachment.uuid,
            sha256=attachment.sha256,
        )
        old_name, new_name = attachment.storage_name, new_storage_name()
        sha256 = file_write(storage_name=new_name, attachment_uuid=attachment.uuid, data=document)
        with transaction.atomic():
            switched = Attachment.objects.filter(pk=attachment.pk, storage_name=old_name).update(
                storage_name=new_name, sha256=sha256
            )
        if switched:
            file_remove(old_name)
            stats.files_rewritten += 1
        else:
            # Withdrawn or rotated meanwhile: the new copy is the one nobody names.
            file_remove(new_name)
    return stats
