from __future__ import annotations

from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "atbalsts.courses"
    label = "courses"
    verbose_name = "Courses"
