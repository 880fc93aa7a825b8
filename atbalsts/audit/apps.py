from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "atbalsts.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        from atbalsts.audit import checks  # noqa: F401 -- registers the checks
