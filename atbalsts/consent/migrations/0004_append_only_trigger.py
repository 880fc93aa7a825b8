from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# On PostgreSQL the database itself refuses to change or remove a consent, a withdrawal or an
# emergency access, so that not even raw SQL through the application's connection can
# rewrite what a person agreed to (docs/security.md CO-5). TRUNCATE is left to grants, as for the
# audit trail, so that the test suite can empty the tables.
_TABLES = ("consent_consent", "consent_consentwithdrawal", "consent_emergencyaccess")
_FUNCTION = """
CREATE OR REPLACE FUNCTION consent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'consent records are append-only';
END;
$$ LANGUAGE plpgsql;
"""


def create_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(_FUNCTION)
    for table in _TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION consent_append_only();"
        )


def drop_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in _TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS consent_append_only();")


class Migration(migrations.Migration):
    dependencies = [("consent", "0003_emergency_access")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
