from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from atbalsts.audit.selectors import audit_chain_verdict


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; name the first broken position."

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = audit_chain_verdict()
        if not verdict.is_intact:
            raise CommandError(
                f"Audit chain broken at position {verdict.broken_at}: {verdict.reason} "
                f"({verdict.checked} events verified before it)."
            )
        self.stdout.write(
            f"Audit chain intact: {verdict.checked} events, head {verdict.head_hash}."
        )
