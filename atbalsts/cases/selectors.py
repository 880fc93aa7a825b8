"""Reads of cases, narrowed to what the actor may see (STYLE.md "Reads")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from atbalsts.cases.access import cases_visible_to
from atbalsts.cases.models import Case

if TYPE_CHECKING:
    from atbalsts.accounts.models import User


def case_list(*, actor: User, status: str = "") -> QuerySet[Case]:
    """The actor's own and consented cases, newest first; only codes reach the page."""
    cases = cases_visible_to(actor).select_related("person", "organisation")
    if status:
        cases = cases.filter(status=status)
    return cases.only(
        "uuid",
        "code",
        "status",
        "opened_on",
        "closed_on",
        "created_at",
        "person__uuid",
        "person__reference",
        "organisation__name",
    ).order_by("-opened_on", "-created_at", "pk")
