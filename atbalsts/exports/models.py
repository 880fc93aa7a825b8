"""Export permissions (docs/security.md EX-1): each export is a permission of its own, given to a
named user and off until then. Which roles may hold which export is policy
(atbalsts.access.policy.EXPORT_ROLES); this table records who was given what, by whom."""

from __future__ import annotations

import datetime
import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.access.policy import ExportKind
from atbalsts.core.fields import EncryptedTextField
from atbalsts.core.protection import Protection


class ExportGrant(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_grants"
    )
    kind = models.CharField(
        _("export"), max_length=40, choices=[(kind.value, kind.value) for kind in ExportKind]
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "user": Protection.P1_INTERNAL,
        "kind": Protection.P1_INTERNAL,
        "granted_by": Protection.P1_INTERNAL,
        "granted_at": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("export permission")
        verbose_name_plural = _("export permissions")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="exports_grant_once_per_user")
        ]

    def __str__(self) -> str:
        return self.kind


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to start")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    # The file was deleted after 24 hours (docs/security.md EX-4), or on refusal.
    EXPIRED = "expired", _("Deleted")


class ApprovalStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Not needed")
    AWAITING = "awaiting", _("Awaiting a second person's approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


# The workflow of a job's run: status -> the statuses it may move to.
JOB_TRANSITIONS: dict[str, frozenset[str]] = {
    JobStatus.PENDING: frozenset({JobStatus.RUNNING, JobStatus.FAILED}),
    JobStatus.RUNNING: frozenset({JobStatus.DONE, JobStatus.FAILED}),
    JobStatus.DONE: frozenset({JobStatus.EXPIRED}),
    JobStatus.FAILED: frozenset(),
    JobStatus.EXPIRED: frozenset(),
}


def can_transition(current: str, new: str) -> bool:
    return new in JOB_TRANSITIONS.get(current, frozenset())


class ExportJob(models.Model):
    """One export a user asked for (docs/security.md EX-2..EX-4): why, how far it got, and where
    its encrypted file lies until it is deleted 24 hours after the request.

    The archive's passphrase is never stored: it exists in the runner's memory and, encrypted,
    in the requester's session until the job page has shown it once.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(
        _("export"), max_length=40, choices=[(kind.value, kind.value) for kind in ExportKind]
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="export_jobs"
    )
    # The requester's organisation when they asked: the approver must belong to it.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    purpose = EncryptedTextField(_("purpose"), max_length=500, blank=False)
    status = models.CharField(
        _("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    row_count = models.PositiveIntegerField(null=True, blank=True)
    approval_status = models.CharField(
        _("approval"),
        max_length=16,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.NOT_NEEDED,
    )
    approval_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approval_decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Moved by the runner as it goes: a running job whose heartbeat stopped was left by a
    # process that died, and purge_exports marks it failed.
    heartbeat_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    # A random name under settings.EXPORTS_DIR; it says nothing of the content.
    file_name = models.CharField(max_length=64, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    # What the disclosure control of the export cost (counts and levels only, never a value
    # of the data): shown on the job page and written in the archive's README.
    summary = models.JSONField(default=dict, blank=True)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "kind": Protection.P1_INTERNAL,
        "requested_by": Protection.P1_INTERNAL,
        "organisation": Protection.P1_INTERNAL,
        # Staff are asked to state a purpose, not to name anyone; but it is free text, and
        # free text sometimes names someone anyway.
        "purpose": Protection.P3_SPECIAL,
        "status": Protection.P1_INTERNAL,
        "progress_done": Protection.P1_INTERNAL,
        "progress_total": Protection.P1_INTERNAL,
        "row_count": Protection.P1_INTERNAL,
        "approval_status": Protection.P1_INTERNAL,
        "approval_decided_by": Protection.P1_INTERNAL,
        "approval_decided_at": Protection.P1_INTERNAL,
        "created_at": Protection.P1_INTERNAL,
        "heartbeat_at": Protection.P1_INTERNAL,
        "finished_at": Protection.P1_INTERNAL,
        "expires_at": Protection.P1_INTERNAL,
        "file_name": Protection.P1_INTERNAL,
        "file_size": Protection.P1_INTERNAL,
        "downloaded_at": Protection.P1_INTERNAL,
        "summary": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["requested_by", "created_at"], name="export_job_requester_idx"),
            models.Index(fields=["status", "expires_at"], name="export_job_purge_idx"),
        ]

    def __str__(self) -> str:
        return f"export {self.uuid}"

    @property
    def percent_done(self) -> int:
        if not self.progress_total:
            return 100 if self.status == JobStatus.DONE else 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED, JobStatus.EXPIRED}

    def is_downloadable(self, now: datetime.datetime) -> bool:
        return (
            self.status == JobStatus.DONE
            and self.approval_status in {ApprovalStatus.NOT_NEEDED, ApprovalStatus.APPROVED}
            and bool(self.file_name)
            and now < self.expires_at
        )
