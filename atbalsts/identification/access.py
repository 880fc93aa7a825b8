"""The provider's own case, for convening the commission, recording its opinion and
submitting to SIVA: the case keepers of a service provider only. Refusals are the same 404
and authz_fail as for any case (SECURITY.md AZ-3, AZ-10)."""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import Http404

from atbalsts.access.policy import Action
from atbalsts.audit.services import audit_record
from atbalsts.cases.access import case_for

if TYPE_CHECKING:
    from atbalsts.accounts.models import User
    from atbalsts.cases.models import Case

logger = logging.getLogger("atbalsts.security")
PROVIDER = "service_provider"


def provider_case_for(actor: User, case_uuid: uuid.UUID) -> Case:
    case = case_for(actor, case_uuid, Action.EDIT).obj
    if actor.organisation.type != PROVIDER:
        logger.warning(
            "authz_fail",
            extra={
                "user_uuid": str(actor.uuid),
                "object_type": "case",
                "object_uuid": str(case_uuid),
                "action": "recognition",
            },
        )
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="authz_fail",
                object_type="case",
                object_uuid=case_uuid,
                payload={"action": "recognition"},
            )
        raise Http404
    return case
