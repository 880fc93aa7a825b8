"""The keyboard-only journey (WCAG 2.1.1): a social worker screens a person and refers them
with consent, the provider's commission recognises the person, and SIVA grants the service,
without a single mouse click. Every stage is also checked with axe-core."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from atbalsts.accounts.models import Organisation, Role, User
from atbalsts.accounts.services import second_factor_provision
from atbalsts.agency import texts as agency_texts
from atbalsts.consent import texts as consent_texts
from atbalsts.consent.models import InformationCategory
from atbalsts.rules.catalogue import CRITERIA_ITEMS, LISTS
from atbalsts.screening.models import STEPS
from atbalsts.screening.texts import STEP_TITLES
from tests.accounts.helpers import current_totp
from tests.browser.accessibility import assert_accessible
from tests.browser.keyboard import Keyboard
from tests.browser.test_process_journey import CASE_CODE, lv, named, title
from tests.factories import DEFAULT_PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(browser: Browser, base_url: str, user: User) -> tuple[Page, Keyboard]:
    secret, _codes = second_factor_provision(user=user)
    context = browser.new_context(locale="lv-LV", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base_url + "/login/", timeout=60_000)
    keys = Keyboard(page)
    keys.type(page.get_by_label(lv("Username")), user.username)
    keys.type(page.get_by_label(lv("Password")), DEFAULT_PASSWORD)
    keys.activate(page.get_by_role("button", name=lv("Continue")))
    expect(page).to_have_url(re.compile(r"/login/verify/"))
    keys.type(page.locator("#id_code"), current_totp(secret))
    keys.activate(page.locator("form").filter(has=page.locator("#id_code")).get_by_role("button"))
    expect(page).not_to_have_url(re.compile(r"/login/"))
    return page, keys


def _screen_and_refer(
    page: Page, keys: Keyboard, drosa_maja: Organisation, today: datetime.date
) -> str:
    keys.activate(page.get_by_role("navigation").get_by_role("link", name=lv("Register a person")))
    keys.type(page.get_by_label(named("First name")), "Anna")
    keys.type(page.get_by_label(named("Last name")), "Tastatūra")
    keys.activate(page.get_by_role("button", name=lv("Register and open a case")))
    expect(page).to_have_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    case_url = page.url
    case_code = page.locator("h1 .code").inner_text()
    assert_accessible(page, "keyboard-01-case-opened")

    keys.activate(
        page.get_by_role("link", name=lv("Screenings: signs of trafficking and the rules' answer"))
    )
    keys.activate(page.get_by_role("link", name=lv("Start a screening")))
    keys.date(page.get_by_label(lv("Date of the interview")), today)
    keys.activate(page.get_by_role("button", name=lv("Start"), exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(lv("Migration"))
    keys.tick(page.get_by_label(LISTS["indicators"]["documents_confiscated"].get("lv"), exact=True))
    keys.tick(page.get_by_label(LISTS["indicators"]["deception_about_work"].get("lv"), exact=True))
    assert_accessible(page, "keyboard-02-screening-signs")
    for step in STEPS[2:]:
        keys.activate(page.get_by_role("button", name=lv("Save and continue"), exact=True))
        expect(page.get_by_role("heading", level=1)).to_have_text(title(STEP_TITLES[step]))
        if step == "criteria":
            for item in ("movement.recruited", "movement.transported"):
                keys.tick(page.get_by_label(CRITERIA_ITEMS[item].get("lv"), exact=True))
    expect(page.get_by_text(lv("Yes: convene the specialist commission"))).to_be_visible()
    keys.activate(page.get_by_role("button", name=lv("Complete the screening")))
    expect(page.get_by_text(lv("Yes: convene the specialist commission"))).to_be_visible()
    assert_accessible(page, "keyboard-03-screening-answer")

    page.goto(case_url)
    keys.activate(page.get_by_role("link", name=lv("Consents"), exact=True))
    keys.activate(page.get_by_role("link", name=lv("Record a consent")))
    keys.select(page.get_by_label(named("Recipient organisation")), drosa_maja.name)
    keys.select(
        page.get_by_label(named("Purpose")),
        lv("Referral to the state-funded social rehabilitation service"),
    )
    for category in InformationCategory:
        keys.tick(page.get_by_role("checkbox", name=title(category.label), exact=True))
    keys.date(page.get_by_label(named("Consent given on")), today)
    keys.type(page.get_by_label(named("Signed form reference")), "P-2026/200")
    keys.activate(page.get_by_role("button", name=lv("Record the consent")))
    expect(page.get_by_text(lv("The consent has been recorded."))).to_be_visible()
    assert_accessible(page, "keyboard-04-consent-recorded")

    page.goto(case_url)
    keys.activate(page.get_by_role("link", name=lv("Refer the case")))
    keys.select(
        page.get_by_label(named("Recipient, by the person's consent to referral")),
        drosa_maja.name,
    )
    keys.activate(page.get_by_role("button", name=lv("Send the referral")))
    expect(page.get_by_text(lv("The referral has been sent."))).to_be_visible()
    assert_accessible(page, "keyboard-05-referral-sent")
    return case_code


def _recognise(page: Page, keys: Keyboard, case_code: str, today: datetime.date) -> str:
    keys.activate(
        page.get_by_role("navigation").get_by_role(
            "link", name=title(consent_texts.INBOX_SECTION_LABEL)
        )
    )
    keys.activate(page.get_by_role("link", name=case_code))
    keys.activate(page.get_by_role("button", name=lv("Accept and open a case")))
    found = CASE_CODE.search(page.locator(".message--success").inner_text())
    assert found is not None
    provider_code = found.group(0)

    keys.activate(page.get_by_role("link", name=lv("Cases"), exact=True))
    keys.activate(page.get_by_role("link", name=provider_code))
    keys.activate(
        page.get_by_role("link", name=lv("Recognition, specialist commission and SIVA's decision"))
    )
    keys.activate(page.get_by_role("link", name=lv("Convene the specialist commission")))
    keys.date(page.get_by_label(named("Meeting date")), today)
    for field, member in (
        ("Social worker", "Anna Bērziņa"),
        ("Psychologist", "Pēteris Ozols"),
        ("Lawyer", "Laura Liepa"),
        ("State Police official", "Jānis Policists"),
    ):
        keys.select(page.get_by_label(named(field)), member)
    assert_accessible(page, "keyboard-06-commission-convene")
    keys.activate(page.get_by_role("button", name=lv("Convene"), exact=True))
    keys.activate(page.get_by_role("link", name=lv("Record the commission's opinion")))
    keys.choose(page.get_by_role("radio", name=lv("Recognised as a victim"), exact=True))
    keys.tick(page.get_by_label(CRITERIA_ITEMS["movement.recruited"].get("lv"), exact=True))
    keys.type(page.get_by_label(named("Justification")), "Savervēta ar maldināšanu par darbu.")
    keys.type(page.get_by_label(named("Protocol number")), "K-2026/31")
    keys.activate(page.get_by_role("button", name=lv("Record the opinion")))
    keys.activate(page.get_by_role("button", name=lv("Confirm and record the opinion")))
    expect(page.get_by_text("K-2026/31")).to_be_visible()
    keys.activate(page.get_by_role("link", name=lv("Submit the documents to SIVA")))
    keys.activate(page.get_by_role("button", name=lv("Submit to SIVA"), exact=True))
    expect(page.get_by_text(lv("The documents have been submitted to SIVA."))).to_be_visible()
    assert_accessible(page, "keyboard-07-submitted-to-siva")
    return provider_code


def _grant(page: Page, keys: Keyboard, provider_code: str, today: datetime.date) -> None:
    keys.activate(
        page.get_by_role("navigation").get_by_role("link", name=title(agency_texts.SECTION_LABEL))
    )
    keys.activate(page.get_by_role("link", name=provider_code))
    keys.date(page.get_by_label(named("Documents received on")), today)
    keys.activate(page.get_by_role("button", name=lv("Record"), exact=True))
    expect(page.locator(".message--success")).to_be_visible()
    keys.choose(page.get_by_role("radio", name=lv("Grant the service"), exact=True))
    keys.activate(page.get_by_role("button", name=lv("Record the decision")))
    keys.activate(page.get_by_role("button", name=lv("Confirm and record the decision")))
    expect(page.get_by_text(lv("SIVA's decision has been recorded."))).to_be_visible()
    assert_accessible(page, "keyboard-08-siva-granted")


def test_screening_referral_and_the_siva_decision_with_the_keyboard_only(
    browser: Browser,
    live_server: LiveServer,
    personas: dict[str, User],
    organisations: dict[str, Organisation],
) -> None:
    drosa_maja = organisations["drosa_maja"]
    for username, full_name, role in (
        ("dm.social", "Anna Bērziņa", Role.PROVIDER_SPECIALIST),
        ("dm.psych", "Pēteris Ozols", Role.PROVIDER_SPECIALIST),
        ("dm.lawyer", "Laura Liepa", Role.PROVIDER_CASE_MANAGER),
    ):
        make_user(username=username, full_name=full_name, role=role, organisation=drosa_maja)
    police = personas["police_member"]
    police.full_name = "Jānis Policists"
    police.save(update_fields=["full_name"])
    today = timezone.localdate()

    pages: list[Page] = []
    try:
        riga, riga_keys = _sign_in(browser, live_server.url, personas["social_worker_a"])
        pages.append(riga)
        case_code = _screen_and_refer(riga, riga_keys, drosa_maja, today)
        provider, provider_keys = _sign_in(
            browser, live_server.url, personas["provider_case_manager"]
        )
        pages.append(provider)
        provider_code = _recognise(provider, provider_keys, case_code, today)
        siva, siva_keys = _sign_in(browser, live_server.url, personas["agency_coordinator"])
        pages.append(siva)
        _grant(siva, siva_keys, provider_code, today)
    finally:
        for page in pages:
            page.context.close()
