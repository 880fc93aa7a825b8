"""Step-up re-authentication (docs/security.md SE-5): password and code again after 5 minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from time_machine import TimeMachineFixture

from atbalsts.accounts import stepup, texts
from atbalsts.accounts.models import User
from atbalsts.accounts.sessions import session_mark_start
from atbalsts.audit.models import AuditEvent
from tests.accounts.helpers import force_login_verified, unused_totp

pytestmark = pytest.mark.django_db

REAUTHENTICATE = reverse("accounts:reauthenticate")
START = datetime(2026, 11, 30, 9, 0, 2, tzinfo=UTC)


@pytest.fixture
def frozen(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(START, tick=False)
    return time_machine


@stepup.require_recent_authentication()
def _guarded(request: HttpRequest) -> HttpResponse:
    return HttpResponse("guarded content")


def _request(client: Client, path: str = "/guarded/?x=1") -> HttpRequest:
    request = RequestFactory().get(path)
    request.session = client.session
    return request


def test_a_fresh_sign_in_passes_and_five_minutes_later_it_does_not(
    client: Client, worker: User, frozen: TimeMachineFixture
) -> None:
    force_login_verified(client, worker)

    frozen.shift(timedelta(minutes=4, seconds=59))
    fresh = _guarded(_request(client))
    frozen.shift(timedelta(seconds=1))
    stale = _guarded(_request(client))

    assert fresh.status_code == 200
    assert stale.status_code == 302
    assert stale["Location"] == f"{REAUTHENTICATE}?next=%2Fguarded%2F%3Fx%3D1"


def test_a_session_without_an_authentication_time_is_never_recent(
    client: Client, worker: User
) -> None:
    client.force_login(worker)

    assert _guarded(_request(client)).status_code == 302


def test_reauthentication_with_password_and_code_returns_to_the_page_and_is_audited(
    client: Client, worker: User, password: str, frozen: TimeMachineFixture
) -> None:
    force_login_verified(client, worker)
    frozen.shift(timedelta(minutes=10))  # within the idle limit
    code = unused_totp(worker)

    response = client.post(
        REAUTHENTICATE, {"password": password, "code": code, "next": "/guarded/?x=1"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/guarded/?x=1"
    assert _guarded(_request(client)).status_code == 200
    event = AuditEvent.objects.get(action=stepup.REAUTHENTICATED_ACTION)
    assert event.actor == worker
    assert event.payload == {"method": "totp"}
    frozen.shift(timedelta(minutes=5))
    assert _guarded(_request(client)).status_code == 302


def test_the_page_asks_for_password_and_code(client: Client, worker: User) -> None:
    force_login_verified(client, worker)

    response = client.get(REAUTHENTICATE, {"next": "/guarded/"})

    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="password"' in body
    assert 'name="code"' in body
    assert 'value="/guarded/"' in body


def test_an_outside_next_address_is_dropped(
    client: Client, worker: User, password: str, frozen: TimeMachineFixture
) -> None:
    force_login_verified(client, worker)

    response = client.post(
        REAUTHENTICATE,
        {"password": password, "code": unused_totp(worker), "next": "https://evil.example/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_wrong_password_is_refused_and_the_code_is_not_spent(
    client: Client, worker: User, frozen: TimeMachineFixture
) -> None:
    force_login_verified(client, worker)
    frozen.shift(timedelta(minutes=10))  # within the idle limit
    code = unused_totp(worker)

    response = client.post(REAUTHENTICATE, {"password": "not the password!", "code": code})

    assert response.status_code == 200
    assert str(stepup.REAUTHENTICATE_INVALID) in response.content.decode()
    assert _guarded(_request(client)).status_code == 302
    assert unused_totp(worker) == code
    assert AuditEvent.objects.filter(action="authn_login_fail", actor=worker).count() == 1
    assert not AuditEvent.objects.filter(action=stepup.REAUTHENTICATED_ACTION).exists()


def test_a_wrong_code_is_refused(
    client: Client, worker: User, password: str, frozen: TimeMachineFixture
) -> None:
    force_login_verified(client, worker)
    frozen.shift(timedelta(minutes=10))  # within the idle limit

    response = client.post(REAUTHENTICATE, {"password": password, "code": "000000"})

    assert response.status_code == 200
    assert str(stepup.REAUTHENTICATE_INVALID) in response.content.decode()
    assert _guarded(_request(client)).status_code == 302
    assert AuditEvent.objects.filter(action="authn_mfa_fail", actor=worker).count() == 1


def test_five_wrong_passwords_lock_out_and_end_the_session(
    client: Client, worker: User, password: str, frozen: TimeMachineFixture
) -> None:
    force_login_verified(client, worker)

    statuses = [
        client.post(REAUTHENTICATE, {"password": "wrong password!", "code": "000000"}).status_code
        for _ in range(5)
    ]

    assert statuses == [200, 200, 200, 200, 429]
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="authn_login_lock", actor=worker).exists()


def test_the_lockout_refuses_even_the_right_password_and_code(
    client: Client, worker: User, password: str, frozen: TimeMachineFixture
) -> None:
    force_login_verified(client, worker)
    for _ in range(5):
        client.post(REAUTHENTICATE, {"password": "wrong password!", "code": "000000"})
    force_login_verified(client, worker)

    response = client.post(REAUTHENTICATE, {"password": password, "code": unused_totp(worker)})

    assert response.status_code == 429
    assert str(texts.LOCKOUT_MESSAGE) in response.content.decode()
    assert not AuditEvent.objects.filter(action=stepup.REAUTHENTICATED_ACTION).exists()


def test_wrong_codes_count_towards_the_same_lockout(
    client: Client, worker: User, password: str, frozen: TimeMachineFixture
) -> None:
    force_login_verified(client, worker)
    statuses = []
    for _ in range(5):
        statuses.append(
            client.post(REAUTHENTICATE, {"password": password, "code": "000000"}).status_code
        )
        frozen.shift(timedelta(seconds=9))  # past the device's own back-off

    assert statuses == [200, 200, 200, 200, 429]
    assert "_auth_user_id" not in client.session


def test_a_reauthentication_is_as_recent_as_its_moment(client: Client, worker: User) -> None:
    session = client.session
    session_mark_start(session, now=START)
    session[stepup.REAUTHENTICATED_AT_KEY] = (START + timedelta(hours=2)).timestamp()

    assert stepup.last_authenticated_at(session) == (START + timedelta(hours=2)).timestamp()
    assert stepup.is_recently_authenticated(session, now=START + timedelta(hours=2, minutes=4))
    assert not stepup.is_recently_authenticated(session, now=START + timedelta(hours=2, minutes=5))
