"""The course's route after it, the person's status in the criminal proceedings, state legal
aid and the date support was granted are criminal-proceedings data (protection P3):
encrypted in place."""

from __future__ import annotations

from django.db import migrations, models

from atbalsts.core.fields import EncryptedBooleanField, EncryptedDateField, EncryptedTextField
from atbalsts.core.sealing import seal_columns

ROUTES = [
    ("consultations", "Consultations after the course"),
    ("criminal_process_support", "Support in criminal proceedings"),
]
STATUSES = [("victim", "Recognised as a victim"), ("witness", "Witness status")]


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_course_plan_deliveries")]

    operations = seal_columns(
        "courses",
        "course",
        {
            "after_course_route": (
                models.CharField(
                    blank=True, choices=ROUTES, max_length=30, verbose_name="after the course"
                ),
                EncryptedTextField(choices=ROUTES, verbose_name="after the course"),
            ),
            "procedural_status": (
                models.CharField(
                    blank=True,
                    choices=STATUSES,
                    max_length=10,
                    verbose_name="status in criminal proceedings",
                ),
                EncryptedTextField(choices=STATUSES, verbose_name="status in criminal proceedings"),
            ),
            "has_state_legal_aid": (
                models.BooleanField(default=False, verbose_name="receives state legal aid"),
                EncryptedBooleanField(verbose_name="receives state legal aid"),
            ),
            "support_granted_on": (
                models.DateField(blank=True, null=True, verbose_name="support granted on"),
                EncryptedDateField(verbose_name="support granted on"),
            ),
        },
        final={
            "has_state_legal_aid": EncryptedBooleanField(
                default=False, verbose_name="receives state legal aid"
            )
        },
    )
