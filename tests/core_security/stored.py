"""What a copy of the database shows: every column of every row, as stored."""

from __future__ import annotations

from django.db import connection
from django.db.models import Model


def stored_text(*models: type[Model]) -> str:
    """The rows of ``models`` as a dump would show them; binary columns as Latin-1, so that a
    plaintext stored in one would still be found."""
    parts: list[str] = []
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608 -- a model's own table name
            for row in cursor.fetchall():
                parts += [
                    bytes(value).decode("latin-1")
                    if isinstance(value, bytes | memoryview)
                    else str(value)
                    for value in row
                ]
    return "\n".join(parts)
