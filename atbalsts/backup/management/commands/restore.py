from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from atbalsts.backup.keys import backup_key
from atbalsts.backup.stream import BackupFormatError, decrypted_lines
from atbalsts.backup.tables import RestoreError, load_lines
from atbalsts.core.crypto import DecryptionError


class Command(BaseCommand):
    help = (
        "Restore an encrypted backup into an empty, freshly migrated database, then check "
        "the row counts, the audit chain head and that every encrypted value decrypts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="A file written by the backup command.")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["backup"]
        try:
            key = backup_key()
            with path.open("rb") as handle:
                manifest = load_lines(decrypted_lines(handle, key), using=options["database"])
        except FileNotFoundError as error:
            raise CommandError(f"{path} does not exist.") from error
        except (ImproperlyConfigured, BackupFormatError, RestoreError) as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        except DecryptionError as error:
            raise CommandError(
                "Nothing was restored: an encrypted value does not decrypt with the data keys "
                f"of this installation ({error}). Restore with the data-key file of the backup."
            ) from error
        rows = sum(manifest.row_counts.values())
        self.stdout.write(
            f"Restored and checked: {rows} rows in {len(manifest.row_counts)} tables; audit "
            f"chain intact, head {manifest.audit_head or '-'}; every encrypted value decrypts."
        )
