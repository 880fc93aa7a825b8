"""A screening of a case: the guided interview that looks for signs of trafficking.

Everything the interview finds is special-category and criminal-offence data: the notes,
the signs, the criteria, the legal definition, risk groups, needs and health problems are
kept encrypted (protection P3, docs/security.md DP-1). Code lists are stored as encrypted,
comma-separated catalogue codes (atbalsts/rules/catalogue.py is the contract).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.core import fields
from atbalsts.core.fields import EncryptedTextField
from atbalsts.core.protection import Protection


class EncryptedCodesField(fields.EncryptedCodesField):
    """The core field under the name the screening's migrations import it by."""


class ScreeningStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETED = "completed", _("Completed")


# The workflow as a table: each status and the statuses it may move to (docs/style.md).
TRANSITIONS: dict[str, frozenset[str]] = {
    ScreeningStatus.DRAFT: frozenset({ScreeningStatus.COMPLETED}),
    ScreeningStatus.COMPLETED: frozenset(),
}


def can_transition(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, frozenset())


# The code-list fields and the catalogue list each one takes its codes from.
CODE_LISTS: dict[str, str] = {
    "indicators": "indicators",
    "criteria": "criteria",
    "observations": "observations",
    "acts": "legal_acts",
    "means": "legal_means",
    "purposes": "exploitation_forms",
    "risk_groups": "risk_groups",
    "needs": "needs",
    "health_issues": "health_issues",
}
# The interview's steps in order: the step pages' URLs and ``Screening.last_step``, where a
# draft is continued, take only these.
STEPS: tuple[str, ...] = (
    "start",
    "migration",
    "employment",
    "safety",
    "social_ties",
    "observations",
    "criteria",
    "definition",
    "needs",
    "summary",
)

AREA_NOTES: dict[str, str] = {
    "migration": "migration_notes",
    "employment": "employment_notes",
    "safety": "safety_notes",
    "social_ties": "social_ties_notes",
}


class Screening(models.Model):
    """One interview of the person of ``case`` against the signs and the criteria.

    A case may have several (a person tells more as trust grows). A draft is saved step by
    step and completed once; a completed screening is not changed, a new one is started.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="screenings")
    status = models.CharField(
        _("status"), max_length=16, choices=ScreeningStatus.choices, default=ScreeningStatus.DRAFT
    )
    assessed_on = models.DateField(_("date of the interview"), default=timezone.localdate)
    age_entered = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    last_step = models.CharField(max_length=20, blank=True)
    migration_notes = EncryptedTextField(_("notes on migration"))
    employment_notes = EncryptedTextField(_("notes on employment"))
    safety_notes = EncryptedTextField(_("notes on personal safety"))
    social_ties_notes = EncryptedTextField(_("notes on social ties"))
    indicators = EncryptedCodesField(_("signs of exploitation"))
    criteria = EncryptedCodesField(_("criteria"))
    observations = EncryptedCodesField(_("observations"))
    acts = EncryptedCodesField(_("acts"))
    means = EncryptedCodesField(_("means"))
    purposes = EncryptedCodesField(_("purposes of exploitation"))
    risk_groups = EncryptedCodesField(_("risk groups"))
    needs = EncryptedCodesField(_("needs"))
    health_issues = EncryptedCodesField(_("health and psychological problems"))
    informed_about_state_help_on = models.DateField(
        _("informed about state-funded help on"), null=True, blank=True
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome_rule_set = models.CharField(max_length=16, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "case": Protection.P2_PERSONAL,
        "status": Protection.P1_INTERNAL,
        "assessed_on": Protection.P2_PERSONAL,
        "age_entered": Protection.P2_PERSONAL,
        "last_step": Protection.P1_INTERNAL,
        "migration_notes": Protection.P3_SPECIAL,
        "employment_notes": Protection.P3_SPECIAL,
        "safety_notes": Protection.P3_SPECIAL,
        "social_ties_notes": Protection.P3_SPECIAL,
        "indicators": Protection.P3_SPECIAL,
        "criteria": Protection.P3_SPECIAL,
        "observations": Protection.P3_SPECIAL,
        "acts": Protection.P3_SPECIAL,
        "means": Protection.P3_SPECIAL,
        "purposes": Protection.P3_SPECIAL,
        "risk_groups": Protection.P3_SPECIAL,
        "needs": Protection.P3_SPECIAL,
        "health_issues": Protection.P3_SPECIAL,
        "informed_about_state_help_on": Protection.P2_PERSONAL,
        "completed_at": Protection.P1_INTERNAL,
        "outcome_rule_set": Protection.P1_INTERNAL,
        "created_by": Protection.P1_INTERNAL,
        "created_at": Protection.P1_INTERNAL,
        "updated_at": Protection.P1_INTERNAL,
        "version": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ["-assessed_on", "-created_at"]
        indexes = [
            models.Index(fields=["case", "-assessed_on"], name="screening_case_idx"),
            models.Index(fields=["status", "created_at"], name="screening_status_idx"),
        ]

    def __str__(self) -> str:
        return str(self.uuid)

    def codes(self, field: str) -> list[str]:
        """The codes of one code-list field, empty when none were recorded."""
        value = getattr(self, field)
        return list(value or [])

    @property
    def is_draft(self) -> bool:
        return self.status == ScreeningStatus.DRAFT
