from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from time_machine import TimeMachineFixture

from atbalsts.accounts import texts
from atbalsts.accounts.middleware import SECOND_FACTOR_EXEMPT_VIEWS
from atbalsts.accounts.models import (
    BACKUP_CODE_COUNT,
    TOTP_STEP_SECONDS,
    BackupCode,
    TotpDevice,
    User,
)
from atbalsts.accounts.services import backup_codes_issue, second_factor_provision
from atbalsts.audit.models import AuditEvent
from tests.accounts.helpers import (
    current_step,
    current_totp,
    force_login_verified,
    login_fully,
    login_password,
    totp_at_step,
)

pytestmark = pytest.mark.django_db

VERIFY = "/login/verify/"
ENROL = "/login/enrol/"
# Just after a step boundary, so that shifting a few seconds stays in the same step.
MOMENT = datetime(2026, 11, 30, 9, 0, 2, tzinfo=UTC)


def _named_urls() -> list[tuple[str, str]]:
    """Every named URL of the project that takes no argument, as (name, path)."""
    found: list[tuple[str, str]] = []

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                walk(pattern.url_patterns, f"{namespace}{inner}:" if inner else namespace)
            elif pattern.name:
                name = f"{namespace}{pattern.name}"
                try:
                    found.append((name, reverse(name)))
                except Exception:  # noqa: BLE001, S112 -- URLs that need arguments are skipped
                    continue

    walk(get_resolver().url_patterns, "")
    return found


def _protected_urls() -> list[str]:
    # The JSON API ignores the session: it answers by bearer token alone (tests/api).
    urls = {
        path
        for name, path in _named_urls()
        if name not in SECOND_FACTOR_EXEMPT_VIEWS and not name.startswith("api:")
    }
    # Whatever else is added later, these stay protected.
    return sorted(urls | {"/"})


def test_every_protected_url_sends_a_password_only_session_to_verification(
    client: Client, worker: User, worker_secret: str, password: str
) -> None:
    login_password(client, worker.username, password)
    urls = _protected_urls()
    assert "/" in urls

    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (url, response.status_code)
            assert response["Location"].startswith(VERIFY), (url, response["Location"])


def test_every_protected_url_sends_a_user_without_authenticator_to_enrolment(
    client: Client, worker: User, password: str
) -> None:
    login_password(client, worker.username, password)

    for url in _protected_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(ENROL), (url, response["Location"])


def test_a_protected_page_is_kept_as_the_next_page(
    client: Client, worker: User, worker_secret: str, password: str
) -> None:
    login_password(client, worker.username, password)

    response = client.get("/?tab=1")

    assert response["Location"] == VERIFY + "?next=%2F%3Ftab%3D1"


def test_htmx_requests_are_told_to_navigate(
    client: Client, worker: User, worker_secret: str, password: str
) -> None:
    login_password(client, worker.username, password)

    response = client.get("/", headers={"hx-request": "true"})

    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(VERIFY)


def test_a_current_code_completes_the_sign_in_under_a_new_session_key(
    client: Client, worker: User, worker_secret: str, password: str
) -> None:
    login_password(client, worker.username, password)
    password_only_key = client.session.session_key

    response = client.post(VERIFY, {"code": current_totp(worker_secret)})

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.session.session_key != password_only_key
    assert client.session[DEVICE_ID_SESSION_KEY].startswith("accounts.totpdevice/")
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="authn_mfa_success", actor=worker).count() == 1


def test_verification_goes_to_the_next_page(
    client: Client, worker: User, worker_secret: str, password: str
) -> None:
    login_password(client, worker.username, password)

    response = client.post(VERIFY + "?next=/i18n/setlang/", {"code": current_totp(worker_secret)})

    assert response["Location"] == "/i18n/setlang/"


def test_a_wrong_code_is_refused_with_the_message_next_to_the_field(
    client: Client, worker: User, worker_secret: str, password: str
) -> None:
    login_password(client, worker.username, password)
    wrong = "000000" if current_totp(worker_secret) != "000000" else "111111"

    response = client.post(VERIFY, {"code": wrong})

    body = response.content.decode()
    assert response.status_code == 200
    assert str(texts.INVALID_CODE) in body
    assert 'id="id_code_error"' in body
    assert 'aria-describedby="id_code_helptext id_code_error"' in body
    assert str(texts.VERIFY_CODE_HELP) in body
    assert 'role="alert"' in body
    assert 'autocomplete="one-time-code"' in body
    assert 'inputmode="numeric"' in body
    assert client.get("/").status_code == 302
    event = AuditEvent.objects.get(action="authn_mfa_fail")
    assert event.actor == worker
    assert event.payload == {"method": "totp", "reason": "invalid"}


def test_a_totp_code_cannot_be_used_twice(
    client: Client,
    worker: User,
    worker_secret: str,
    password: str,
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(MOMENT, tick=False)
    code = current_totp(worker_secret)
    login_password(client, worker.username, password)
    assert client.post(VERIFY, {"code": code}).status_code == 302

    replay = Client()
    login_password(replay, worker.username, password)
    response = replay.post(VERIFY, {"code": code})

    assert response.status_code == 200
    assert str(texts.INVALID_CODE) in response.content.decode()


def test_an_older_code_is_refused_after_a_newer_one(
    client: Client,
    worker: User,
    worker_secret: str,
    password: str,
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(MOMENT, tick=False)
    step = current_step()
    login_password(client, worker.username, password)
    assert client.post(VERIFY, {"code": totp_at_step(worker_secret, step)}).status_code == 302

    other = Client()
    login_password(other, worker.username, password)
    response = other.post(VERIFY, {"code": totp_at_step(worker_secret, step - 1)})

    assert response.status_code == 200


def test_codes_within_one_step_either_side_are_accepted_and_no_further(
    worker: User, worker_secret: str, password: str, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(MOMENT, tick=False)
    step = current_step()
    results = {}
    for offset in (-2, 2, -1, 1):
        client = Client()
        login_password(client, worker.username, password)
        response = client.post(VERIFY, {"code": totp_at_step(worker_secret, step + offset)})
        results[offset] = response.status_code
        time_machine.shift(timedelta(seconds=4))  # past the back-off after each failure

    assert results == {-2: 200, 2: 200, -1: 302, 1: 302}
    assert TOTP_STEP_SECONDS == 30


def _wrong_code(secret: str) -> str:
    return "000001" if current_totp(secret) != "000001" else "000002"


def test_a_right_code_right_after_one_wrong_code_signs_in(
    client: Client,
    worker: User,
    worker_secret: str,
    password: str,
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(MOMENT, tick=False)
    login_password(client, worker.username, password)
    wrong = client.post(VERIFY, {"code": _wrong_code(worker_secret)})
    assert str(texts.INVALID_CODE) in wrong.content.decode()

    response = client.post(VERIFY, {"code": current_totp(worker_secret)})

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_wrong_codes_from_many_addresses_are_slowed_down_saying_for_how_long(
    worker: User,
    worker_secret: str,
    password: str,
    time_machine: TimeMachineFixture,
) -> None:
    """The lockout counts per address; the device's back-off catches guesses spread wider."""
    time_machine.move_to(MOMENT, tick=False)
    for address in range(settings.AXES_FAILURE_LIMIT):
        guesser = Client(REMOTE_ADDR=f"10.0.0.{address + 1}")
        login_password(guesser, worker.username, password)
        response = guesser.post(VERIFY, {"code": _wrong_code(worker_secret)})
        assert str(texts.INVALID_CODE) in response.content.decode(), address

    client = Client(REMOTE_ADDR="10.0.1.1")
    login_password(client, worker.username, password)
    response = client.post(VERIFY, {"code": current_totp(worker_secret)})

    assert response.status_code == 200
    assert "Pārāk daudz nepareizu kodu pēc kārtas. Mēģiniet vēlreiz pēc 1 sekundes." in (
        response.content.decode()
    )
    time_machine.shift(timedelta(seconds=1))
    assert client.post(VERIFY, {"code": current_totp(worker_secret)}).status_code == 302


def test_the_wait_is_said_in_seconds_in_both_languages() -> None:
    with translation.override("lv"):
        assert texts.code_throttled(2) == (
            "Pārāk daudz nepareizu kodu pēc kārtas. Mēģiniet vēlreiz pēc 2 sekundēm."
        )
    with translation.override("en"):
        assert texts.code_throttled(1) == (
            "Too many incorrect codes in a row. Try again in 1 second."
        )


def test_a_backup_code_works_once(
    client: Client, worker: User, worker_secret: str, password: str
) -> None:
    codes = backup_codes_issue(user=worker)
    login_password(client, worker.username, password)

    response = client.post(VERIFY, {"code": codes[0]})

    assert response.status_code == 302
    assert client.get("/").status_code == 200
    used = AuditEvent.objects.get(action="authn_backup_code_used")
    assert used.actor == worker
    assert used.payload == {"remaining": BACKUP_CODE_COUNT - 1}

    again = Client()
    login_password(again, worker.username, password)
    response = again.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200
    assert str(texts.INVALID_CODE) in response.content.decode()


def test_backup_codes_are_accepted_without_hyphens_or_with_spaces(
    worker: User, worker_secret: str, password: str, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(MOMENT, tick=False)
    codes = backup_codes_issue(user=worker)
    for typed in (codes[1].replace("-", ""), codes[2].replace("-", " ")):
        client = Client()
        login_password(client, worker.username, password)
        assert client.post(VERIFY, {"code": typed}).status_code == 302
        time_machine.shift(timedelta(seconds=5))


def test_a_new_set_of_backup_codes_replaces_the_unused_old_ones(
    client: Client, worker: User, worker_secret: str, password: str
) -> None:
    old = backup_codes_issue(user=worker)
    new = backup_codes_issue(user=worker)
    login_password(client, worker.username, password)

    assert client.post(VERIFY, {"code": old[0]}).status_code == 200
    assert len(set(new)) == BACKUP_CODE_COUNT
    assert BackupCode.objects.filter(used_at__isnull=True).count() == BACKUP_CODE_COUNT


def test_enrolment_shows_a_qr_code_and_the_key_then_the_backup_codes_once(
    client: Client, worker: User, password: str
) -> None:
    response = login_password(client, worker.username, password)
    assert response["Location"] == ENROL

    page = client.get(ENROL).content.decode()
    qr = re.search(r'<img class="qr-code" src="data:image/svg\+xml;charset=utf-8,[^"]+"', page)
    assert qr is not None
    secret = "".join(re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1).split())  # type: ignore[union-attr]
    assert len(secret) == 32  # 20 bytes in base32
    # The same key on reload: scanning it twice must not break the app's entry.
    assert secret in "".join(client.get(ENROL).content.decode().split())
    assert client.get("/").status_code == 302

    response = client.post(ENROL, {"code": current_totp(secret)})

    body = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert str(texts.BACKUP_CODES_SHOWN_ONCE) in body
    codes = re.findall(r"<code>(\d{4}-\d{4}-\d{4})</code>", body)
    assert len(codes) == BACKUP_CODE_COUNT
    assert TotpDevice.objects.get(user=worker).confirmed
    assert client.get("/").status_code == 200
    # Shown once: the enrolment page does not come back, and nothing shows the codes again.
    again = client.get(ENROL)
    assert again.status_code == 302
    assert not any(code in client.get(again["Location"]).content.decode() for code in codes)
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "authn_mfa_enrolled" in actions
    assert "authn_backup_codes_issued" in actions


def test_enrolment_refuses_a_wrong_code(client: Client, worker: User, password: str) -> None:
    login_password(client, worker.username, password)
    client.get(ENROL)

    response = client.post(ENROL, {"code": "12345"})

    assert response.status_code == 200
    assert str(texts.INVALID_CODE) in response.content.decode()
    assert not TotpDevice.objects.get(user=worker).confirmed


def test_enrolment_issues_a_new_session_key(client: Client, worker: User, password: str) -> None:
    login_password(client, worker.username, password)
    client.get(ENROL)
    key_before = client.session.session_key
    device = TotpDevice.objects.get(user=worker)

    client.post(ENROL, {"code": current_totp(device.base32_key)})

    assert client.session.session_key != key_before


def test_an_enrolled_user_cannot_enrol_another_authenticator(
    client: Client, worker: User, worker_secret: str, password: str
) -> None:
    login_password(client, worker.username, password)

    response = client.get(ENROL)

    assert response["Location"] == VERIFY
    assert TotpDevice.objects.filter(user=worker).count() == 1


def test_the_second_factor_pages_need_the_password_first(client: Client) -> None:
    for url in (VERIFY, ENROL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_provisioning_keeps_the_authenticator_and_replaces_backup_codes(worker: User) -> None:
    secret, first = second_factor_provision(user=worker)
    same_secret, second = second_factor_provision(user=worker)

    assert secret == same_secret
    assert set(first).isdisjoint(second)
    assert len(second) == BACKUP_CODE_COUNT
    assert TotpDevice.objects.get(user=worker).confirmed


def test_the_helpers_sign_in_fully(client: Client, worker: User, password: str) -> None:
    login_fully(client, worker, password)
    assert client.get("/").status_code == 200

    other = Client()
    force_login_verified(other, worker)
    assert other.get("/").status_code == 200


def test_the_api_ignores_a_half_finished_browser_sign_in(
    client: Client, worker: User, worker_secret: str, password: str
) -> None:
    login_password(client, worker.username, password)

    response = client.get("/api/v1/rules/working-days?start=2026-06-22&days=3")

    # No redirect to the second factor: the API speaks JSON and wants its token.
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
