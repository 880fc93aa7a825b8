"""``{% document_links "kind" record.uuid %}``: the links to a document in each language it
is issued in, for the page that shows its record. The labels live in this app's catalogue,
so the pages that show the links need no new strings of their own."""

from __future__ import annotations

import uuid
from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse

from atbalsts.documents.content import LANGUAGES
from atbalsts.documents.selectors import STAFF_LANGUAGES
from atbalsts.documents.texts import LINK_LABELS

register = template.Library()

CLIENT_DOCUMENTS = frozenset({"consent_form", "rights_leaflet"})


@register.inclusion_tag("documents/_links.html")
def document_links(kind: str, record_uuid: uuid.UUID | None = None) -> dict[str, Any]:
    url = reverse(f"documents:{kind}", args=[record_uuid] if record_uuid else [])
    names = dict(settings.DOCUMENT_LANGUAGES)
    languages = LANGUAGES if kind in CLIENT_DOCUMENTS else STAFF_LANGUAGES
    return {
        "label": LINK_LABELS[kind],
        "links": [(f"{url}?language={code}", code, names[code]) for code in languages],
    }
