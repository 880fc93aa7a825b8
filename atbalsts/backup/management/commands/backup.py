from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from atbalsts.backup.keys import backup_key
from atbalsts.backup.stream import BackupFormatError, EncryptedWriter, decrypted_lines
from atbalsts.backup.tables import RestoreError, dump_lines, read_manifest


class Command(BaseCommand):
    help = (
        "Write an encrypted backup of the whole database and verify it by reading it back. "
        "The file is complete only once the command says so."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Where to write the backup (default: var/backups/atbalsts-<time>.atbkup).",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = backup_key()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        output: Path = options["output"] or (
            Path(settings.VAR_DIR) / "backups" / f"atbalsts-{timezone.now():%Y%m%dT%H%M%SZ}.atbkup"
        )
        if output.exists():
            raise CommandError(f"{output} exists already; choose another file.")
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        # Written under another name and renamed once verified: a crash never leaves a file
        # that looks like a finished backup.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                writer = EncryptedWriter(handle, key)
                for line in dump_lines(using=options["database"]):
                    writer.write(line)
                writer.close()
                handle.flush()
                os.fsync(handle.fileno())
            with partial.open("rb") as handle:
                manifest = read_manifest(decrypted_lines(handle, key))
        except (BackupFormatError, RestoreError) as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"The backup could not be verified: {error}") from error
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.rename(output)
        rows = sum(manifest.row_counts.values())
        self.stdout.write(
            f"Backup written and verified: {output} ({rows} rows in "
            f"{len(manifest.row_counts)} tables, audit chain of {manifest.audit_events} events, "
            f"head {manifest.audit_head or '-'})."
        )
