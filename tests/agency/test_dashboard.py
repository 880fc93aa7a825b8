"""The dashboard hook (atbalsts/dashboard): one item per submission, codes and dates only."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from atbalsts.agency import texts
from atbalsts.agency.models import AgencySubmission, SubmissionStatus
from atbalsts.agency.selectors import dashboard_items
from atbalsts.agency.services import submission_create
from tests.agency.test_services import _recognise
from tests.identification.conftest import provider_case, specialists

__all__ = ["provider_case", "specialists"]

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def test_the_provider_sees_its_submission_awaiting_a_decision(
    personas: dict[str, Any], provider_case: Any
) -> None:
    _recognise(personas, provider_case)
    submission_create(actor=personas["provider_case_manager"], case=provider_case)
    [item] = dashboard_items(personas["provider_case_manager"], TODAY)
    assert (item.kind, item.label, item.case_code) == (
        "agency_awaiting",
        texts.DASHBOARD_AWAITING,
        provider_case.code,
    )
    assert dashboard_items(personas["provider_head"], TODAY) != []
    assert dashboard_items(personas["social_worker_a"], TODAY) == []


def test_siva_sees_what_is_due_today_and_overdue_only(
    personas: dict[str, Any], provider_case: Any
) -> None:
    _recognise(personas, provider_case)
    submission = submission_create(actor=personas["provider_case_manager"], case=provider_case)
    siva = personas["agency_coordinator"]
    assert dashboard_items(siva, TODAY) == []  # not yet received
    AgencySubmission.objects.filter(pk=submission.pk).update(
        status=SubmissionStatus.RECEIVED, decide_by=TODAY
    )
    [due] = dashboard_items(siva, TODAY)
    assert (due.label, due.is_overdue, due.due_on) == (texts.DASHBOARD_DUE_TODAY, False, TODAY)
    [late] = dashboard_items(siva, TODAY + datetime.timedelta(days=1))
    assert (late.label, late.is_overdue) == (texts.DASHBOARD_OVERDUE, True)
    assert dashboard_items(siva, TODAY - datetime.timedelta(days=1)) == []
    assert dashboard_items(personas["ministry_analyst"], TODAY) == []
