from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "atbalsts.core"
    label = "core"
    verbose_name = "Atbalsts"
