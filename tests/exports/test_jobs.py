"""Export jobs: step-up and a stated purpose, the AES-256 archive with its watermark, the
passphrase shown once, downloads audited and only for the requester, purge after 24 hours,
a second person's approval above the bulk threshold (docs/security.md EX-2..EX-4)."""

from __future__ import annotations

import csv
import datetime
import io
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import LazySettings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from atbalsts.access.policy import ExportKind
from atbalsts.accounts.models import User
from atbalsts.audit.models import AuditEvent
from atbalsts.exports import texts
from atbalsts.exports.models import ApprovalStatus, ExportJob, JobStatus
from atbalsts.exports.services import PURPOSE_MIN_LENGTH, REQUESTS_PER_HOUR
from tests.core.pages import visible_text
from tests.exports.conftest import give, open_archive
from tests.exports.helpers import make_authentication_stale

pytestmark = pytest.mark.django_db

PURPOSE = "Ceturkšņa pārskats par pakalpojuma saņēmējiem"
PASSPHRASE = re.compile(r'<output class="secret-once"[^>]*>([^<]+)</output>')


@pytest.fixture
def holder(personas: dict[str, User]) -> User:
    coordinator = personas["agency_coordinator"]
    give(coordinator, ExportKind.RECIPIENT_REGISTER, by=personas["system_admin"])
    return coordinator


def _request(client: Client, purpose: str = PURPOSE) -> Any:
    return client.post(
        reverse("exports:job_request"), {"kind": "recipient_register", "purpose": purpose}
    )


def _job_page(client: Client, job: ExportJob) -> str:
    return client.get(reverse("exports:job_detail", args=[job.uuid])).content.decode()


def _passphrase(page: str) -> str | None:
    match = PASSPHRASE.search(page)
    return match.group(1) if match else None


def _export(client: Client) -> tuple[ExportJob, str]:
    response = _request(client)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ExportJob.objects.get()
    passphrase = _passphrase(_job_page(client, job))
    assert passphrase is not None
    return job, passphrase


def test_the_archive_opens_only_with_the_passphrase_and_carries_the_watermark(
    client_of: Any, holder: User, recipients_of: Any, exports_dir: Path
) -> None:
    recipients_of(3)
    job, passphrase = _export(client_of("agency_coordinator"))

    files = list(exports_dir.iterdir())
    assert [path.name for path in files] == [job.file_name]
    assert len(passphrase) >= 20
    with open_archive(files[0]) as archive:
        with pytest.raises(RuntimeError, match="password"):
            archive.read("recipient-register.csv")
        archive.setpassword(b"a wrong passphrase of length")
        with pytest.raises(RuntimeError, match="Bad password"):
            archive.read("recipient-register.csv")
        archive.setpassword(passphrase.encode())
        content = archive.read("recipient-register.csv").decode("utf-8-sig")
        readme = archive.read("README.txt").decode()
        strengths = {info.filename: info.wz_aes_strength for info in archive.infolist()}
    rows = list(csv.reader(io.StringIO(content)))
    assert str(job.uuid) in rows[0][0]
    assert holder.username in rows[0][0]
    assert rows[1][:3] == ["Vārds", "Uzvārds", "Personas kods"]
    assert sorted(row[0] for row in rows[2:]) == ["Anna0", "Anna1", "Anna2"]
    assert rows[2][2].startswith("150590-")
    assert str(job.uuid) in readme
    assert holder.username in readme
    # 3 = AES-256 in the WinZip AES extra field.
    assert strengths == {"recipient-register.csv": 3, "README.txt": 3}
    assert oct(exports_dir.stat().st_mode & 0o777) == "0o700"
    assert oct(files[0].stat().st_mode & 0o777) == "0o600"
    job.refresh_from_db()
    assert (job.status, job.row_count, job.approval_status) == (
        JobStatus.DONE,
        3,
        ApprovalStatus.NOT_NEEDED,
    )


def test_the_passphrase_is_shown_once_and_never_stored(
    client_of: Any, holder: User, recipients_of: Any
) -> None:
    recipients_of(1)
    client = client_of("agency_coordinator")
    job, passphrase = _export(client)

    again = _job_page(client, job)

    assert _passphrase(again) is None
    assert passphrase not in again
    with translation.override("en"):
        in_english = visible_text(
            client.get(reverse("exports:job_detail", args=[job.uuid]), HTTP_ACCEPT_LANGUAGE="en")
        )
        assert str(texts.PASSPHRASE_GONE) in in_english
    stored = [str(value) for value in ExportJob.objects.values().get().values()]
    assert not any(passphrase in value for value in stored)
    assert not AuditEvent.objects.filter(payload__icontains=passphrase).exists()


def test_the_request_is_audited_with_the_purposes_length_and_the_download_too(
    client_of: Any, holder: User, recipients_of: Any
) -> None:
    recipients_of(2)
    client = client_of("agency_coordinator")
    job, _ = _export(client)

    response = client.get(reverse("exports:job_download", args=[job.uuid]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".zip" in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:2] == b"PK"
    requested = AuditEvent.objects.get(action="export_requested")
    assert (requested.actor, requested.object_uuid, requested.payload["purpose_length"]) == (
        holder,
        job.uuid,
        len(PURPOSE),
    )
    # The purpose is free text: the append-only trail never holds it, in any column.
    assert not any(
        "pārskats" in str(value)
        for event in AuditEvent.objects.values()
        for value in event.values()
    )
    downloaded = AuditEvent.objects.get(action="export_downloaded")
    assert (downloaded.actor, downloaded.object_uuid) == (holder, job.uuid)
    job.refresh_from_db()
    assert job.downloaded_at is not None


def test_a_purpose_is_required(client_of: Any, holder: User) -> None:
    response = _request(client_of("agency_coordinator"), purpose="darbam")

    assert response.status_code == 200
    assert str(texts.PURPOSE_TOO_SHORT % {"min": PURPOSE_MIN_LENGTH}) in response.content.decode()
    assert not ExportJob.objects.exists()


def test_an_export_needs_a_fresh_authentication(client_of: Any, holder: User) -> None:
    client = client_of("agency_coordinator")
    make_authentication_stale(client)

    response = _request(client)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    assert not ExportJob.objects.exists()


def test_without_the_permission_the_export_pages_are_404(
    client_of: Any, personas: dict[str, User]
) -> None:
    client = client_of("agency_coordinator")

    assert client.get(reverse("exports:job_list")).status_code == 404
    assert _request(client).status_code == 404
    assert not ExportJob.objects.exists()


def test_only_the_requester_sees_the_job_and_downloads_it(
    client_of: Any,
    holder: User,
    recipients_of: Any,
    personas: dict[str, User],
    second_coordinator: User,
) -> None:
    recipients_of(1)
    job, _ = _export(client_of("agency_coordinator"))
    give(second_coordinator, ExportKind.RECIPIENT_REGISTER, by=personas["system_admin"])
    colleague = client_of("second_coordinator")

    for name in ["job_detail", "job_progress", "job_download"]:
        assert colleague.get(reverse(f"exports:{name}", args=[job.uuid])).status_code == 404
    assert not AuditEvent.objects.filter(action="export_downloaded").exists()
    assert AuditEvent.objects.filter(action="authz_fail", actor=second_coordinator).count() == 3


def test_a_withdrawn_permission_stops_the_download(
    client_of: Any, holder: User, recipients_of: Any
) -> None:
    recipients_of(1)
    client = client_of("agency_coordinator")
    job, _ = _export(client)
    holder.export_grants.all().delete()

    assert client.get(reverse("exports:job_download", args=[job.uuid])).status_code == 404


def test_the_progress_part_polls_until_the_job_has_finished(
    client_of: Any, holder: User, recipients_of: Any
) -> None:
    client = client_of("agency_coordinator")
    waiting = ExportJob.objects.create(
        kind="recipient_register",
        requested_by=holder,
        organisation=holder.organisation,
        purpose=PURPOSE,
        expires_at=timezone.now() + datetime.timedelta(hours=24),
        status=JobStatus.RUNNING,
        progress_done=40,
        progress_total=160,
    )
    progress_url = reverse("exports:job_progress", args=[waiting.uuid])

    running = client.get(progress_url, HTTP_HX_REQUEST="true").content.decode()
    waiting.status, waiting.row_count = JobStatus.DONE, 160
    waiting.save()
    done = client.get(progress_url, HTTP_HX_REQUEST="true").content.decode()

    assert f'hx-get="{progress_url}"' in running
    assert 'hx-trigger="every 1s"' in running
    assert 'value="25"' in running
    assert "<html" not in running
    assert "hx-get" not in done


def test_files_are_purged_after_24_hours(
    client_of: Any, holder: User, recipients_of: Any, exports_dir: Path
) -> None:
    recipients_of(1)
    client = client_of("agency_coordinator")
    job, _ = _export(client)

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=23, minutes=59)):
        call_command("purge_exports", stdout=io.StringIO())
        assert list(exports_dir.iterdir())
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=24, minutes=1)):
        out = io.StringIO()
        call_command("purge_exports", stdout=out)
        download = client.get(reverse("exports:job_download", args=[job.uuid]))

    assert not list(exports_dir.iterdir())
    job.refresh_from_db()
    assert (job.status, job.file_name) == (JobStatus.EXPIRED, "")
    assert "Expired 1 export(s)" in out.getvalue()
    assert download.status_code == 302
    assert AuditEvent.objects.filter(action="export_purged").exists()


def test_a_job_left_running_by_a_dead_process_is_marked_failed(holder: User) -> None:
    job = ExportJob.objects.create(
        kind="recipient_register",
        requested_by=holder,
        organisation=holder.organisation,
        purpose=PURPOSE,
        expires_at=timezone.now() + datetime.timedelta(hours=24),
        status=JobStatus.RUNNING,
    )

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        call_command("purge_exports", stdout=io.StringIO())

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_a_new_request_purges_old_files(
    client_of: Any, holder: User, recipients_of: Any, exports_dir: Path
) -> None:
    recipients_of(1)
    client = client_of("agency_coordinator")
    old, _ = _export(client)

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        client = client_of("agency_coordinator")
        assert _request(client).status_code == 302

    old.refresh_from_db()
    assert old.status == JobStatus.EXPIRED
    assert len(list(exports_dir.iterdir())) == 1


def test_requests_are_rate_limited(client_of: Any, holder: User) -> None:
    client = client_of("agency_coordinator")
    for _ in range(REQUESTS_PER_HOUR):
        assert _request(client).status_code == 302

    response = _request(client)

    assert response.status_code == 429
    assert ExportJob.objects.count() == REQUESTS_PER_HOUR


class TestBulkApproval:
    @pytest.fixture(autouse=True)
    def _small_threshold(self, settings: LazySettings) -> None:
        settings.EXPORT_BULK_THRESHOLD = 3

    @pytest.fixture
    def bulk(
        self,
        client_of: Any,
        holder: User,
        recipients_of: Any,
        personas: dict[str, User],
        second_coordinator: User,
    ) -> tuple[ExportJob, Client]:
        recipients_of(4)
        give(second_coordinator, ExportKind.RECIPIENT_REGISTER, by=personas["system_admin"])
        client = client_of("agency_coordinator")
        job, _ = _export(client)
        return job, client

    def test_a_bulk_export_waits_for_a_second_person(self, bulk: tuple[ExportJob, Client]) -> None:
        job, client = bulk

        download = client.get(reverse("exports:job_download", args=[job.uuid]))

        job.refresh_from_db()
        assert job.approval_status == ApprovalStatus.AWAITING
        assert download.status_code == 302
        assert not AuditEvent.objects.filter(action="export_downloaded").exists()

    def test_the_requester_cannot_approve_their_own(self, bulk: tuple[ExportJob, Client]) -> None:
        job, client = bulk

        response = client.post(
            reverse("exports:approval", args=[job.uuid]), {"decision": "approve"}
        )

        assert response.status_code == 404
        job.refresh_from_db()
        assert job.approval_status == ApprovalStatus.AWAITING

    def test_a_colleague_approves_and_the_requester_downloads(
        self, bulk: tuple[ExportJob, Client], client_of: Any, second_coordinator: User
    ) -> None:
        job, client = bulk
        colleague = client_of("second_coordinator")

        listed = colleague.get(reverse("exports:approval_list")).content.decode()
        approved = colleague.post(
            reverse("exports:approval", args=[job.uuid]), {"decision": "approve"}
        )
        download = client.get(reverse("exports:job_download", args=[job.uuid]))

        assert reverse("exports:approval", args=[job.uuid]) in listed
        assert approved.status_code == 302
        assert download.status_code == 200
        event = AuditEvent.objects.get(action="export_approved")
        assert (event.actor, event.object_uuid) == (second_coordinator, job.uuid)

    def test_a_refusal_deletes_the_file(
        self, bulk: tuple[ExportJob, Client], client_of: Any, exports_dir: Path
    ) -> None:
        job, client = bulk

        client_of("second_coordinator").post(
            reverse("exports:approval", args=[job.uuid]), {"decision": "refuse"}
        )

        job.refresh_from_db()
        assert (job.approval_status, job.status) == (ApprovalStatus.REFUSED, JobStatus.EXPIRED)
        assert not list(exports_dir.iterdir())
        assert client.get(reverse("exports:job_download", args=[job.uuid])).status_code == 302
        assert AuditEvent.objects.filter(action="export_refused").exists()

    def test_a_colleague_without_the_permission_cannot_approve(
        self, bulk: tuple[ExportJob, Client], client_of: Any, second_coordinator: User
    ) -> None:
        job, _client = bulk
        second_coordinator.export_grants.all().delete()

        response = client_of("second_coordinator").post(
            reverse("exports:approval", args=[job.uuid]), {"decision": "approve"}
        )

        assert response.status_code == 404
        job.refresh_from_db()
        assert job.approval_status == ApprovalStatus.AWAITING


def test_the_research_export_is_registered_with_the_framework() -> None:
    from atbalsts.exports import htcds
    from atbalsts.exports.registry import definition

    research = definition(ExportKind.HTCDS)

    assert research is not None
    assert tuple(research.header) == tuple(htcds.HEADER)
