"""A role that may not use the consent pages is refused like any other refusal: a 404 that
leaves an ``authz_fail`` event in the trail and in the security log (AZ-10)."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import reverse

from atbalsts.accounts.models import User
from atbalsts.audit.models import AuditEvent
from tests.core.helpers import signed_in_client

pytestmark = pytest.mark.django_db

OUTSIDERS = [
    "police_member",
    "agency_coordinator",
    "ministry_analyst",
    "dpo",
    "system_admin",
]


@pytest.mark.parametrize("persona", OUTSIDERS)
@pytest.mark.parametrize("url_name", ["consent:referral_inbox", "consent:referral_sent"])
def test_a_refused_consent_page_is_audited_and_logged(
    personas: dict[str, User], persona: str, url_name: str, caplog: pytest.LogCaptureFixture
) -> None:
    user = personas[persona]
    client = signed_in_client(Client(), user)

    with caplog.at_level(logging.WARNING):
        response = client.get(reverse(url_name))

    assert response.status_code == 404
    event = AuditEvent.objects.get(action="authz_fail", actor=user)
    assert event.object_type == "consent"
    assert event.payload["reason"].startswith("missing_capability")
    assert any(record.getMessage() == "authz_fail" for record in caplog.records)
