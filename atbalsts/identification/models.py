"""Recognition of a person as a victim and the specialist commission that assesses them
(seed §"Cilvēku tirdzniecības upura identificēšana", §"Speciālistu komisijas darbs";
Cabinet Regulation No. 889 annex 2)."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.core.fields import (
    EncryptedBooleanField,
    EncryptedCodesField,
    EncryptedDateField,
    EncryptedTextField,
)
from atbalsts.core.protection import Protection


class IdentificationBasis(models.TextChoices):
    """catalogue.yaml ``identification_bases``."""

    CRIMINAL_PROCEEDINGS_DECISION = (
        "criminal_proceedings_decision",
        _("Decision of the person directing criminal proceedings or a law-enforcement certificate"),
    )
    FOREIGN_LAW_ENFORCEMENT_CERTIFICATE = (
        "foreign_law_enforcement_certificate",
        _("Foreign law-enforcement certificate that criminal proceedings were started"),
    )
    COMMISSION_OPINION = "commission_opinion", _("Opinion of the provider's specialist commission")


class ProceedingsStatus(models.TextChoices):
    """The person's status in the criminal proceedings (first basis)."""

    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness (the person does not want victim status)")


class InterviewMode(models.TextChoices):
    """atbalsts.rules.commission.INTERVIEW_MODES."""

    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Remotely (the person is abroad)")
    DOCUMENTS_ONLY = "documents_only", _("On the documents alone (the person is abroad)")


class CommissionRole(models.TextChoices):
    """catalogue.yaml ``commission_required_roles`` and others invited when needed."""

    SOCIAL_WORKER = "social_worker", _("Social worker")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    LAWYER = "lawyer", _("Lawyer")
    POLICE_OFFICIAL = "police_official", _("State Police official")
    OTHER = "other", _("Other specialist")


class CommissionStatus(models.TextChoices):
    CONVENED = "convened", _("Convened")
    RECOGNISED = "recognised", _("Recognised as a victim")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")


# The commission's workflow: status -> the statuses it may move to. An opinion is final.
COMMISSION_TRANSITIONS: dict[str, frozenset[str]] = {
    CommissionStatus.CONVENED: frozenset(
        {CommissionStatus.RECOGNISED, CommissionStatus.NOT_RECOGNISED}
    ),
    CommissionStatus.RECOGNISED: frozenset(),
    CommissionStatus.NOT_RECOGNISED: frozenset(),
}


def can_transition(current: str, new: str) -> bool:
    return new in COMMISSION_TRANSITIONS.get(current, frozenset())


class Commission(models.Model):
    """The provider's specialist commission on one case."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="commissions")
    meeting_on = models.DateField(_("meeting date"))
    # Where the person is, even only "abroad", is locating data.
    is_person_abroad = EncryptedBooleanField(_("the person is abroad"), default=False)
    interview_mode = models.CharField(_("interview"), max_length=20, choices=InterviewMode.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CommissionStatus.choices,
        default=CommissionStatus.CONVENED,
    )
    criteria = EncryptedCodesField(_("criteria found"))
    justification = EncryptedTextField(_("justification"))
    # Free text: whatever the provider numbers its protocols by, sometimes with a name in it.
    protocol_number = EncryptedTextField(_("protocol number"), max_length=40)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "case": Protection.P2_PERSONAL,
        "meeting_on": Protection.P2_PERSONAL,
        "is_person_abroad": Protection.P3_SPECIAL,
        "interview_mode": Protection.P2_PERSONAL,
        "status": Protection.P2_PERSONAL,
        "criteria": Protection.P3_SPECIAL,
        "justification": Protection.P3_SPECIAL,
        "protocol_number": Protection.P3_SPECIAL,
        "decided_by": Protection.P1_INTERNAL,
        "decided_at": Protection.P1_INTERNAL,
        "created_by": Protection.P1_INTERNAL,
        "created_at": Protection.P1_INTERNAL,
        "version": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("specialist commission")
        verbose_name_plural = _("specialist commissions")
        ordering = ["-meeting_on", "-created_at"]

    def __str__(self) -> str:
        return f"commission {self.uuid}"

    @property
    def is_decided(self) -> bool:
        return self.status != CommissionStatus.CONVENED


class CommissionMember(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="commission_seats"
    )
    commission_role = models.CharField(
        _("role on the commission"), max_length=20, choices=CommissionRole.choices
    )

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "commission": Protection.P1_INTERNAL,
        "user": Protection.P1_INTERNAL,
        "commission_role": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("commission member")
        verbose_name_plural = _("commission members")
        constraints = [
            models.UniqueConstraint(fields=["commission", "user"], name="commission_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.commission_role} {self.uuid}"


class Recognition(models.Model):
    """The person is recognised as a victim on one of the three bases."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="recognition")
    # Two of the three bases say that criminal proceedings were started.
    basis = EncryptedTextField(_("basis"), choices=IdentificationBasis.choices, blank=False)
    commission = models.OneToOneField(
        Commission, null=True, blank=True, on_delete=models.PROTECT, related_name="recognition"
    )
    proceedings_status = EncryptedTextField(
        _("status in the proceedings"), choices=ProceedingsStatus.choices
    )
    document_reference = EncryptedTextField(_("document number"))
    document_date = EncryptedDateField(_("document date"))
    document_issuer = EncryptedTextField(_("issued by"))
    recognised_on = models.DateField(_("recognised on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "case": Protection.P2_PERSONAL,
        "basis": Protection.P3_SPECIAL,
        "commission": Protection.P1_INTERNAL,
        "proceedings_status": Protection.P3_SPECIAL,
        "document_reference": Protection.P3_SPECIAL,
        "document_date": Protection.P3_SPECIAL,
        "document_issuer": Protection.P3_SPECIAL,
        "recognised_on": Protection.P2_PERSONAL,
        "recorded_by": Protection.P1_INTERNAL,
        "created_at": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")

    def __str__(self) -> str:
        return f"recognition {self.uuid}"
