from __future__ import annotations

from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    name = "atbalsts.administration"
    label = "administration"
    verbose_name = "Administration"
