"""Writes of commissions and recognitions (docs/style.md "Writes, reads, audit")."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from atbalsts.audit.services import audit_record
from atbalsts.consent.services import referral_outcome_notify
from atbalsts.core.date_order import raise_date_order
from atbalsts.identification import texts
from atbalsts.identification.models import (
    Commission,
    CommissionMember,
    CommissionRole,
    CommissionStatus,
    IdentificationBasis,
    Recognition,
    can_transition,
)
from atbalsts.notifications.models import NotificationKind
from atbalsts.rules import commission as rules
from atbalsts.rules import process_dates
from atbalsts.rules.catalogue import label
from atbalsts.rules.errors import RuleInputError

if TYPE_CHECKING:
    from atbalsts.accounts.models import User
    from atbalsts.cases.models import Case

PROVIDER = "service_provider"
POLICE_ROLE = "commission_police_member"


class DecisionConflictError(Exception):
    """Someone saved the opinion since the version the actor edited."""

    def __init__(self, current: Commission) -> None:
        super().__init__("commission decided meanwhile")
        self.current = current


def _require_provider(actor: User, case: Case) -> None:
    if actor.organisation.type != PROVIDER or case.organisation_id != actor.organisation_id:
        raise ValidationError(texts.NOT_A_PROVIDER, code="not_provider")


def commission_convene(
    *,
    actor: User,
    case: Case,
    meeting_on: datetime.date,
    interview_mode: str,
    is_person_abroad: bool,
    members: Sequence[tuple[User, str]],
    language: str = "lv",
) -> Commission:
    """Convene the provider's commission with its members: ``(user, commission role)``; a
    user with the role commission_police_member sits as the State Police official."""
    _require_provider(actor, case)
    try:
        rules.check_interview_mode(interview_mode, is_person_abroad=is_person_abroad)
    except RuleInputError:
        raise ValidationError({"interview_mode": texts.ABROAD_ONLY}) from None
    seats = [
        (user, CommissionRole.POLICE_OFFICIAL if user.role == POLICE_ROLE else role)
        for user, role in members
    ]
    if len({user.pk for user, _role in seats}) != len(seats):
        raise ValidationError(texts.MEMBER_TWICE, code="twice")
    missing = rules.missing_roles(role for _user, role in seats)
    if missing:
        names = ", ".join(label("commission_required_roles", code, language) for code in missing)
        raise ValidationError(texts.COMPOSITION_INCOMPLETE % {"missing": names}, code="missing")
    with transaction.atomic():
        commission = Commission(
            case=case,
            meeting_on=meeting_on,
            interview_mode=interview_mode,
            is_person_abroad=is_person_abroad,
            created_by=actor,
        )
        commission.full_clean()
        commission.save()
        for user, role in seats:
            member = CommissionMember(commission=commission, user=user, commission_role=role)
            member.full_clean()
            member.save()
        audit_record(
            actor=actor,
            action="commission_convened",
            object_type="case",
            object_uuid=case.uuid,
            payload={
                "commission": str(commission.uuid),
                "interview_mode": interview_mode,
                "members": [[str(user.uuid), role] for user, role in seats],
            },
        )
    return commission


def commission_opinion_date_check(*, commission: Commission, today: datetime.date) -> None:
    """The opinion is dated the day it is recorded: the commission must have met by then.
    Raises the ValidationError naming both dates (also before the opinion is confirmed)."""
    raise_date_order(
        process_dates.check_order(
            {
                process_dates.COMMISSION_MEETING: commission.meeting_on,
                process_dates.OPINION: today,
            },
            today=today,
        ),
        fields={process_dates.OPINION: None},
    )


def commission_decide(
    *,
    actor: User,
    commission: Commission,
    version: int,
    is_recognised: bool,
    criteria: Iterable[str],
    justification: str,
    protocol_number: str,
) -> Commission:
    """Record the commission's opinion if nobody did since ``version``; a positive opinion
    citing no criterion is refused (atbalsts.rules.commission.check_opinion) and makes the
    person recognised on the basis ``commission_opinion``."""
    _require_provider(actor, commission.case)
    new_status = CommissionStatus.RECOGNISED if is_recognised else CommissionStatus.NOT_RECOGNISED
    if not can_transition(commission.status, new_status):
        raise ValidationError(texts.ALREADY_DECIDED, code="decided")
    try:
        items = rules.check_opinion(is_recognised=is_recognised, criteria_items=criteria)
    except RuleInputError:
        raise ValidationError({"criteria": texts.POSITIVE_NEEDS_CRITERION}) from None
    if not justification.strip():
        raise ValidationError({"justification": texts.JUSTIFICATION_REQUIRED})
    if not protocol_number.strip():
        raise ValidationError({"protocol_number": texts.PROTOCOL_REQUIRED})
    now = timezone.now()
    commission_opinion_date_check(commission=commission, today=timezone.localdate(now))
    with transaction.atomic():
        claimed = Commission.objects.filter(
            pk=commission.pk, version=version, status=CommissionStatus.CONVENED
        ).update(version=F("version") + 1)
        if not claimed:
            raise DecisionConflictError(Commission.objects.get(pk=commission.pk))
        commission.version = version + 1
        commission.status = new_status
        commission.criteria = list(items)
        commission.justification = justification.strip()
        commission.protocol_number = protocol_number.strip()
        commission.decided_by = actor
        commission.decided_at = now
        commission.full_clean()
        commission.save()
        if is_recognised and not Recognition.objects.filter(case=commission.case).exists():
            recognition = Recognition(
                case=commission.case,
                basis=IdentificationBasis.COMMISSION_OPINION,
                commission=commission,
                recognised_on=commission.meeting_on,
                recorded_by=actor,
            )
            recognition.full_clean()
            recognition.save()
        audit_record(
            actor=actor,
            action="commission_decided",
            object_type="case",
            object_uuid=commission.case.uuid,
            payload={
                "commission": str(commission.uuid),
                "status": new_status,
                # The criteria found are special-category: the trail holds only their number.
                "criteria_count": len(items),
            },
        )
        referral_outcome_notify(
            provider_case=commission.case, kind=NotificationKind.REFERRED_COMMISSION_OPINION
        )
    return commission


LAW_ENFORCEMENT_BASES = frozenset(
    {
        IdentificationBasis.CRIMINAL_PROCEEDINGS_DECISION,
        IdentificationBasis.FOREIGN_LAW_ENFORCEMENT_CERTIFICATE,
    }
)


def recognition_date_check(
    *, document_date: datetime.date | None, recognised_on: datetime.date, today: datetime.date
) -> None:
    """The person is recognised on or after the document's date, and neither lies ahead.
    Raises the ValidationError naming both dates (also before the recognition is confirmed)."""
    raise_date_order(
        process_dates.check_order(
            {
                process_dates.LAW_ENFORCEMENT_DOCUMENT: document_date,
                process_dates.RECOGNITION: recognised_on,
            },
            today=today,
        ),
        fields={
            process_dates.RECOGNITION: "recognised_on",
            process_dates.LAW_ENFORCEMENT_DOCUMENT: "document_date",
        },
    )


def recognition_record(
    *,
    actor: User,
    case: Case,
    basis: str,
    proceedings_status: str,
    document_reference: str,
    document_date: datetime.date | None,
    document_issuer: str,
    recognised_on: datetime.date,
) -> Recognition:
    """Record a recognition on a law-enforcement basis (the commission's own is recorded
    with its opinion)."""
    _require_provider(actor, case)
    if Recognition.objects.filter(case=case).exists():
        raise ValidationError(texts.ALREADY_RECOGNISED, code="recognised")
    if basis not in LAW_ENFORCEMENT_BASES:
        raise ValidationError({"basis": texts.DOCUMENT_REQUIRED})
    if not (document_reference.strip() and document_issuer.strip() and document_date):
        raise ValidationError(texts.DOCUMENT_REQUIRED, code="document")
    if basis == IdentificationBasis.CRIMINAL_PROCEEDINGS_DECISION and not proceedings_status:
        raise ValidationError({"proceedings_status": texts.PROCEEDINGS_STATUS_REQUIRED})
    if basis != IdentificationBasis.CRIMINAL_PROCEEDINGS_DECISION:
        proceedings_status = ""
    recognition_date_check(
        document_date=document_date, recognised_on=recognised_on, today=timezone.localdate()
    )
    with transaction.atomic():
        recognition = Recognition(
            case=case,
            basis=basis,
            proceedings_status=proceedings_status,
            document_reference=document_reference.strip(),
            document_date=document_date,
            document_issuer=document_issuer.strip(),
            recognised_on=recognised_on,
            recorded_by=actor,
        )
        recognition.full_clean()
        recognition.save()
        audit_record(
            actor=actor,
            action="recognition_recorded",
            object_type="case",
            object_uuid=case.uuid,
            # The basis tells whether criminal proceedings exist: kept out of the trail.
            payload={"recognition": str(recognition.uuid)},
        )
    return recognition


def commission_read(*, actor: User, commission: Commission, shown: Iterable[str]) -> None:
    """A member's look at the commission's page is a read of the case (LG-1); ``shown``
    names what the page showed of it. The audit append is atomic by itself."""
    audit_record(
        actor=actor,
        action="sensitive_read",
        object_type="case",
        object_uuid=commission.case.uuid,
        payload={
            "view": "commission_member",
            "commission": str(commission.uuid),
            "shown": sorted(shown),
        },
    )
