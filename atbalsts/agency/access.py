"""Fetch-and-authorise for submissions: SIVA's coordinator, of the agency they were sent to.
"Not found" and "not yours" give the same 404 and an authz_fail event (docs/security.md AZ-3,
AZ-10)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import Http404

from atbalsts.access.policy import Capability, can
from atbalsts.agency.models import AgencySubmission
from atbalsts.audit.services import audit_record

if TYPE_CHECKING:
    from atbalsts.accounts.models import User


def submission_for(actor: User, submission_uuid: uuid.UUID) -> AgencySubmission:
    submission = (
        AgencySubmission.objects.select_related("case", "case__organisation", "recognition")
        .filter(uuid=submission_uuid, agency_id=actor.organisation_id)
        .first()
        if can(actor.role, Capability.DECIDE_AGENCY_SERVICE)
        else None
    )
    if submission is None:
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="authz_fail",
                object_type="agency_submission",
                object_uuid=submission_uuid,
                payload={"action": "decide"},
            )
        raise Http404
    return submission
