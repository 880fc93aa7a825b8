from __future__ import annotations

from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "atbalsts.exports"
    label = "exports"
    verbose_name = "Exports"
