"""``python manage.py apply_retention [--today YYYY-MM-DD]``: anonymise the cases kept past
their retention date and the people left with no case still kept (docs/security.md DP-6).
Meant to run nightly; ``--today`` lets a run be checked as of another day."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from atbalsts.cases.retention import retention_apply


class Command(BaseCommand):
    help = "Anonymise expired cases and the people who have no case left to keep."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        result = retention_apply(today=today)
        self.stdout.write(
            f"{today.isoformat()}: {len(result.cases)} cases and "
            f"{len(result.people)} people anonymised"
        )
