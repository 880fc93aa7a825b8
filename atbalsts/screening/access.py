"""Fetch-and-authorise for screenings: a screening is as visible as its case allows.

The decision is the case's (atbalsts.cases.access): reading a screening needs
``Action.VIEW_EXPLOITATION`` on the case (it tells what was done to the person), changing it
``Action.EDIT``, and its health details ``Action.VIEW_HEALTH``. Not found and not yours give
the same 404, with an ``authz_fail`` event (docs/security.md AZ-3, AZ-10).
"""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import Http404

from atbalsts.access.policy import Action, Capability, can
from atbalsts.audit.services import audit_record
from atbalsts.cases.access import Authorised, case_standing
from atbalsts.screening.models import Screening

if TYPE_CHECKING:
    from atbalsts.accounts.models import User

logger = logging.getLogger("atbalsts.security")

READ = Action.VIEW_EXPLOITATION
WRITE = Action.EDIT
HEALTH = Action.VIEW_HEALTH


def _refuse(actor: User, screening_uuid: uuid.UUID, action: Action) -> Http404:
    logger.warning(
        "authz_fail",
        extra={
            "user_uuid": str(actor.uuid),
            "object_type": "screening",
            "object_uuid": str(screening_uuid),
            "action": action.value,
        },
    )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="authz_fail",
            object_type="screening",
            object_uuid=screening_uuid,
            payload={"action": action.value},
        )
    return Http404()


def screening_for(actor: User, screening_uuid: uuid.UUID, action: Action) -> Authorised[Screening]:
    """The screening, if the actor may do ``action`` on its case; 404 otherwise."""
    screening = (
        Screening.objects.select_related("case", "case__person", "case__organisation")
        .filter(uuid=screening_uuid)
        .first()
        if can(actor.role, Capability.READ_CASE_DATA)
        else None
    )
    if screening is not None:
        standing = case_standing(actor, screening.case)
        if standing.allows(READ) and standing.allows(action):
            return Authorised(screening, standing)
    raise _refuse(actor, screening_uuid, action)
