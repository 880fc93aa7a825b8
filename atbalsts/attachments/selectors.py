"""Reads of attachments, narrowed to the kinds the actor may see (attachments/access.py)."""

from __future__ import annotations

from django.db.models import QuerySet

from atbalsts.attachments.access import visible_kinds
from atbalsts.attachments.models import Attachment
from atbalsts.cases.access import Standing
from atbalsts.cases.models import Case


def attachments_of_case(*, case: Case, standing: Standing, kind: str = "") -> QuerySet[Attachment]:
    """The case's documents not withdrawn, of the kinds ``standing`` shows, newest first."""
    kinds = visible_kinds(standing)
    if kind:
        kinds = [k for k in kinds if k == kind]
    return Attachment.objects.filter(case=case, deleted_at__isnull=True, kind__in=kinds).order_by(
        "-uploaded_at", "-pk"
    )
