"""``{% session_timeout as session %}``: what the idle warning of a page needs to know.

Everything comes from the server: the limit, how much of it is left (the last request is
written at most every ``SESSION_TOUCH_INTERVAL``, so a page may be served with less than
the whole limit left) and whether this page has a draft waiting. No query is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django import template
from django.conf import settings
from django.utils import timezone

from atbalsts.accounts.drafts import drafted_paths, is_draftable_path
from atbalsts.accounts.sessions import idle_seconds_left

register = template.Library()

DEFAULT_SESSION_IDLE_WARNING = timedelta(minutes=1)


@dataclass(frozen=True)
class SessionTimeout:
    idle_seconds: int
    idle_seconds_left: int
    warning_seconds: int
    is_draftable: bool
    has_draft: bool


@register.simple_tag(takes_context=True)
def session_timeout(context: dict[str, Any]) -> SessionTimeout | None:
    """None for a visitor (also before the second factor: the context's user is one)."""
    request = context.get("request")
    user = context.get("user")
    if request is None or user is None or not user.is_authenticated:
        return None
    warning = getattr(settings, "SESSION_IDLE_WARNING", DEFAULT_SESSION_IDLE_WARNING)
    is_draftable = is_draftable_path(request.path)
    return SessionTimeout(
        idle_seconds=int(settings.SESSION_IDLE_TIMEOUT.total_seconds()),
        idle_seconds_left=idle_seconds_left(request.session, now=timezone.now()),
        warning_seconds=int(warning.total_seconds()),
        is_draftable=is_draftable,
        has_draft=is_draftable and request.path in drafted_paths(request.session),
    )
