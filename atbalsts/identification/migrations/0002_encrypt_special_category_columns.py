"""The commission's criteria, protocol number and whether the person is abroad, and the
recognition's basis, status in the proceedings and document date are special-category,
criminal-proceedings or locating data (protection P3): encrypted in place."""

from __future__ import annotations

from django.db import migrations, models

from atbalsts.core.fields import (
    EncryptedBooleanField,
    EncryptedCodesField,
    EncryptedDateField,
    EncryptedTextField,
)
from atbalsts.core.sealing import seal_columns

BASES = [
    (
        "criminal_proceedings_decision",
        "Decision of the person directing criminal proceedings or a law-enforcement certificate",
    ),
    (
        "foreign_law_enforcement_certificate",
        "Foreign law-enforcement certificate that criminal proceedings were started",
    ),
    ("commission_opinion", "Opinion of the provider's specialist commission"),
]
STATUSES = [("victim", "Victim"), ("witness", "Witness (the person does not want victim status)")]


class Migration(migrations.Migration):
    dependencies = [("identification", "0001_recognition_and_commission")]

    operations = [
        *seal_columns(
            "identification",
            "commission",
            {
                "is_person_abroad": (
                    models.BooleanField(default=False, verbose_name="the person is abroad"),
                    EncryptedBooleanField(verbose_name="the person is abroad"),
                ),
                "criteria": (
                    models.JSONField(blank=True, default=list, verbose_name="criteria found"),
                    EncryptedCodesField(verbose_name="criteria found"),
                ),
                "protocol_number": (
                    models.CharField(blank=True, max_length=40, verbose_name="protocol number"),
                    EncryptedTextField(max_length=40, verbose_name="protocol number"),
                ),
            },
            final={
                "is_person_abroad": EncryptedBooleanField(
                    default=False, verbose_name="the person is abroad"
                )
            },
        ),
        *seal_columns(
            "identification",
            "recognition",
            {
                "basis": (
                    models.CharField(choices=BASES, max_length=40, verbose_name="basis"),
                    EncryptedTextField(blank=False, choices=BASES, verbose_name="basis"),
                ),
                "proceedings_status": (
                    models.CharField(
                        blank=True,
                        choices=STATUSES,
                        max_length=10,
                        verbose_name="status in the proceedings",
                    ),
                    EncryptedTextField(choices=STATUSES, verbose_name="status in the proceedings"),
                ),
                "document_date": (
                    models.DateField(blank=True, null=True, verbose_name="document date"),
                    EncryptedDateField(verbose_name="document date"),
                ),
            },
        ),
    ]
