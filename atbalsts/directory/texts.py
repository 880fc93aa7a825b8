"""Every message of the partner directory pages, shared by the code and its tests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CONTACT_ADDED = _("%(name)s has been added to the directory.")
CONTACT_SAVED = _("The details of %(name)s have been saved.")
CONTACT_DEACTIVATED = _("%(name)s is no longer shown in the directory.")
CONTACT_CONFLICT = _(
    "Someone else saved this contact while you were editing it. Open it again to see their "
    "version; nothing of yours was saved."
)
CODE_TAKEN = _("Another contact already has this code.")
PHONE_INVALID = _("Write one phone number a line, with digits, spaces and a leading + only.")
