"""What the sign-in pages say to the user, in one place so that tests assert the same words.

Every text is lazy: it is translated in the language of the request that shows it. Texts
that name a duration read it from the settings, so the words cannot drift from the policy.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

INVALID_CREDENTIALS = _("The username or password is incorrect.")
INVALID_CODE = _("The code is incorrect or has already been used.")
BACKUP_CODES_SHOWN_ONCE = _(
    "Write these backup codes down or print them now and keep them in a safe place. "
    "They will not be shown again."
)
VERIFY_CODE_HELP = _("Six digits from the app, or a backup code such as 1234-5678-9012.")
ENROL_CODE_HELP = _("The six digits the app shows now.")


def _minutes(value: timedelta) -> int:
    return int(value.total_seconds() // 60)


def code_throttled(seconds: int) -> str:
    """Too many wrong codes for this account, from anywhere: how long to wait, truthfully."""
    return ngettext(
        "Too many incorrect codes in a row. Try again in %(seconds)d second.",
        "Too many incorrect codes in a row. Try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}


def _lockout_message() -> str:
    minutes = _minutes(settings.AXES_COOLOFF_TIME)
    return ngettext(
        "Too many unsuccessful sign-in attempts. Wait %(minutes)d minute and try again, "
        "or call your administrator.",
        "Too many unsuccessful sign-in attempts. Wait %(minutes)d minutes and try again, "
        "or call your administrator.",
        minutes,
    ) % {"minutes": minutes}


def _idle_message() -> str:
    minutes = _minutes(settings.SESSION_IDLE_TIMEOUT)
    return ngettext(
        "Your session ended because there was no activity for %(minutes)d minute. "
        "Please sign in again.",
        "Your session ended because there was no activity for %(minutes)d minutes. "
        "Please sign in again.",
        minutes,
    ) % {"minutes": minutes}


def _absolute_message() -> str:
    hours = int(settings.SESSION_ABSOLUTE_LIMIT.total_seconds() // 3600)
    return ngettext(
        "Your session ended because it reached the longest allowed duration of %(hours)d "
        "hour. Please sign in again.",
        "Your session ended because it reached the longest allowed duration of %(hours)d "
        "hours. Please sign in again.",
        hours,
    ) % {"hours": hours}


LOCKOUT_MESSAGE = lazy(_lockout_message, str)()
SESSION_IDLE_MESSAGE = lazy(_idle_message, str)()
SESSION_ABSOLUTE_MESSAGE = lazy(_absolute_message, str)()
SESSION_INVALID_MESSAGE = _("Your session has ended. Please sign in again.")
