"""Load the seed's partner directory (atbalsts.rules.catalogue.CONTACTS) as editable rows."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from atbalsts.rules.catalogue import CONTACTS

    contact_model = apps.get_model("directory", "Contact")
    for contact in CONTACTS:
        contact_model.objects.get_or_create(
            code=contact.code,
            defaults={
                "name": contact.name,
                "phones": list(contact.phones),
                "email": contact.email or "",
                "address": contact.address or "",
                "web": contact.web or "",
                "trust_line": contact.trust_line or "",
            },
        )


def unload(apps: Any, schema_editor: Any) -> None:
    from atbalsts.rules.catalogue import CONTACTS

    apps.get_model("directory", "Contact").objects.filter(
        code__in=[contact.code for contact in CONTACTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_contact")]

    operations = [migrations.RunPython(load, unload)]
