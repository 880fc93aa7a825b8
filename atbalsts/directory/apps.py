from __future__ import annotations

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "atbalsts.directory"
    label = "directory"
    verbose_name = "Directory"
