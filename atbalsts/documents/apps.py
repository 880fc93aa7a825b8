from __future__ import annotations

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "atbalsts.documents"
    label = "documents"
    verbose_name = "Documents"
