from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.core.fields import EncryptedTextField
from atbalsts.core.protection import Protection


class ImmutableRecordError(Exception):
    """Consent records are superseded or withdrawn by new records, never edited."""


class InformationCategory(models.TextChoices):
    """What a consent lets the recipient see (docs/security.md AZ-5 field groups, CO-2)."""

    IDENTITY = "identity", _("Identity (name, personal code, date of birth)")
    CONTACT = "contact", _("Contact details (address, phone, e-mail)")
    LOCATION = "location", _("Current shelter location")
    HEALTH = "health", _("Health and psychological problems")
    EXPLOITATION = "exploitation", _("Exploitation details")
    CRIMINAL_PROCEEDINGS = "criminal_proceedings", _("Criminal proceedings")
    SERVICES = "services", _("Services received and progress")


class ConsentPurpose(models.TextChoices):
    """Why information may pass (seed: referral, cooperation during the course, takeover)."""

    REFERRAL = "referral", _("Referral to the state-funded social rehabilitation service")
    COURSE_COOPERATION = "course_cooperation", _("Social service support during the course")
    CASE_TAKEOVER = "case_takeover", _("Social service takes the case over after the course")
    INFORMATION_REQUEST = "information_request", _("Reply to a written information request")


class _AppendOnly(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableRecordError(f"{self._meta.label} records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ImmutableRecordError(f"{self._meta.label} records cannot be deleted.")


class Consent(_AppendOnly):
    """The person's consent that one organisation's information about them may reach another.

    Append-only (docs/security.md CO-5): a change is a new consent that ``supersedes`` this one;
    a withdrawal is a :class:`ConsentWithdrawal`. A consent is active while neither exists.
    Consent is given to a named organisation, never to a private person (threat T1).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="consents")
    holder = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="consents_held",
        verbose_name=_("organisation that holds the information"),
    )
    recipient = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="consents_received",
        verbose_name=_("recipient organisation"),
    )
    purpose = models.CharField(_("purpose"), max_length=32, choices=ConsentPurpose.choices)
    categories = models.JSONField(_("categories of information"), default=list)
    given_on = models.DateField(_("given on"))
    # Free text: a register number, sometimes the person's name on a file.
    evidence_reference = EncryptedTextField(_("signed form reference"), max_length=120, blank=False)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "person": Protection.P2_PERSONAL,
        "holder": Protection.P1_INTERNAL,
        "recipient": Protection.P2_PERSONAL,
        "purpose": Protection.P2_PERSONAL,
        "categories": Protection.P2_PERSONAL,
        "given_on": Protection.P2_PERSONAL,
        "evidence_reference": Protection.P3_SPECIAL,
        "supersedes": Protection.P1_INTERNAL,
        "recorded_by": Protection.P1_INTERNAL,
        "recorded_at": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["recipient", "person"], name="consent_recipient_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(holder=models.F("recipient")),
                name="consent_recipient_is_another_organisation",
            ),
            # An empty reference is stored as NULL (atbalsts/core/fields.py).
            models.CheckConstraint(
                condition=models.Q(evidence_reference__isnull=False), name="consent_has_evidence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} → {self.recipient_id}"

    @property
    def category_labels(self) -> list[str]:
        """The categories in the reader's language, in the order of the list."""
        return [
            str(category.label)
            for category in InformationCategory
            if category.value in self.categories
        ]


class ConsentWithdrawal(_AppendOnly):
    """The person withdrew a consent: the recipient loses access on its next request (CO-3)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consent = models.OneToOneField(Consent, on_delete=models.PROTECT, related_name="withdrawal")
    withdrawn_on = models.DateField(_("withdrawn on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "consent": Protection.P1_INTERNAL,
        "withdrawn_on": Protection.P2_PERSONAL,
        "recorded_by": Protection.P1_INTERNAL,
        "recorded_at": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("consent withdrawal")
        verbose_name_plural = _("consent withdrawals")

    def __str__(self) -> str:
        return f"withdrawal of {self.consent_id}"


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Referral(models.Model):
    """A case passed to another organisation. It cannot exist without a consent (CO-1):
    ``consent`` is a non-null foreign key, so even a raw insert without one fails."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="referrals_sent")
    recipient = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="referrals_received"
    )
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(
        max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Free text written by the receiving provider about the person.
    decline_reason = EncryptedTextField(max_length=500)
    received_case = models.OneToOneField(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referral_received",
    )
    version = models.PositiveIntegerField(default=1)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "case": Protection.P2_PERSONAL,
        "recipient": Protection.P2_PERSONAL,
        "consent": Protection.P2_PERSONAL,
        "status": Protection.P1_INTERNAL,
        "sent_by": Protection.P1_INTERNAL,
        "sent_at": Protection.P1_INTERNAL,
        "decided_by": Protection.P1_INTERNAL,
        "decided_at": Protection.P1_INTERNAL,
        "decline_reason": Protection.P3_SPECIAL,
        "received_case": Protection.P1_INTERNAL,
        "version": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"referral {self.uuid}"


EMERGENCY_ACCESS_DURATION = timedelta(hours=24)
EMERGENCY_REASON_MIN_LENGTH = 20


def _emergency_access_expiry() -> datetime:
    return timezone.now() + EMERGENCY_ACCESS_DURATION


class EmergencyAccess(_AppendOnly):
    """A provider head opened a case without consent, for an emergency or a legal duty (CO-4).

    Granted to one user for 24 hours, with a written reason, after a fresh re-authentication;
    every data-protection officer is notified. Append-only: it simply expires.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="emergency_accesses"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    granted_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Free text may name the person or their situation: encrypted like case notes.
    reason = EncryptedTextField(_("reason"))
    granted_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(default=_emergency_access_expiry, editable=False)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "case": Protection.P2_PERSONAL,
        "organisation": Protection.P1_INTERNAL,
        "granted_to": Protection.P1_INTERNAL,
        "reason": Protection.P3_SPECIAL,
        "granted_at": Protection.P1_INTERNAL,
        "expires_at": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-granted_at"]
        indexes = [
            models.Index(fields=["granted_to", "expires_at"], name="emergency_access_user_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("granted_at")),
                name="emergency_access_expires_after_grant",
            )
        ]

    def __str__(self) -> str:
        return f"emergency access {self.uuid}"
