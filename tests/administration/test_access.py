"""Only the system administrator reaches the administration; everyone else gets 404.

The URLs are read from the app's URL patterns, so a page added later is covered without
editing this file (docs/security.md AZ-1, AZ-2, AZ-3).
"""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from atbalsts.accounts.models import User
from atbalsts.administration import urls as administration_urls
from atbalsts.audit.models import AuditEvent
from tests.core.helpers import signed_in_client

pytestmark = pytest.mark.django_db

OTHER_PERSONAS = [
    "social_worker_a",
    "social_worker_b",
    "provider_case_manager",
    "provider_head",
    "police_member",
    "agency_coordinator",
    "ministry_analyst",
    "dpo",
]


def _administration_urls(personas: dict[str, User]) -> list[str]:
    """Every administration URL, objects filled with real UUIDs of existing records."""
    target = personas["social_worker_a"]
    values = {"organisation_uuid": target.organisation.uuid, "user_uuid": target.uuid}
    urls = []
    for pattern in administration_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        kwargs = {name: values[name] for name in pattern.pattern.converters}
        urls.append(reverse(f"administration:{pattern.name}", kwargs=kwargs))
    return urls


def test_every_url_pattern_is_covered(personas: dict[str, User]) -> None:
    urls = _administration_urls(personas)

    assert len(urls) == len(administration_urls.urlpatterns) == 10


@pytest.mark.parametrize("persona", OTHER_PERSONAS)
def test_every_other_role_gets_404_on_every_url_and_method(
    client: Client, personas: dict[str, User], persona: str
) -> None:
    signed_in = signed_in_client(client, personas[persona])
    target = personas["social_worker_a"]
    for url in _administration_urls(personas):
        for method in ("get", "post"):
            response = getattr(signed_in, method)(url, {"full_name": "Changed", "page": "2"})
            assert response.status_code == 404, (persona, method, url)
    target.refresh_from_db()
    assert target.is_active
    assert target.full_name != "Changed"


def test_other_role_gets_the_same_page_for_a_real_and_an_unknown_object(
    client: Client, personas: dict[str, User]
) -> None:
    signed_in = signed_in_client(client, personas["agency_coordinator"])
    real = reverse("administration:user_edit", args=[personas["social_worker_a"].uuid])
    unknown = reverse("administration:user_edit", args=[uuid.uuid4()])

    real_response, unknown_response = signed_in.get(real), signed_in.get(unknown)

    assert real_response.status_code == unknown_response.status_code == 404
    assert personas["social_worker_a"].username not in real_response.content.decode()


def test_unknown_object_is_404_for_the_administrator_too(admin_client: Client) -> None:
    for name in ("organisation_edit", "organisation_deactivate"):
        assert (
            admin_client.get(reverse(f"administration:{name}", args=[uuid.uuid4()])).status_code
            == 404
        )
    for name in ("user_edit", "user_deactivate", "user_reactivate"):
        assert (
            admin_client.get(reverse(f"administration:{name}", args=[uuid.uuid4()])).status_code
            == 404
        )


def test_anonymous_visitor_is_sent_to_login_without_content(
    client: Client, personas: dict[str, User]
) -> None:
    for url in _administration_urls(personas):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, (method, url)
            assert response["Location"].startswith(reverse("accounts:login"))


def test_administrator_opens_every_page(admin_client: Client, personas: dict[str, User]) -> None:
    personas["social_worker_b"].is_active = False
    personas["social_worker_b"].save()
    statuses = {}
    for url in _administration_urls(personas):
        statuses[url] = admin_client.get(url).status_code
    # Deactivating an active user shows a confirmation; reactivating an active one goes back
    # to the account's page.
    target = personas["social_worker_a"]
    reactivate = reverse("administration:user_reactivate", args=[target.uuid])
    org_reactivate = reverse(
        "administration:organisation_reactivate", args=[target.organisation.uuid]
    )
    assert statuses.pop(reactivate) == 302
    assert statuses.pop(org_reactivate) == 302
    assert set(statuses.values()) == {200}


def test_denied_access_is_logged_and_audited_without_page_content(
    client: Client, personas: dict[str, User], caplog: pytest.LogCaptureFixture
) -> None:
    worker = personas["social_worker_a"]
    signed_in = signed_in_client(client, worker)

    with caplog.at_level("WARNING", logger="atbalsts.security"):
        signed_in.get(reverse("administration:user_list"))

    records = [r for r in caplog.records if r.getMessage() == "authz_fail"]
    assert len(records) == 1
    assert records[0].user_uuid == str(worker.uuid)  # type: ignore[attr-defined]
    assert records[0].reason == "missing_capability:manage_users"  # type: ignore[attr-defined]
    event = AuditEvent.objects.get(action="authz_fail", actor=worker)
    assert event.object_type == "page"
    assert event.payload == {"reason": "missing_capability:manage_users", "page": "user_list"}


def test_deactivated_administrator_loses_access_on_the_next_request(
    admin_client: Client, admin: User
) -> None:
    assert admin_client.get(reverse("administration:user_list")).status_code == 200

    User.objects.filter(pk=admin.pk).update(is_active=False)

    response = admin_client.get(reverse("administration:user_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
