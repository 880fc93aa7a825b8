from __future__ import annotations

from django.apps import AppConfig


class AgencyConfig(AppConfig):
    name = "atbalsts.agency"
    label = "agency"
    verbose_name = "SIVA decisions"
