from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.core.fields import EncryptedTextField
from atbalsts.core.protection import Protection
from atbalsts.core.references import new_reference


def new_case_code() -> str:
    return new_reference("AT")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ArrivalStage(models.TextChoices):
    """catalogue.yaml ``arrival_stages``: when the person reached the service."""

    BEFORE_COURSE = "before_course", _("Before the state-funded course")
    DURING_COURSE = "during_course", _("During the state-funded course")
    AFTER_COURSE = "after_course", _("After the state-funded course")


class ContactChannel(models.TextChoices):
    """catalogue.yaml ``contact_channels``."""

    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    ELECTRONIC = "electronic", _("Electronically")
    THIRD_PARTY = "third_party", _("Brought by a third party")


class ReferralSource(models.TextChoices):
    """Who brought the person to the organisation: the first-contact bodies of the seed
    (docs/domain.md "Actors"; seed's partner directory) and the person themself."""

    SELF = "self", _("The person themself")
    FAMILY = "family", _("Family member or acquaintance")
    STATE_POLICE = "state_police", _("State Police")
    BORDER_GUARD = "border_guard", _("State Border Guard")
    ORPHANS_COURT = "orphans_court", _("Orphans' court")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("State Labour Inspectorate")
    CONSULAR = "consular", _("Consular official")
    HOSPITAL = "hospital", _("Hospital or medical institution")
    NGO = "ngo", _("Non-governmental organisation")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    SOCIAL_SERVICE = "social_service", _("Another social service")
    OTHER = "other", _("Other")


class ClosureReason(models.TextChoices):
    """Why the case ended (seed case step 4 "evaluation, closure or continuation")."""

    GOALS_REACHED = "goals_reached", _("The plan's goals were reached")
    TAKEN_OVER = "taken_over", _("Another organisation took the case over")
    PERSON_DECLINED = "person_declined", _("The person no longer wants support")
    MOVED_AWAY = "moved_away", _("The person moved away or cannot be reached")
    OTHER = "other", _("Other")


class Case(models.Model):
    """One organisation's case of one person.

    The social service and the provider each keep their own case of the same person; what
    one may see of the other's is decided by consent (atbalsts/consent), never by default.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(max_length=16, unique=True, default=new_case_code, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    arrival_stage = models.CharField(
        _("arrival stage"), max_length=20, choices=ArrivalStage.choices, blank=True
    )
    contact_channel = models.CharField(
        _("contact channel"), max_length=20, choices=ContactChannel.choices, blank=True
    )
    referral_source = models.CharField(
        _("referred by"), max_length=40, choices=ReferralSource.choices, blank=True
    )
    is_high_risk = models.BooleanField(_("high risk: do not disclose location"), default=False)
    notes = EncryptedTextField(_("notes"))
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(
        _("closure reason"), max_length=40, choices=ClosureReason.choices, blank=True
    )
    retention_until = models.DateField(_("keep until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "code": Protection.P1_INTERNAL,
        "person": Protection.P2_PERSONAL,
        "organisation": Protection.P1_INTERNAL,
        "status": Protection.P1_INTERNAL,
        "arrival_stage": Protection.P2_PERSONAL,
        "contact_channel": Protection.P2_PERSONAL,
        "referral_source": Protection.P2_PERSONAL,
        "is_high_risk": Protection.P2_PERSONAL,
        "notes": Protection.P3_SPECIAL,
        "opened_on": Protection.P2_PERSONAL,
        "closed_on": Protection.P2_PERSONAL,
        "closure_reason": Protection.P2_PERSONAL,
        "retention_until": Protection.P1_INTERNAL,
        "created_by": Protection.P1_INTERNAL,
        "created_at": Protection.P1_INTERNAL,
        "updated_at": Protection.P1_INTERNAL,
        "version": Protection.P1_INTERNAL,
        "anonymised_at": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-created_at"]
        indexes = [
            models.Index(
                fields=["organisation", "status", "-opened_on"], name="case_org_status_idx"
            ),
            # The case list's order, with and without its status filter: the page is read
            # from the index and stops at its last row instead of sorting every visible
            # case. The included columns answer the visibility check without the table
            # (PostgreSQL; SQLite has no covering indexes and ignores them).
            models.Index(
                fields=["status", "-opened_on", "-created_at", "id"],
                include=["organisation", "person"],
                name="case_list_status_order_idx",
            ),
            models.Index(
                fields=["-opened_on", "-created_at", "id"],
                include=["organisation", "person"],
                name="case_list_order_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.code
