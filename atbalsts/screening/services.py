"""Writes and audited reads of screenings (docs/style.md "Writes, reads, audit";
docs/security.md LG-1).

Each step of the guided interview is saved on its own, under optimistic locking: the save
names the version the interviewer loaded; if someone saved in between,
:class:`ScreeningEditConflictError` carries their version and nothing is written (the
pattern of atbalsts.people.services.person_update). Audit payloads hold codes and field
names only, never what the person told (docs/security.md LG-3).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from atbalsts.audit.services import audit_record
from atbalsts.cases.access import Authorised
from atbalsts.core.date_order import raise_date_order
from atbalsts.rules import process_dates
from atbalsts.rules.catalogue import require_codes
from atbalsts.screening import texts
from atbalsts.screening.access import READ, screening_for
from atbalsts.screening.models import (
    AREA_NOTES,
    CODE_LISTS,
    STEPS,
    Screening,
    ScreeningStatus,
    can_transition,
)
from atbalsts.screening.selectors import screening_result

if TYPE_CHECKING:
    from atbalsts.accounts.models import User
    from atbalsts.cases.models import Case

# The fields a step may write; anything else in ``values`` is refused (docs/security.md AZ-6).
WRITABLE_FIELDS = frozenset({"assessed_on", "age_entered", *AREA_NOTES.values(), *CODE_LISTS})


class ScreeningEditConflictError(Exception):
    """Someone saved the screening since the editor loaded it; ``current`` is their version."""

    def __init__(self, current: Screening) -> None:
        super().__init__("The screening was changed by someone else.")
        self.current = current


def _check_values(values: Mapping[str, Any]) -> None:
    unknown = set(values) - WRITABLE_FIELDS
    if unknown:
        raise ValueError(f"not writable: {sorted(unknown)}")
    for field, list_name in CODE_LISTS.items():
        if field in values:
            require_codes(field, list_name, values[field])
    assessed_on = values.get("assessed_on")
    if assessed_on is not None:
        raise_date_order(
            process_dates.check_order(
                {process_dates.SCREENING: assessed_on}, today=timezone.localdate()
            ),
            fields={process_dates.SCREENING: "assessed_on"},
        )


def _claim(screening: Screening, version: int) -> datetime.datetime:
    """Take the next version, or raise the conflict with the saved one."""
    if screening.status != ScreeningStatus.DRAFT:
        raise ValidationError(texts.ALREADY_COMPLETED, code="completed")
    now = timezone.now()
    claimed = Screening.objects.filter(
        pk=screening.pk, version=version, status=ScreeningStatus.DRAFT
    ).update(version=F("version") + 1, updated_at=now)
    if not claimed:
        current = Screening.objects.select_related("case", "case__person").get(pk=screening.pk)
        if current.status != ScreeningStatus.DRAFT:
            raise ValidationError(texts.ALREADY_COMPLETED, code="completed")
        raise ScreeningEditConflictError(current)
    screening.version = version + 1
    screening.updated_at = now
    return now


def screening_start(
    *, actor: User, case: Case, assessed_on: datetime.date | None = None
) -> Screening:
    """Start a draft screening of ``case`` (the caller authorised Action.EDIT on it)."""
    assessed_on = assessed_on or timezone.localdate()
    _check_values({"assessed_on": assessed_on})
    with transaction.atomic():
        screening = Screening(
            case=case, assessed_on=assessed_on, created_by=actor, last_step="start"
        )
        screening.full_clean()
        screening.save()
        audit_record(
            actor=actor,
            action="screening_started",
            object_type="screening",
            object_uuid=screening.uuid,
            payload={"case": str(case.uuid)},
        )
    return screening


def screening_save_step(
    *,
    actor: User,
    screening: Screening,
    version: int,
    step: str,
    values: Mapping[str, Any],
) -> Screening:
    """Save one step of the interview; ``values`` holds only that step's fields."""
    if step not in STEPS:
        # The draft is continued at its last step: a name with no page would be a dead link.
        raise ValueError(f"not a step of the interview: {step!r}")
    _check_values(values)
    with transaction.atomic():
        _claim(screening, version)
        for field, value in values.items():
            setattr(screening, field, list(value) if field in CODE_LISTS else value)
        screening.last_step = step
        screening.full_clean()
        screening.save(update_fields=[*values, "last_step", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="screening_step_saved",
            object_type="screening",
            object_uuid=screening.uuid,
            payload={"step": step, "fields": sorted(values), "version": screening.version},
        )
    return screening


def screening_complete(*, actor: User, screening: Screening, version: int) -> Screening:
    """Complete the screening and record the rules engine's answer, as codes, in the audit."""
    if not can_transition(screening.status, ScreeningStatus.COMPLETED):
        raise ValidationError(texts.ALREADY_COMPLETED, code="completed")
    result = screening_result(screening)
    with transaction.atomic():
        now = _claim(screening, version)
        screening.status = ScreeningStatus.COMPLETED
        screening.completed_at = now
        screening.outcome_rule_set = result.rule_set
        screening.last_step = "summary"
        screening.full_clean()
        screening.save(
            update_fields=[
                "status",
                "completed_at",
                "outcome_rule_set",
                "last_step",
                "version",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action="screening_completed",
            object_type="screening",
            object_uuid=screening.uuid,
            payload={
                "rule_set": result.rule_set,
                "refer_to_provider": result.refer_to_provider,
                "criteria_groups_met": list(result.criteria_groups_met),
                "definition_complete": result.definition.complete,
                "is_minor": result.is_minor,
                "explanation": [item.code for item in result.explanation],
            },
        )
    return screening


def screening_mark_informed(
    *, actor: User, screening: Screening, informed_on: datetime.date
) -> Screening:
    """Record the day the person was informed about state-funded help (any status)."""
    if informed_on > timezone.localdate():
        raise ValidationError({"informed_on": texts.INFORMED_IN_FUTURE})
    with transaction.atomic():
        screening.informed_about_state_help_on = informed_on
        screening.updated_at = timezone.now()
        screening.full_clean()
        # Not a step of the interview: steps save only their own fields, so neither
        # overwrites the other and no version is taken.
        screening.save(update_fields=["informed_about_state_help_on", "updated_at"])
        audit_record(
            actor=actor,
            action="screening_person_informed",
            object_type="screening",
            object_uuid=screening.uuid,
            payload={"informed_on": informed_on.isoformat()},
        )
    return screening


def screening_read(
    *, actor: User, screening_uuid: uuid.UUID, action: Any = READ, view: str
) -> Authorised[Screening]:
    """The screening for a page, with a ``sensitive_read`` event (LG-1)."""
    # Outside the transaction: a refusal's authz_fail event must not be rolled back with it.
    found = screening_for(actor, screening_uuid, action)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="sensitive_read",
            object_type="screening",
            object_uuid=found.obj.uuid,
            payload={"view": view, "shown": sorted(found.standing.actions)},
        )
    return found


def screening_latest_read(*, actor: User, case: Case) -> Screening | None:
    """The case's latest screening, for the rules' answer on the case's screenings page, with
    a ``sensitive_read`` event; the caller authorised the case for reading screenings."""
    latest = Screening.objects.filter(case=case).order_by("-assessed_on", "-created_at", "-pk")
    screening = latest.first()
    if screening is None:
        return None
    screening.case = case
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="sensitive_read",
            object_type="screening",
            object_uuid=screening.uuid,
            payload={"view": "screening_case_list", "shown": ["rules_answer"]},
        )
    return screening
