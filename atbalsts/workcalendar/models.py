"""Days the Cabinet moved that the ``holidays`` package does not know yet (docs/domain.md "SIVA
deadline": an administrator must be able to add days off or working days)."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.core.protection import Protection

DATE_TAKEN = _("This date already has an override. Remove it first to change it.")


class OverrideKind(models.TextChoices):
    DAY_OFF = "day_off", _("Day off")
    WORKING_DAY = "working_day", _("Working day")


class CalendarOverride(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    date = models.DateField(_("date"), unique=True, error_messages={"unique": DATE_TAKEN})
    kind = models.CharField(_("kind"), max_length=16, choices=OverrideKind.choices)
    reference = models.CharField(
        _("legal basis"),
        max_length=200,
        help_text=_('The Cabinet order that moves the day, e.g. "MK rīkojums Nr. 123 (2027)".'),
    )
    note = models.TextField(_("note"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "date": Protection.P0_PUBLIC,
        "kind": Protection.P0_PUBLIC,
        "reference": Protection.P0_PUBLIC,
        "note": Protection.P1_INTERNAL,
        "created_by": Protection.P1_INTERNAL,
        "created_at": Protection.P1_INTERNAL,
    }

    class Meta:
        ordering = ["-date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.kind}"
