"""The released statistics tables: what was shown of a period, frozen (docs/security.md ST-1).

A period's tables are computed from live data, and a recognition can be entered with a
date inside a period that was already shown. Had the tables been recomputed, a reader
comparing two looks would see the late entry on its own. So the first time a period that
has ended is shown, every table is stored exactly as shown, and later looks show the stored
tables; corrections are shown, when that is safe, as a numbered revision stored the same
way. Only the shown values are stored (numbers and the marker ``x``), never the counts
behind an ``x``.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.core.protection import Protection


class ReleasedTableError(Exception):
    """A released table is never changed or deleted: a correction is a new revision."""


class ReleasedTable(models.Model):
    """One table of one period as shown: revision 0 is the release, 1, 2, ... revisions."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    table = models.CharField(_("table"), max_length=40)
    revision = models.PositiveSmallIntegerField(_("revision"))
    shown = models.JSONField(_("shown values"))
    released_at = models.DateTimeField(_("released at"), default=timezone.now, editable=False)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    # What was published is aggregate and already protected: public once released.
    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "year": Protection.P0_PUBLIC,
        "quarter": Protection.P0_PUBLIC,
        "table": Protection.P0_PUBLIC,
        "revision": Protection.P0_PUBLIC,
        "shown": Protection.P0_PUBLIC,
        "released_at": Protection.P1_INTERNAL,
        "released_by": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("released statistics table")
        verbose_name_plural = _("released statistics tables")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter", "table", "revision"], name="released_table_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter} {self.table} r{self.revision}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ReleasedTableError("Released statistics tables cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ReleasedTableError("Released statistics tables cannot be deleted.")
