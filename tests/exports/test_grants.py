"""The system administrator gives and withdraws export permissions (docs/security.md EX-1, SE-5)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from atbalsts.accounts.models import User
from atbalsts.audit.models import AuditEvent
from atbalsts.exports import texts
from atbalsts.exports.models import ExportGrant
from tests.core.pages import visible_text
from tests.exports.helpers import make_authentication_stale

pytestmark = pytest.mark.django_db


def _url(user: User) -> str:
    return reverse("exports:user_permissions", args=[user.uuid])


def test_the_page_offers_only_the_exports_the_role_may_hold(
    client_of: Any, personas: dict[str, User]
) -> None:
    coordinator = personas["agency_coordinator"]
    analyst = personas["ministry_analyst"]
    client = client_of("system_admin")

    for_siva = client.get(_url(coordinator), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for_ministry = client.get(_url(analyst), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for_worker = client.get(_url(personas["social_worker_a"])).content.decode()

    assert 'value="recipient_register"' in for_siva
    assert 'value="htcds"' in for_siva
    assert 'value="recipient_register"' not in for_ministry
    assert 'value="statistics_csv"' in for_ministry
    assert 'name="kind"' not in for_worker


def test_giving_an_export_is_audited_and_withdrawing_it_too(
    client_of: Any, personas: dict[str, User]
) -> None:
    coordinator = personas["agency_coordinator"]
    client = client_of("system_admin")

    given = client.post(
        _url(coordinator), {"kind": "recipient_register", "change": "give"}, follow=True
    )

    assert ExportGrant.objects.filter(user=coordinator, kind="recipient_register").exists()
    assert str(
        texts.GRANT_GIVEN
        % {"user": coordinator.username, "export": texts.KIND_LABELS["recipient_register"]}
    ) in visible_text(given)
    client.post(_url(coordinator), {"kind": "recipient_register", "change": "withdraw"})
    assert not ExportGrant.objects.filter(user=coordinator).exists()
    changes = AuditEvent.objects.filter(action="authz_change", object_uuid=coordinator.uuid)
    assert [event.payload for event in changes.order_by("seq")] == [
        {"export_permission": "recipient_register", "change": "given"},
        {"export_permission": "recipient_register", "change": "withdrawn"},
    ]
    assert all(event.actor == personas["system_admin"] for event in changes)


def test_an_export_the_role_may_not_hold_is_refused(
    client_of: Any, personas: dict[str, User]
) -> None:
    analyst = personas["ministry_analyst"]

    response = client_of("system_admin").post(
        _url(analyst), {"kind": "recipient_register", "change": "give"}
    )

    assert response.status_code == 200
    assert not ExportGrant.objects.filter(user=analyst).exists()


def test_giving_needs_a_fresh_authentication(client_of: Any, personas: dict[str, User]) -> None:
    client = client_of("system_admin")
    make_authentication_stale(client)

    response = client.post(
        _url(personas["agency_coordinator"]), {"kind": "recipient_register", "change": "give"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    assert not ExportGrant.objects.exists()


@pytest.mark.parametrize("persona", ["agency_coordinator", "ministry_analyst", "dpo"])
def test_other_roles_get_404(client_of: Any, personas: dict[str, User], persona: str) -> None:
    response = client_of(persona).post(
        _url(personas[persona]), {"kind": "recipient_register", "change": "give"}
    )

    assert response.status_code == 404
    assert not ExportGrant.objects.exists()


def test_the_user_page_links_to_the_export_permissions(
    client_of: Any, personas: dict[str, User]
) -> None:
    coordinator = personas["agency_coordinator"]

    page = client_of("system_admin").get(
        reverse("administration:user_edit", args=[coordinator.uuid])
    )

    assert _url(coordinator) in page.content.decode()
