"""Reads of attachments, narrowed to the kinds the actor may see (attachments/access.py)."""

from __future__ import annotations

from atbalsts.attachments.access import visible_kinds
from atbalsts.attachments.models import Attachment
from atbalsts.cases.access import Standing
from atbalsts.cases.models import Case


def attachments_of_case(*, case: Case, standing: Standing, kind: str = "") -> list[Attachment]:
    """The case's documents not withdrawn, of the kinds ``standing`` shows, newest first.

    The kind is encrypted (a law-enforcement decision on file is criminal-proceedings data),
    so the database cannot filter on it: the case's documents are read, a few dozen at most,
    and chosen here.
    """
    kinds = set(visible_kinds(standing))
    if kind:
        kinds &= {kind}
    if not kinds:
        return []
    documents = Attachment.objects.filter(case=case, deleted_at__isnull=True).order_by(
        "-uploaded_at", "-pk"
    )
    return [attachment for attachment in documents if attachment.kind in kinds]
