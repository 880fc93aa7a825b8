"""Anonymising what has been kept long enough (docs/security.md DP-6).

A closed case is kept until its ``retention_until`` (closure + :data:`RETENTION_YEARS`,
atbalsts/cases/services.py) and anonymised on the first run after that day: its free text
and its attached documents (files and rows, atbalsts/attachments) go; the fields statistics
need (status, dates, arrival stage, channel, referral source, closure reason) stay. A person
is anonymised when no case of theirs is still kept: every identifying value is removed
(encrypted columns set to NULL, blind indexes cleared), sex and citizenship group stay for
statistics. Each anonymised record leaves a tombstone event in the audit trail, which itself
never held protected values (LG-3).

Each record is anonymised in its own transaction with its tombstone, so an interrupted run
is completed by the next one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from atbalsts.attachments.services import attachments_erase_for_case
from atbalsts.audit.services import audit_record
from atbalsts.cases.models import Case, CaseStatus
from atbalsts.core.fields import blind_index_fields, encrypted_fields
from atbalsts.people.models import Person


@dataclass
class RetentionResult:
    cases: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)


def _expired(today: datetime.date) -> Q:
    return Q(status=CaseStatus.CLOSED, retention_until__lt=today)


def _case_anonymise(case: Case, *, now: datetime.datetime) -> None:
    with transaction.atomic():
        cleared = {f.attname: None for f in encrypted_fields(Case)}
        Case.objects.filter(pk=case.pk).update(
            **cleared, anonymised_at=now, version=F("version") + 1, updated_at=now
        )
        attachments_erase_for_case(case_uuid=case.uuid, case_pk=case.pk)
        audit_record(
            actor=None,
            action="case_anonymised",
            object_type="case",
            object_uuid=case.uuid,
            payload={
                "retention_until": case.retention_until.isoformat()
                if case.retention_until
                else None
            },
        )


def _person_anonymise(person: Person, *, now: datetime.datetime) -> None:
    with transaction.atomic():
        cleared: dict[str, object] = {f.attname: None for f in encrypted_fields(Person)}
        cleared |= {f.attname: "" for f in blind_index_fields(Person)}
        Person.objects.filter(pk=person.pk).update(
            **cleared, anonymised_at=now, version=F("version") + 1, updated_at=now
        )
        audit_record(
            actor=None, action="person_anonymised", object_type="person", object_uuid=person.uuid
        )


def retention_apply(*, today: datetime.date) -> RetentionResult:
    """Anonymise every case kept past its retention date, then every person left with no
    case still kept."""
    now = timezone.now()
    result = RetentionResult()
    expired = Case.objects.filter(_expired(today), anonymised_at__isnull=True).only(
        "pk", "uuid", "retention_until", "person_id"
    )
    for case in expired.order_by("pk"):
        _case_anonymise(case, now=now)
        result.cases.append(str(case.uuid))
    kept = Case.objects.filter(person_id=OuterRef("pk")).exclude(_expired(today))
    people = (
        Person.objects.filter(anonymised_at__isnull=True, cases__isnull=False)
        .exclude(Exists(kept))
        .distinct()
        .only("pk", "uuid")
    )
    for person in people.order_by("pk"):
        _person_anonymise(person, now=now)
        result.people.append(str(person.uuid))
    return result
