"""The partner directory: loaded from the catalogue, listed for every signed-in role, kept
by the system administrator alone (audited); web addresses are text, not links."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from atbalsts.accounts.models import User
from atbalsts.audit.models import AuditEvent
from atbalsts.directory import texts
from atbalsts.directory.models import Contact
from atbalsts.directory.views import PAGE_SIZE
from atbalsts.rules.catalogue import CONTACTS
from tests.core.helpers import signed_in_client
from tests.core.pages import in_latvian, middleware_query_count

if TYPE_CHECKING:
    from pytest_django import DjangoAssertNumQueries

pytestmark = pytest.mark.django_db

LIST = reverse("directory:list")
# The count and the page.
LIST_QUERIES = 2
ALL_PERSONAS = [
    "social_worker_a",
    "provider_case_manager",
    "police_member",
    "agency_coordinator",
    "ministry_analyst",
    "dpo",
    "system_admin",
]


def _client(personas: dict[str, User], name: str) -> Client:
    return signed_in_client(Client(), personas[name])


def _says(response: object, message: object) -> bool:
    return escape(in_latvian(message)) in response.content.decode()  # type: ignore[attr-defined,arg-type]


def test_the_migration_loads_every_catalogue_contact() -> None:
    assert set(Contact.objects.values_list("code", flat=True)) == {c.code for c in CONTACTS}
    labour = Contact.objects.get(code="labour_inspectorate")
    assert (labour.trust_line, labour.phones) == ("67312176", ["67186522", "67186523"])


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_every_role_reads_the_list_without_links_to_the_web(
    personas: dict[str, User], persona: str
) -> None:
    response = _client(personas, persona).get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    assert "116111" in body
    assert "www.marta.lv" in body
    assert 'href="http' not in body
    assert 'href="www' not in body
    assert (reverse("directory:add") in body) == (persona == "system_admin")


def test_the_list_filters_by_post(personas: dict[str, User]) -> None:
    response = _client(personas, "social_worker_a").post(LIST, {"query": "Marta"})
    body = response.content.decode()
    assert "www.marta.lv" in body
    assert "116111" not in body


@pytest.mark.parametrize("persona", ["social_worker_a", "provider_head", "dpo"])
def test_only_the_administrator_edits(personas: dict[str, User], persona: str) -> None:
    contact = Contact.objects.get(code="marta")
    client = _client(personas, persona)
    assert client.get(reverse("directory:add")).status_code == 404
    assert client.get(reverse("directory:edit", args=[contact.uuid])).status_code == 404
    assert client.post(reverse("directory:deactivate", args=[contact.uuid])).status_code == 404
    assert Contact.objects.get(code="marta").is_active


def test_administrator_adds_edits_and_deactivates(personas: dict[str, User]) -> None:
    client = _client(personas, "system_admin")
    added = client.post(
        reverse("directory:add"),
        {"code": "border_guard", "name": "Valsts robežsardze", "phones": "67075616\n+371 112"},
        follow=True,
    )
    assert _says(added, texts.CONTACT_ADDED % {"name": "Valsts robežsardze"})
    contact = Contact.objects.get(code="border_guard")
    assert contact.phones == ["67075616", "+371 112"]

    url = reverse("directory:edit", args=[contact.uuid])
    data = {"code": "border_guard", "name": "VRS", "phones": "67075616", "version": "1"}
    saved = client.post(url, data, follow=True)
    assert _says(saved, texts.CONTACT_SAVED % {"name": "VRS"})
    stale = client.post(url, {**data, "name": "Vecā"})
    assert stale.status_code == 409
    assert _says(stale, texts.CONTACT_CONFLICT)
    assert "Vecā" in stale.content.decode()

    bad = client.post(url, {**data, "version": "2", "phones": "zvanīt"})
    assert _says(bad, texts.PHONE_INVALID)
    taken = client.post(url, {**data, "version": "2", "code": "marta"})
    assert _says(taken, texts.CODE_TAKEN)

    gone = client.post(reverse("directory:deactivate", args=[contact.uuid]), follow=True)
    assert _says(gone, texts.CONTACT_DEACTIVATED % {"name": "VRS"})
    assert "VRS" not in client.get(LIST).content.decode().split("<main", 1)[-1]
    assert client.get(url).status_code == 404
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"contact_created", "contact_updated", "contact_deactivated"} <= actions


def test_the_list_paginates_and_its_query_count_does_not_grow(
    personas: dict[str, User], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = _client(personas, "social_worker_a")
    expected = middleware_query_count(client) + LIST_QUERIES
    # 10 rows, then 200.
    for start, count in ((0, 10), (10, 190)):
        Contact.objects.bulk_create(
            Contact(code=f"partner-{n}", name=f"Partneris {n:03}")
            for n in range(start, start + count)
        )
        with django_assert_num_queries(expected):
            response = client.get(LIST)
        rows = len(re.findall(r"<tr[ >]", response.content.decode())) - 1
        assert rows == min(Contact.objects.count(), PAGE_SIZE)
