from __future__ import annotations

from django.apps import AppConfig


class IdentificationConfig(AppConfig):
    name = "atbalsts.identification"
    label = "identification"
    verbose_name = "Recognition"
