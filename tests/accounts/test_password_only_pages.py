"""Before the second factor a page shows nothing of the account (docs/security.md AU-1).

The password alone proves little: whoever has only that must not learn whose account it is,
its role, the menu of what it can reach, or anything counted for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from atbalsts.accounts.models import User
from atbalsts.core import views as core_views
from tests.accounts.helpers import current_totp, login_password

if TYPE_CHECKING:
    from django.http import HttpResponse

pytestmark = pytest.mark.django_db


def _assert_no_account(body: str, user: User) -> None:
    assert user.full_name not in body
    assert str(user.get_role_display()) not in body
    assert 'class="site-nav"' not in body
    assert 'class="current-user"' not in body


def _assert_account(body: str, user: User) -> None:
    assert user.full_name in body
    assert str(user.get_role_display()) in body
    assert 'class="site-nav"' in body


@pytest.mark.parametrize("url", ["/login/verify/", "/no-such-page/"])
def test_pages_of_a_password_only_session_show_no_account(
    client: Client, worker: User, worker_secret: str, password: str, url: str
) -> None:
    login_password(client, worker.username, password)

    response = client.get(url)

    assert response.status_code in {200, 404}
    _assert_no_account(response.content.decode(), worker)


def test_the_enrolment_page_shows_no_account(client: Client, worker: User, password: str) -> None:
    login_password(client, worker.username, password)

    response = client.get(reverse("accounts:enrol"))

    assert response.status_code == 200
    _assert_no_account(response.content.decode(), worker)


def test_the_verification_page_offers_a_way_out(
    client: Client, worker: User, worker_secret: str, password: str
) -> None:
    login_password(client, worker.username, password)

    body = client.get(reverse("accounts:verify")).content.decode()
    assert "Atcelt pieteikšanos" in body
    assert f'action="{reverse("accounts:logout")}"' in body

    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:verify")).status_code == 302


@pytest.mark.parametrize(
    "handler", [core_views.error_400, core_views.error_403, core_views.error_404]
)
def test_error_pages_of_a_password_only_session_show_no_account(
    rf: RequestFactory, worker: User, handler: object
) -> None:
    request = rf.get("/somewhere/")
    worker.is_verified = lambda: False  # type: ignore[attr-defined]  # as OTPMiddleware sets
    request.user = worker
    request.session = {}  # type: ignore[assignment]

    response: HttpResponse = handler(request)  # type: ignore[operator]

    _assert_no_account(response.content.decode(), worker)


def test_after_the_second_factor_the_account_is_shown(
    client: Client, worker: User, worker_secret: str, password: str
) -> None:
    login_password(client, worker.username, password)
    client.post(reverse("accounts:verify"), {"code": current_totp(worker_secret)})

    for url in ("/", "/no-such-page/"):
        _assert_account(client.get(url).content.decode(), worker)
