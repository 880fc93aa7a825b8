"""Export permissions (SECURITY.md EX-1): each export is a permission of its own, given to a
named user and off until then. Which roles may hold which export is policy
(atbalsts.access.policy.EXPORT_ROLES); this table records who was given what, by whom."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.access.policy import ExportKind
from atbalsts.core.protection import Protection


class ExportGrant(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_grants"
    )
    kind = models.CharField(
        _("export"), max_length=40, choices=[(kind.value, kind.value) for kind in ExportKind]
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "user": Protection.P1_INTERNAL,
        "kind": Protection.P1_INTERNAL,
        "granted_by": Protection.P1_INTERNAL,
        "granted_at": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("export permission")
        verbose_name_plural = _("export permissions")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="exports_grant_once_per_user")
        ]

    def __str__(self) -> str:
        return self.kind
