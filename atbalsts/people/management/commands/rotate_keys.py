"""``python manage.py rotate_keys [--batch-size N]``: bring every encrypted value, blind index
and attachment file under the active keys of the key file (docs/security.md DP-3).

Rotation: add a new key to the key file and make it active (``active`` for data keys,
``blind_index_active`` for the blind-index key), restart the application, run this command
until it reports no rewritten rows, then remove the old key from the file.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from atbalsts.people.rotation import DEFAULT_BATCH_SIZE, keys_rotate


class Command(BaseCommand):
    help = "Re-encrypt every encrypted value and recompute blind indexes under the active keys."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        result = keys_rotate(batch_size=options["batch_size"])
        for model in result.models:
            self.stdout.write(
                f"{model.label}: {model.rows_seen} rows, {model.rows_rewritten} rewritten, "
                f"{model.values_reencrypted} values re-encrypted, "
                f"{model.indexes_recomputed} indexes recomputed"
            )
        self.stdout.write(
            f"attachment files: {result.files.files_seen} seen, "
            f"{result.files.files_rewritten} re-encrypted"
        )
