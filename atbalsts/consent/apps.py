from __future__ import annotations

from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "atbalsts.consent"
    label = "consent"
    verbose_name = "Consent"
