from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from atbalsts.audit.anchoring import anchors_read
from atbalsts.audit.anchors import AnchorError, check_anchors
from atbalsts.audit.selectors import audit_chain_verdict, audit_hash_at


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chain; name the first broken position. With "
        "--anchors, also check that every anchored position still holds its anchored hash."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchors",
            type=Path,
            default=None,
            help="An anchor file written by anchor_audit (JSON lines).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = audit_chain_verdict()
        if not verdict.is_intact:
            raise CommandError(
                f"Audit chain broken at position {verdict.broken_at}: {verdict.reason} "
                f"({verdict.checked} events verified before it)."
            )
        anchors_path: Path | None = options["anchors"]
        if anchors_path is not None:
            try:
                anchors = anchors_read(anchors_path)
            except (AnchorError, ImproperlyConfigured, OSError) as error:
                raise CommandError(f"Anchor file {anchors_path}: {error}.") from error
            anchored = check_anchors(anchors, audit_hash_at)
            if not anchored.is_intact:
                raise CommandError(
                    f"Audit chain does not match its anchor at position {anchored.broken_at}: "
                    f"{anchored.reason} ({anchored.checked} anchors matched before it)."
                )
            self.stdout.write(f"{anchored.checked} anchors match the chain.")
        self.stdout.write(
            f"Audit chain intact: {verdict.checked} events, head {verdict.head_hash}."
        )
