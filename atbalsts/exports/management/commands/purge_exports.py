"""Delete export files 24 hours after their request (docs/security.md EX-4); run it hourly.

Also marks failed the exports a dead process left running, and deletes files in the export
directory that no export accounts for.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from atbalsts.exports.services import export_jobs_purge


class Command(BaseCommand):
    help = "Delete export files past their 24 hours and mark abandoned exports failed."

    def handle(self, *args: Any, **options: Any) -> None:
        result = export_jobs_purge(now=timezone.now())
        self.stdout.write(
            f"Expired {result.expired} export(s), marked {result.failed} abandoned export(s) "
            f"failed, deleted {result.stray_files} stray file(s)."
        )
