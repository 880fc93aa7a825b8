"""Server-side session limits (docs/security.md SE-1): idle timeout and absolute lifetime.

Django only knows a sliding cookie age, so the moment of sign-in and of the last request are
kept in the session itself and checked on every request by ``SessionLimitMiddleware``.
Times are read from ``django.utils.timezone.now`` so that tests can travel in time.
"""

from __future__ import annotations

import enum
from datetime import datetime

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils.functional import Promise

from atbalsts.accounts import texts

LOGIN_AT_KEY = "atbalsts_login_at"
LAST_SEEN_KEY = "atbalsts_last_seen"
ENDED_REASON_KEY = "atbalsts_session_ended"


class EndReason(enum.StrEnum):
    IDLE = "idle"
    ABSOLUTE = "absolute"
    # An authenticated session without the timestamps: never started by our login view.
    INVALID = "invalid"

    @property
    def message(self) -> str | Promise:
        messages: dict[EndReason, str | Promise] = {
            EndReason.IDLE: texts.SESSION_IDLE_MESSAGE,
            EndReason.ABSOLUTE: texts.SESSION_ABSOLUTE_MESSAGE,
            EndReason.INVALID: texts.SESSION_INVALID_MESSAGE,
        }
        return messages[self]


def session_mark_start(session: SessionBase, *, now: datetime) -> None:
    session[LOGIN_AT_KEY] = now.timestamp()
    session[LAST_SEEN_KEY] = now.timestamp()


def session_end_reason(session: SessionBase, *, now: datetime) -> EndReason | None:
    """Why this signed-in session must end now, or None while it may go on."""
    login_at = session.get(LOGIN_AT_KEY)
    last_seen = session.get(LAST_SEEN_KEY)
    if not isinstance(login_at, int | float) or not isinstance(last_seen, int | float):
        return EndReason.INVALID
    moment = now.timestamp()
    if moment - last_seen >= settings.SESSION_IDLE_TIMEOUT.total_seconds():
        return EndReason.IDLE
    if moment - login_at >= settings.SESSION_ABSOLUTE_LIMIT.total_seconds():
        return EndReason.ABSOLUTE
    return None


def session_touch(session: SessionBase, *, now: datetime) -> None:
    """Record this request as the last one, at most once per ``SESSION_TOUCH_INTERVAL``.

    Writing the session on every request would cost every page a database write. Skipping
    the writes in between can only make the idle limit end a session earlier than 15 minutes
    after the last request, by less than the interval, and never later.
    """
    last_seen = session.get(LAST_SEEN_KEY)
    moment = now.timestamp()
    if (
        isinstance(last_seen, int | float)
        and 0 <= moment - last_seen < settings.SESSION_TOUCH_INTERVAL.total_seconds()
    ):
        return
    session[LAST_SEEN_KEY] = moment


def session_extend(session: SessionBase, *, now: datetime) -> None:
    """ "Stay signed in": this moment becomes the last activity, whatever the interval.

    ``session_touch`` skips writes within ``SESSION_TOUCH_INTERVAL``, so a press of the
    button up to 30 seconds after the last page would otherwise leave the deadline where
    it was, and the warning would come back at once.
    """
    session[LAST_SEEN_KEY] = now.timestamp()


def idle_seconds_left(session: SessionBase, *, now: datetime) -> int:
    """Whole seconds until the idle limit ends this session, as the server will count them."""
    last_seen = session.get(LAST_SEEN_KEY)
    if not isinstance(last_seen, int | float):
        return 0
    left = settings.SESSION_IDLE_TIMEOUT.total_seconds() - (now.timestamp() - last_seen)
    return max(0, int(left))


def session_pop_end_reason(session: SessionBase) -> EndReason | None:
    value = session.pop(ENDED_REASON_KEY, None)
    try:
        return EndReason(value) if value is not None else None
    except ValueError:
        return None
