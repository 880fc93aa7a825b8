"""Reads of consents, referrals and emergency accesses.

``emergency_access_active`` and ``emergency_case_ids`` are what the case access relations
use for the ``emergency_override`` relation; ``consented_case_ids`` for ``consented``.
Everything is computed from the rows on each call: a withdrawal or an expiry takes effect on
the next request (docs/security.md AZ-8).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from atbalsts.accounts.models import Organisation, OrganisationType, User
from atbalsts.agency.models import AgencySubmission, SubmissionStatus
from atbalsts.cases.models import Case
from atbalsts.consent.models import (
    Consent,
    ConsentPurpose,
    EmergencyAccess,
    Referral,
    ReferralStatus,
)
from atbalsts.identification.models import Commission, CommissionStatus
from atbalsts.people.models import Person

_ACTIVE = Q(withdrawal__isnull=True, superseded_by__isnull=True)


def active_consents(
    *, person: Person | None = None, recipient: Organisation | None = None
) -> QuerySet[Consent]:
    """Consents neither withdrawn nor superseded, optionally of one person or recipient."""
    consents = Consent.objects.filter(_ACTIVE)
    if person is not None:
        consents = consents.filter(person=person)
    if recipient is not None:
        consents = consents.filter(recipient=recipient)
    return consents


def consent_is_active(consent: Consent) -> bool:
    return active_consents().filter(pk=consent.pk).exists()


def consent_history(actor: User, person: Person) -> QuerySet[Consent]:
    """Every consent the actor's organisation recorded for ``person``: active first, then
    newest first, with the recipient and the withdrawal fetched in the same query."""
    return (
        Consent.objects.filter(person=person, holder=actor.organisation)
        .select_related("recipient", "withdrawal", "superseded_by", "recorded_by")
        .annotate(
            is_active_now=ExpressionWrapper(_ACTIVE, output_field=BooleanField()),
        )
        .order_by("-is_active_now", "-recorded_at", "-pk")
    )


def holder_cases(actor: User, person: Person) -> QuerySet[Case]:
    """The actor's organisation's cases of the person, newest first: the consents it holds
    are given for them, and the consent page leads back to them."""
    return (
        Case.objects.filter(person=person, organisation_id=actor.organisation_id)
        .only("uuid", "code", "status", "opened_on")
        .order_by("-opened_on", "-created_at", "pk")
    )


def consented_case_ids(*, organisation: Organisation) -> QuerySet[Case, int]:
    """Ids of other organisations' cases whose person consented to share with
    ``organisation`` (the ``consented`` relation); only the consenting holder's cases."""
    consents = active_consents(recipient=organisation).filter(
        person=OuterRef("person"), holder=OuterRef("organisation")
    )
    return Case.objects.filter(Exists(consents)).values_list("pk", flat=True)


def _consents_sharing_case(organisation: Organisation) -> QuerySet[Consent]:
    """Active consents, to ``organisation``, of the outer case's person and keeper."""
    return active_consents(recipient=organisation).filter(
        person=OuterRef("person"), holder=OuterRef("organisation")
    )


def cases_shared_with(
    *,
    actor: User,
    holder: Organisation | None = None,
    purpose: str = "",
    code: str = "",
) -> QuerySet[Case]:
    """Other organisations' cases shared with the actor's by an active consent of the
    person (the ``consented`` relation, CO-2), the most recently shared first.

    Each case carries ``shared_since`` (the earliest consent still active) and
    ``latest_purpose`` (the purpose of the newest one), read in the same query.
    """
    consents = _consents_sharing_case(actor.organisation)
    cases = (
        Case.objects.filter(Exists(consents))
        .exclude(organisation=actor.organisation)
        .select_related("organisation")
        .annotate(
            shared_since=Subquery(consents.order_by("given_on", "pk").values("given_on")[:1]),
            latest_purpose=Subquery(consents.order_by("-given_on", "-pk").values("purpose")[:1]),
        )
    )
    if holder is not None:
        cases = cases.filter(organisation=holder)
    if purpose:
        cases = cases.filter(Exists(consents.filter(purpose=purpose)))
    if code:
        cases = cases.filter(code__iexact=code.strip())
    return cases.only(
        "uuid", "code", "status", "person_id", "organisation__name", "organisation__uuid"
    ).order_by("-shared_since", "code")


def shared_case_holders(*, actor: User) -> QuerySet[Organisation]:
    """The organisations that share at least one case with the actor's: the filter's list."""
    holders = active_consents(recipient=actor.organisation).values("holder_id")
    return Organisation.objects.filter(pk__in=holders).order_by("name", "pk")


def emergency_accesses_active(
    *, user: User, now: datetime.datetime | None = None
) -> QuerySet[EmergencyAccess]:
    return EmergencyAccess.objects.filter(granted_to=user, expires_at__gt=now or timezone.now())


def emergency_access_active(
    *, user: User, case: Case, now: datetime.datetime | None = None
) -> bool:
    """True while ``user`` holds an unexpired emergency access to ``case`` (CO-4)."""
    return emergency_accesses_active(user=user, now=now).filter(case=case).exists()


def emergency_case_ids(
    *, user: User, now: datetime.datetime | None = None
) -> QuerySet[EmergencyAccess, int]:
    """Ids of the cases ``user`` may open now through an emergency access."""
    return emergency_accesses_active(user=user, now=now).values_list("case_id", flat=True)


def emergency_access_reachable(*, organisation: Organisation, case: Case) -> bool:
    """May a head of ``organisation`` open ``case`` by emergency access at all (CO-4)?

    Only for a person the provider already serves (it keeps a case of them) or was
    referred (a referral of one of the person's cases was sent to it, whatever became of
    it): the override reaches a person the provider knows, never any case in the country.
    """
    serves = Case.objects.filter(person_id=case.person_id, organisation=organisation)
    referred = Referral.objects.filter(case__person_id=case.person_id, recipient=organisation)
    return serves.exists() or referred.exists()


def emergency_case_scope(user: User) -> Q:
    """The cases ``user`` holds an unexpired emergency access to, as a condition over Case:
    the ``emergency_override`` relation of atbalsts.cases.access."""
    return Q(Exists(emergency_accesses_active(user=user).filter(case_id=OuterRef("pk"))))


def emergency_person_scope(user: User) -> Q:
    """The people one of whose cases ``user`` may open by emergency access, over Person."""
    return Q(Exists(emergency_accesses_active(user=user).filter(case__person_id=OuterRef("pk"))))


def referral_inbox(*, actor: User, status: str = "") -> QuerySet[Referral]:
    """Referrals sent to the actor's organisation, newest first, optionally by status."""
    referrals = Referral.objects.filter(recipient=actor.organisation).select_related(
        "case", "case__organisation", "received_case"
    )
    if status:
        referrals = referrals.filter(status=status)
    return referrals.order_by("-sent_at", "-pk")


def referrals_sent(*, actor: User, status: str = "") -> QuerySet[Referral]:
    """Referrals the actor's organisation sent, with their outcome."""
    referrals = Referral.objects.filter(case__organisation=actor.organisation).select_related(
        "case", "recipient"
    )
    if status:
        referrals = referrals.filter(status=status)
    return referrals.order_by("-sent_at", "-pk")


def consent_recipients(*, actor: User) -> QuerySet[Organisation]:
    """The organisations a consent may name: the other active case-keeping organisations."""
    return (
        Organisation.objects.filter(
            is_active=True,
            type__in=[OrganisationType.SOCIAL_SERVICE, OrganisationType.SERVICE_PROVIDER],
        )
        .exclude(pk=actor.organisation_id)
        .order_by("name", "pk")
    )


def referral_consents(*, actor: User, case: Case) -> QuerySet[Consent]:
    """The active consents to referral that the actor's organisation holds for the case's
    person: one per organisation the case may be referred to."""
    return (
        active_consents(person=case.person)
        .filter(holder=actor.organisation, purpose=ConsentPurpose.REFERRAL)
        .select_related("recipient")
        .order_by("recipient__name", "pk")
    )


# The outcome at the provider reaches the social service that referred the person only with
# the person's consent that the provider share with it during the service (seed, last
# chapter: "Ja klients ir piekritis sociālā dienesta iesaistei pakalpojuma sniegšanas laikā,
# tad pakalpojumu sniedzējs ... sadarbojas ar klienta pašvaldības sociālo dienestu, nodrošinot
# informācijas apmaiņu"). No purpose names the outcome itself; cooperation during the course
# is the one for sharing with the social service while the provider works on the case.
OUTCOME_PURPOSE = ConsentPurpose.COURSE_COOPERATION


def referrals_informed_of_outcome(*, provider_case: Case) -> QuerySet[Referral]:
    """The accepted referral that opened ``provider_case``, when a social service sent it and
    the person consents that the provider share with that service (at most one: a case is
    opened by one referral)."""
    consents = active_consents().filter(
        purpose=OUTCOME_PURPOSE,
        person_id=provider_case.person_id,
        holder_id=provider_case.organisation_id,
        recipient_id=OuterRef("case__organisation_id"),
    )
    return (
        Referral.objects.filter(
            received_case=provider_case,
            status=ReferralStatus.ACCEPTED,
            case__organisation__type=OrganisationType.SOCIAL_SERVICE,
        )
        .filter(Exists(consents))
        .select_related("case", "case__organisation")
    )


@dataclass(frozen=True)
class ReferralOutcome:
    """What the referring social service may know of its referral's outcome: whether the
    provider's commission recognised the person, and SIVA's decision, each with its date."""

    provider_name: str
    provider_case_uuid: uuid.UUID
    opinion: str
    opinion_on: datetime.date | None
    agency_decision: str
    agency_decided_at: datetime.datetime | None

    @property
    def opinion_label(self) -> str:
        return str(CommissionStatus(self.opinion).label) if self.opinion else ""

    @property
    def agency_decision_label(self) -> str:
        return str(SubmissionStatus(self.agency_decision).label) if self.agency_decision else ""


def referral_outcomes(*, case: Case) -> list[ReferralOutcome]:
    """The outcomes of the social service's accepted referrals of ``case`` (its own case,
    authorised by the caller) while the person's consent to share them stands, in one query:
    a withdrawal hides them on the next request (CO-3)."""
    consents = active_consents().filter(
        purpose=OUTCOME_PURPOSE,
        person_id=OuterRef("case__person_id"),
        holder_id=OuterRef("recipient_id"),
        recipient_id=OuterRef("case__organisation_id"),
    )
    opinions = (
        Commission.objects.filter(case_id=OuterRef("received_case_id"))
        .exclude(status=CommissionStatus.CONVENED)
        .order_by("-decided_at", "-pk")
    )
    decisions = AgencySubmission.objects.filter(
        case_id=OuterRef("received_case_id"), decided_at__isnull=False
    ).order_by("-decided_at", "-pk")
    rows = (
        Referral.objects.filter(
            case=case,
            status=ReferralStatus.ACCEPTED,
            received_case__isnull=False,
            case__organisation__type=OrganisationType.SOCIAL_SERVICE,
        )
        .filter(Exists(consents))
        .annotate(
            opinion=Subquery(opinions.values("status")[:1]),
            opinion_on=Subquery(opinions.values("meeting_on")[:1]),
            agency_decision=Subquery(decisions.values("status")[:1]),
            agency_decided_at=Subquery(decisions.values("decided_at")[:1]),
        )
        .select_related("recipient", "received_case")
        .order_by("-sent_at", "-pk")
    )
    return [
        ReferralOutcome(
            provider_name=row.recipient.name,
            # received_case is set on every accepted referral (the filter asks for it).
            provider_case_uuid=row.received_case.uuid,  # type: ignore[union-attr]
            opinion=getattr(row, "opinion", None) or "",
            opinion_on=getattr(row, "opinion_on", None),
            agency_decision=getattr(row, "agency_decision", None) or "",
            agency_decided_at=getattr(row, "agency_decided_at", None),
        )
        for row in rows
    ]
