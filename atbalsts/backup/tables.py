"""What a backup holds and how it goes back: every table row as the database stores it.

Rows are copied raw, never through the models: encrypted values stay the ciphertexts they are
(a backup decrypts nothing and a restore re-encrypts nothing), and the audit chain's hashes
stay over the same bytes. A restore goes into a database of the same kind, migrated to the
same state; the manifest at the end of the backup lets the restore check that every row came
back, that the audit chain ends where it ended, and that every encrypted value decrypts with
the data keys at hand.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import ipaddress
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

from atbalsts.attachments.models import Attachment
from atbalsts.attachments.storage import StoredFileError, file_read, path_of
from atbalsts.audit.models import AuditEvent
from atbalsts.audit.selectors import audit_chain_verdict
from atbalsts.core.fields import encrypted_fields
from atbalsts.people.models import Person

FORMAT = 1
BATCH_ROWS = 500
# Sessions are not data: a restored system must not let anyone in on an old session.
SKIPPED_TABLES = frozenset({"django_session"})


class RestoreError(Exception):
    """The backup cannot go into this database, or did not come back whole."""


@dataclass(frozen=True)
class Manifest:
    vendor: str
    migrations: list[str]
    row_counts: dict[str, int]
    audit_events: int
    audit_head: str
    # Attachment files (stored encrypted outside the database), copied as they are on disk.
    files: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "vendor": self.vendor,
            "migrations": self.migrations,
            "row_counts": self.row_counts,
            "audit_events": self.audit_events,
            "audit_head": self.audit_head,
            "files": self.files,
        }


def backed_up_models() -> list[type[Model]]:
    """Every table of the project, in an order where a row's targets come before it."""
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.db_table not in SKIPPED_TABLES
    ]
    ordered: list[type[Model]] = []
    seen: set[type[Model]] = set()

    def visit(model: type[Model], trail: frozenset[type[Model]]) -> None:
        if model in seen or model in trail:
            return
        for field in model._meta.concrete_fields:
            target = field.related_model
            if isinstance(target, type) and target is not model and target in models:
                visit(target, trail | {model})
        seen.add(model)
        ordered.append(model)

    for model in sorted(models, key=lambda m: m._meta.db_table):
        visit(model, frozenset())
    return ordered


def _columns(model: type[Model]) -> list[str]:
    return [field.column for field in model._meta.concrete_fields]


# Values psycopg returns typed that the database reads back from their text.
_AS_TEXT = (uuid.UUID, decimal.Decimal, ipaddress.IPv4Address, ipaddress.IPv6Address)


def _encode(value: Any) -> Any:
    """A database value as JSON; bytes and the typed values psycopg returns are tagged."""
    if value is None or isinstance(value, bool | int | float | str):
        encoded: Any = value
    elif isinstance(value, bytes | memoryview):
        encoded = {"b": base64.b64encode(bytes(value)).decode("ascii")}
    elif isinstance(value, datetime.datetime | datetime.date | datetime.time):
        encoded = {"t": value.isoformat()}
    elif isinstance(value, datetime.timedelta):
        encoded = {"t": f"{value.total_seconds()} seconds"}
    elif isinstance(value, _AS_TEXT):
        encoded = {"t": str(value)}
    elif isinstance(value, dict | list):
        encoded = {"j": json.dumps(value, ensure_ascii=False, sort_keys=True)}
    else:
        raise TypeError(f"A {type(value).__name__} cannot be written to a backup.")
    return encoded


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "b" in value:
            return base64.b64decode(value["b"])
        if "t" in value:
            # The database reads its own literal back (a date, time, uuid, number).
            return value["t"]
        if "j" in value:
            return value["j"]
    return value


def _count(connection: BaseDatabaseWrapper, table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608  # nosec B608 -- a model table, quoted
        return int(cursor.fetchone()[0])


def dump_lines(*, using: str = "default") -> Iterator[bytes]:
    """The backup's plaintext, a JSON document a line: tables, rows, and the manifest last.

    One repeatable-read transaction on PostgreSQL, so the tables agree with each other and
    with the manifest even while people keep working.
    """
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        recorder = MigrationRecorder(connection)
        migrations = sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())
        yield _line({"format": FORMAT, "vendor": connection.vendor, "created_at": _now()})
        row_counts: dict[str, int] = {}
        for model in backed_up_models():
            table = model._meta.db_table
            columns = _columns(model)
            yield _line({"table": table, "columns": columns})
            quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
            order = connection.ops.quote_name(model._meta.pk.column)
            rows = 0
            with connection.chunked_cursor() as cursor:
                cursor.execute(
                    f"SELECT {quoted} FROM {connection.ops.quote_name(table)} ORDER BY {order}"  # noqa: S608  # nosec B608 -- model metadata, quoted
                )
                while batch := cursor.fetchmany(BATCH_ROWS):
                    for row in batch:
                        yield _line([_encode(value) for value in row])
                    rows += len(batch)
            row_counts[table] = rows
        files = 0
        for storage_name, sha256 in _kept_files(using):
            yield _line({"file": storage_name, "sha256": sha256, "data": _read_file(storage_name)})
            files += 1
        verdict = audit_chain_verdict()
        manifest = Manifest(
            vendor=connection.vendor,
            migrations=migrations,
            row_counts=row_counts,
            audit_events=verdict.checked,
            audit_head=verdict.head_hash or "",
            files=files,
        )
        yield _line({"manifest": manifest.as_json()})


def _kept_files(using: str) -> Iterator[tuple[str, str]]:
    return (
        Attachment.objects.using(using)
        .filter(deleted_at__isnull=True)
        .exclude(storage_name="")
        .order_by("pk")
        .values_list("storage_name", "sha256")
        .iterator(chunk_size=BATCH_ROWS)
    )


def _read_file(storage_name: str) -> str:
    try:
        sealed = path_of(storage_name).read_bytes()
    except FileNotFoundError as error:
        raise RestoreError(
            f"Attachment file {storage_name} is missing: the backup would be incomplete."
        ) from error
    return base64.b64encode(sealed).decode("ascii")


def _line(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def _now() -> str:
    return timezone.now().isoformat()


def read_manifest(lines: Iterable[bytes]) -> Manifest:
    """The manifest of a backup's plaintext lines, reading them all (the verification)."""
    tables: dict[str, int] = {}
    current = ""
    files = 0
    manifest: dict[str, Any] | None = None
    for raw in lines:
        document = json.loads(raw)
        if isinstance(document, list):
            tables[current] += 1
        elif "table" in document:
            current = document["table"]
            tables[current] = 0
        elif "file" in document:
            files += 1
        elif "manifest" in document:
            manifest = document["manifest"]
    if manifest is None:
        raise RestoreError("The backup has no manifest: it is incomplete.")
    result = Manifest(**manifest)
    if result.row_counts != tables or result.files != files:
        raise RestoreError("The backup's rows do not match its manifest.")
    return result


def _insert_sql(connection: BaseDatabaseWrapper, table: str, columns: list[str]) -> str:
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})"  # noqa: S608  # nosec B608 -- model metadata, quoted


def _refuse_unless_empty(connection: BaseDatabaseWrapper) -> None:
    for model in (Person, AuditEvent):
        if _count(connection, model._meta.db_table):
            raise RestoreError(
                f"The database already holds data ({model._meta.db_table}): a backup is "
                "restored only into an empty, freshly migrated database."
            )


def _check_opening(opening: dict[str, Any], connection: BaseDatabaseWrapper) -> None:
    if opening.get("format") != FORMAT:
        raise RestoreError("This backup was written in a format this version cannot read.")
    if opening.get("vendor") != connection.vendor:
        raise RestoreError(
            f"This backup is of a {opening.get('vendor')} database; restore it into one of "
            "the same kind."
        )


def _insert_rows(
    cursor: Any,
    connection: BaseDatabaseWrapper,
    documents: Iterator[Any],
    known: dict[str, type[Model]],
    written: list[Path],
) -> Manifest | None:
    """Insert the rows of every table in batches and put the attachment files back (each
    one named in ``written`` as soon as it exists); the manifest, when the backup has one."""
    sql, batch = "", []
    for document in documents:
        if isinstance(document, list):
            batch.append([_decode(value) for value in document])
            if len(batch) >= BATCH_ROWS:
                cursor.executemany(sql, batch)
                batch = []
            continue
        if batch:
            cursor.executemany(sql, batch)
            batch = []
        if "table" in document:
            table = document["table"]
            if table not in known or document["columns"] != _columns(known[table]):
                raise RestoreError(
                    f"Table {table} of the backup does not match this version's schema."
                )
            sql = _insert_sql(connection, table, document["columns"])
        elif "file" in document:
            written.append(_write_file(document["file"], base64.b64decode(document["data"])))
        elif "manifest" in document:
            return Manifest(**document["manifest"])
    return None


def _write_file(storage_name: str, sealed: bytes) -> Path:
    path = path_of(storage_name)
    if path.exists():
        raise RestoreError(f"Attachment file {storage_name} exists already in this installation.")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(sealed)
    return path


def load_lines(lines: Iterable[bytes], *, using: str = "default") -> Manifest:
    """Put a backup's rows into an empty, migrated database, in one transaction."""
    connection = connections[using]
    known = {model._meta.db_table: model for model in backed_up_models()}
    documents = (json.loads(raw) for raw in lines)
    _check_opening(next(documents, {}), connection)
    written: list[Path] = []
    try:
        return _load(connection, documents, known, written, using=using)
    except BaseException:
        # The database rolls back; the files it would have described go with it.
        _remove(written)
        raise


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _load(
    connection: BaseDatabaseWrapper,
    documents: Iterator[Any],
    known: dict[str, type[Model]],
    written: list[Path],
    *,
    using: str,
) -> Manifest:
    with transaction.atomic(using=using):
        _refuse_unless_empty(connection)
        applied = sorted(
            f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            else:
                cursor.execute("PRAGMA defer_foreign_keys = ON")
            # Rows the migrations themselves wrote (content types, the directory's first
            # contacts) make way for the backup's own.
            for model in reversed(list(known.values())):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608  # nosec B608 -- model metadata, quoted
            manifest = _insert_rows(cursor, connection, documents, known, written)
            if manifest is None:
                raise RestoreError("The backup has no manifest: it is incomplete.")
            if manifest.migrations != applied:
                raise RestoreError(
                    "The database is not migrated to the backup's state: run migrate with the "
                    "version that wrote the backup."
                )
            for statement in connection.ops.sequence_reset_sql(no_style(), list(known.values())):
                cursor.execute(statement)
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        if connection.vendor == "sqlite":
            connection.check_constraints(table_names=list(known))
        check_restored(manifest, using=using)
    return manifest


def check_restored(manifest: Manifest, *, using: str = "default") -> None:
    """Every row back, the audit chain intact with the same head, every secret readable."""
    connection = connections[using]
    for table, expected in manifest.row_counts.items():
        found = _count(connection, table)
        if found != expected:
            raise RestoreError(
                f"Table {table} holds {found} rows after the restore, not {expected}."
            )
    verdict = audit_chain_verdict()
    if not verdict.is_intact:
        raise RestoreError(f"The restored audit chain is broken at position {verdict.broken_at}.")
    if verdict.checked != manifest.audit_events or (verdict.head_hash or "") != manifest.audit_head:
        raise RestoreError("The restored audit chain does not end where the backup's ended.")
    files = 0
    for attachment in (
        Attachment.objects.using(using)
        .filter(deleted_at__isnull=True)
        .exclude(storage_name="")
        .only("uuid", "storage_name", "sha256")
        .iterator(chunk_size=BATCH_ROWS)
    ):
        try:
            file_read(
                storage_name=attachment.storage_name,
                attachment_uuid=attachment.uuid,
                sha256=attachment.sha256,
            )
        except StoredFileError as error:
            raise RestoreError(str(error)) from error
        files += 1
    if files != manifest.files:
        raise RestoreError(f"{files} attachment files came back, not {manifest.files}.")
    for model in backed_up_models():
        fields = encrypted_fields(model)
        if not fields:
            continue
        for instance in (
            model._base_manager.using(using)
            .only("pk", "uuid", *(field.name for field in fields))
            .iterator(chunk_size=BATCH_ROWS)
        ):
            for field in fields:
                # Reading decrypts; a value that does not decrypt raises (DP-3).
                getattr(instance, field.attname)
