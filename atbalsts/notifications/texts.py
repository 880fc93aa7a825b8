"""Every message the notification pages show, shared by the code and its tests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

NOTIFICATION_MARKED_READ = _("The notification has been marked as read.")
ALL_MARKED_READ = _("All notifications have been marked as read.")
NO_NOTIFICATIONS = _("You have no notifications.")
