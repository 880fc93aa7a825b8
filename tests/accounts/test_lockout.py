from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from time_machine import TimeMachineFixture

from atbalsts.accounts import texts
from atbalsts.accounts.lockout import lockout_key
from atbalsts.accounts.models import User
from atbalsts.audit.models import AuditEvent
from tests.accounts.helpers import current_totp, login_password

pytestmark = pytest.mark.django_db

VERIFY = "/login/verify/"
START = datetime(2026, 11, 30, 9, 0, 2, tzinfo=UTC)


@pytest.fixture
def frozen(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(START, tick=False)
    return time_machine


def _fail_passwords(client: Client, username: str, times: int) -> list[int]:
    return [login_password(client, username, "not the password!").status_code for _ in range(times)]


def _fail_codes(client: Client, frozen: TimeMachineFixture, times: int) -> list[int]:
    statuses = []
    for _ in range(times):
        statuses.append(client.post(VERIFY, {"code": "000000"}).status_code)
        # Past the device's own back-off (1, 2, 4, 8 s), so that every code is checked.
        frozen.shift(timedelta(seconds=9))
    return statuses


def test_the_policy_is_five_failures_and_fifteen_minutes() -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is False


def test_the_fifth_wrong_password_locks_and_the_sixth_attempt_fails_even_when_right(
    client: Client, worker: User, password: str, frozen: TimeMachineFixture
) -> None:
    assert _fail_passwords(client, worker.username, 5) == [200, 200, 200, 200, 429]

    response = login_password(client, worker.username, password)

    assert response.status_code == 429
    assert str(texts.LOCKOUT_MESSAGE) in response.content.decode()
    assert response["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_is_latvian_and_says_to_wait_or_call(
    client: Client, worker: User, frozen: TimeMachineFixture
) -> None:
    _fail_passwords(client, worker.username, 5)

    body = login_password(client, worker.username, "x" * 12).content.decode()

    assert "Pagaidiet 15 minūtes" in body
    assert "administratoram" in body
    assert "<h1>Pieteikšanās apturēta</h1>" in body


def test_the_lockout_ends_after_fifteen_minutes(
    client: Client, worker: User, password: str, frozen: TimeMachineFixture
) -> None:
    _fail_passwords(client, worker.username, 5)
    frozen.shift(timedelta(minutes=14, seconds=59))
    assert login_password(client, worker.username, password).status_code == 429

    frozen.shift(timedelta(seconds=2))  # 15 minutes and a second after the lockout began

    assert login_password(client, worker.username, password).status_code == 302


def test_attempts_during_the_lockout_do_not_extend_it(
    client: Client, worker: User, password: str, frozen: TimeMachineFixture
) -> None:
    _fail_passwords(client, worker.username, 5)
    frozen.shift(timedelta(minutes=10))
    _fail_passwords(client, worker.username, 3)

    frozen.shift(timedelta(minutes=5, seconds=1))

    assert login_password(client, worker.username, password).status_code == 302


@pytest.mark.usefixtures("frozen")
def test_the_lock_holds_only_for_that_username_and_address(
    client: Client,
    other_ip_client: Client,
    worker: User,
    personas: dict[str, User],
    password: str,
) -> None:
    _fail_passwords(client, worker.username, 5)

    # The worker, from another address, is not locked out by whoever tried from this one.
    assert login_password(other_ip_client, worker.username, password).status_code == 302
    # Nor is a colleague signing in from the same address (a shared office connection).
    colleague = personas["social_worker_b"]
    assert login_password(Client(), colleague.username, password).status_code == 302


def test_upper_case_does_not_buy_more_attempts(
    client: Client, worker: User, password: str, frozen: TimeMachineFixture
) -> None:
    _fail_passwords(client, worker.username, 3)
    _fail_passwords(client, worker.username.upper(), 2)

    assert login_password(client, worker.username, password).status_code == 429


def test_unknown_usernames_lock_the_same_way(client: Client, frozen: TimeMachineFixture) -> None:
    assert _fail_passwords(client, "nobody.here", 6) == [200, 200, 200, 200, 429, 429]


def test_wrong_codes_count_towards_the_same_lockout(
    client: Client, worker: User, worker_secret: str, password: str, frozen: TimeMachineFixture
) -> None:
    assert login_password(client, worker.username, password).status_code == 302

    assert _fail_codes(client, frozen, 5) == [200, 200, 200, 200, 429]

    # The half-open session is gone, and the password is refused for the cool-off.
    assert client.get(VERIFY).status_code == 302
    assert login_password(client, worker.username, password).status_code == 429
    frozen.shift(timedelta(minutes=15, seconds=1))
    assert login_password(client, worker.username, password).status_code == 302


def test_password_and_code_failures_add_up(
    client: Client, worker: User, worker_secret: str, password: str, frozen: TimeMachineFixture
) -> None:
    _fail_passwords(client, worker.username, 3)
    login_password(client, worker.username, password)

    assert _fail_codes(client, frozen, 2) == [200, 429]


def test_a_locked_out_user_cannot_pass_the_second_factor(
    client: Client,
    worker: User,
    worker_secret: str,
    password: str,
    frozen: TimeMachineFixture,
) -> None:
    # The password step passed; meanwhile someone at the same address used up the attempts.
    login_password(client, worker.username, password)
    _fail_passwords(Client(), worker.username, 5)

    response = client.post(VERIFY, {"code": current_totp(worker_secret)})

    assert response.status_code == 429
    assert client.get("/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_lockouts_are_audited(
    client: Client, worker: User, password: str, frozen: TimeMachineFixture
) -> None:
    _fail_passwords(client, worker.username, 5)
    login_password(client, worker.username, password)

    locks = list(AuditEvent.objects.filter(action="authn_login_lock").order_by("seq"))
    assert [event.payload for event in locks] == [
        {"stage": "password", "reason": "limit_reached"},
        {"stage": "password", "reason": "refused"},
    ]
    assert all(event.actor == worker for event in locks)
    assert AuditEvent.objects.filter(action="authn_login_fail").count() == 5


def test_axes_stores_a_keyed_hash_instead_of_the_typed_username(
    client: Client, frozen: TimeMachineFixture
) -> None:
    _fail_passwords(client, "MyPassword-Typed-Here", 1)

    attempt = AccessAttempt.objects.get()
    assert attempt.username == lockout_key("mypassword-typed-here")
    assert "MyPassword" not in attempt.username
    assert "MyPassword" not in attempt.post_data
    assert "not the password" not in attempt.post_data


def test_a_wrong_code_is_not_kept_by_axes(
    client: Client, worker: User, worker_secret: str, password: str, frozen: TimeMachineFixture
) -> None:
    login_password(client, worker.username, password)
    client.post(VERIFY, {"code": "123456"})

    assert "123456" not in AccessAttempt.objects.get().post_data
