from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from time_machine import TimeMachineFixture

from atbalsts.accounts import texts
from atbalsts.accounts.models import User
from atbalsts.audit.models import AuditEvent
from tests.accounts.helpers import login_fully, login_password

pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 30, 8, 0, 2, tzinfo=UTC)
LOGIN = "/login/"


@pytest.fixture
def signed_in(
    client: Client,
    worker: User,
    worker_secret: str,
    password: str,
    time_machine: TimeMachineFixture,
) -> Client:
    time_machine.move_to(START, tick=False)
    login_fully(client, worker, password)
    assert client.get("/").status_code == 200
    return client


def test_the_limits_are_fifteen_minutes_idle_and_twelve_hours_in_all() -> None:
    assert timedelta(minutes=15) == settings.SESSION_IDLE_TIMEOUT
    assert timedelta(hours=12) == settings.SESSION_ABSOLUTE_LIMIT


def test_activity_within_fifteen_minutes_keeps_the_session(
    signed_in: Client, time_machine: TimeMachineFixture
) -> None:
    for _ in range(4):
        time_machine.shift(timedelta(minutes=14, seconds=59))
        assert signed_in.get("/").status_code == 200


def test_fifteen_idle_minutes_end_the_session_and_say_why(
    signed_in: Client, worker: User, time_machine: TimeMachineFixture
) -> None:
    old_key = signed_in.session.session_key
    time_machine.shift(timedelta(minutes=15))

    response = signed_in.get("/")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=%2F"
    assert not Session.objects.filter(session_key=old_key).exists()
    page = signed_in.get(LOGIN).content.decode()
    assert str(texts.SESSION_IDLE_MESSAGE) in page
    assert "15 minūtes" in page
    # Said once.
    assert str(texts.SESSION_IDLE_MESSAGE) not in signed_in.get(LOGIN).content.decode()
    event = AuditEvent.objects.get(action="session_expired")
    assert event.actor == worker
    assert event.payload == {"reason": "idle"}


def _session_writes(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return sum('UPDATE "django_session"' in query["sql"] for query in queries.captured_queries)


def test_the_last_request_is_written_at_most_twice_a_minute(
    signed_in: Client, time_machine: TimeMachineFixture
) -> None:
    time_machine.shift(timedelta(seconds=10))
    assert _session_writes(signed_in) == 0
    time_machine.shift(timedelta(seconds=19))
    assert _session_writes(signed_in) == 0
    time_machine.shift(timedelta(seconds=1))  # 30 s since the sign-in was written
    assert _session_writes(signed_in) == 1
    assert _session_writes(signed_in) == 0


def test_an_unwritten_request_can_only_shorten_the_idle_limit(
    signed_in: Client, time_machine: TimeMachineFixture
) -> None:
    time_machine.shift(timedelta(seconds=29))
    assert signed_in.get("/").status_code == 200  # not written: within 30 s of the sign-in
    time_machine.shift(timedelta(minutes=14, seconds=31))
    # 14 min 31 s after the last request, but 15 minutes after the last one written: ended.
    assert signed_in.get("/").status_code == 302


def test_twelve_hours_end_even_an_active_session(
    signed_in: Client, worker: User, time_machine: TimeMachineFixture
) -> None:
    # A request every ten minutes for 11 hours 50 minutes: never idle, always allowed.
    for _ in range(71):
        time_machine.shift(timedelta(minutes=10))
        assert signed_in.get("/").status_code == 200
    time_machine.shift(timedelta(minutes=10))

    response = signed_in.get("/")

    assert response.status_code == 302
    assert str(texts.SESSION_ABSOLUTE_MESSAGE) in signed_in.get(LOGIN).content.decode()
    assert AuditEvent.objects.get(action="session_expired").payload == {"reason": "absolute"}


def test_a_password_only_session_expires_too(
    client: Client,
    worker: User,
    worker_secret: str,
    password: str,
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(START, tick=False)
    login_password(client, worker.username, password)
    time_machine.shift(timedelta(minutes=16))

    response = client.get("/login/verify/")

    assert response["Location"] == reverse("accounts:login")
    assert AuditEvent.objects.filter(action="session_expired").count() == 1


def test_a_session_not_started_by_the_login_page_is_ended(
    client: Client, worker: User, worker_secret: str
) -> None:
    client.force_login(worker)

    response = client.get("/")

    assert response["Location"] == reverse("accounts:login") + "?next=%2F"
    assert str(texts.SESSION_INVALID_MESSAGE) in client.get(LOGIN).content.decode()


def test_logout_is_post_only(signed_in: Client) -> None:
    assert signed_in.get("/logout/").status_code == 405
    assert signed_in.get("/").status_code == 200


def test_logout_flushes_the_session_and_clears_the_browser(signed_in: Client, worker: User) -> None:
    old_cookie = signed_in.cookies[settings.SESSION_COOKIE_NAME].value

    response = signed_in.post("/logout/")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert not Session.objects.filter(session_key=old_cookie).exists()
    assert AuditEvent.objects.filter(action="authn_logout", actor=worker).count() == 1

    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    response = replay.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_logout_button_is_a_form(signed_in: Client) -> None:
    body = signed_in.get("/").content.decode()

    assert f'method="post" action="{reverse("accounts:logout")}"' in body


def test_signing_in_again_with_the_password_alone_needs_the_second_factor_again(
    signed_in: Client, worker: User, password: str
) -> None:
    login_password(signed_in, worker.username, password)

    response = signed_in.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verify"))
