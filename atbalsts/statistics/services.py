"""The one write of the statistics app: the audit event of a download (SECURITY.md EX-4)."""

from __future__ import annotations

import uuid

from django.db import transaction

from atbalsts.accounts.models import User
from atbalsts.audit.services import audit_record
from atbalsts.statistics.periods import Period


def statistics_export(
    *, actor: User, export_format: str, period: Period, tables: list[str]
) -> uuid.UUID:
    """Record that ``actor`` downloaded ``tables`` of ``period``; the event names the tables
    and the period, never a number. Returns the export's id, printed in the file."""
    export_id = uuid.uuid4()
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="statistics_exported",
            object_type="statistics_export",
            object_uuid=export_id,
            payload={
                "format": export_format,
                "year": period.year,
                "quarter": period.quarter,
                "tables": tables,
            },
        )
    return export_id
