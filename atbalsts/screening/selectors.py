"""Reads of screenings, narrowed to what the actor may see (docs/style.md "Reads")."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from atbalsts.access.policy import Capability, can
from atbalsts.dashboard.items import DashboardItem
from atbalsts.rules.screening import ScreeningInput, ScreeningResult, screen
from atbalsts.screening import texts
from atbalsts.screening.models import Screening, ScreeningStatus

if TYPE_CHECKING:
    from atbalsts.accounts.models import User
    from atbalsts.cases.models import Case

# A draft untouched this many days is shown on the dashboard as due.
DRAFT_DUE_DAYS = 7


def screening_list(*, case: Case, status: str = "") -> QuerySet[Screening]:
    """The screenings of a case the caller has already authorised (case_for), newest first;
    only dates and statuses reach the list, nothing encrypted is read."""
    screenings = Screening.objects.filter(case=case)
    if status:
        screenings = screenings.filter(status=status)
    return screenings.only(
        "uuid",
        "case_id",
        "status",
        "assessed_on",
        "created_at",
        "last_step",
        "informed_about_state_help_on",
    ).order_by("-assessed_on", "-created_at", "pk")


def screening_input(screening: Screening) -> ScreeningInput:
    """What the rules engine needs: the recorded codes and the person's age on the day.

    The person's date of birth wins over an age typed in (atbalsts.rules.screening); a date
    of birth after the interview is ignored rather than guessed at.
    """
    birth_date = screening.case.person.birth_date
    if birth_date is not None and birth_date > screening.assessed_on:
        birth_date = None
    return ScreeningInput(
        assessed_on=screening.assessed_on,
        birth_date=birth_date,
        age=screening.age_entered,
        indicators=tuple(screening.codes("indicators")),
        criteria=tuple(screening.codes("criteria")),
        acts=tuple(screening.codes("acts")),
        means=tuple(screening.codes("means")),
        purposes=tuple(screening.codes("purposes")),
    )


def screening_result(screening: Screening) -> ScreeningResult:
    """The rules engine's answer for the screening as it stands (atbalsts.rules.screening)."""
    return screen(screening_input(screening))


DRAFT_DUE_KIND = "screening_draft"


def screening_due_items(actor: User, today: datetime.date) -> list[DashboardItem]:
    """Draft screenings of the actor's organisation started more than 7 days before
    ``today``, oldest first: each was due for completion 7 days after it was started."""
    if not can(actor.role, Capability.KEEP_CASES):
        return []
    cutoff = datetime.datetime.combine(
        today - datetime.timedelta(days=DRAFT_DUE_DAYS),
        datetime.time.min,
        tzinfo=timezone.get_current_timezone(),
    )
    drafts = (
        Screening.objects.filter(
            case__organisation_id=actor.organisation_id,
            status=ScreeningStatus.DRAFT,
            created_at__lt=cutoff,
        )
        .select_related("case")
        .only("uuid", "created_at", "last_step", "case__code")
        .order_by("created_at", "pk")
    )
    return [
        DashboardItem(
            kind=DRAFT_DUE_KIND,
            label=texts.DRAFT_DUE,
            case_code=draft.case.code,
            due_on=timezone.localdate(draft.created_at) + datetime.timedelta(days=DRAFT_DUE_DAYS),
            is_overdue=True,
            url=reverse("screening:step", args=[draft.uuid, draft.last_step or "start"]),
        )
        for draft in drafts
    ]


def dashboard_items(actor: User, today: datetime.date) -> list[DashboardItem]:
    """This app's items for the role dashboards (atbalsts/dashboard collects them)."""
    return screening_due_items(actor, today)
