"""Drafts left at a step name the interview has no page for (the demo stored "signs") are
continued from the interview's first page instead of a dead link."""

from django.db import migrations

# The interview's steps when this migration was written (atbalsts.screening.models.STEPS).
STEPS = (
    "start",
    "migration",
    "employment",
    "safety",
    "social_ties",
    "observations",
    "criteria",
    "definition",
    "needs",
    "summary",
)


def continue_at_a_page(apps, schema_editor):  # type: ignore[no-untyped-def]
    Screening = apps.get_model("screening", "Screening")
    Screening.objects.exclude(last_step__in=STEPS).update(last_step="start")


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_screening")]

    operations = [migrations.RunPython(continue_at_a_page, migrations.RunPython.noop)]
