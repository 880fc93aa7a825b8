"""The idle limit in a browser: the warning, "Stay signed in", and typed text kept across it.

The limits are shortened by settings (the page takes them from the server): eight idle
seconds, the warning five seconds before the end.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.conf import LazySettings
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from atbalsts.accounts.models import OrganisationType, Role, User
from atbalsts.accounts.services import second_factor_provision
from tests.accounts.helpers import unused_totp
from tests.browser.conftest import screenshot
from tests.factories import DEFAULT_PASSWORD, make_organisation, make_user
from tests.people.factories import make_case, make_person
from tests.screening.conftest import make_screening

pytestmark = pytest.mark.django_db(transaction=True)

IDLE_SECONDS = 8
WARNING_SECONDS = 5
NOTE = "Solīja darbu Īrijā; pasi atņēma pirmajā dienā."


@pytest.fixture
def short_idle_limit(settings: LazySettings) -> None:
    settings.SESSION_IDLE_TIMEOUT = timedelta(seconds=IDLE_SECONDS)
    settings.SESSION_IDLE_WARNING = timedelta(seconds=WARNING_SECONDS)
    settings.SESSION_TOUCH_INTERVAL = timedelta(seconds=1)


@pytest.fixture
def worker(db: None) -> User:
    riga = make_organisation(
        code="riga-sd", name="Rīgas Sociālais dienests", type=OrganisationType.SOCIAL_SERVICE
    )
    user = make_user(
        username="riga.social", full_name="Ilze Kalniņa", role=Role.SOCIAL_WORKER, organisation=riga
    )
    second_factor_provision(user=user)
    return user


def _sign_in(page: Page, user: User) -> None:
    expect(page).to_have_url(re.compile(r"/login/"))
    page.get_by_label("Lietotājvārds").fill(user.username)
    page.get_by_label("Parole").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Turpināt").click()
    expect(page).to_have_url(re.compile(r"/login/verify/"))
    page.locator("#id_code").fill(unused_totp(user))
    page.locator("form").filter(has=page.locator("#id_code")).get_by_role("button").click()


def test_the_warning_comes_before_the_limit_and_stay_signed_in_extends_the_session(
    live_server: LiveServer, page: Page, worker: User, short_idle_limit: None
) -> None:
    page.goto(live_server.url + "/")
    _sign_in(page, worker)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ilze Kalniņa")
    signed_in_at = time.monotonic()

    dialog = page.get_by_role("alertdialog", name="Jūsu sesija drīz beigsies")
    expect(dialog).to_be_visible(timeout=IDLE_SECONDS * 1000)
    stay = dialog.get_by_role("button", name="Palikt pieslēgtam")
    expect(stay).to_be_focused()
    expect(dialog).to_contain_text("Atlikušais laiks: 0:0")
    screenshot(page, "session-warning-lv")

    stay.press("Enter")
    expect(dialog).to_be_hidden()
    # Past the original limit: only the extension keeps the session.
    page.wait_for_timeout(max(0.0, IDLE_SECONDS + 1 - (time.monotonic() - signed_in_at)) * 1000)
    page.reload()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ilze Kalniņa")

    # Escape works as "Stay signed in" too.
    expect(dialog).to_be_visible(timeout=IDLE_SECONDS * 1000)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_text_typed_when_the_session_ends_is_offered_back_after_signing_in_again(
    live_server: LiveServer, page: Page, worker: User, short_idle_limit: None
) -> None:
    case = make_case(person=make_person(created_by=worker), created_by=worker)
    screening = make_screening(case=case, created_by=worker)
    step_url = f"{live_server.url}/screening/{screening.uuid}/step/migration/"
    page.goto(step_url)
    _sign_in(page, worker)
    expect(page).to_have_url(step_url)

    page.locator("textarea[name=notes]").fill(NOTE)
    # Nobody presses anything: the page saves what was typed and the session ends.
    expect(page).to_have_url(re.compile(r"/login/\?next="), timeout=(IDLE_SECONDS + 5) * 1000)
    expect(page.get_by_role("status")).to_contain_text("Sesija beidzās")
    assert NOTE not in page.content()

    _sign_in(page, worker)
    expect(page).to_have_url(step_url)
    offer = page.get_by_role("region", name="Pirms sesijas beigām ievadītais ir saglabāts")
    expect(offer).to_be_visible()
    expect(page.locator("textarea[name=notes]")).to_have_value("")
    screenshot(page, "session-draft-offer-lv")
    offer.get_by_role("button", name="Atjaunot ievadīto").click()

    expect(page.locator("textarea[name=notes]")).to_have_value(NOTE)
    expect(offer).to_contain_text("Atjaunots. Pārbaudiet veidlapu un saglabājiet to.")
