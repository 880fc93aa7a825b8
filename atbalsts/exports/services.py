"""Writes of the exports app: export permissions, export jobs, their approval and purge.

Each service checks who may act, validates, and records its audit event in the same
transaction (docs/style.md "Writes, reads, audit"). docs/security.md EX-1 (a permission per export,
given by name), EX-2 (step-up, stated purpose, a second person for bulk), EX-3 (encrypted
archive, passphrase shown once, watermark), EX-4 (24 h purge, every download audited).

How a job runs: the request commits the job, then :func:`export_job_start` runs it. In the
product it runs in a thread started by ``transaction.on_commit``: the job's row must be
committed before another connection can read it, and the request returns at once while the
page polls the progress. The stack has no task queue, and the exports are small (ten thousand
rows take seconds), so a queue would add a service to run for little. A process that dies
mid-export leaves its job running with a stale heartbeat: ``purge_exports`` marks it failed
and deletes its partial file. Tests (``EXPORTS_RUN_IN_BACKGROUND`` off) run the job inside the
request, synchronously.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connections, transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from atbalsts.access.policy import Capability, ExportKind, can, may_be_granted_export
from atbalsts.accounts.models import User
from atbalsts.accounts.stepup import RECENT_AUTHENTICATION_MAX_AGE
from atbalsts.audit.services import audit_record
from atbalsts.exports import archive, texts
from atbalsts.exports.access import user_may_export
from atbalsts.exports.costs import readme_cost
from atbalsts.exports.models import ApprovalStatus, ExportGrant, ExportJob, JobStatus
from atbalsts.exports.registry import Summarised, definition

logger = logging.getLogger("atbalsts.exports")
security_logger = logging.getLogger("atbalsts.security")

EXPORT_LIFETIME = timedelta(hours=24)
PURPOSE_MIN_LENGTH = 15
# docs/security.md RL-1: a user may ask for this many exports an hour.
REQUESTS_PER_HOUR = 10
# A running job whose heartbeat is older than this was left by a process that died.
HEARTBEAT_TIMEOUT = timedelta(minutes=15)
_PROGRESS_INTERVAL = timedelta(seconds=0.5)


def _require(actor: User, capability: Capability) -> None:
    if not actor.is_active or not can(actor.role, capability):
        raise PermissionDenied


# Export permissions (EX-1)


@transaction.atomic
def export_grant_give(*, actor: User, user: User, kind: ExportKind) -> ExportGrant:
    """Give ``user`` the export ``kind``; only a kind their role may hold at all."""
    _require(actor, Capability.MANAGE_EXPORT_PERMISSIONS)
    if not user.is_active:
        raise ValidationError(texts.GRANT_USER_INACTIVE)
    if not may_be_granted_export(user.role, kind):
        raise ValidationError(texts.GRANT_NOT_FOR_ROLE)
    existing = ExportGrant.objects.filter(user=user, kind=kind).first()
    if existing is not None:
        return existing
    grant = ExportGrant(user=user, kind=kind, granted_by=actor)
    grant.full_clean()
    grant.save()
    audit_record(
        actor=actor,
        action="authz_change",
        object_type="user",
        object_uuid=user.uuid,
        payload={"export_permission": kind.value, "change": "given"},
    )
    return grant


@transaction.atomic
def export_grant_withdraw(*, actor: User, user: User, kind: ExportKind) -> None:
    _require(actor, Capability.MANAGE_EXPORT_PERMISSIONS)
    deleted, _rows = ExportGrant.objects.filter(user=user, kind=kind).delete()
    if not deleted:
        return
    audit_record(
        actor=actor,
        action="authz_change",
        object_type="user",
        object_uuid=user.uuid,
        payload={"export_permission": kind.value, "change": "withdrawn"},
    )


# Requesting and running an export (EX-2, EX-3)


class RequestedExport(NamedTuple):
    job: ExportJob
    # Shown once to the requester; never stored in the database.
    passphrase: str


def _is_recent(authenticated_at: float | None, now: datetime) -> bool:
    return (
        authenticated_at is not None
        and now.timestamp() - authenticated_at < RECENT_AUTHENTICATION_MAX_AGE.total_seconds()
    )


@sensitive_variables("passphrase")
def export_job_request(
    *, actor: User, kind: ExportKind, purpose: str, authenticated_at: float | None
) -> RequestedExport:
    """Record the request of an export with its stated purpose; the caller starts it.

    ``authenticated_at`` is the moment of the session's last full authentication
    (atbalsts.accounts.stepup.last_authenticated_at): it must be recent (SE-5, EX-2).
    """
    now = timezone.now()
    # Opportunistically: no scheduler is needed for files to be gone within a day.
    export_jobs_purge(now=now)
    if not actor.is_active or not user_may_export(actor, kind):
        raise PermissionDenied
    if not _is_recent(authenticated_at, now):
        raise PermissionDenied
    if definition(kind) is None:
        raise ValidationError(texts.KIND_NOT_AVAILABLE)
    purpose = " ".join(purpose.split())
    if len(purpose) < PURPOSE_MIN_LENGTH:
        raise ValidationError(
            {"purpose": texts.PURPOSE_TOO_SHORT % {"min": PURPOSE_MIN_LENGTH}},
        )
    with transaction.atomic():
        recent = ExportJob.objects.filter(
            requested_by=actor, created_at__gt=now - timedelta(hours=1)
        ).count()
        if recent >= REQUESTS_PER_HOUR:
            security_logger.warning(
                "excess_rate_limit_exceeded",
                extra={"user_uuid": str(actor.uuid), "limit": "export_request"},
            )
            raise ValidationError(
                texts.TOO_MANY_REQUESTS % {"limit": REQUESTS_PER_HOUR}, code="rate_limited"
            )
        job = ExportJob(
            kind=kind,
            requested_by=actor,
            organisation=actor.organisation,
            purpose=purpose,
            created_at=now,
            heartbeat_at=now,
            expires_at=now + EXPORT_LIFETIME,
        )
        job.full_clean()
        job.save()
        audit_record(
            actor=actor,
            action="export_requested",
            object_type="export",
            object_uuid=job.uuid,
            # The stated purpose is free text: it stays with the job, encrypted, and the
            # append-only trail holds only its length (docs/security.md LG-3).
            payload={"kind": kind.value, "purpose_length": len(purpose)},
        )
    return RequestedExport(job=job, passphrase=archive.new_passphrase())


@sensitive_variables("passphrase")
def export_job_start(*, job: ExportJob, passphrase: str) -> None:
    """Run the job: in a thread after the commit in the product, at once in tests."""
    if not settings.EXPORTS_RUN_IN_BACKGROUND:
        export_job_run(job_uuid=job.uuid, passphrase=passphrase)
        return

    def start_thread() -> None:
        threading.Thread(
            target=_run_in_thread,
            kwargs={"job_uuid": job.uuid, "passphrase": passphrase},
            name=f"export-{job.uuid}",
            daemon=True,
        ).start()

    transaction.on_commit(start_thread)


@sensitive_variables("passphrase")
def _run_in_thread(*, job_uuid: uuid.UUID, passphrase: str) -> None:
    close_old_connections()
    try:
        export_job_run(job_uuid=job_uuid, passphrase=passphrase)
    except Exception:
        logger.exception("export_failed", extra={"export_uuid": str(job_uuid)})
    finally:
        # The thread's own connections; the request's are the request's.
        connections.close_all()


def _claim(job_uuid: uuid.UUID) -> ExportJob | None:
    with transaction.atomic():
        job = (
            ExportJob.objects.select_for_update(of=("self",))
            .select_related("requested_by__organisation")
            .filter(uuid=job_uuid)
            .first()
        )
        if job is None or job.status != JobStatus.PENDING:
            return None
        job.status = JobStatus.RUNNING
        job.file_name = archive.new_file_name()
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["status", "file_name", "heartbeat_at"])
    return job


def _fail(job: ExportJob, *, reason: str) -> None:
    _delete_file(job.file_name)
    with transaction.atomic():
        ExportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, file_name="", finished_at=timezone.now()
        )
        audit_record(
            actor=job.requested_by,
            action="export_failed",
            object_type="export",
            object_uuid=job.uuid,
            payload={"kind": job.kind, "reason": reason},
        )


@dataclass
class _ProgressWriter:
    job_pk: int
    last_written: datetime | None = None

    def __call__(self, done: int, total: int | None) -> None:
        now = timezone.now()
        if (
            self.last_written is not None
            and now - self.last_written < _PROGRESS_INTERVAL
            and done != total
        ):
            return
        self.last_written = now
        ExportJob.objects.filter(pk=self.job_pk).update(
            progress_done=done, progress_total=total, heartbeat_at=now
        )


@sensitive_variables("passphrase")
def export_job_run(*, job_uuid: uuid.UUID, passphrase: str) -> ExportJob | None:
    """Produce the job's rows into its encrypted archive; returns the job, or None when it
    was not waiting to run."""
    job = _claim(job_uuid)
    if job is None:
        return None
    actor = job.requested_by
    export = definition(job.kind)
    # The permission is checked again: it may have been withdrawn since the request.
    if export is None or not user_may_export(actor, ExportKind(job.kind)):
        _fail(job, reason="not_permitted")
        return job
    watermark = archive.Watermark(
        export_uuid=str(job.uuid),
        username=actor.username,
        full_name=actor.full_name,
        organisation=actor.organisation.name,
        created_at=timezone.localtime(job.created_at).strftime("%Y-%m-%d %H:%M %Z"),
    )
    path = archive.file_path(job.file_name)
    try:
        rows = export.produce(actor=actor, progress=_ProgressWriter(job.pk))

        def summary() -> dict[str, Any]:
            return (rows.summary() if isinstance(rows, Summarised) else None) or {}

        row_count = archive.write_archive(
            path,
            passphrase=passphrase,
            csv_name=f"{export.file_stem}.csv",
            header=export.header,
            rows=rows,
            watermark=watermark,
            title=str(texts.KIND_LABELS[job.kind]),
            notes=lambda: readme_cost(summary()),
        )
    except Exception:
        logger.exception("export_failed", extra={"export_uuid": str(job.uuid)})
        _fail(job, reason="error")
        return job
    needs_approval = row_count > settings.EXPORT_BULK_THRESHOLD
    with transaction.atomic():
        job = ExportJob.objects.select_for_update(of=("self",)).get(pk=job.pk)
        job.status = JobStatus.DONE
        job.row_count = row_count
        job.progress_done = row_count
        job.progress_total = row_count
        job.file_size = path.stat().st_size
        job.summary = summary()
        job.finished_at = timezone.now()
        job.approval_status = (
            ApprovalStatus.AWAITING if needs_approval else ApprovalStatus.NOT_NEEDED
        )
        job.full_clean()
        job.save()
        audit_record(
            actor=actor,
            action="export_completed",
            object_type="export",
            object_uuid=job.uuid,
            payload={
                "kind": job.kind,
                "rows": row_count,
                "needs_approval": needs_approval,
                # The cost of the disclosure control, as counts the trail pages show.
                **{
                    key: value
                    for key, value in job.summary.items()
                    if key in {"suppressed", "age_band", "exploitation_type", "is_useful"}
                },
            },
        )
    return job


# Approval of a bulk export by a second person (EX-2)


def may_approve(actor: User, job: ExportJob) -> bool:
    """Another active user of the requester's organisation holding the same export."""
    return (
        actor.is_active
        and actor.pk != job.requested_by_id
        and actor.organisation_id == job.organisation_id
        and user_may_export(actor, ExportKind(job.kind))
    )


def _decide(*, actor: User, job: ExportJob, approve: bool) -> ExportJob:
    now = timezone.now()
    with transaction.atomic():
        locked = ExportJob.objects.select_for_update(of=("self",)).get(pk=job.pk)
        if actor.pk == locked.requested_by_id:
            raise ValidationError(texts.CANNOT_APPROVE_OWN)
        if not may_approve(actor, locked):
            raise PermissionDenied
        if (
            locked.approval_status != ApprovalStatus.AWAITING
            or locked.status != JobStatus.DONE
            or now >= locked.expires_at
        ):
            raise ValidationError(texts.NOT_AWAITING_APPROVAL)
        locked.approval_status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REFUSED
        locked.approval_decided_by = actor
        locked.approval_decided_at = now
        file_name = locked.file_name
        if not approve:
            locked.status = JobStatus.EXPIRED
            locked.file_name = ""
        locked.full_clean()
        locked.save()
        audit_record(
            actor=actor,
            action="export_approved" if approve else "export_refused",
            object_type="export",
            object_uuid=locked.uuid,
            payload={"kind": locked.kind, "rows": locked.row_count},
        )
    if not approve:
        _delete_file(file_name)
    return locked


def export_job_approve(*, actor: User, job: ExportJob) -> ExportJob:
    return _decide(actor=actor, job=job, approve=True)


def export_job_refuse(*, actor: User, job: ExportJob) -> ExportJob:
    return _decide(actor=actor, job=job, approve=False)


# Download: every one audited (EX-4)


@transaction.atomic
def export_job_download(*, actor: User, job: ExportJob) -> Path:
    """The file to send to its requester, with an ``export_downloaded`` event for each."""
    now = timezone.now()
    locked = ExportJob.objects.select_for_update(of=("self",)).get(pk=job.pk)
    if (
        actor.pk != locked.requested_by_id
        or not user_may_export(actor, ExportKind(locked.kind))
        or not locked.is_downloadable(now)
    ):
        raise PermissionDenied
    path = archive.file_path(locked.file_name)
    if not path.is_file():
        raise PermissionDenied
    if locked.downloaded_at is None:
        locked.downloaded_at = now
        locked.save(update_fields=["downloaded_at"])
    audit_record(
        actor=actor,
        action="export_downloaded",
        object_type="export",
        object_uuid=locked.uuid,
        payload={"kind": locked.kind, "rows": locked.row_count},
    )
    return path


# Purge after 24 hours (EX-4)


class PurgeResult(NamedTuple):
    expired: int
    failed: int
    stray_files: int


def _delete_file(file_name: str) -> None:
    if not file_name:
        return
    try:
        archive.file_path(file_name).unlink(missing_ok=True)
    except ValueError:
        logger.error("export_file_name_invalid", extra={"file_name": file_name})


def _modified_at(file_name: str) -> datetime:
    try:
        moment = archive.file_path(file_name).stat().st_mtime
    except (OSError, ValueError):
        return datetime.max.replace(tzinfo=UTC)
    return datetime.fromtimestamp(moment, tz=UTC)


def export_jobs_purge(*, now: datetime) -> PurgeResult:
    """Delete the files of exports past their 24 hours and mark the jobs expired; mark failed
    the jobs a dead process left running; delete files no job accounts for."""
    # The directory is listed before the jobs are read: a runner names its file in the
    # database before it creates it, so a file listed here is never a new one unaccounted for.
    present = {path.name for path in archive.exports_dir().iterdir() if path.is_file()}
    expired = list(
        ExportJob.objects.filter(status=JobStatus.DONE, expires_at__lte=now).values_list(
            "pk", "uuid", "file_name"
        )
    )
    abandoned = list(
        ExportJob.objects.filter(
            status__in=[JobStatus.PENDING, JobStatus.RUNNING],
            heartbeat_at__lte=now - HEARTBEAT_TIMEOUT,
        ).values_list("pk", "uuid", "file_name")
    )
    if expired or abandoned:
        with transaction.atomic():
            ExportJob.objects.filter(pk__in=[pk for pk, _u, _f in expired]).update(
                status=JobStatus.EXPIRED, file_name=""
            )
            ExportJob.objects.filter(pk__in=[pk for pk, _u, _f in abandoned]).update(
                status=JobStatus.FAILED, file_name="", finished_at=now
            )
            audit_record(
                actor=None,
                action="export_purged",
                object_type="export",
                payload={
                    "expired": [str(job_uuid) for _pk, job_uuid, _f in expired],
                    "abandoned": [str(job_uuid) for _pk, job_uuid, _f in abandoned],
                },
            )
        for _pk, _uuid, file_name in [*expired, *abandoned]:
            _delete_file(file_name)
    live = set(
        ExportJob.objects.filter(status__in=[JobStatus.PENDING, JobStatus.RUNNING, JobStatus.DONE])
        .exclude(file_name="")
        .values_list("file_name", flat=True)
    )
    handled = {file_name for _pk, _uuid, file_name in [*expired, *abandoned]}
    stray = {
        name
        for name in present - live - handled
        # Only an old file: another process sharing the directory may be writing a new one.
        if _modified_at(name) <= now - HEARTBEAT_TIMEOUT
    }
    for file_name in stray:
        _delete_file(file_name)
    return PurgeResult(expired=len(expired), failed=len(abandoned), stray_files=len(stray))
