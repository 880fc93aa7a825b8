"""apply_retention deletes a case's attached documents, files and rows, with a tombstone
(docs/security.md DP-6)."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from atbalsts.attachments.models import Attachment
from atbalsts.audit.models import AuditEvent
from atbalsts.cases.models import Case, CaseStatus
from tests.attachments import files
from tests.attachments.conftest import attach, stored_files
from tests.people.factories import make_case

pytestmark = pytest.mark.django_db


def _close(case: Case, until: datetime.date) -> None:
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_on=datetime.date(2026, 11, 29), retention_until=until
    )


def test_retention_deletes_the_documents_of_an_expired_case_only(
    world: dict[str, Any], attachments_dir: Path
) -> None:
    worker = world["worker"]
    expired = world["case"]
    kept = make_case(person=world["person"], created_by=worker)
    attach(actor=worker, case=expired, data=files.plain_png())
    attach(actor=worker, case=expired, data=files.pdf_with_author())
    survivor = attach(actor=worker, case=kept, data=files.plain_png())
    _close(expired, datetime.date(2031, 11, 29))
    assert len(stored_files(attachments_dir)) == 3

    call_command("apply_retention", "--today", "2031-11-30", stdout=io.StringIO())

    assert list(Attachment.objects.all()) == [survivor]
    assert [path.name for path in stored_files(attachments_dir)] == [survivor.storage_name]
    tombstone = AuditEvent.objects.get(action="attachments_erased")
    assert (tombstone.object_uuid, tombstone.payload) == (expired.uuid, {"count": 2})


def test_retention_before_the_date_keeps_the_documents(
    world: dict[str, Any], attachments_dir: Path
) -> None:
    attach(actor=world["worker"], case=world["case"], data=files.plain_png())
    _close(world["case"], datetime.date(2031, 11, 29))

    call_command("apply_retention", "--today", "2031-11-29", stdout=io.StringIO())

    assert Attachment.objects.count() == 1
    assert len(stored_files(attachments_dir)) == 1
