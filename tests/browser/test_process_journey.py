"""The whole process through the pages, across organisations (issue "The whole process").

A Rīga social worker screens a person and refers them to Drošā māja; the provider's
commission recognises the person; SIVA grants the service; the provider runs the course and
the post-course consultations up to the rule's limit; Rīga sees the outcome through the
person's consent; Daugavpils sees nothing of it. Every actor signs in with password and
second factor in a browser context of their own. Every step is done through the pages, by
their links and buttons; only Daugavpils types addresses, to be told they do not exist.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import time_machine
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from atbalsts.accounts.models import Organisation, Role, User
from atbalsts.accounts.services import second_factor_provision
from atbalsts.agency import texts as agency_texts
from atbalsts.consent import texts as consent_texts
from atbalsts.consent.models import ConsentPurpose, InformationCategory
from atbalsts.courses.models import AfterCourseRoute, EndReason, ServiceLine
from atbalsts.rules.catalogue import CRITERIA_ITEMS, LISTS
from atbalsts.screening.models import STEPS
from atbalsts.screening.texts import STEP_TITLES
from tests.accounts.helpers import current_totp
from tests.browser.conftest import screenshot
from tests.factories import DEFAULT_PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)

CASE_CODE = re.compile(r"AT-[A-Z0-9]{4}-[A-Z0-9]{4}")


def lv(msgid: str) -> str:
    """The Latvian text of an English msgid, as the apps' .po files translate it."""
    with translation.override("lv"):
        return gettext(msgid)


def named(msgid: str) -> re.Pattern[str]:
    """A field's Latvian label, whether or not the page adds "(optional)" to it."""
    return re.compile(rf"^{re.escape(lv(msgid))}(\s|$)")


def title(text: object) -> str:
    """A lazy label (a model choice, a texts.py constant) in Latvian."""
    with translation.override("lv"):
        return str(text)


def iso(day: datetime.date) -> str:
    return day.isoformat()


class Actors:
    """Signed-in pages, one browser context per actor, closed at the end."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.contexts: list[BrowserContext] = []

    def sign_in(self, user: User) -> Page:
        secret, _codes = second_factor_provision(user=user)
        context = self.browser.new_context(locale="lv-LV", viewport={"width": 1280, "height": 900})
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(self.base_url + "/login/")
        page.get_by_label(lv("Username")).fill(user.username)
        page.get_by_label(lv("Password")).fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name=lv("Continue")).click()
        expect(page).to_have_url(re.compile(r"/login/verify/"))
        page.locator("#id_code").fill(current_totp(secret))
        page.locator("form").filter(has=page.locator("#id_code")).get_by_role("button").click()
        expect(page).not_to_have_url(re.compile(r"/login/"))
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def actors(browser: Browser, live_server: LiveServer) -> Iterator[Actors]:
    found = Actors(browser, live_server.url)
    yield found
    found.close()


@dataclass
class Journey:
    """What the stages pass on: the actors' pages and the two cases' codes and addresses."""

    url: str
    actors: Actors
    personas: dict[str, User]
    organisations: dict[str, Organisation]
    today: datetime.date = field(default_factory=timezone.localdate)
    riga: Page = field(init=False)
    provider: Page = field(init=False)
    case_code: str = ""
    riga_case_url: str = ""
    provider_code: str = ""
    provider_case_url: str = ""
    clock: time_machine.travel | None = None


def record_service(
    page: Page, *, service: object, on: datetime.date, course_service: str = ""
) -> None:
    """One delivery through "Record a service": a psychologist's consultation of one hour."""
    page.get_by_role("link", name=lv("Record a service")).click()
    page.get_by_label(named("Entitlement")).select_option(label=title(service))
    if course_service:
        page.get_by_label(named("Course service")).select_option(label=course_service)
    page.get_by_label(named("Specialist")).select_option(
        label=LISTS["specialists"]["psychologist"].get("lv")
    )
    page.get_by_label(named("Quantity")).fill("1")
    page.get_by_label(named("Date"), exact=True).fill(iso(on))
    page.get_by_role("button", name=lv("Record the service")).click()


def open_case(page: Page, code: str) -> None:
    """The case, from the menu's case list, by its code."""
    page.get_by_role("navigation").get_by_role("link", name=lv("Cases"), exact=True).click()
    page.get_by_role("link", name=code, exact=True).click()


def refer_from_riga_screening(j: Journey) -> None:
    """1. Rīga registers the person and runs the screening; the rules recommend referral."""
    # 1. Rīga: register, screen, consent to Drošā māja, refer.
    riga = j.riga = j.actors.sign_in(j.personas["social_worker_a"])
    today = j.today
    riga.get_by_role("navigation").get_by_role("link", name=lv("Register a person")).click()
    riga.get_by_label(named("First name")).fill("Marija")
    riga.get_by_label(named("Last name")).fill("Paraugs")
    riga.get_by_label(named("Personal code")).fill("010190-12349")
    riga.get_by_label(named("Phone")).fill("+371 20000000")
    riga.get_by_role("button", name=lv("Register and open a case")).click()
    expect(riga).to_have_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    j.case_code = riga.locator("h1 .code").inner_text()
    j.riga_case_url = riga.url
    screenshot(riga, "journey-01-riga-case-opened")

    riga.get_by_role(
        "link", name=lv("Screenings: signs of trafficking and the rules' answer")
    ).click()
    riga.get_by_role("link", name=lv("Start a screening")).click()
    riga.get_by_label(lv("Date of the interview")).fill(iso(today))
    riga.get_by_role("button", name=lv("Start"), exact=True).click()
    # The guided steps: a few signs, an observation skipped, two criteria items.
    expect(riga.get_by_role("heading", level=1)).to_have_text(lv("Migration"))
    riga.get_by_label(LISTS["indicators"]["documents_confiscated"].get("lv"), exact=True).check()
    riga.get_by_label(LISTS["indicators"]["deception_about_work"].get("lv"), exact=True).check()
    screenshot(riga, "journey-02-screening-signs")
    next_step = riga.get_by_role("button", name=lv("Save and continue"), exact=True)
    for step in STEPS[2:]:
        next_step.click()
        expect(riga.get_by_role("heading", level=1)).to_have_text(title(STEP_TITLES[step]))
        if step == "criteria":
            riga.get_by_label(CRITERIA_ITEMS["movement.recruited"].get("lv"), exact=True).check()
            riga.get_by_label(CRITERIA_ITEMS["movement.transported"].get("lv"), exact=True).check()
    expect(riga.get_by_text(lv("Yes: convene the specialist commission"))).to_be_visible()
    screenshot(riga, "journey-03-screening-answer-refer")
    riga.get_by_role("button", name=lv("Complete the screening")).click()
    expect(riga.get_by_text(lv("Yes: convene the specialist commission"))).to_be_visible()


def refer_from_riga_consent(j: Journey) -> None:
    """1. Rīga records the consent to Drošā māja and sends the referral."""
    riga, today = j.riga, j.today
    # Consent: from the case page's link to the person's consents.
    open_case(riga, j.case_code)
    riga.get_by_role("link", name=lv("Consents"), exact=True).click()
    riga.get_by_role("link", name=lv("Record a consent")).click()
    riga.get_by_label(named("Recipient organisation")).select_option(
        label=j.organisations["drosa_maja"].name
    )
    riga.get_by_label(named("Purpose")).select_option(
        label=lv("Referral to the state-funded social rehabilitation service")
    )
    # The categories are a group named by its legend.
    categories = riga.get_by_role("group", name=named("Information the recipient may see"))
    for category in InformationCategory:
        categories.get_by_role("checkbox", name=title(category.label), exact=True).check()
    riga.get_by_label(named("Consent given on")).fill(iso(today))
    riga.get_by_label(named("Signed form reference")).fill("P-2026/117")
    riga.get_by_role("button", name=lv("Record the consent")).click()
    expect(riga.get_by_text(lv("The consent has been recorded."))).to_be_visible()
    screenshot(riga, "journey-04-consent-recorded")

    # Referral: from the case page's link.
    open_case(riga, j.case_code)
    riga.get_by_role("link", name=lv("Refer the case")).click()
    riga.get_by_label(named("Recipient, by the person's consent to referral")).select_option(
        label=j.organisations["drosa_maja"].name
    )
    riga.get_by_role("button", name=lv("Send the referral")).click()
    expect(riga.get_by_text(lv("The referral has been sent."))).to_be_visible()
    screenshot(riga, "journey-05-referral-sent")


def recognise_at_drosa_maja(j: Journey) -> None:
    """2. Drošā māja accepts, convenes the commission, records its opinion, submits to SIVA."""
    today = j.today
    # 2. Drošā māja: accept, convene the commission, record the opinion, submit to SIVA.
    provider = j.provider = j.actors.sign_in(j.personas["provider_case_manager"])
    provider.get_by_role("navigation").get_by_role(
        "link", name=title(consent_texts.INBOX_SECTION_LABEL)
    ).click()
    provider.get_by_role("link", name=j.case_code).click()
    screenshot(provider, "journey-06-referral-detail")
    provider.get_by_role("button", name=lv("Accept and open a case")).click()
    accepted = provider.locator(".message--success").inner_text()
    found_code = CASE_CODE.search(accepted)
    assert found_code is not None
    provider_code = j.provider_code = found_code.group(0)
    screenshot(provider, "journey-07-referral-accepted")

    provider.get_by_role("link", name=lv("Cases"), exact=True).click()
    provider.get_by_role("link", name=provider_code).click()
    j.provider_case_url = provider.url
    provider.get_by_role(
        "link", name=lv("Recognition, specialist commission and SIVA's decision")
    ).click()
    provider.get_by_role("link", name=lv("Convene the specialist commission")).click()
    provider.get_by_label(named("Meeting date")).fill(iso(today))
    provider.get_by_label(named("Social worker")).select_option(label="Anna Bērziņa")
    provider.get_by_label(named("Psychologist")).select_option(label="Pēteris Ozols")
    provider.get_by_label(named("Lawyer")).select_option(label="Laura Liepa")
    provider.get_by_label(named("State Police official")).select_option(label="Jānis Policists")
    screenshot(provider, "journey-08-commission-convene")
    provider.get_by_role("button", name=lv("Convene"), exact=True).click()
    provider.get_by_role("link", name=lv("Record the commission's opinion")).click()
    provider.get_by_role("radio", name=lv("Recognised as a victim"), exact=True).check()
    provider.get_by_label(CRITERIA_ITEMS["movement.recruited"].get("lv"), exact=True).check()
    provider.get_by_label(named("Justification")).fill(
        "Savervēta ar maldināšanu par darbu un pārvesta uz ārzemēm; dokumenti atņemti."
    )
    provider.get_by_label(named("Protocol number")).fill("K-2026/14")
    provider.get_by_role("button", name=lv("Record the opinion")).click()
    provider.get_by_role("button", name=lv("Confirm and record the opinion")).click()
    expect(provider.get_by_text("K-2026/14")).to_be_visible()
    screenshot(provider, "journey-09-commission-opinion")
    provider.get_by_role("link", name=lv("Submit the documents to SIVA")).click()
    provider.get_by_role("button", name=lv("Submit to SIVA"), exact=True).click()
    expect(provider.get_by_text(lv("The documents have been submitted to SIVA."))).to_be_visible()
    screenshot(provider, "journey-10-submitted-to-siva")


def grant_at_siva(j: Journey) -> None:
    """3. SIVA records the day of receipt and grants the service."""
    # 3. SIVA: the day of receipt, then the grant.
    siva = j.actors.sign_in(j.personas["agency_coordinator"])
    siva.get_by_role("navigation").get_by_role(
        "link", name=title(agency_texts.SECTION_LABEL)
    ).click()
    siva.get_by_role("link", name=j.provider_code).click()
    siva.get_by_label(named("Documents received on")).fill(iso(j.today))
    siva.get_by_role("button", name=lv("Record"), exact=True).click()
    expect(siva.locator(".message--success")).to_be_visible()
    siva.get_by_role("radio", name=lv("Grant the service"), exact=True).check()
    siva.get_by_role("button", name=lv("Record the decision")).click()
    siva.get_by_role("button", name=lv("Confirm and record the decision")).click()
    expect(siva.get_by_text(lv("SIVA's decision has been recorded."))).to_be_visible()
    screenshot(siva, "journey-11-siva-granted")


def run_the_course(j: Journey) -> None:
    """4. The course, a service, its end in the past, five post-course consultations, no sixth.

    The course starts on the day SIVA granted the service (never earlier); the clock then
    moves 40 days on, so that the course and the consultations after it lie in the past.
    Every session has been idle that long: Drošā māja signs in again.
    """
    granted_on = j.today
    # 4. Drošā māja: the course, a service, its end, then post-course consultations.
    course_start, course_end = granted_on, granted_on + datetime.timedelta(days=30)
    later = datetime.datetime.combine(
        granted_on + datetime.timedelta(days=40), datetime.time(12), tzinfo=datetime.UTC
    )
    j.clock = time_machine.travel(later, tick=True)
    j.clock.start()
    provider = j.provider = j.actors.sign_in(j.personas["provider_case_manager"])
    open_case(provider, j.provider_code)
    provider.get_by_role("link", name=lv("Social rehabilitation course")).click()
    provider.get_by_role("link", name=lv("Start the course")).click()
    provider.get_by_label(named("Start date")).fill(iso(course_start))
    provider.get_by_role("button", name=lv("Start the course")).click()
    expect(provider.get_by_text(lv("The course has been recorded."))).to_be_visible()
    screenshot(provider, "journey-12-course-running")

    provider.get_by_role("link", name=lv("Services received")).click()
    record_service(
        provider,
        service=ServiceLine.COURSE.label,
        course_service=LISTS["course_services"]["consultation"].get("lv"),
        on=course_start + datetime.timedelta(days=3),
    )
    expect(provider.get_by_text(lv("The service has been recorded."))).to_be_visible()
    screenshot(provider, "journey-13-course-service-recorded")

    provider.get_by_role("link", name=lv("Back to the course")).click()
    provider.get_by_role("link", name=lv("End the course")).click()
    provider.get_by_label(named("End date")).fill(iso(course_end))
    provider.get_by_label(named("Reason")).select_option(label=title(EndReason.COMPLETED.label))
    provider.get_by_role("button", name=lv("Record the end")).click()
    provider.get_by_role("link", name=lv("Choose what follows the course")).click()
    provider.get_by_role("radio", name=title(AfterCourseRoute.CONSULTATIONS.label)).check()
    provider.get_by_role("button", name=lv("Save"), exact=True).click()
    screenshot(provider, "journey-14-course-ended-consultations-chosen")

    provider.get_by_role("link", name=lv("Services received")).click()
    for n in range(5):
        record_service(
            provider,
            service=ServiceLine.AFTER_COURSE_CONSULTATION.label,
            on=course_end + datetime.timedelta(days=1 + n),
        )
        expect(provider.get_by_text(lv("The service has been recorded."))).to_be_visible()
    screenshot(provider, "journey-15-five-consultations")
    record_service(
        provider,
        service=ServiceLine.AFTER_COURSE_CONSULTATION.label,
        on=course_end + datetime.timedelta(days=7),
    )
    expect(provider.get_by_role("alert")).to_contain_text(
        "Konsultācija izmantotu 1 no atlikušajām 0 konsultācijām (5 kopā)"
    )
    screenshot(provider, "journey-16-sixth-consultation-refused")


def riga_takes_over(j: Journey) -> None:
    """5. Rīga sees the outcome through the consent and takes the case over."""
    provider = j.provider
    # Rīga's session ran out while the course ran (run_the_course): Rīga signs in again.
    riga = j.riga = j.actors.sign_in(j.personas["social_worker_a"])
    # 5. The person agrees that Rīga takes the case over; Drošā māja records that consent on
    # its own person record, from the case page's link.
    open_case(provider, j.provider_code)
    provider.get_by_role("link", name=lv("Consents"), exact=True).click()
    provider.get_by_role("link", name=lv("Record a consent")).click()
    provider.get_by_label(named("Recipient organisation")).select_option(
        label=j.organisations["riga"].name
    )
    provider.get_by_label(named("Purpose")).select_option(
        label=title(ConsentPurpose.CASE_TAKEOVER.label)
    )
    for category in (InformationCategory.IDENTITY, InformationCategory.SERVICES):
        provider.get_by_role("checkbox", name=title(category.label), exact=True).check()
    provider.get_by_label(named("Consent given on")).fill(iso(j.today))
    provider.get_by_label(named("Signed form reference")).fill("DM-2026/88")
    provider.get_by_role("button", name=lv("Record the consent")).click()
    expect(provider.get_by_text(lv("The consent has been recorded."))).to_be_visible()
    screenshot(provider, "journey-17-takeover-consent")

    # Rīga sees the provider's case as the consent shares it: from the menu's list of the
    # cases shared with it.
    riga.get_by_role("navigation").get_by_role(
        "link", name=title(consent_texts.SHARED_SECTION_LABEL)
    ).click()
    riga.get_by_role("link", name=j.provider_code).click()
    expect(riga.get_by_role("heading", level=1)).to_contain_text(j.provider_code)
    expect(riga.get_by_text("010190-12349")).to_be_visible()
    # The services received, by kind and date, as the consent covers them.
    expect(riga.get_by_role("main")).to_contain_text(
        LISTS["course_services"]["consultation"].get("lv")
    )
    screenshot(riga, "journey-18-riga-shared-case")
    # The outcome: the course page of Drošā māja's case, which the consent opens to Rīga.
    riga.get_by_role("link", name=lv("Social rehabilitation course")).click()
    expect(riga.get_by_text(title(EndReason.COMPLETED.label), exact=False)).to_be_visible()
    expect(riga.get_by_role("main")).to_contain_text("5 no 5")
    screenshot(riga, "journey-19-riga-sees-course-outcome")

    # Rīga takes the case over: confirmed on the shared page, it opens case management on
    # Rīga's own case of the person; then Rīga asks Drošā māja in writing.
    riga.go_back()
    riga.get_by_role("link", name=lv("Take the case over")).click()
    riga.get_by_role("button", name=lv("Take the case over")).click()
    expect(riga.locator(".message--success")).to_contain_text(j.case_code)
    expect(riga).to_have_url(re.compile(r"/casework/[0-9a-f-]{36}/$"))
    riga.get_by_role("link", name=lv("Ask the provider in writing")).click()
    riga.get_by_label(named("Service provider")).select_option(
        label=j.organisations["drosa_maja"].name
    )
    riga.get_by_label(named("What you would like to know")).fill(
        "Kāds ir kursa iznākums un kas jādara, pārņemot lietu?"
    )
    riga.get_by_role("button", name=lv("Send the request")).click()
    expect(riga.locator(".message--success")).to_be_visible()

    provider.goto(j.url + "/")
    provider.get_by_role("link", name=lv("Information requests")).click()
    provider.get_by_role("link", name=j.case_code).click()
    provider.get_by_label(named("Scope of the services given")).fill(
        "Kurss pabeigts; piecas konsultācijas pēc kursa."
    )
    provider.get_by_label(named("Progress of the case")).fill("Persona ir drošībā, strādā.")
    provider.get_by_label(named("Recommendations for further work")).fill(
        "Sociālā darbinieka atbalsts dzīvesvietā."
    )
    provider.get_by_role("button", name=lv("Send the reply")).click()
    expect(
        provider.get_by_text(lv("Your reply has been sent to the social service."))
    ).to_be_visible()

    riga.reload()
    expect(riga.get_by_text("Persona ir drošībā, strādā.")).to_be_visible()
    screenshot(riga, "journey-20-riga-reply-received")


def daugavpils_sees_nothing(j: Journey) -> None:
    """6. Daugavpils sees nothing: no code in its case list, 404 for the cases' addresses."""
    # 6. Daugavpils sees nothing of it.
    daugavpils = j.actors.sign_in(j.personas["social_worker_b"])
    daugavpils.get_by_role("navigation").get_by_role("link", name=lv("Cases"), exact=True).click()
    expect(daugavpils.get_by_role("heading", level=1)).to_be_visible()
    expect(daugavpils.get_by_text(j.case_code)).to_have_count(0)
    expect(daugavpils.get_by_text(j.provider_code)).to_have_count(0)
    screenshot(daugavpils, "journey-21-daugavpils-case-list")
    for url in (j.riga_case_url, j.provider_case_url):
        response = daugavpils.goto(url)
        assert response is not None
        assert response.status == 404
    expect(daugavpils.get_by_text(j.case_code)).to_have_count(0)
    screenshot(daugavpils, "journey-22-daugavpils-not-found")


def test_the_whole_process_across_organisations(
    actors: Actors,
    live_server: LiveServer,
    personas: dict[str, User],
    organisations: dict[str, Organisation],
) -> None:
    drosa_maja = organisations["drosa_maja"]
    # The provider's commission members: social worker, psychologist, lawyer.
    for username, full_name, role in (
        ("dm.social", "Anna Bērziņa", Role.PROVIDER_SPECIALIST),
        ("dm.psych", "Pēteris Ozols", Role.PROVIDER_SPECIALIST),
        ("dm.lawyer", "Laura Liepa", Role.PROVIDER_CASE_MANAGER),
    ):
        make_user(username=username, full_name=full_name, role=role, organisation=drosa_maja)
    police = personas["police_member"]
    police.full_name = "Jānis Policists"
    police.save(update_fields=["full_name"])

    journey = Journey(
        url=live_server.url, actors=actors, personas=personas, organisations=organisations
    )
    try:
        refer_from_riga_screening(journey)
        refer_from_riga_consent(journey)
        recognise_at_drosa_maja(journey)
        grant_at_siva(journey)
        run_the_course(journey)
        riga_takes_over(journey)
        daugavpils_sees_nothing(journey)
    finally:
        if journey.clock is not None:
            journey.clock.stop()
