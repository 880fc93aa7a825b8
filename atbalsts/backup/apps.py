from __future__ import annotations

from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "atbalsts.backup"
    label = "backup"
    verbose_name = "Backup"
