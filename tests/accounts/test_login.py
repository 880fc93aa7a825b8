from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from atbalsts.accounts import texts
from atbalsts.accounts.models import User
from atbalsts.audit.models import AuditEvent
from tests.accounts.helpers import login_password

pytestmark = pytest.mark.django_db

LOGIN_URL = "/login/"


def _normalised(body: bytes) -> str:
    """The page without its per-response parts: the CSRF token and the request nonce."""
    text = body.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", text)
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "csrf", text)
    return re.sub(r'nonce="[^"]*"', "nonce", text)


def test_the_login_page_is_latvian_by_default(client: Client) -> None:
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert '<html lang="lv">' in response.content.decode()
    assert "Pieteikties" in response.content.decode()
    assert 'autocomplete="current-password"' in response.content.decode()


def test_the_login_page_speaks_english_when_asked(client: Client) -> None:
    response = client.get(LOGIN_URL, headers={"accept-language": "en"})

    assert "Sign in" in response.content.decode()


def test_a_wrong_password_and_an_unknown_user_look_the_same(
    client: Client, worker: User, password: str
) -> None:
    wrong_password = login_password(client, worker.username, password + "x")
    unknown_user = login_password(client, "nobody.here", password)

    assert wrong_password.status_code == unknown_user.status_code == 200
    assert _normalised(wrong_password.content) == _normalised(unknown_user.content)
    assert str(texts.INVALID_CREDENTIALS) in wrong_password.content.decode()
    # Nothing typed is echoed back: the "username" might have been the password.
    assert "nobody.here" not in unknown_user.content.decode()
    assert worker.username not in wrong_password.content.decode()


def test_the_error_is_announced_and_linked_to_the_field(
    client: Client, worker: User, password: str
) -> None:
    body = login_password(client, worker.username, "wrong password!").content.decode()

    assert 'role="alert"' in body
    assert 'id="id_password_error"' in body
    assert 'aria-describedby="id_password_error"' in body
    assert 'aria-invalid="true"' in body
    assert '<label for="id_username">' in body
    assert '<label for="id_password">' in body


def test_a_failed_login_is_audited_without_the_typed_username(
    client: Client, worker: User, password: str
) -> None:
    login_password(client, "Secret-Looking Typo 42", password)
    login_password(client, worker.username, "wrong password!")

    unknown, known = AuditEvent.objects.filter(action="authn_login_fail").order_by("seq")
    assert unknown.actor is None
    assert unknown.object_uuid is None
    assert "Secret-Looking" not in str(unknown.payload)
    assert known.actor == worker
    assert known.object_uuid == worker.uuid
    assert known.payload == {"stage": "password"}


def test_a_correct_password_starts_a_new_session_and_asks_for_the_second_factor(
    client: Client, worker: User, password: str
) -> None:
    client.get(LOGIN_URL)
    anonymous_key = client.session.session_key

    response = login_password(client, worker.username, password)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:enrol")
    assert client.session.session_key != anonymous_key
    assert AuditEvent.objects.filter(action="authn_login_success", actor=worker).count() == 1


def test_usernames_are_matched_without_regard_to_case(
    client: Client, worker: User, password: str
) -> None:
    response = login_password(client, worker.username.upper(), password)

    assert response.status_code == 302


def test_a_user_with_an_authenticator_goes_to_verification(
    client: Client, worker: User, worker_secret: str, password: str
) -> None:
    response = login_password(client, worker.username, password)

    assert response["Location"] == reverse("accounts:verify")


def test_the_page_asked_for_is_kept_through_the_steps(
    client: Client, worker: User, worker_secret: str, password: str
) -> None:
    response = client.post(
        LOGIN_URL + "?next=/some/page/", {"username": worker.username, "password": password}
    )

    assert response["Location"] == reverse("accounts:verify") + "?next=%2Fsome%2Fpage%2F"


def test_an_outside_next_address_is_ignored(
    client: Client, worker: User, worker_secret: str, password: str
) -> None:
    response = client.post(
        LOGIN_URL + "?next=https://evil.example/",
        {"username": worker.username, "password": password},
    )

    assert response["Location"] == reverse("accounts:verify")


def test_an_inactive_user_cannot_sign_in(client: Client, worker: User, password: str) -> None:
    worker.is_active = False
    worker.save()

    response = login_password(client, worker.username, password)

    assert response.status_code == 200
    assert str(texts.INVALID_CREDENTIALS) in response.content.decode()


def test_anonymous_visitors_are_sent_to_login(client: Client) -> None:
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_messages_are_translated_to_latvian() -> None:
    with translation.override("lv"):
        assert str(texts.INVALID_CREDENTIALS) == "Nepareizs lietotājvārds vai parole."
