"""The stated purpose of an export is free text (protection P3): encrypted in place."""

from __future__ import annotations

from django.db import migrations, models

from atbalsts.core.fields import EncryptedTextField
from atbalsts.core.sealing import seal_columns


class Migration(migrations.Migration):
    dependencies = [("exports", "0003_export_job_summary")]

    operations = seal_columns(
        "exports",
        "exportjob",
        {
            "purpose": (
                models.CharField(max_length=500, verbose_name="purpose"),
                EncryptedTextField(max_length=500, verbose_name="purpose"),
            )
        },
        final={
            "purpose": EncryptedTextField(blank=False, max_length=500, verbose_name="purpose")
        },
    )
