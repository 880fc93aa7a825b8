"""The administration pages: lists, filters, forms, messages and query counts."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import escape

from atbalsts.accounts.models import Organisation, OrganisationType, Role, User
from atbalsts.administration import texts
from atbalsts.administration.views import PAGE_SIZE
from atbalsts.audit.models import AuditEvent
from tests.core.helpers import signed_in_client
from tests.core.pages import in_latvian, middleware_query_count, tags, visible_text
from tests.factories import make_organisation, make_user

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse
    from pytest_django import DjangoAssertNumQueries

pytestmark = pytest.mark.django_db

ORGANISATIONS = reverse("administration:organisation_list")
USERS = reverse("administration:user_list")


def _rows(response: TestResponse) -> list[str]:
    """The first cell of every body row: the organisation names or the usernames."""
    html = response.content.decode()
    if "<tbody>" not in html:
        return []
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return [
        cell.split(">", 2)[2].split("<", 1)[0] for cell in body.split("<tr>")[1:] if cell.strip()
    ]


def _message(text: str | Promise, **values: str) -> str:
    """A message as the Latvian page shows it, filled in and HTML-escaped."""
    return escape(in_latvian(text) % values)


# Organisation list


def test_organisation_list_shows_every_organisation_with_its_active_users(
    admin_client: Client, personas: dict[str, User], organisations: dict[str, Organisation]
) -> None:
    response = admin_client.get(ORGANISATIONS)

    assert response.status_code == 200
    assert _rows(response) == sorted(o.name for o in organisations.values())
    assert in_latvian("Results: %(counter)s") % {"counter": 6} in visible_text(response)


def test_organisation_list_filters_by_type_status_and_search(
    admin_client: Client, organisations: dict[str, Organisation]
) -> None:
    make_organisation(code="old-sd", name="Slēgtais Sociālais dienests", is_active=False)

    by_type = admin_client.post(ORGANISATIONS, {"type": OrganisationType.SOCIAL_SERVICE})
    inactive = admin_client.post(ORGANISATIONS, {"status": "inactive"})
    searched = admin_client.post(ORGANISATIONS, {"q": "sociālais"})
    by_code = admin_client.post(ORGANISATIONS, {"q": "drosa"})

    assert _rows(by_type) == [
        "Daugavpils pilsētas Sociālais dienests",
        "Rīgas Sociālais dienests",
        "Slēgtais Sociālais dienests",
    ]
    assert _rows(inactive) == ["Slēgtais Sociālais dienests"]
    assert _rows(searched) == _rows(by_type)
    assert _rows(by_code) == ["Patvērums Drošā māja"]


def test_search_term_in_the_address_is_ignored(
    admin_client: Client, organisations: dict[str, Organisation]
) -> None:
    """Search terms travel only in the POST body (docs/security.md DP-5)."""
    response = admin_client.get(ORGANISATIONS, {"q": "Rīgas"})

    assert len(_rows(response)) == len(organisations)
    [search] = [i for i in tags(response, "input") if i.get("name") == "q"]
    assert "value" not in search


def test_invalid_filter_is_ignored_not_an_error(
    admin_client: Client, organisations: dict[str, Organisation]
) -> None:
    response = admin_client.post(ORGANISATIONS, {"type": "no-such-type"})

    assert response.status_code == 200
    assert len(_rows(response)) == len(organisations)


def test_organisation_list_pages_by_25_keeping_the_filters(admin_client: Client) -> None:
    for n in range(30):
        make_organisation(code=f"p-{n:02}", name=f"Pagasts {n:02}")
    make_organisation(code="other", name="Zzz cita", type=OrganisationType.AGENCY)

    first = admin_client.post(ORGANISATIONS, {"q": "Pagasts"})
    second = admin_client.post(ORGANISATIONS, {"q": "Pagasts", "page": "2"})

    assert len(_rows(first)) == PAGE_SIZE == 25
    assert _rows(second) == [f"Pagasts {n:02}" for n in range(25, 30)]
    assert in_latvian("Page %(number)s of %(total)s") % {"number": 2, "total": 2} in (
        visible_text(second)
    )
    # The page buttons submit the filter form, so the search stays out of the address.
    buttons = [b for b in tags(first, "button") if b.get("name") == "page"]
    assert buttons == [
        {
            "type": "submit",
            "form": "filters",
            "name": "page",
            "value": "2",
            "class": "button button--secondary",
        }
    ]


# The list's own queries beyond the middleware's: count and page of the list, plus the
# organisation choices of the users' filter.
LIST_QUERIES = {ORGANISATIONS: 2, USERS: 3}


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("url", [ORGANISATIONS, USERS])
def test_list_query_count_is_pinned_and_does_not_grow_with_rows(
    admin_client: Client,
    django_assert_num_queries: DjangoAssertNumQueries,
    url: str,
    method: str,
) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            make_user(organisation=make_organisation())

    # Measured on a page that runs no view, so a change in the sign-in middleware does not
    # hide a change in the list.
    expected = middleware_query_count(admin_client) + LIST_QUERIES[url]
    # 10 rows, then 200: the first page fills up, the number of queries stays.
    for added in (10, 190):
        add(added)
        with django_assert_num_queries(expected):
            response = admin_client.generic(method, url)
        assert response.status_code == 200
        total = (Organisation if url == ORGANISATIONS else User).objects.count()
        assert len(_rows(response)) == min(total, PAGE_SIZE)


# Organisation create and edit


def test_create_organisation(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("administration:organisation_create"),
        {"code": "valmiera-sd", "name": "Valmieras Sociālais dienests", "type": "social_service"},
        follow=True,
    )

    organisation = Organisation.objects.get(code="valmiera-sd")
    assert organisation.type == OrganisationType.SOCIAL_SERVICE
    assert response.redirect_chain[-1][0] == ORGANISATIONS
    assert _message(texts.ORGANISATION_CREATED, name=organisation.name) in (
        response.content.decode()
    )
    assert AuditEvent.objects.filter(action="organisation_created").count() == 1


def test_invalid_organisation_shows_errors_by_the_field_and_in_the_summary(
    admin_client: Client, organisations: dict[str, Organisation]
) -> None:
    response = admin_client.post(
        reverse("administration:organisation_create"),
        {"code": "riga-sd", "name": "", "type": "social_service"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_code"' in html
    assert 'href="#id_name"' in html
    assert 'id="id_code_error"' in html
    assert 'aria-describedby="id_code_helptext id_code_error"' in html
    assert Organisation.objects.count() == len(organisations)


def test_edit_organisation_refuses_a_type_its_users_do_not_fit(
    admin_client: Client, personas: dict[str, User]
) -> None:
    riga = personas["social_worker_a"].organisation

    response = admin_client.post(
        reverse("administration:organisation_edit", args=[riga.uuid]),
        {"name": riga.name, "type": "police", "region": riga.region},
    )

    assert response.status_code == 200
    assert _message(texts.ORGANISATION_TYPE_DOES_NOT_FIT_USERS) in response.content.decode()
    assert 'id="id_type_error"' in response.content.decode()
    riga.refresh_from_db()
    assert riga.type == OrganisationType.SOCIAL_SERVICE


def test_edit_organisation_ignores_fields_it_does_not_offer(
    admin_client: Client, organisations: dict[str, Organisation]
) -> None:
    """No mass assignment (docs/security.md AZ-6): code, uuid and status are not editable here."""
    riga = organisations["riga"]
    original_uuid = riga.uuid

    admin_client.post(
        reverse("administration:organisation_edit", args=[riga.uuid]),
        {
            "name": "Rīgas SD",
            "type": "social_service",
            "region": "Rīga",
            "code": "hacked",
            "uuid": "00000000-0000-0000-0000-000000000000",
            "is_active": "false",
        },
    )

    riga.refresh_from_db()
    assert riga.name == "Rīgas SD"
    assert (riga.code, riga.uuid, riga.is_active) == ("riga-sd", original_uuid, True)


def test_deactivate_organisation_with_active_users_shows_why_not(
    admin_client: Client, personas: dict[str, User]
) -> None:
    riga = personas["social_worker_a"].organisation

    response = admin_client.post(
        reverse("administration:organisation_deactivate", args=[riga.uuid])
    )

    assert response.status_code == 200
    assert _message(texts.ORGANISATION_HAS_ACTIVE_USERS) in response.content.decode()
    riga.refresh_from_db()
    assert riga.is_active


def test_deactivate_and_reactivate_organisation(admin_client: Client) -> None:
    organisation = make_organisation(name="Tukšā organizācija")
    deactivate = reverse("administration:organisation_deactivate", args=[organisation.uuid])
    reactivate = reverse("administration:organisation_reactivate", args=[organisation.uuid])

    confirm = admin_client.get(deactivate)
    done = admin_client.post(deactivate, follow=True)

    assert confirm.status_code == 200
    assert _message(texts.ORGANISATION_DEACTIVATED, name=organisation.name) in (
        done.content.decode()
    )
    assert not Organisation.objects.get(pk=organisation.pk).is_active

    again = admin_client.post(reactivate, follow=True)
    assert _message(texts.ORGANISATION_REACTIVATED, name=organisation.name) in (
        again.content.decode()
    )
    assert Organisation.objects.get(pk=organisation.pk).is_active


# User list


def test_user_list_filters_by_organisation_role_status_and_search(
    admin_client: Client, personas: dict[str, User], organisations: dict[str, Organisation]
) -> None:
    personas["social_worker_b"].is_active = False
    personas["social_worker_b"].save()

    by_organisation = admin_client.post(USERS, {"organisation": organisations["drosa_maja"].uuid})
    by_role = admin_client.post(USERS, {"role": Role.SOCIAL_WORKER})
    inactive = admin_client.post(USERS, {"status": "inactive"})
    by_username = admin_client.post(USERS, {"q": "SIVA"})
    by_name = admin_client.post(USERS, {"q": personas["dpo"].full_name})

    assert _rows(by_organisation) == ["dm.case", "dm.head"]
    assert _rows(by_role) == ["daugavpils.social", "riga.social"]
    assert _rows(inactive) == ["daugavpils.social"]
    assert _rows(by_username) == ["siva.coord"]
    assert _rows(by_name) == ["dpo"]


def test_user_list_link_from_an_organisation_filters_by_it(
    admin_client: Client, personas: dict[str, User], organisations: dict[str, Organisation]
) -> None:
    response = admin_client.get(
        USERS, {"organisation": str(organisations["police"].uuid), "status": "active"}
    )

    assert _rows(response) == ["police.member"]


def test_user_list_pages_by_25(
    admin_client: Client, organisations: dict[str, Organisation]
) -> None:
    for n in range(27):
        make_user(username=f"worker{n:02}", organisation=organisations["riga"])

    first = admin_client.post(USERS, {"q": "worker"})
    second = admin_client.post(USERS, {"q": "worker", "page": "2"})

    assert len(_rows(first)) == 25
    assert _rows(second) == ["worker25", "worker26"]


# User create


def test_create_user_shows_the_initial_password_once(
    admin_client: Client, organisations: dict[str, Organisation]
) -> None:
    response = admin_client.post(
        reverse("administration:user_create"),
        {
            "username": "Ilze.Liepa",
            "full_name": "Ilze Liepa",
            "email": "ilze.liepa@example.lv",
            "role": Role.SOCIAL_WORKER,
            "organisation": organisations["riga"].uuid,
        },
    )

    assert response.status_code == 200
    user = User.objects.get(username="ilze.liepa")
    [shown] = tags(response, "output")
    password = response.content.decode().split('class="secret-once"', 1)[1]
    password = password.split(">", 1)[1].split("<", 1)[0]
    assert shown["class"] == "secret-once"
    assert user.check_password(password)
    assert _message(texts.USER_CREATED, username="ilze.liepa") in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    # Nothing keeps it: the list and the account page never show it again.
    for url in (USERS, reverse("administration:user_edit", args=[user.uuid])):
        assert password not in admin_client.get(url).content.decode()
    assert password not in str(list(AuditEvent.objects.values_list("payload", flat=True)))


def test_create_user_with_a_role_that_does_not_fit_shows_the_error_by_the_role(
    admin_client: Client, organisations: dict[str, Organisation]
) -> None:
    response = admin_client.post(
        reverse("administration:user_create"),
        {
            "username": "nepareizs",
            "full_name": "Nepareiza Loma",
            "role": Role.AGENCY_COORDINATOR,
            "organisation": organisations["riga"].uuid,
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_role_error"' in html
    assert 'href="#id_role"' in html
    assert not User.objects.filter(username="nepareizs").exists()


def test_create_user_ignores_fields_it_does_not_offer(
    admin_client: Client, organisations: dict[str, Organisation]
) -> None:
    admin_client.post(
        reverse("administration:user_create"),
        {
            "username": "ieva.koka",
            "full_name": "Ieva Koka",
            "role": Role.SOCIAL_WORKER,
            "organisation": organisations["riga"].uuid,
            "password": "chosen-by-the-admin-123",
            "is_active": "false",
            "is_staff": "true",
            "uuid": "00000000-0000-0000-0000-000000000000",
        },
    )

    user = User.objects.get(username="ieva.koka")
    assert user.is_active
    assert not user.check_password("chosen-by-the-admin-123")
    assert str(user.uuid) != "00000000-0000-0000-0000-000000000000"


def test_inactive_organisation_is_not_offered_for_a_new_user(admin_client: Client) -> None:
    closed = make_organisation(name="Slēgtā", is_active=False)

    response = admin_client.get(reverse("administration:user_create"))

    html = response.content.decode()
    assert str(closed.uuid) not in html
    # Organisations are chosen by UUID, never by sequential id.
    select = html[html.index('<select name="organisation"') :]
    values = re.findall(r'<option value="([^"]*)"', select[: select.index("</select>")])
    assert values[0] == ""
    assert values[1:] == [str(o.uuid) for o in Organisation.objects.filter(is_active=True)]


# User edit, deactivate, reactivate


def test_edit_user_role_and_organisation(
    admin_client: Client, personas: dict[str, User], organisations: dict[str, Organisation]
) -> None:
    worker = personas["social_worker_a"]

    response = admin_client.post(
        reverse("administration:user_edit", args=[worker.uuid]),
        {
            "full_name": worker.full_name,
            "email": "",
            "role": Role.SOCIAL_SERVICE_HEAD,
            "organisation": organisations["daugavpils"].uuid,
            "username": "renamed",
        },
        follow=True,
    )

    worker.refresh_from_db()
    assert (worker.role, worker.organisation, worker.username) == (
        Role.SOCIAL_SERVICE_HEAD,
        organisations["daugavpils"],
        "riga.social",
    )
    assert _message(texts.USER_UPDATED, username="riga.social") in response.content.decode()
    assert AuditEvent.objects.filter(action="authz_change", object_uuid=worker.uuid).count() == 1


def test_new_role_takes_effect_on_the_next_request(
    client: Client, admin_client: Client, personas: dict[str, User]
) -> None:
    """docs/security.md AZ-8: no cached grant survives a role change."""
    second_admin = make_user(
        username="admin2", role=Role.SYSTEM_ADMIN, organisation=personas["dpo"].organisation
    )
    other = signed_in_client(Client(), second_admin)
    assert other.get(USERS).status_code == 200

    admin_client.post(
        reverse("administration:user_edit", args=[second_admin.uuid]),
        {
            "full_name": second_admin.full_name,
            "email": "",
            "role": Role.DATA_PROTECTION_OFFICER,
            "organisation": second_admin.organisation.uuid,
        },
    )

    assert other.get(USERS).status_code == 404


def test_administrator_cannot_change_own_role_on_the_page(
    admin_client: Client, admin: User
) -> None:
    response = admin_client.post(
        reverse("administration:user_edit", args=[admin.uuid]),
        {
            "full_name": admin.full_name,
            "email": "",
            "role": Role.DATA_PROTECTION_OFFICER,
            "organisation": admin.organisation.uuid,
        },
    )

    assert _message(texts.CANNOT_CHANGE_OWN_ROLE) in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == Role.SYSTEM_ADMIN


def test_deactivate_user_signs_them_out(admin_client: Client, personas: dict[str, User]) -> None:
    worker = personas["social_worker_a"]
    worker_client = signed_in_client(Client(), worker)
    assert worker_client.get("/").status_code == 200

    response = admin_client.post(
        reverse("administration:user_deactivate", args=[worker.uuid]), follow=True
    )

    assert _message(texts.USER_DEACTIVATED, username="riga.social") in response.content.decode()
    assert worker_client.get("/").status_code == 302
    worker.refresh_from_db()
    assert not worker.is_active


def test_administrator_cannot_deactivate_self_on_the_page(
    admin_client: Client, admin: User
) -> None:
    page = admin_client.get(reverse("administration:user_edit", args=[admin.uuid]))
    response = admin_client.post(reverse("administration:user_deactivate", args=[admin.uuid]))

    assert reverse("administration:user_deactivate", args=[admin.uuid]) not in (
        page.content.decode()
    )
    assert _message(texts.CANNOT_DEACTIVATE_SELF) in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_reactivate_user(admin_client: Client, personas: dict[str, User]) -> None:
    worker = personas["social_worker_b"]
    worker.is_active = False
    worker.save()

    confirm = admin_client.get(reverse("administration:user_reactivate", args=[worker.uuid]))
    response = admin_client.post(
        reverse("administration:user_reactivate", args=[worker.uuid]), follow=True
    )

    assert confirm.status_code == 200
    assert _message(texts.USER_REACTIVATED, username=worker.username) in (response.content.decode())
    worker.refresh_from_db()
    assert worker.is_active
