"""What every app's ``dashboard_items(actor, today)`` returns (atbalsts/dashboard)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class DashboardItem:
    """One thing the actor has to do: a kind code (for the filter), its label, the case's
    pseudonymous code, the day it is due and the page where it is done. No case content."""

    kind: str
    label: str | Promise
    case_code: str
    due_on: datetime.date
    is_overdue: bool
    url: str
