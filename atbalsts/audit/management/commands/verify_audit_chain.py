from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from atbalsts.audit.texts import anchor_age
from atbalsts.audit.verification import TrailVerification, audit_trail_verify


class Command(BaseCommand):
    help = (
        "Verify the audit trail: its keyed hash chain (naming the first broken position) and "
        "every anchor taken outside the database, with the newest anchor's age."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchors",
            type=Path,
            default=None,
            help="The anchor file (JSON lines); default settings.AUDIT_ANCHOR_FILE.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchors_path: Path = options["anchors"] or settings.AUDIT_ANCHOR_FILE
        if options["anchors"] is not None and not anchors_path.exists():
            # A file named on the command line and not there is a mistake, not "no anchor".
            raise CommandError(f"Anchor file {anchors_path} does not exist.")
        try:
            result = audit_trail_verify(anchors_path=anchors_path, now=timezone.now())
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        chain = result.chain
        if not chain.is_intact:
            raise CommandError(
                f"Audit chain broken at position {chain.broken_at}: {chain.reason} "
                f"({chain.checked} events verified before it)."
            )
        if result.anchor_error:
            raise CommandError(f"Anchor file {anchors_path}: {result.anchor_error}.")
        anchored = result.anchors
        if anchored is not None and not anchored.is_intact:
            raise CommandError(
                f"Audit chain does not match its anchor at position {anchored.broken_at}: "
                f"{anchored.reason} ({anchored.checked} anchors matched before it)."
            )
        self._report_anchors(result, anchors_path)
        self.stdout.write(f"Audit chain intact: {chain.checked} events, head {chain.head_hash}.")

    def _report_anchors(self, result: TrailVerification, path: Path) -> None:
        newest, age = result.newest_anchor, result.newest_anchor_age
        if newest is None or age is None or result.anchors is None:
            self.stderr.write(
                f"Warning: no anchor in {path}: events removed from the end of the trail "
                "cannot be detected. Run anchor_audit daily."
            )
            return
        self.stdout.write(f"{result.anchors.checked} anchors match the chain.")
        with translation.override("en"):
            age_text = anchor_age(int(age.total_seconds()))
        self.stdout.write(f"Newest anchor: taken {age_text}, covering event #{newest.seq:,}.")
        if result.is_anchor_stale:
            self.stderr.write("Warning: the newest anchor is more than a day old.")
        if result.unanchored_after is not None:
            self.stderr.write(
                f"Note: events after #{result.unanchored_after:,} are not covered by an anchor "
                "yet; removing them from the end cannot be detected until the next anchor."
            )
