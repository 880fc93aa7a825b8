from __future__ import annotations

from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "atbalsts.statistics"
    label = "statistics"
    verbose_name = "Statistics"
