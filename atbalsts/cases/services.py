"""Writes and audited reads of cases (docs/style.md "Writes, reads, audit";
docs/security.md LG-1)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from atbalsts.access.policy import Action
from atbalsts.audit.services import audit_record
from atbalsts.cases import texts
from atbalsts.cases.access import Authorised, case_for
from atbalsts.cases.models import Case, CaseStatus
from atbalsts.cases.selectors import CaseRow, case_rows
from atbalsts.rules.dates import add_years

if TYPE_CHECKING:
    from atbalsts.accounts.models import User
    from atbalsts.people.models import Person

# How long a closed case is kept before apply_retention anonymises it (docs/security.md DP-6).
# Five years from closure, because the longest entitlements that can still follow a course
# end within it: criminal-process support runs three support years (Cabinet Regulation No.
# 344, carried over from No. 889; docs/domain.md) and post-course consultations two years after
# the course, and a person who returns (re-trafficking is common, seed "follow-up") should
# find the case the social service or provider kept. Neither regulation names a period for
# these records; the general statute of limitation for claims against the state for the
# service is not longer. To be confirmed by the data protection officer; changing it here
# changes every case closed afterwards.
RETENTION_YEARS = 5


def retention_until(closed_on: datetime.date) -> datetime.date:
    return add_years(closed_on, RETENTION_YEARS)


def case_open(
    *,
    actor: User,
    person: Person,
    arrival_stage: str,
    contact_channel: str,
    referral_source: str,
) -> Case:
    """Open the actor's organisation's case of ``person``."""
    with transaction.atomic():
        case = Case(
            person=person,
            organisation=actor.organisation,
            arrival_stage=arrival_stage,
            contact_channel=contact_channel,
            referral_source=referral_source,
            created_by=actor,
        )
        case.full_clean()
        case.save()
        audit_record(
            actor=actor,
            action="case_opened",
            object_type="case",
            object_uuid=case.uuid,
            payload={"person": str(person.uuid), "arrival_stage": arrival_stage},
        )
    return case


def case_close(*, actor: User, case: Case, closed_on: datetime.date, closure_reason: str) -> Case:
    """Close the case and set the day its records may be kept until."""
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(texts.CASE_ALREADY_CLOSED, code="closed")
    if closed_on < case.opened_on:
        raise ValidationError({"closed_on": texts.CLOSED_BEFORE_OPENED})
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": texts.CLOSED_IN_FUTURE})
    with transaction.atomic():
        case.status = CaseStatus.CLOSED
        case.closed_on = closed_on
        case.closure_reason = closure_reason
        case.retention_until = retention_until(closed_on)
        case.updated_at = timezone.now()
        case.version += 1
        case.full_clean()
        case.save()
        audit_record(
            actor=actor,
            action="case_closed",
            object_type="case",
            object_uuid=case.uuid,
            payload={
                "closure_reason": closure_reason,
                "retention_until": case.retention_until.isoformat(),
            },
        )
    return case


def case_list_rows(*, actor: User, cases: Sequence[Case]) -> list[CaseRow]:
    """A case list's page for display; the names it shows are a sensitive read (LG-1),
    audited once for the page with the people it named."""
    rows = case_rows(actor=actor, cases=cases, today=timezone.localdate())
    named = [str(row.named_person_uuid) for row in rows if row.named_person_uuid is not None]
    if named:
        audit_record(
            actor=actor,
            action="sensitive_read",
            object_type="person",
            payload={"view": "case_list", "shown": [Action.VIEW_IDENTITY.value], "results": named},
        )
    return rows


def case_read(*, actor: User, case_uuid: uuid.UUID) -> Authorised[Case]:
    """The case for the detail page, with a ``sensitive_read`` event (LG-1)."""
    # Outside any transaction: a refusal's authz_fail event must outlive the 404, and the
    # audit append is atomic by itself.
    found = case_for(actor, case_uuid, Action.VIEW_SUMMARY)
    audit_record(
        actor=actor,
        action="sensitive_read",
        object_type="case",
        object_uuid=found.obj.uuid,
        payload={"view": "case_detail", "shown": sorted(found.standing.actions)},
    )
    return found
