"""Re-encrypting every protected value under the active keys (docs/security.md DP-3).

The encrypted columns are discovered, not listed: every :class:`EncryptedTextField` of every
installed model, plus the few columns that encrypt with their own helper but the same
envelope and associated data (:data:`EXTRA_ENVELOPE_COLUMNS`). Blind indexes are recomputed
under the active blind-index key.

Work goes in batches of rows in primary-key order, each batch in its own transaction, rows
locked while they are rewritten (``select_for_update`` on PostgreSQL; SQLite's IMMEDIATE
transactions hold the write lock from the start). A row already under the active keys is
left alone, so an interrupted run is resumed by running it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Model

from atbalsts.attachments.rotation import FileRotation, attachment_files_rotate
from atbalsts.audit.services import audit_record
from atbalsts.core.crypto import Keyring, keyring
from atbalsts.core.fields import (
    EncryptedTextField,
    associated_data_for,
    blind_index_fields,
    encrypted_fields,
)

DEFAULT_BATCH_SIZE = 500

# (app label, model name, field name) of envelope columns that are plain BinaryFields.
# accounts.TotpDevice encrypts its key with its own helper, with the same associated data
# format (atbalsts/accounts/models.py ``TotpDevice._associated_data``).
EXTRA_ENVELOPE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("accounts", "TotpDevice", "encrypted_key"),
)


@dataclass
class ModelRotation:
    label: str
    rows_seen: int = 0
    rows_rewritten: int = 0
    values_reencrypted: int = 0
    indexes_recomputed: int = 0


@dataclass
class RotationResult:
    models: list[ModelRotation] = field(default_factory=list)
    files: FileRotation = field(default_factory=FileRotation)

    @property
    def rows_rewritten(self) -> int:
        return sum(m.rows_rewritten for m in self.models)


def envelope_columns() -> dict[type[Model], list[str]]:
    """Every model with encrypted columns or blind indexes, with its envelope columns."""
    columns: dict[type[Model], list[str]] = {}
    for model in apps.get_models():
        names = [f.attname for f in encrypted_fields(model)]
        if names or blind_index_fields(model):
            columns[model] = names
    for app_label, model_name, field_name in EXTRA_ENVELOPE_COLUMNS:
        columns.setdefault(apps.get_model(app_label, model_name), []).append(field_name)
    return columns


def _decoder(model: type[Model], name: str) -> Callable[[str], Any]:
    model_field = model._meta.get_field(name)
    if isinstance(model_field, EncryptedTextField):
        return model_field.from_text
    return str  # pragma: no cover - only encrypted fields feed blind indexes


def _rotate_row(
    model: type[Model],
    row: dict[str, Any],
    *,
    columns: list[str],
    ring: Keyring,
    stats: ModelRotation,
) -> dict[str, Any]:
    """The column updates that bring one row under the active keys; empty if none."""
    indexes = blind_index_fields(model)
    sources = {source for index in indexes for source in index.sources}
    plaintexts: dict[str, str | None] = {}
    changes: dict[str, Any] = {}
    for name in columns:
        raw = row[name]
        envelope = bytes(raw) if raw is not None else b""
        if not envelope:
            plaintexts[name] = None
            continue
        is_stale = Keyring.key_id_of(envelope) != ring.active_key_id
        if not is_stale and name not in sources:
            continue
        aad = associated_data_for(model, name, row["uuid"])
        text = ring.decrypt(envelope, associated_data=aad)
        plaintexts[name] = text
        if is_stale:
            changes[name] = ring.encrypt(text, associated_data=aad)
            stats.values_reencrypted += 1
    for index in indexes:
        parts = [
            None if plaintexts.get(s) is None else _decoder(model, s)(str(plaintexts[s]))
            for s in index.sources
        ]
        value = index.index_of(parts)
        if value != row[index.attname]:
            changes[index.attname] = value
            stats.indexes_recomputed += 1
    return changes


def _rotate_model(
    model: type[Model], columns: list[str], *, ring: Keyring, batch_size: int
) -> ModelRotation:
    stats = ModelRotation(label=model._meta.label)
    index_names = [index.attname for index in blind_index_fields(model)]
    manager = model._base_manager
    last_pk: Any = None
    while True:
        with transaction.atomic():
            rows = manager.order_by("pk")
            if last_pk is not None:
                rows = rows.filter(pk__gt=last_pk)
            batch = list(
                rows.select_for_update().values("pk", "uuid", *columns, *index_names)[:batch_size]
            )
            for row in batch:
                stats.rows_seen += 1
                changes = _rotate_row(model, row, columns=columns, ring=ring, stats=stats)
                if changes:
                    manager.filter(pk=row["pk"]).update(**changes)
                    stats.rows_rewritten += 1
        if len(batch) < batch_size:
            return stats
        last_pk = batch[-1]["pk"]


def keys_rotate(*, batch_size: int = DEFAULT_BATCH_SIZE) -> RotationResult:
    """Re-encrypt every value and recompute every blind index under the active keys."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    ring = keyring()
    result = RotationResult()
    for model, columns in envelope_columns().items():
        result.models.append(_rotate_model(model, columns, ring=ring, batch_size=batch_size))
    result.files = attachment_files_rotate(ring=ring)
    with transaction.atomic():
        audit_record(
            actor=None,
            action="crypt_key_rotation",
            payload={
                "data_key_id": ring.active_key_id.hex(),
                "blind_index_key_id": ring.blind_index_key_id.hex(),
                "rows_rewritten": {m.label: m.rows_rewritten for m in result.models},
                "attachment_files_rewritten": result.files.files_rewritten,
            },
        )
    return result
