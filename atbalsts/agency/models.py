"""Submission of the commission protocol (or the law-enforcement document) to SIVA and
SIVA's decision: grant, waiting list or refuse within 3 working days of receipt (seed
§"Sociālā dienesta darbs…"; docs/domain.md "How we read the numbers", SIVA deadline)."""

from __future__ import annotations

import datetime
import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.core.fields import EncryptedTextField
from atbalsts.core.protection import Protection


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, not yet received")
    RECEIVED = "received", _("Received, awaiting decision")
    GRANTED = "granted", _("Service granted")
    WAITING_LIST = "waiting_list", _("On the waiting list")
    REFUSED = "refused", _("Service refused")


# catalogue.yaml ``agency_decisions`` -> the status each decision leads to.
DECISION_STATUS: dict[str, str] = {
    "grant": SubmissionStatus.GRANTED,
    "waiting_list": SubmissionStatus.WAITING_LIST,
    "refuse": SubmissionStatus.REFUSED,
}

# The workflow: status -> the statuses it may move to. A person on the waiting list is
# later granted the service or refused; a grant or a refusal is final.
SUBMISSION_TRANSITIONS: dict[str, frozenset[str]] = {
    SubmissionStatus.SUBMITTED: frozenset({SubmissionStatus.RECEIVED}),
    SubmissionStatus.RECEIVED: frozenset(
        {SubmissionStatus.GRANTED, SubmissionStatus.WAITING_LIST, SubmissionStatus.REFUSED}
    ),
    SubmissionStatus.WAITING_LIST: frozenset({SubmissionStatus.GRANTED, SubmissionStatus.REFUSED}),
    SubmissionStatus.GRANTED: frozenset(),
    SubmissionStatus.REFUSED: frozenset(),
}

AWAITING_DECISION = frozenset({SubmissionStatus.SUBMITTED, SubmissionStatus.RECEIVED})


def can_transition(current: str, new: str) -> bool:
    return new in SUBMISSION_TRANSITIONS.get(current, frozenset())


class AgencySubmission(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="agency_submissions"
    )
    agency = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="submissions_received"
    )
    recognition = models.ForeignKey(
        "identification.Recognition", on_delete=models.PROTECT, related_name="submissions"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    received_on = models.DateField(_("documents received on"), null=True, blank=True)
    decide_by = models.DateField(_("decide by"), null=True, blank=True)
    rule_set = models.CharField(_("rule set"), max_length=16, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    waiting_list_position = models.PositiveIntegerField(
        _("position on the waiting list"), null=True, blank=True
    )
    refusal_reason = EncryptedTextField(_("reason for refusal"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "case": Protection.P2_PERSONAL,
        "agency": Protection.P1_INTERNAL,
        "recognition": Protection.P1_INTERNAL,
        "status": Protection.P2_PERSONAL,
        "submitted_by": Protection.P1_INTERNAL,
        "submitted_at": Protection.P1_INTERNAL,
        "received_on": Protection.P1_INTERNAL,
        "decide_by": Protection.P1_INTERNAL,
        "rule_set": Protection.P1_INTERNAL,
        "received_by": Protection.P1_INTERNAL,
        "waiting_list_position": Protection.P2_PERSONAL,
        "refusal_reason": Protection.P3_SPECIAL,
        "decided_by": Protection.P1_INTERNAL,
        "decided_at": Protection.P1_INTERNAL,
        "version": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("submission to SIVA")
        verbose_name_plural = _("submissions to SIVA")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["agency", "status", "decide_by"], name="submission_inbox_idx")
        ]

    def __str__(self) -> str:
        return f"submission {self.uuid}"

    @property
    def is_decided(self) -> bool:
        return self.status not in AWAITING_DECISION

    def is_overdue(self, today: datetime.date) -> bool:
        return (
            self.status == SubmissionStatus.RECEIVED
            and self.decide_by is not None
            and today > self.decide_by
        )
