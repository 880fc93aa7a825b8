"""Reads of the working calendar."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from atbalsts.access.policy import Capability, can
from atbalsts.accounts.models import User
from atbalsts.rules.calendar import WorkingCalendar
from atbalsts.workcalendar.models import CalendarOverride, OverrideKind


def working_calendar() -> WorkingCalendar:
    """The Latvian working calendar with every override the administrators added.

    Built afresh from one query on each call, so an override counts from the next request
    on; nothing is cached between requests (docs/security.md AZ-8 reads the same way for grants).
    """
    days_off: set[date] = set()
    working_days: set[date] = set()
    for day, kind in CalendarOverride.objects.values_list("date", "kind"):
        (days_off if kind == OverrideKind.DAY_OFF else working_days).add(day)
    return WorkingCalendar(
        extra_days_off=frozenset(days_off), extra_working_days=frozenset(working_days)
    )


def calendar_overrides_for(*, actor: User, year: int | None = None) -> QuerySet[CalendarOverride]:
    """The overrides ``actor`` may manage, newest date first; none for other roles."""
    if not can(actor.role, Capability.MANAGE_CALENDAR):
        return CalendarOverride.objects.none()
    overrides = CalendarOverride.objects.select_related("created_by").order_by("-date")
    if year is not None:
        overrides = overrides.filter(date__year=year)
    return overrides
