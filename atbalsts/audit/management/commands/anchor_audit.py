from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from atbalsts.audit.anchoring import anchor_write


class Command(BaseCommand):
    help = (
        "Append the audit chain's head (position, hash, time), signed with the anchor key, "
        "to a file outside the database. Run it daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="The anchor file (JSON lines); default settings.AUDIT_ANCHOR_FILE.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["output"] or settings.AUDIT_ANCHOR_FILE
        try:
            anchor = anchor_write(path=path, now=timezone.now())
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        if anchor is None:
            self.stdout.write("The audit trail is empty; nothing to anchor.")
            return
        self.stdout.write(f"Anchored position {anchor.seq}, hash {anchor.row_hash}, in {path}.")
