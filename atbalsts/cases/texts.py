"""Every message the case pages show, shared by the code and its tests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CASE_OPENED = _("Case %(code)s has been opened.")
CASE_CLOSED = _("Case %(code)s has been closed. Its records are kept until %(until)s.")
CASE_ALREADY_CLOSED = _("This case is already closed.")
CLOSED_BEFORE_OPENED = _("A case cannot be closed before the day it was opened.")
CLOSED_IN_FUTURE = _("A case cannot be closed on a day that has not come yet.")

# The menu and the home page (atbalsts/core/navigation.py).
SECTION_LABEL = _("Cases")
SECTION_DESCRIPTION = _(
    "Your organisation's cases and those shared with it by the person's consent."
)
