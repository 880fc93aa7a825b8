"""Attaching, downloading and withdrawing documents, each audited (docs/security.md FU-1, LG-1,
DP-6).

The file is written inside the transaction that inserts its row and its audit event, and
removed again if anything in it fails, so a refused or failed upload leaves neither a row nor
a file. (Only a crash between the commit and the return could leave the reverse: a row whose
file exists, which is what we want.)
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from atbalsts.attachments import storage, texts
from atbalsts.attachments.cleaning import CleanFile
from atbalsts.attachments.models import Attachment
from atbalsts.audit.services import audit_record
from atbalsts.cases.models import CaseStatus

if TYPE_CHECKING:
    from atbalsts.accounts.models import User
    from atbalsts.cases.models import Case

# Per user, over the last 24 hours, withdrawn documents included (else withdrawing would
# reset the count): enough for a day of real casework, not for filling the disk.
QUOTA_WINDOW = datetime.timedelta(hours=24)
QUOTA_FILES = 50
QUOTA_BYTES = 200 * 1024 * 1024


def _check_quota(actor: User, size: int, now: datetime.datetime) -> None:
    recent = Attachment.objects.filter(uploaded_by=actor, uploaded_at__gt=now - QUOTA_WINDOW)
    totals = recent.aggregate(count=Count("pk"), size=Sum("size"))
    if totals["count"] >= QUOTA_FILES:
        raise ValidationError(texts.QUOTA_FILES, code="quota", params={"count": QUOTA_FILES})
    if (totals["size"] or 0) + size > QUOTA_BYTES:
        raise ValidationError(
            texts.QUOTA_BYTES, code="quota", params={"limit": QUOTA_BYTES // (1024 * 1024)}
        )


def attachment_upload(
    *,
    actor: User,
    case: Case,
    kind: str,
    description: str,
    original_name: str,
    document: CleanFile,
) -> Attachment:
    """Store the cleaned ``document`` encrypted and attach it to ``case``."""
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(texts.CASE_CLOSED, code="closed")
    now = timezone.now()
    _check_quota(actor, len(document.data), now)
    attachment = Attachment(
        case=case,
        kind=kind,
        description=description,
        original_name=original_name[:255],
        content_type=document.content_type,
        size=len(document.data),
        storage_name=storage.new_storage_name(),
        uploaded_by=actor,
        uploaded_at=now,
    )
    try:
        with transaction.atomic():
            attachment.sha256 = storage.file_write(
                storage_name=attachment.storage_name,
                attachment_uuid=attachment.uuid,
                data=document.data,
            )
            attachment.full_clean()
            attachment.save()
            audit_record(
                actor=actor,
                action="attachment_uploaded",
                object_type="attachment",
                object_uuid=attachment.uuid,
                payload={
                    "case": str(case.uuid),
                    "content_type": document.content_type.value,
                    "size": attachment.size,
                },
            )
    except BaseException:
        storage.file_remove(attachment.storage_name)
        raise
    return attachment


def attachment_download(*, actor: User, attachment: Attachment) -> bytes:
    """The decrypted document, its reading audited with the document's opaque id."""
    data = storage.file_read(
        storage_name=attachment.storage_name,
        attachment_uuid=attachment.uuid,
        sha256=attachment.sha256,
    )
    # The audit append is atomic by itself (as cases.services.case_read's).
    audit_record(
        actor=actor,
        action="attachment_downloaded",
        object_type="attachment",
        object_uuid=attachment.uuid,
        payload={"case": str(attachment.case.uuid)},
    )
    return data


def attachment_list_read(*, actor: User, case: Case) -> None:
    """Seeing which documents a case holds is a read of the case (LG-1)."""
    audit_record(
        actor=actor,
        action="sensitive_read",
        object_type="case",
        object_uuid=case.uuid,
        payload={"view": "attachment_list"},
    )


def attachment_withdraw(*, actor: User, attachment: Attachment) -> Attachment:
    """Withdraw the document: its file is deleted, its row kept for the record without the
    description or the original name."""
    with transaction.atomic():
        attachment.deleted_at = timezone.now()
        attachment.deleted_by = actor
        attachment.description = ""
        attachment.original_name = ""
        attachment.full_clean()
        attachment.save()
        audit_record(
            actor=actor,
            action="attachment_withdrawn",
            object_type="attachment",
            object_uuid=attachment.uuid,
            payload={"case": str(attachment.case.uuid)},
        )
        # Inside the transaction: if the file cannot be removed the withdrawal fails visibly
        # instead of leaving the document on disk behind a withdrawn row.
        storage.file_remove(attachment.storage_name)
    return attachment


def attachments_erase_for_case(*, case_uuid: uuid.UUID, case_pk: int) -> int:
    """Retention (DP-6): delete every document of the case, files and rows; the number
    deleted. Runs inside the caller's transaction with its tombstone."""
    attachments = Attachment.objects.filter(case_id=case_pk)
    names = list(attachments.values_list("storage_name", flat=True))
    if not names:
        return 0
    attachments.delete()
    for name in names:
        storage.file_remove(name)
    audit_record(
        actor=None,
        action="attachments_erased",
        object_type="case",
        object_uuid=case_uuid,
        payload={"count": len(names)},
    )
    return len(names)
