"""Writes of consent, referral and emergency access (docs/security.md CO-1..CO-5, RE-2).

Each service checks the actor, validates the whole record before saving, writes its audit
event and its notifications in the same transaction: all of it commits, or none of it.
Notifications are rows and carry only the pseudonymous case code; anything that would
leave the system belongs in ``transaction.on_commit`` (there is nothing of that kind yet).
Audit payloads hold codes and identifiers, never names or free text (LG-3).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from atbalsts.access.policy import CATEGORY_ACTIONS, Action, Relation, Role
from atbalsts.accounts.models import Organisation, User
from atbalsts.audit.services import audit_record
from atbalsts.cases.access import Standing, case_standing
from atbalsts.cases.models import Case, CaseStatus, ContactChannel
from atbalsts.consent import texts
from atbalsts.consent.access import (
    CASE_HOLDER_TYPES,
    CONSENT_ROLES,
    can_manage_consent,
    can_override_consent,
    can_receive_referrals,
)
from atbalsts.consent.models import (
    EMERGENCY_REASON_MIN_LENGTH,
    Consent,
    ConsentPurpose,
    ConsentWithdrawal,
    EmergencyAccess,
    InformationCategory,
    Referral,
    ReferralStatus,
)
from atbalsts.consent.selectors import (
    ReferralOutcome,
    active_consents,
    emergency_access_reachable,
    referral_outcomes,
    referrals_informed_of_outcome,
)
from atbalsts.core.date_order import raise_date_order
from atbalsts.core.fields import EncryptedTextField
from atbalsts.notifications.models import NotificationKind
from atbalsts.notifications.services import notifications_send, notifications_send_to_organisation
from atbalsts.people.models import Person
from atbalsts.rules import process_dates
from atbalsts.screening.models import Screening, ScreeningStatus


def _encrypted_field(model: type[Referral], name: str) -> EncryptedTextField:
    field = model._meta.get_field(name)
    if not isinstance(field, EncryptedTextField):
        raise TypeError(f"{model.__name__}.{name} is not encrypted")
    return field


_CONSENT = "consent.consent"
_REFERRAL = "consent.referral"
DECLINE_REASON = _encrypted_field(Referral, "decline_reason")
_CASE = "cases.case"


class ReferralConflictError(Exception):
    """Someone else decided the referral first (docs/security.md RE-1)."""


def _require_consent_role(actor: User) -> None:
    if not can_manage_consent(actor):
        raise PermissionDenied


def _clean_categories(categories: Iterable[str]) -> list[str]:
    chosen = sorted(set(categories))
    if not chosen:
        raise ValidationError({"categories": texts.CATEGORIES_REQUIRED})
    if not set(chosen) <= set(InformationCategory.values):
        raise ValidationError({"categories": texts.UNKNOWN_CATEGORY})
    return chosen


def _not_in_future(field: str, value: datetime.date) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: texts.DATE_IN_FUTURE})


def _holder_case(*, person: Person, organisation: Organisation) -> Case | None:
    return (
        Case.objects.filter(person=person, organisation=organisation)
        .order_by(F("closed_on").desc(nulls_first=True), "-opened_on", "-pk")
        .first()
    )


def _lock_active(consent: Consent) -> Consent:
    """The consent, locked against a concurrent withdrawal or supersession; refused if it is
    no longer active."""
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if not active_consents().filter(pk=locked.pk).exists():
        raise ValidationError(texts.CONSENT_NOT_ACTIVE)
    return locked


def _consent_payload(consent: Consent) -> dict[str, object]:
    return {
        "person": str(consent.person.uuid),
        "recipient": str(consent.recipient.uuid),
        "purpose": consent.purpose,
        "categories": list(consent.categories),
        "given_on": consent.given_on.isoformat(),
    }


def _new_consent(
    *,
    actor: User,
    person: Person,
    recipient: Organisation,
    purpose: str,
    categories: Iterable[str],
    given_on: datetime.date,
    evidence_reference: str,
    supersedes: Consent | None,
) -> Consent:
    if not Case.objects.filter(person=person, organisation=actor.organisation).exists():
        raise ValidationError(texts.NO_CASE_OF_PERSON)
    if (
        recipient.pk == actor.organisation_id
        or not recipient.is_active
        or recipient.type not in CASE_HOLDER_TYPES
    ):
        raise ValidationError({"recipient": texts.RECIPIENT_NOT_ALLOWED})
    raise_date_order(
        process_dates.check_order({process_dates.CONSENT: given_on}, today=timezone.localdate()),
        fields={process_dates.CONSENT: "given_on"},
    )
    consent = Consent(
        person=person,
        holder=actor.organisation,
        recipient=recipient,
        purpose=purpose,
        categories=_clean_categories(categories),
        given_on=given_on,
        evidence_reference=evidence_reference.strip(),
        supersedes=supersedes,
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save(force_insert=True)
    return consent


@transaction.atomic
def consent_record(
    *,
    actor: User,
    person: Person,
    recipient: Organisation,
    purpose: str,
    categories: Iterable[str],
    given_on: datetime.date,
    evidence_reference: str,
) -> Consent:
    """Record the person's consent that the actor's organisation may pass the chosen
    categories of information to ``recipient`` for ``purpose`` (CO-1).

    Only an organisation that holds a case of the person records it, and the recipient is
    another organisation, never a private person.
    """
    _require_consent_role(actor)
    consent = _new_consent(
        actor=actor,
        person=person,
        recipient=recipient,
        purpose=purpose,
        categories=categories,
        given_on=given_on,
        evidence_reference=evidence_reference,
        supersedes=None,
    )
    audit_record(
        actor=actor,
        action="consent_create",
        object_type=_CONSENT,
        object_uuid=consent.uuid,
        payload=_consent_payload(consent),
    )
    return consent


@transaction.atomic
def consent_supersede(
    *,
    actor: User,
    consent: Consent,
    purpose: str,
    categories: Iterable[str],
    given_on: datetime.date,
    evidence_reference: str,
) -> Consent:
    """Replace an active consent by a new record for the same person and recipient; the old
    record stays as it was, linked from the new one (CO-5)."""
    _require_consent_role(actor)
    locked = _lock_active(consent)
    if locked.holder_id != actor.organisation_id:
        raise PermissionDenied
    new = _new_consent(
        actor=actor,
        person=locked.person,
        recipient=locked.recipient,
        purpose=purpose,
        categories=categories,
        given_on=given_on,
        evidence_reference=evidence_reference,
        supersedes=locked,
    )
    audit_record(
        actor=actor,
        action="consent_supersede",
        object_type=_CONSENT,
        object_uuid=new.uuid,
        payload={**_consent_payload(new), "supersedes": str(locked.uuid)},
    )
    return new


@transaction.atomic
def consent_withdraw(
    *, actor: User, consent: Consent, withdrawn_on: datetime.date
) -> ConsentWithdrawal:
    """The person withdrew the consent (CO-3, GDPR Art. 7(3)).

    The recipient loses access on its next request, since every access check reads the
    active consents; its users are told which case is no longer shared, and nothing else.
    """
    _require_consent_role(actor)
    locked = _lock_active(consent)
    if locked.holder_id != actor.organisation_id:
        raise PermissionDenied
    _not_in_future("withdrawn_on", withdrawn_on)
    if withdrawn_on < locked.given_on:
        raise ValidationError({"withdrawn_on": texts.WITHDRAWAL_BEFORE_CONSENT})
    withdrawal = ConsentWithdrawal(consent=locked, withdrawn_on=withdrawn_on, recorded_by=actor)
    withdrawal.full_clean()
    withdrawal.save(force_insert=True)
    audit_record(
        actor=actor,
        action="consent_withdraw",
        object_type=_CONSENT,
        object_uuid=locked.uuid,
        payload={"withdrawn_on": withdrawn_on.isoformat(), "recipient": str(locked.recipient.uuid)},
    )
    case = _holder_case(person=locked.person, organisation=locked.holder)
    notifications_send_to_organisation(
        organisation=locked.recipient,
        roles=CONSENT_ROLES,
        kind=NotificationKind.CONSENT_WITHDRAWN,
        case_code=case.code if case is not None else "",
        # The case is no longer theirs to open: the note leads to what is still shared.
        target_path=reverse("consent:shared_list"),
    )
    return withdrawal


# Referrals


@transaction.atomic
def referral_send(
    *, actor: User, case: Case, recipient: Organisation, consent: Consent
) -> Referral:
    """Refer the actor's case to ``recipient``. Refused unless ``consent`` is active, is the
    person's, names this recipient and is for referral (CO-1); the database refuses any
    referral without a consent at all (a non-null foreign key)."""
    _require_consent_role(actor)
    if case.organisation_id != actor.organisation_id:
        raise PermissionDenied
    if case.status != CaseStatus.OPEN:
        raise ValidationError(texts.CASE_NOT_OPEN)
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if not (
        active_consents().filter(pk=locked.pk).exists()
        and locked.person_id == case.person_id
        and locked.holder_id == case.organisation_id
        and locked.recipient_id == recipient.pk
        and locked.purpose == ConsentPurpose.REFERRAL
    ):
        raise ValidationError(texts.REFERRAL_NEEDS_CONSENT)
    if Referral.objects.filter(case=case, recipient=recipient, status=ReferralStatus.SENT).exists():
        raise ValidationError(texts.REFERRAL_ALREADY_SENT)
    # The referral is sent today, on a consent given by then.
    today = timezone.localdate()
    raise_date_order(
        process_dates.check_order(
            {process_dates.CONSENT: locked.given_on, process_dates.REFERRAL_SENT: today},
            today=today,
        ),
        fields={process_dates.REFERRAL_SENT: None},
    )
    referral = Referral(case=case, recipient=recipient, consent=locked, sent_by=actor)
    referral.full_clean()
    referral.save(force_insert=True)
    audit_record(
        actor=actor,
        action="referral_send",
        object_type=_REFERRAL,
        object_uuid=referral.uuid,
        payload={
            "case": str(case.uuid),
            "recipient": str(recipient.uuid),
            "consent": str(locked.uuid),
        },
    )
    notifications_send_to_organisation(
        organisation=recipient,
        roles=CONSENT_ROLES,
        kind=NotificationKind.REFERRAL_RECEIVED,
        case_code=case.code,
        target_path=reverse("consent:referral_detail", args=[referral.uuid]),
    )
    return referral


def _decide(
    *,
    actor: User,
    referral: Referral,
    status: ReferralStatus,
    received_case: Case | None = None,
    decline_reason: str = "",
) -> Referral:
    now = timezone.now()
    today = timezone.localdate(now)
    raise_date_order(
        process_dates.check_order(
            {
                process_dates.REFERRAL_SENT: timezone.localdate(referral.sent_at),
                process_dates.REFERRAL_ANSWERED: today,
            },
            today=today,
        ),
        fields={process_dates.REFERRAL_ANSWERED: None},
    )
    updated = Referral.objects.filter(
        pk=referral.pk, version=referral.version, status=ReferralStatus.SENT
    ).update(
        status=status,
        decided_by=actor,
        decided_at=now,
        received_case=received_case,
        # A conditional update does not encrypt by itself.
        decline_reason=DECLINE_REASON.envelope_for(referral, decline_reason),
        version=F("version") + 1,
    )
    if updated != 1:
        raise ReferralConflictError
    referral.refresh_from_db()
    return referral


def _require_recipient_organisation(actor: User, referral: Referral) -> None:
    if not can_receive_referrals(actor):
        raise PermissionDenied
    if referral.recipient_id != actor.organisation_id:
        raise PermissionDenied


def _require_recipient(actor: User, referral: Referral) -> None:
    _require_recipient_organisation(actor, referral)
    if referral.status != ReferralStatus.SENT:
        raise ValidationError(texts.REFERRAL_ALREADY_DECIDED)


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral) -> Referral:
    """The recipient takes the referral: it opens its own case of the person, linked as the
    referral's ``received_case``. Refused if the consent was withdrawn in the meantime."""
    _require_recipient(actor, referral)
    if not active_consents().filter(pk=referral.consent_id).exists():
        raise ValidationError(texts.CONSENT_NOT_ACTIVE)
    sent_case = referral.case
    received = Case(
        person=sent_case.person,
        organisation=actor.organisation,
        contact_channel=ContactChannel.THIRD_PARTY,
        # The sender's organisation type is also the referral-source code for it
        # ("service_provider", "social_service").
        referral_source=sent_case.organisation.type,
        created_by=actor,
    )
    received.full_clean()
    received.save(force_insert=True)
    audit_record(
        actor=actor,
        action="case_create",
        object_type=_CASE,
        object_uuid=received.uuid,
        payload={"code": received.code, "referral": str(referral.uuid)},
    )
    referral = _decide(
        actor=actor, referral=referral, status=ReferralStatus.ACCEPTED, received_case=received
    )
    audit_record(
        actor=actor,
        action="referral_accept",
        object_type=_REFERRAL,
        object_uuid=referral.uuid,
        payload={"received_case": str(received.uuid)},
    )
    notifications_send_to_organisation(
        organisation=sent_case.organisation,
        roles=CONSENT_ROLES,
        kind=NotificationKind.REFERRAL_ACCEPTED,
        case_code=sent_case.code,
        target_path=reverse("consent:referral_sent"),
    )
    return referral


@transaction.atomic
def referral_decline(*, actor: User, referral: Referral, reason: str) -> Referral:
    """The recipient declines, with a reason the sender sees (kept out of the audit payload:
    free text may name the person)."""
    _require_recipient(actor, referral)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": texts.DECLINE_REASON_REQUIRED})
    if len(reason) > Referral._meta.get_field("decline_reason").max_length:  # type: ignore[operator]
        raise ValidationError({"reason": texts.DECLINE_REASON_REQUIRED})
    referral = _decide(
        actor=actor, referral=referral, status=ReferralStatus.DECLINED, decline_reason=reason
    )
    audit_record(
        actor=actor,
        action="referral_decline",
        object_type=_REFERRAL,
        object_uuid=referral.uuid,
        payload={"reason_length": len(reason)},
    )
    notifications_send_to_organisation(
        organisation=referral.case.organisation,
        roles=CONSENT_ROLES,
        kind=NotificationKind.REFERRAL_DECLINED,
        case_code=referral.case.code,
        target_path=reverse("consent:referral_sent"),
    )
    return referral


@dataclass(frozen=True)
class ReferralDisclosure:
    """What the referral's consent lets the recipient see of the referred case before it
    decides: the consent's categories that the policy grants, and the referring
    organisation's latest completed screening when the consent covers exploitation details
    (the screening tells what was done to the person: atbalsts.screening.access.READ)."""

    categories: list[str]
    screening: Screening | None
    can_see_health: bool


@transaction.atomic
def referral_disclosure_read(*, actor: User, referral: Referral) -> ReferralDisclosure:
    """What the referral's own consent shares with the actor's organisation, so that the
    person is not interviewed again (seed: information passes only with the person's
    consent). Nothing once that consent is withdrawn or replaced; never more than the policy
    grants through the consent (CO-2). A screening shown is audited as a sensitive read."""
    _require_recipient_organisation(actor, referral)
    consent = referral.consent
    if not active_consents().filter(pk=consent.pk).exists():
        return ReferralDisclosure(categories=[], screening=None, can_see_health=False)
    standing = case_standing(actor, referral.case)
    categories = [
        code
        for code in InformationCategory.values
        if code in consent.categories and standing.allows(CATEGORY_ACTIONS[code])
    ]
    can_see_health = InformationCategory.HEALTH in categories
    screening = None
    if InformationCategory.EXPLOITATION in categories:
        screening = (
            Screening.objects.filter(case=referral.case, status=ScreeningStatus.COMPLETED)
            .order_by("-assessed_on", "-created_at", "-pk")
            .first()
        )
    if screening is not None:
        screening.case = referral.case
        shown = [Action.VIEW_EXPLOITATION, *([Action.VIEW_HEALTH] if can_see_health else [])]
        audit_record(
            actor=actor,
            action="sensitive_read",
            object_type="screening",
            object_uuid=screening.uuid,
            purpose="consent",
            payload={
                "view": "referral_detail",
                "referral": str(referral.uuid),
                "shown": [str(action) for action in shown],
            },
        )
    return ReferralDisclosure(
        categories=categories, screening=screening, can_see_health=can_see_health
    )


def referral_outcome_notify(*, provider_case: Case, kind: NotificationKind) -> None:
    """Tell the social service that referred the person of ``provider_case`` that the
    commission gave its opinion or SIVA decided, by its own case code and nothing else;
    only while the person consents that the provider share with it (OUTCOME_PURPOSE).
    Called inside the deciding service's transaction: a rolled-back decision notifies
    nobody (docs/security.md RE-2)."""
    for referral in referrals_informed_of_outcome(provider_case=provider_case):
        notifications_send_to_organisation(
            organisation=referral.case.organisation,
            roles=CONSENT_ROLES,
            kind=kind,
            case_code=referral.case.code,
            target_path=reverse("cases:detail", args=[referral.case.uuid]),
        )


def referral_outcomes_read(*, actor: User, case: Case, standing: Standing) -> list[ReferralOutcome]:
    """For the referring social service's own case page: the outcome of each referral of the
    case at its provider, while the person's consent stands; each one shown is audited as a
    read of the provider's case through consent (LG-1)."""
    if Relation.OWN_ORGANISATION not in standing.relations or actor.role not in CONSENT_ROLES:
        return []
    outcomes = referral_outcomes(case=case)
    if outcomes:
        with transaction.atomic():
            for outcome in outcomes:
                audit_record(
                    actor=actor,
                    action="sensitive_read",
                    object_type=_CASE,
                    object_uuid=outcome.provider_case_uuid,
                    purpose="consent",
                    payload={"view": "case_detail", "shown": ["referral_outcome"]},
                )
    return outcomes


# Emergency override


@transaction.atomic
def emergency_access_open(*, actor: User, case: Case, reason: str) -> EmergencyAccess:
    """Open a case without consent for 24 hours, for an emergency or a legal duty (CO-4).

    Only a provider head, and only for a person the provider serves or was referred; the
    view demands a fresh re-authentication (SE-5) before calling this. Every
    data-protection officer is notified; the reason stays encrypted in the record and out
    of the audit payload.
    """
    if not can_override_consent(actor) or not emergency_access_reachable(
        organisation=actor.organisation, case=case
    ):
        raise PermissionDenied
    reason = reason.strip()
    if len(reason) < EMERGENCY_REASON_MIN_LENGTH:
        raise ValidationError({"reason": texts.EMERGENCY_REASON_TOO_SHORT})
    if case.organisation_id == actor.organisation_id:
        raise ValidationError(texts.EMERGENCY_NOT_NEEDED)
    access = EmergencyAccess(
        case=case, organisation=actor.organisation, granted_to=actor, reason=reason
    )
    access.full_clean()
    access.save(force_insert=True)
    audit_record(
        actor=actor,
        action="consent_override",
        object_type=_CASE,
        object_uuid=case.uuid,
        purpose="emergency",
        payload={
            "emergency_access": str(access.uuid),
            "expires_at": access.expires_at.isoformat(),
            "reason_length": len(reason),
        },
    )
    officers = User.objects.filter(role=Role.DATA_PROTECTION_OFFICER, is_active=True)
    notifications_send(
        users=officers,
        kind=NotificationKind.EMERGENCY_ACCESS,
        case_code=case.code,
        target_path=reverse("audit:object_events", args=[case.uuid]),
    )
    return access


@transaction.atomic
def shared_case_read(*, actor: User, case: Case, categories: list[str]) -> None:
    """Audit a read of another organisation's case through consent (LG-1): which case and
    which categories were shown, never the values."""
    audit_record(
        actor=actor,
        action="sensitive_read",
        object_type=_CASE,
        object_uuid=case.uuid,
        purpose="consent",
        payload={"categories": categories},
    )
