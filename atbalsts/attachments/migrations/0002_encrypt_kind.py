"""What an attached document is (a law-enforcement decision, a foreign certificate) tells
that criminal proceedings exist (protection P3): encrypted in place."""

from __future__ import annotations

from django.db import migrations, models

from atbalsts.core.fields import EncryptedTextField
from atbalsts.core.sealing import seal_columns

KINDS = [
    (
        "criminal_proceedings_decision",
        "Decision of the person directing criminal proceedings or a law-enforcement certificate",
    ),
    (
        "foreign_law_enforcement_certificate",
        "Foreign law-enforcement certificate that criminal proceedings were started",
    ),
    ("signed_consent", "Consent signed by the person"),
    ("other", "Other document"),
]


class Migration(migrations.Migration):
    dependencies = [("attachments", "0001_attachment")]

    operations = seal_columns(
        "attachments",
        "attachment",
        {
            "kind": (
                models.CharField(choices=KINDS, max_length=40, verbose_name="document"),
                EncryptedTextField(choices=KINDS, verbose_name="document"),
            )
        },
        final={"kind": EncryptedTextField(blank=False, choices=KINDS, verbose_name="document")},
    )
