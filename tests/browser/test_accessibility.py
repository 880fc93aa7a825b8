"""Accessibility in English as well as Latvian: every role's menu pages pass axe-core with no
serious or critical WCAG 2.1 A/AA violation. (The Latvian journeys check every stage they
record; see tests/browser/accessibility.py.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from atbalsts.accounts.models import User
from atbalsts.accounts.services import second_factor_provision
from tests.accounts.helpers import current_totp
from tests.browser.accessibility import assert_accessible
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

ROLES = [
    "social_worker_a",
    "provider_case_manager",
    "provider_head",
    "police_member",
    "agency_coordinator",
    "ministry_analyst",
    "dpo",
    "system_admin",
]


def _sign_in_in_english(browser: Browser, base_url: str, user: User) -> Page:
    secret, _codes = second_factor_provision(user=user)
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    # The live server's first answer can be slow on a loaded machine.
    page.goto(base_url + "/login/", timeout=60_000)
    page.locator("#language-select").select_option("en")
    page.locator("form.language-switcher").get_by_role("button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/login/verify/"))
    page.locator("#id_code").fill(current_totp(secret))
    page.locator("form").filter(has=page.locator("#id_code")).get_by_role("button").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))
    return page


def test_axe_finds_a_violation_when_there_is_one(page: Page) -> None:
    # The check itself: a page with an unlabelled image and field must fail it.
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">'
        "</main></body></html>"
    )

    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page, "deliberately-broken")


@pytest.mark.parametrize("persona", ROLES)
def test_every_menu_page_of_a_role_is_accessible_in_english(
    browser: Browser, live_server: LiveServer, personas: dict[str, User], persona: str
) -> None:
    page = _sign_in_in_english(browser, live_server.url, personas[persona])
    try:
        assert_accessible(page, f"{persona}-home-en")
        menu = page.get_by_role("navigation", name="Main menu").get_by_role("link")
        targets = [
            (link.inner_text().strip(), link.get_attribute("href") or "") for link in menu.all()
        ]
        assert targets, f"{persona} has no menu"
        for label, href in targets:
            page.goto(live_server.url + href)
            expect(page.locator("html")).to_have_attribute("lang", "en")
            assert_accessible(page, f"{persona}-{label}-en")
    finally:
        page.context.close()
