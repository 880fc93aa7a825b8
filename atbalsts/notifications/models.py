"""In-app notifications: short notes to a user that something happened.

A notification never carries case data (docs/security.md CO-3, AU-8): only its kind and, where
needed, the pseudonymous case code. The text is chosen by kind when the page is shown, in the
reader's language.
"""

from __future__ import annotations

import re
import uuid
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from atbalsts.core.protection import Protection


class NotificationKind(models.TextChoices):
    REFERRAL_RECEIVED = "referral_received", _("Referral received")
    REFERRAL_ACCEPTED = "referral_accepted", _("Referral accepted")
    REFERRAL_DECLINED = "referral_declined", _("Referral declined")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    EMERGENCY_ACCESS = "emergency_access", _("Emergency access opened")
    SUBMISSION_RECEIVED = "submission_received", _("Documents submitted to SIVA")
    AGENCY_GRANTED = "agency_granted", _("SIVA granted the service")
    AGENCY_WAITING_LIST = "agency_waiting_list", _("SIVA put the person on the waiting list")
    AGENCY_REFUSED = "agency_refused", _("SIVA refused the service")
    INFORMATION_REQUESTED = "information_requested", _("Written information request")
    INFORMATION_ANSWERED = "information_answered", _("Information request answered")
    CASE_TAKEN_OVER = "case_taken_over", _("Case taken over by the social service")
    REFERRED_COMMISSION_OPINION = (
        "referred_commission_opinion",
        _("The commission gave its opinion on a person you referred"),
    )
    REFERRED_AGENCY_DECISION = (
        "referred_agency_decision",
        _("SIVA decided on a person you referred"),
    )


# One sentence per kind, filled with the pseudonymous case code only.
MESSAGES: dict[str, Promise] = {
    NotificationKind.REFERRAL_RECEIVED: _(
        "A referral was sent to your organisation: case %(code)s. Open the referrals to "
        "accept or decline it."
    ),
    NotificationKind.REFERRAL_ACCEPTED: _("Your referral of case %(code)s was accepted."),
    NotificationKind.REFERRAL_DECLINED: _("Your referral of case %(code)s was declined."),
    NotificationKind.CONSENT_WITHDRAWN: _(
        "A consent was withdrawn; case %(code)s is no longer shared with you."
    ),
    NotificationKind.EMERGENCY_ACCESS: _(
        "Emergency access without consent was opened to case %(code)s. Review it in the "
        "audit trail."
    ),
    NotificationKind.SUBMISSION_RECEIVED: _(
        "A service provider submitted the documents of case %(code)s to SIVA. Record the day "
        "they were received and decide on the service."
    ),
    NotificationKind.AGENCY_GRANTED: _(
        "SIVA granted the social rehabilitation service for case %(code)s: the course may start."
    ),
    NotificationKind.AGENCY_WAITING_LIST: _(
        "SIVA put the person of case %(code)s on the waiting list for the service."
    ),
    NotificationKind.AGENCY_REFUSED: _(
        "SIVA refused the social rehabilitation service for case %(code)s."
    ),
    NotificationKind.INFORMATION_REQUESTED: _(
        "A social service asked in writing about case %(code)s. Open the information "
        "requests to answer it."
    ),
    NotificationKind.INFORMATION_ANSWERED: _(
        "The service provider answered your written information request about case %(code)s."
    ),
    NotificationKind.CASE_TAKEN_OVER: _(
        "A municipal social service took over case %(code)s with the person's consent and "
        "began its case management."
    ),
    # To the social service that referred the person, by its own case code; the outcome is
    # shown on its case page only while the person's consent stands (atbalsts.consent).
    NotificationKind.REFERRED_COMMISSION_OPINION: _(
        "The service provider's specialist commission gave its opinion on the person of your "
        "case %(code)s. Open the case to see the outcome."
    ),
    NotificationKind.REFERRED_AGENCY_DECISION: _(
        "SIVA decided on the social rehabilitation service for the person of your case "
        "%(code)s. Open the case to see the decision."
    ),
}


# A page of the product, by path only: slugs and UUIDs between slashes. No scheme, host,
# query or fragment, so the link cannot leave the site and cannot carry typed-in case data.
_SITE_PATH = re.compile(r"/(?:[A-Za-z0-9_-]+/)*")


def validate_site_path(value: str) -> None:
    """``value`` is a path of one of the product's own pages (docs/security.md CO-3)."""
    if not _SITE_PATH.fullmatch(value):
        raise ValidationError(_("Enter a path of a page of Atbalsts."), code="invalid_path")
    try:
        resolve(value)
    except Resolver404:
        raise ValidationError(
            _("Enter a path of a page of Atbalsts."), code="invalid_path"
        ) from None


class Notification(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    case_code = models.CharField(max_length=16, blank=True)
    # The page the note is about, for its recipient; blank for notes written before links.
    target_path = models.CharField(max_length=200, blank=True, validators=[validate_site_path])
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "recipient": Protection.P1_INTERNAL,
        "kind": Protection.P1_INTERNAL,
        "case_code": Protection.P1_INTERNAL,
        "target_path": Protection.P1_INTERNAL,
        "created_at": Protection.P1_INTERNAL,
        "read_at": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.uuid}"

    @property
    def message(self) -> str:
        return str(MESSAGES[self.kind]) % {"code": self.case_code}

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
