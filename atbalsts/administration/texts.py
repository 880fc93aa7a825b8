"""Every message the administration pages show, shared by the code and its tests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Refusals raised by the services.
ORGANISATION_INACTIVE = _(
    "This organisation is not active. Reactivate it first, or choose another organisation."
)
ORGANISATION_HAS_ACTIVE_USERS = _(
    "This organisation still has active users. Deactivate them or move them to another "
    "organisation first."
)
ORGANISATION_TYPE_DOES_NOT_FIT_USERS = _(
    "Some users of this organisation have roles that do not fit this type. Change their "
    "roles or organisation first."
)
CANNOT_CHANGE_OWN_ROLE = _(
    "You cannot change your own role. Ask another system administrator to do it."
)
CANNOT_DEACTIVATE_SELF = _(
    "You cannot deactivate your own account. Ask another system administrator to do it."
)

# Confirmations shown after a change.
ORGANISATION_CREATED = _("The organisation “%(name)s” has been added.")
ORGANISATION_UPDATED = _("The changes to “%(name)s” have been saved.")
ORGANISATION_DEACTIVATED = _("The organisation “%(name)s” has been deactivated.")
ORGANISATION_REACTIVATED = _("The organisation “%(name)s” has been reactivated.")
USER_UPDATED = _("The changes to the account “%(username)s” have been saved.")
USER_DEACTIVATED = _(
    "The account “%(username)s” has been deactivated and all its sessions have been ended."
)
USER_REACTIVATED = _("The account “%(username)s” has been reactivated.")
USER_CREATED = _("The account “%(username)s” has been created.")
