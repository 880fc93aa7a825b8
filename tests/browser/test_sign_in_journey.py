"""The first journey of every user: sign in with both factors, switch language, log out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from atbalsts.accounts.models import OrganisationType, Role
from atbalsts.accounts.services import second_factor_provision
from tests.accounts.helpers import current_totp
from tests.browser.conftest import screenshot
from tests.factories import DEFAULT_PASSWORD, make_organisation, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_with_second_factor_switch_language_and_log_out(
    live_server: LiveServer, page: Page
) -> None:
    riga = make_organisation(
        code="riga-sd", name="Rīgas Sociālais dienests", type=OrganisationType.SOCIAL_SERVICE
    )
    user = make_user(
        username="riga.social", full_name="Ilze Kalniņa", role=Role.SOCIAL_WORKER, organisation=riga
    )
    secret, _codes = second_factor_provision(user=user)

    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/login/"))
    expect(page.locator("html")).to_have_attribute("lang", "lv")
    screenshot(page, "01-login-lv")

    page.get_by_label("Lietotājvārds").fill("riga.social")
    page.get_by_label("Parole").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Turpināt").click()
    expect(page).to_have_url(re.compile(r"/login/verify/"))
    screenshot(page, "02-second-factor-lv")

    # The second factor cannot be skipped: the start page sends the user back to it.
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/login/verify/"))

    page.locator("#id_code").fill(current_totp(secret))
    page.locator("form").filter(has=page.locator("#id_code")).get_by_role("button").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ilze Kalniņa")
    screenshot(page, "03-home-lv")

    page.locator("#language-select").select_option("en")
    page.locator("form.language-switcher").get_by_role("button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    screenshot(page, "04-home-en")

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login/"))
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/login/"))
    screenshot(page, "05-logged-out-en")
