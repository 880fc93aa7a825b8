"""Refusals on the course pages after the case itself was authorised: no course yet, not a
provider's case, a task of another plan. They answer the same 404 as any refusal and leave
the same authz_fail trace (docs/security.md AZ-3, AZ-10)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.http import Http404

if TYPE_CHECKING:
    from atbalsts.accounts.models import User
    from atbalsts.cases.models import Case

logger = logging.getLogger("atbalsts.security")


def refuse(actor: User, case: Case, reason: str) -> Http404:
    """Log the refusal (who, the case's opaque id, why by code; no value) and return a 404."""
    logger.warning(
        "authz_fail",
        extra={
            "user_uuid": str(actor.uuid),
            "object_type": "case",
            "object_uuid": str(case.uuid),
            "reason": reason,
        },
    )
    return Http404()
