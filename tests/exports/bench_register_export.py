"""Throughput and peak memory of the register export; figures, not assertions.

Run on its own (not part of the suite; its file name does not start with test_):
    ATBALSTS_MODE=test ATBALSTS_VAR_DIR=var/test .venv/bin/pytest \
        tests/exports/bench_register_export.py -q -p no:randomly -s
"""

from __future__ import annotations

import datetime
import time
import tracemalloc
from typing import Any

import pytest
from django.utils import timezone

from atbalsts.access.policy import ExportKind
from atbalsts.accounts.models import User
from atbalsts.exports.models import ExportJob, JobStatus
from atbalsts.exports.services import export_job_run
from tests.exports.conftest import give

pytestmark = pytest.mark.django_db


def _job(holder: User) -> ExportJob:
    return ExportJob.objects.create(
        kind=ExportKind.RECIPIENT_REGISTER,
        requested_by=holder,
        organisation=holder.organisation,
        purpose="Mērījums: reģistra eksporta ātrums",
        expires_at=timezone.now() + datetime.timedelta(hours=24),
    )


@pytest.mark.parametrize("count", [1_000, 10_000])
def test_measure(recipients_of: Any, personas: dict[str, User], count: int) -> None:
    holder = personas["agency_coordinator"]
    give(holder, ExportKind.RECIPIENT_REGISTER, by=personas["system_admin"])
    recipients_of(count)

    timed = _job(holder)
    started = time.perf_counter()
    export_job_run(job_uuid=timed.uuid, passphrase="mērījuma-paroles-frāze-24")
    elapsed = time.perf_counter() - started

    traced = _job(holder)
    tracemalloc.start()
    export_job_run(job_uuid=traced.uuid, passphrase="mērījuma-paroles-frāze-24")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    timed.refresh_from_db()
    assert timed.status == JobStatus.DONE
    print(  # noqa: T201 — the figures are this script's output
        f"\n{count} rows: {elapsed:.2f} s, {count / elapsed:,.0f} rows/s, "
        f"peak traced memory {peak / 1024:,.0f} KiB, file {timed.file_size:,} bytes"
    )
