"""Generating a document: render it in memory and record who generated which document of
which record (docs/security.md LG-1). The event names the document kind, its number and
language and the record's opaque id; never a value from the record."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db import transaction

from atbalsts.audit.services import audit_record
from atbalsts.documents.rendering import Document, render_pdf

if TYPE_CHECKING:
    from atbalsts.accounts.models import User


def document_generate(
    *, actor: User, document: Document, object_type: str, object_uuid: uuid.UUID | None
) -> bytes:
    """The document as PDF bytes, with its ``document_generated`` event. Rendered before the
    event is written, so a failed rendering leaves no event for a document nobody got."""
    pdf = render_pdf(document)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="document_generated",
            object_type=object_type,
            object_uuid=object_uuid,
            payload={
                "document": document.kind,
                "number": document.number,
                "language": document.language,
            },
        )
    return pdf
