from __future__ import annotations

from django.apps import AppConfig


class WorkCalendarConfig(AppConfig):
    name = "atbalsts.workcalendar"
    label = "workcalendar"
    verbose_name = "Working calendar"
