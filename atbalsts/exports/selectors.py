"""Reads of the exports app, narrowed to what the actor may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from atbalsts.accounts.models import User
from atbalsts.exports.access import exportable_kinds
from atbalsts.exports.models import ApprovalStatus, ExportJob, JobStatus


def jobs_of(*, actor: User) -> QuerySet[ExportJob]:
    """The actor's own exports, newest first."""
    return ExportJob.objects.filter(requested_by=actor).order_by("-created_at", "-pk")


def jobs_awaiting_approval(*, actor: User) -> QuerySet[ExportJob]:
    """Colleagues' bulk exports of a kind the actor also holds, waiting for a second person."""
    return (
        ExportJob.objects.filter(
            organisation=actor.organisation,
            kind__in=[kind.value for kind in exportable_kinds(actor)],
            status=JobStatus.DONE,
            approval_status=ApprovalStatus.AWAITING,
            expires_at__gt=timezone.now(),
        )
        .exclude(requested_by=actor)
        .select_related("requested_by")
        .order_by("created_at", "pk")
    )
