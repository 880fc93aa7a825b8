"""The writes of the statistics app: a period's release, its revisions, and the audit event
of a download (docs/security.md ST-1, EX-4)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from atbalsts.accounts.models import User
from atbalsts.audit.services import audit_record
from atbalsts.statistics import selectors
from atbalsts.statistics.models import ReleasedTable
from atbalsts.statistics.periods import Period
from atbalsts.statistics.selectors import Release, Version
from atbalsts.statistics.tables import (
    PublishedTable,
    is_revision_safe,
    published_tables,
    revised_tables,
    shown_values,
)


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


def _store(
    *, actor: User, period: Period, revision: int, tables: Sequence[PublishedTable]
) -> Version:
    """Freeze ``tables`` as ``revision`` of ``period`` (0: the release), with its event."""
    released_at = timezone.now()
    rows = [
        ReleasedTable(
            year=period.year,
            quarter=period.quarter,
            table=table.name,
            revision=revision,
            shown=shown_values(table),
            released_at=released_at,
            released_by=actor,
        )
        for table in tables
    ]
    for row in rows:
        # The actor is the signed-in user; the constraint is the database's to keep, so two
        # first looks at once store one release (statistics_release).
        row.full_clean(exclude=["released_by"], validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        ReleasedTable.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            action="statistics_released",
            object_type="statistics_release",
            payload={
                "year": period.year,
                "quarter": period.quarter,
                "revision": revision,
                "tables": [table.name for table in tables],
            },
        )
    return Version(number=revision, released_at=released_at, tables=list(tables))


def statistics_release(*, actor: User, period: Period) -> Release:
    """What is shown of the ended ``period``: its frozen release, and its revisions.

    The first look releases the period: the tables shown are stored and shown from then on
    (ST-1). Later corrections of the period's data are compared with what was shown: when
    they change a shown value, they are frozen as the next revision if that is safe beside
    every earlier version, and withheld (and said to be) otherwise. Two first looks at once
    store one release: the second finds the first's.
    """
    in_year = selectors.released_in_year(period.year)
    versions = in_year.get(period.quarter, [])
    if not versions:
        # The earlier quarters already shown enter the series as they were last shown.
        earlier = [in_year.get(quarter, []) for quarter in range(1, period.quarter)]
        as_of = [shown[-1].released_at if shown else None for shown in earlier]
        counts = selectors.period_counts(period, [*as_of, None])
        tables = published_tables(
            counts, shown=[shown[-1].tables if shown else None for shown in earlier]
        )
        try:
            release = _store(actor=actor, period=period, revision=0, tables=tables)
        except IntegrityError:
            versions = selectors.released_versions(period)
        else:
            return Release(versions=[release])
    counts = selectors.period_counts(period)
    shown = [version.tables for version in versions]
    revision = revised_tables(shown, counts[-1])
    if [shown_values(t) for t in revision] == [shown_values(t) for t in shown[-1]]:
        return Release(versions=versions)
    if not is_revision_safe(shown, counts[-1]):
        return Release(versions=versions, is_revision_withheld=True)
    try:
        latest = _store(actor=actor, period=period, revision=len(versions), tables=revision)
    except IntegrityError:
        return Release(versions=selectors.released_versions(period))
    return Release(versions=[*versions, latest])
