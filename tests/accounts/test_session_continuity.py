"""Not losing work to the idle limit: the warning's "Stay signed in", drafts of what was typed
(encrypted, one per user and page, never for sign-in pages or secrets) and the way back to
the page after signing in again."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.conf import LazySettings
from django.db import connection
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from atbalsts.accounts.drafts import (
    FORM_DRAFT_MAX_BYTES,
    FORM_DRAFT_MAX_FIELDS,
    form_draft_for,
    form_draft_save,
    form_drafts_purge,
)
from atbalsts.accounts.models import FormDraft, User
from atbalsts.audit.models import AuditEvent
from tests.accounts.helpers import force_login_verified, login_fully, unused_totp
from tests.people.factories import make_case, make_person

pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 30, 8, 0, 2, tzinfo=UTC)
SESSION = "/session/"
DRAFT = "/session/draft/"
DISCARD = "/session/draft/discard/"
PAGE = "/people/new/"
NOTE = "Solīja darbu Īrijā, pase atņemta"


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
    return client


def _save(client: Client, path: str = PAGE, forms: Any = None, **extra: Any) -> Any:
    forms = forms if forms is not None else {"0": [["notes", NOTE], ["signs", "isolation"]]}
    return client.post(
        DRAFT, json.dumps({"path": path, "forms": forms}), content_type="application/json", **extra
    )


# --- Stay signed in -------------------------------------------------------------------------


def test_stay_signed_in_moves_the_idle_deadline_even_right_after_a_page(
    signed_in: Client, time_machine: TimeMachineFixture
) -> None:
    time_machine.shift(timedelta(seconds=20))
    assert signed_in.get("/").status_code == 200  # within 30 s: not written to the session

    response = signed_in.post(SESSION)

    assert response.status_code == 200
    assert response.json() == {"idle_seconds_left": 900}
    time_machine.shift(timedelta(minutes=14, seconds=50))  # 15 min 10 s after signing in
    assert signed_in.get("/").status_code == 200


def test_asking_how_long_is_left_and_keeping_drafts_extend_nothing(
    signed_in: Client, time_machine: TimeMachineFixture
) -> None:
    time_machine.shift(timedelta(seconds=40))

    assert signed_in.get(SESSION).json() == {"idle_seconds_left": 860}
    assert _save(signed_in).status_code == 204
    assert signed_in.get(DRAFT, {"path": PAGE}).status_code == 200

    time_machine.shift(timedelta(minutes=14, seconds=20))
    response = signed_in.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_stay_signed_in_needs_the_pages_csrf_token(worker: User) -> None:
    client = Client(enforce_csrf_checks=True)
    force_login_verified(client, worker)

    assert client.post(SESSION).status_code == 403
    page = client.get("/").content.decode()
    token = re.search(r'data-csrf-token="([^"]+)"', page)
    assert token is not None
    assert client.post(SESSION, headers={"X-CSRFToken": token.group(1)}).status_code == 200


def test_the_page_takes_the_idle_limit_and_the_time_left_from_the_server(
    signed_in: Client, settings: LazySettings, time_machine: TimeMachineFixture
) -> None:
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=5)
    time_machine.shift(timedelta(seconds=25))  # not written: the deadline is 25 s nearer

    page = signed_in.get("/").content.decode()

    assert 'data-idle-seconds="300"' in page
    assert 'data-idle-seconds-left="275"' in page
    assert 'data-warning-seconds="60"' in page
    assert 'role="alertdialog"' in page
    assert "Palikt pieslēgtam" in page
    script = re.search(r'<script src="[^"]*accounts/session\.js" nonce="([^"]+)"', page)
    assert script is not None
    assert script.group(1)


def test_sign_in_pages_get_no_warning_and_no_drafts(
    client: Client, worker: User, worker_secret: str, password: str
) -> None:
    client.post(reverse("accounts:login"), {"username": worker.username, "password": password})

    page = client.get(reverse("accounts:verify")).content.decode()

    assert "session.js" not in page
    assert 'id="session-warning"' not in page


# --- Back to the page after signing in again ------------------------------------------------


def test_after_the_idle_limit_signing_in_again_returns_to_the_page(
    signed_in: Client, worker: User, password: str, time_machine: TimeMachineFixture
) -> None:
    time_machine.shift(timedelta(minutes=15))

    ended = signed_in.get(PAGE + "?from=case")
    assert ended["Location"] == "/login/?next=%2Fpeople%2Fnew%2F%3Ffrom%3Dcase"
    login_page = signed_in.get(ended["Location"]).content.decode()
    assert 'name="next" value="/people/new/?from=case"' in login_page

    code = unused_totp(worker)
    password_step = signed_in.post(
        ended["Location"], {"username": worker.username, "password": password}
    )
    assert password_step["Location"] == "/login/verify/?next=%2Fpeople%2Fnew%2F%3Ffrom%3Dcase"
    second_step = signed_in.post(password_step["Location"], {"code": code})

    assert second_step.status_code == 302
    assert second_step["Location"] == "/people/new/?from=case"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/login/",
        "/\\evil.example",
        "http://testserver@evil.example/",
        "javascript:alert(1)",
    ],
)
def test_a_return_address_off_this_site_is_refused(
    client: Client,
    worker: User,
    password: str,
    next_url: str,
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(START, tick=False)
    code = unused_totp(worker)  # provisions the authenticator too
    login = client.post(
        reverse("accounts:login") + "?" + f"next={next_url}",
        {"username": worker.username, "password": password, "next": next_url},
    )
    assert login["Location"] == reverse("accounts:verify")

    response = client.post(login["Location"], {"code": code, "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


# --- Drafts ---------------------------------------------------------------------------------


def test_a_draft_is_kept_encrypted_audited_and_offered_back_to_its_author_only(
    signed_in: Client, worker: User, personas: dict[str, User]
) -> None:
    assert _save(signed_in).status_code == 204

    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM accounts_formdraft")
        (stored,) = cursor.fetchone()
    assert NOTE.encode() not in bytes(stored)
    assert b"isolation" not in bytes(stored)
    event = AuditEvent.objects.get(action="form_draft_saved")
    assert event.actor == worker
    assert event.payload == {"path": PAGE, "fields": 2}

    response = signed_in.get(DRAFT, {"path": PAGE})
    assert response.status_code == 200
    assert response.json()["forms"] == {"0": [["notes", NOTE], ["signs", "isolation"]]}

    other = Client()
    force_login_verified(other, personas["social_worker_b"])
    assert other.get(DRAFT, {"path": PAGE}).status_code == 404


def test_one_draft_per_user_and_page(signed_in: Client) -> None:
    _save(signed_in)
    _save(signed_in, forms={"0": [["notes", "Otrais teksts"]]})

    draft = FormDraft.objects.get()
    assert draft.content == '{"0": [["notes", "Otrais teksts"]]}'


def test_secret_fields_are_never_kept(signed_in: Client) -> None:
    forms = {
        "0": [
            ["notes", NOTE],
            ["password", "Slepena-parole-1"],
            ["new_password1", "Slepena-parole-2"],
            ["passphrase", "frāze"],
            ["code", "123456"],
            ["csrfmiddlewaretoken", "abc"],
        ]
    }

    assert _save(signed_in, forms=forms).status_code == 204

    assert signed_in.get(DRAFT, {"path": PAGE}).json()["forms"] == {"0": [["notes", NOTE]]}


@pytest.mark.parametrize(
    "path",
    [
        "/login/",
        "/login/verify/",
        "/login/enrol/",
        "/reauthenticate/",
        "/api/v1/openapi.json",
        "https://evil.example/people/new/",
        "//evil.example/people/new/",
        "/no-such-page/",
    ],
)
def test_sign_in_pages_and_other_addresses_are_never_drafted(signed_in: Client, path: str) -> None:
    assert _save(signed_in, path=path).status_code == 400
    assert signed_in.get(DRAFT, {"path": path}).status_code == 400
    assert not FormDraft.objects.exists()


def test_drafts_are_limited_in_size_and_shape(signed_in: Client) -> None:
    huge = {"0": [["notes", "x" * FORM_DRAFT_MAX_BYTES]]}
    too_many = {"0": [[f"field{i}", "x"] for i in range(FORM_DRAFT_MAX_FIELDS + 1)]}

    assert _save(signed_in, forms=huge).status_code == 413
    assert _save(signed_in, forms=too_many).status_code == 400
    assert _save(signed_in, forms={"0": "notes"}).status_code == 400
    assert _save(signed_in, forms={"0": [["notes", 5]]}).status_code == 400
    bad = signed_in.post(DRAFT, "not json", content_type="application/json")
    assert bad.status_code == 400
    assert not FormDraft.objects.exists()


def test_drafts_are_purged_after_a_day(worker: User, signed_in: Client) -> None:
    session = signed_in.session
    form_draft_save(actor=worker, session=session, path=PAGE, forms={"0": [("n", "x")]}, now=START)
    later = START + timedelta(hours=24, seconds=1)

    assert form_draft_for(actor=worker, path=PAGE, now=later) is None
    assert form_drafts_purge(now=later) == 1
    assert not FormDraft.objects.exists()
    assert AuditEvent.objects.get(action="form_drafts_purged").payload == {"count": 1}


def test_a_discarded_draft_is_deleted(signed_in: Client, worker: User) -> None:
    _save(signed_in)

    response = signed_in.post(DISCARD, {"path": PAGE})

    assert response.status_code == 204
    assert not FormDraft.objects.exists()
    event = AuditEvent.objects.get(action="form_draft_deleted")
    assert event.payload == {"path": PAGE, "reason": "discarded"}


def test_a_form_sent_and_accepted_deletes_its_draft_and_a_refused_one_keeps_it(
    signed_in: Client, worker: User
) -> None:
    case = make_case(person=make_person(created_by=worker), created_by=worker)
    start = reverse("screening:start", args=[case.uuid])
    _save(signed_in, path=start, forms={"0": [["assessed_on", "2026-11-29"]]})

    refused = signed_in.post(start, {"assessed_on": ""})
    assert refused.status_code == 200
    assert FormDraft.objects.filter(path=start).exists()

    accepted = signed_in.post(start, {"assessed_on": "2026-11-29"})
    assert accepted.status_code == 302
    assert not FormDraft.objects.filter(path=start).exists()
    event = AuditEvent.objects.get(action="form_draft_deleted")
    assert event.payload == {"path": start, "reason": "submitted"}


def test_after_signing_in_again_the_page_says_a_draft_is_waiting(
    signed_in: Client, worker: User, password: str, time_machine: TimeMachineFixture
) -> None:
    _save(signed_in)
    time_machine.shift(timedelta(minutes=15))
    assert signed_in.get(PAGE).status_code == 302

    fresh = Client()
    time_machine.shift(timedelta(seconds=30))
    login_fully(fresh, worker, password)

    assert 'data-has-draft="true"' in fresh.get(PAGE).content.decode()
    assert 'data-has-draft="false"' in fresh.get("/").content.decode()
    assert fresh.get(DRAFT, {"path": PAGE}).json()["forms"]["0"][0] == ["notes", NOTE]
