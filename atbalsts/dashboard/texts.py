"""Every message of the dashboard, shared by the code and its tests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

OVERDUE = _("Overdue")
NOTHING_TO_DO = _("Nothing is due for you now.")
