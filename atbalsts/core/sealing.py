"""Migration operations that move plaintext columns into encrypted ones (docs/security.md DP-2).

For each column: an encrypted column is added beside it, every row's value is encrypted into
it under the same associated data a saved instance would use (``<app>.<model>.<field>:<row
uuid>``), the plaintext column is dropped and the new one takes its name. Reversed, the values
are decrypted back into a re-created plaintext column. Only portable schema operations and
row-by-row updates are used, so the same migration runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import StateApps
from django.db.models import Field

from atbalsts.core.crypto import keyring
from atbalsts.core.fields import EncryptedTextField

_SEALED = "{}_sealed"


def _associated_data(app_label: str, model_name: str, field_name: str, row_uuid: object) -> str:
    # As atbalsts.core.fields.associated_data_for, from names: a historical model's label.
    return f"{app_label}.{model_name.lower()}.{field_name}:{row_uuid}"


def _is_empty(value: Any) -> bool:
    return value is None or value in ("", [])


def _nullable(field: Field[Any, Any]) -> Field[Any, Any]:
    _name, _path, args, kwargs = field.deconstruct()
    return type(field)(*args, **{**kwargs, "null": True})


def seal_columns(
    app_label: str,
    model_name: str,
    columns: dict[str, tuple[Field[Any, Any], EncryptedTextField]],
    *,
    final: dict[str, EncryptedTextField] | None = None,
) -> list[Operation]:
    """The operations that encrypt ``columns`` of ``model_name`` in place.

    ``columns`` maps a column to its current (plaintext) field and the encrypted field it
    becomes. ``final`` gives, for a column whose encrypted field has a default, the field as
    the model declares it: a default cannot be a database default of an encrypted column, so
    the column is added without it and altered afterwards.
    """

    def seal(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        model = apps.get_model(app_label, model_name)
        rows = model._base_manager.using(schema_editor.connection.alias).values(
            "pk", "uuid", *columns
        )
        for row in rows.iterator(chunk_size=500):
            updates: dict[str, bytes] = {}
            for name, (_plain, sealed) in columns.items():
                value = row[name]
                if _is_empty(value):
                    continue
                updates[_SEALED.format(name)] = keyring().encrypt(
                    sealed.to_text(value),
                    associated_data=_associated_data(app_label, model_name, name, row["uuid"]),
                )
            if updates:
                model._base_manager.using(schema_editor.connection.alias).filter(
                    pk=row["pk"]
                ).update(**updates)

    def unseal(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        model = apps.get_model(app_label, model_name)
        manager = model._base_manager.using(schema_editor.connection.alias)
        sealed_names = [_SEALED.format(name) for name in columns]
        for row in manager.values("pk", "uuid", *sealed_names).iterator(chunk_size=500):
            updates: dict[str, Any] = {}
            for name, (plain, sealed) in columns.items():
                envelope = row[_SEALED.format(name)]
                if not envelope:
                    updates[name] = plain.get_default()
                    continue
                text = keyring().decrypt(
                    bytes(envelope),
                    associated_data=_associated_data(app_label, model_name, name, row["uuid"]),
                )
                updates[name] = sealed.from_text(text)
            manager.filter(pk=row["pk"]).update(**updates)

    operations: list[Operation] = [
        migrations.AddField(model_name, _SEALED.format(name), sealed)
        for name, (_plain, sealed) in columns.items()
    ]
    # A required plaintext column is first made nullable, so that, reversed, it can be added
    # back empty, filled by unseal, and only then required again.
    operations += [
        migrations.AlterField(model_name, name, _nullable(plain))
        for name, (plain, _sealed) in columns.items()
        if not plain.null
    ]
    operations.append(migrations.RunPython(seal, unseal, elidable=False))
    for name in columns:
        operations.append(migrations.RemoveField(model_name, name))
        operations.append(migrations.RenameField(model_name, _SEALED.format(name), name))
    for name, field in (final or {}).items():
        operations.append(migrations.AlterField(model_name, name, field))
    return operations
