"""Documents attached to a case: the law-enforcement decision, the signed consent
(docs/security.md FU-1, DP-7; seed §"Cilvēku tirdzniecības upura identificēšana").

The row holds what the pages need to list and serve a document; the document itself lives
encrypted in a file under ``settings.ATTACHMENTS_DIR`` (atbalsts/attachments/storage.py),
named by ``storage_name`` and bound to the row's uuid by the encryption's associated data.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.core.fields import EncryptedTextField
from atbalsts.core.protection import Protection


class AttachmentKind(models.TextChoices):
    """What the document is. The first two are the documentary bases of recognition
    (catalogue.yaml ``identification_bases``; identification.models.IdentificationBasis);
    the commission's opinion is written in Atbalsts itself and needs no upload."""

    CRIMINAL_PROCEEDINGS_DECISION = (
        "criminal_proceedings_decision",
        _("Decision of the person directing criminal proceedings or a law-enforcement certificate"),
    )
    FOREIGN_LAW_ENFORCEMENT_CERTIFICATE = (
        "foreign_law_enforcement_certificate",
        _("Foreign law-enforcement certificate that criminal proceedings were started"),
    )
    SIGNED_CONSENT = "signed_consent", _("Consent signed by the person")
    OTHER = "other", _("Other document")


class ContentType(models.TextChoices):
    """The accepted types, as read from the content (atbalsts/attachments/cleaning.py)."""

    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"


EXTENSIONS: dict[str, str] = {
    ContentType.PDF: "pdf",
    ContentType.JPEG: "jpg",
    ContentType.PNG: "png",
}


class Attachment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="attachments")
    # Encrypted, so the pages choose the kinds an actor may see in Python (selectors.py).
    kind = EncryptedTextField(_("document"), choices=AttachmentKind.choices, blank=False)
    description = EncryptedTextField(_("description"))
    # The name on the uploader's disk often holds the person's name: kept encrypted, never
    # used for serving the file.
    original_name = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=32, choices=ContentType.choices)
    size = models.PositiveIntegerField(_("size"))
    # Of the encrypted file on disk, not of the document: a hash of the document would let
    # whoever holds a copy of it confirm from a database dump that the case holds it.
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=64, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("attached on"), default=timezone.now, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "case": Protection.P2_PERSONAL,
        # Like recognition.basis: that a law-enforcement decision exists is criminal data.
        "kind": Protection.P3_SPECIAL,
        "description": Protection.P3_SPECIAL,
        "original_name": Protection.P3_SPECIAL,
        "content_type": Protection.P1_INTERNAL,
        "size": Protection.P1_INTERNAL,
        "sha256": Protection.P1_INTERNAL,
        "storage_name": Protection.P1_INTERNAL,
        "uploaded_by": Protection.P1_INTERNAL,
        "uploaded_at": Protection.P2_PERSONAL,
        "deleted_at": Protection.P1_INTERNAL,
        "deleted_by": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("attached document")
        verbose_name_plural = _("attached documents")
        ordering = ["-uploaded_at"]
        indexes = [
            models.Index(fields=["case", "deleted_at"], name="attachment_case_idx"),
            models.Index(fields=["uploaded_by", "uploaded_at"], name="attachment_quota_idx"),
        ]

    def __str__(self) -> str:
        return f"attachment {self.uuid}"

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]

    @property
    def download_name(self) -> str:
        """``<kind>-<date>.<ext>``: nothing of the person, whatever the original name was."""
        day = timezone.localdate(self.uploaded_at)
        return f"{self.kind}-{day.isoformat()}.{self.extension}"
