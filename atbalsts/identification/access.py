"""The provider's own case, for convening the commission, recording its opinion and
submitting to SIVA: the case keepers of a service provider only; and a commission as its
member sees it. Refusals are the same 404 and authz_fail as for any case (docs/security.md AZ-3,
AZ-10)."""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import Http404

from atbalsts.access.policy import Action
from atbalsts.audit.services import audit_authz_fail, audit_record
from atbalsts.cases.access import Authorised, case_for
from atbalsts.identification.models import Commission

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


def member_commission_for(actor: User, commission_uuid: uuid.UUID) -> Authorised[Commission]:
    """The commission, if the actor sits on it and the policy lets a member of it see its
    case's summary; the standing says what else of the case the page may show."""
    commission = (
        Commission.objects.filter(uuid=commission_uuid, members__user_id=actor.pk)
        .only("case__uuid")
        .select_related("case")
        .first()
    )
    if commission is None:
        audit_authz_fail(
            actor=actor,
            resource_type="commission",
            object_uuid=commission_uuid,
            reason="not_a_member",
        )
        raise Http404
    found = case_for(actor, commission.case.uuid, Action.VIEW_SUMMARY)
    commission = Commission.objects.get(pk=commission.pk)
    commission.case = found.obj
    return Authorised(commission, found.standing)
