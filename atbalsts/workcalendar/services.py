"""Writes of the working calendar, each with its audit event."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from atbalsts.accounts.models import User
from atbalsts.audit.services import audit_record
from atbalsts.workcalendar.models import CalendarOverride, OverrideKind
from atbalsts.workcalendar.selectors import working_calendar

ALREADY_NOT_WORKING = _(
    "%(date)s is already not a working day, so it cannot be made a day off. "
    "Check the date and the Cabinet order."
)
ALREADY_WORKING = _(
    "%(date)s is already a working day, so it cannot be made a working day. "
    "Check the date and the Cabinet order."
)
_OBJECT_TYPE = "calendar_override"


def calendar_override_add(
    *,
    actor: User,
    date: date,
    kind: OverrideKind | str,
    reference: str,
    note: str = "",
) -> CalendarOverride:
    """Make ``date`` a day off or a working day by a Cabinet order the calendar lacks.

    An override that would change nothing is refused: a day off on a day that is already not
    a working day, or a working day on a day that already is one — most likely a wrong date.
    """
    override = CalendarOverride(
        date=date, kind=kind, reference=reference.strip(), note=note.strip(), created_by=actor
    )
    override.full_clean()
    is_working = working_calendar().is_working_day(date)
    if override.kind == OverrideKind.DAY_OFF and not is_working:
        raise ValidationError(
            {"date": ValidationError(ALREADY_NOT_WORKING, code="no_change", params=_params(date))}
        )
    if override.kind == OverrideKind.WORKING_DAY and is_working:
        raise ValidationError(
            {"date": ValidationError(ALREADY_WORKING, code="no_change", params=_params(date))}
        )
    with transaction.atomic():
        override.save()
        audit_record(
            actor=actor,
            action="calendar_override_added",
            object_type=_OBJECT_TYPE,
            object_uuid=override.uuid,
            payload=_payload(override),
        )
    return override


def calendar_override_remove(*, actor: User, override: CalendarOverride) -> None:
    with transaction.atomic():
        payload = _payload(override)
        override_uuid = override.uuid
        override.delete()
        audit_record(
            actor=actor,
            action="calendar_override_removed",
            object_type=_OBJECT_TYPE,
            object_uuid=override_uuid,
            payload=payload,
        )


def _params(day: date) -> dict[str, str]:
    return {"date": date_format(day)}


def _payload(override: CalendarOverride) -> dict[str, str]:
    return {
        "date": override.date.isoformat(),
        "kind": str(override.kind),
        "reference": override.reference,
    }
