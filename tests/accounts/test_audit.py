from __future__ import annotations

import pytest
from django.test import Client

from atbalsts.accounts.models import User
from atbalsts.audit.models import AuditEvent
from atbalsts.audit.selectors import audit_chain_verdict
from tests.accounts.helpers import login_fully

pytestmark = pytest.mark.django_db


def test_a_sign_in_and_out_leaves_its_events_in_order(
    client: Client, worker: User, worker_secret: str, password: str
) -> None:
    first = AuditEvent.objects.count()

    login_fully(client, worker, password)
    client.post("/logout/")

    events = list(AuditEvent.objects.order_by("seq")[first:])
    assert [event.action for event in events] == [
        "authn_login_success",
        "authn_mfa_success",
        "authn_logout",
    ]
    assert all(event.actor == worker for event in events)
    assert all(event.organisation == worker.organisation for event in events)
    assert all(event.client_ip == "127.0.0.1" for event in events)
    assert events[1].payload == {"method": "totp"}
    assert audit_chain_verdict().is_intact
