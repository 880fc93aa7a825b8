"""The consent's signed-form reference and the referral's reason for declining are free text
(protection P3): encrypted in place. On PostgreSQL the consent table refuses updates
(0004_append_only_trigger); its trigger is set aside for this one rewrite of the column's
storage, which changes no value, and restored in the same transaction."""

from __future__ import annotations

from collections.abc import Callable

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from atbalsts.core.fields import EncryptedTextField
from atbalsts.core.sealing import seal_columns

_TRIGGER = "ALTER TABLE consent_consent {} TRIGGER consent_consent_append_only"


def _trigger(state: str) -> Callable[[StateApps, BaseDatabaseSchemaEditor], None]:
    def run(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(_TRIGGER.format(state))

    return run


class Migration(migrations.Migration):
    dependencies = [("consent", "0004_append_only_trigger")]

    operations = [
        migrations.RemoveConstraint(model_name="consent", name="consent_has_evidence"),
        migrations.RunPython(_trigger("DISABLE"), _trigger("ENABLE")),
        *seal_columns(
            "consent",
            "consent",
            {
                "evidence_reference": (
                    models.CharField(max_length=120, verbose_name="signed form reference"),
                    EncryptedTextField(max_length=120, verbose_name="signed form reference"),
                )
            },
            final={
                "evidence_reference": EncryptedTextField(
                    blank=False, max_length=120, verbose_name="signed form reference"
                )
            },
        ),
        migrations.RunPython(_trigger("ENABLE"), _trigger("DISABLE")),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(evidence_reference__isnull=False), name="consent_has_evidence"
            ),
        ),
        *seal_columns(
            "consent",
            "referral",
            {
                "decline_reason": (
                    models.CharField(blank=True, max_length=500),
                    EncryptedTextField(max_length=500),
                )
            },
        ),
    ]
