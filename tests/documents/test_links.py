"""Each document is linked from the page that shows its record, in each of its languages;
the leaflet page and its PDF share one text."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from atbalsts.agency.models import AgencySubmission
from atbalsts.consent.models import Consent
from atbalsts.courses.models import Course
from atbalsts.directory.models import Contact
from atbalsts.documents import content
from atbalsts.identification.models import Commission
from tests.core.pages import visible_text

pytestmark = pytest.mark.django_db


def _links(name: str, record: Any, languages: tuple[str, ...]) -> list[str]:
    url = reverse(f"documents:{name}", args=[record] if record else [])
    return [f"{url}?language={code}" for code in languages]


def test_the_recognition_page_links_the_protocol_and_the_submission_documents(
    client_of: Any, commission: Commission, decided_submission: AgencySubmission
) -> None:
    page = client_of("provider_case_manager").get(
        reverse("identification:overview", args=[commission.case.uuid])
    )

    html = page.content.decode()
    for href in [
        *_links("commission_protocol", commission.uuid, ("lv", "en")),
        *_links("agency_submission", decided_submission.uuid, ("lv", "en")),
        *_links("agency_decision", decided_submission.uuid, ("lv", "en")),
    ]:
        assert href in html


def test_sivas_submission_page_links_both_letters(
    client_of: Any, decided_submission: AgencySubmission
) -> None:
    page = client_of("agency_coordinator").get(
        reverse("agency:detail", args=[decided_submission.uuid])
    )

    html = page.content.decode()
    assert _links("agency_decision", decided_submission.uuid, ("lv",))[0] in html
    assert _links("agency_submission", decided_submission.uuid, ("en",))[0] in html


def test_the_consent_list_offers_the_form_in_four_languages(
    client_of: Any, consent: Consent
) -> None:
    page = client_of("provider_case_manager").get(
        reverse("consent:consent_list", args=[consent.person.uuid])
    )

    html = page.content.decode()
    for href in _links("consent_form", consent.uuid, content.LANGUAGES):
        assert href in html
    assert "Українська" in html


def test_the_course_page_links_its_summary(client_of: Any, course: Course) -> None:
    page = client_of("provider_case_manager").get(
        reverse("courses:detail", args=[course.case.uuid])
    )

    assert _links("course_summary", course.case.uuid, ("lv",))[0] in page.content.decode()


@pytest.mark.parametrize("language", content.LANGUAGES)
def test_the_leaflet_page_shows_the_same_text_as_the_pdf_and_links_it(
    client_of: Any, contacts: list[Contact], language: str
) -> None:
    page = client_of("social_worker_a").get(reverse("screening:leaflet"), {"language": language})

    text = visible_text(page)
    assert content.LEAFLET[language].title in text
    assert content.LEAFLET[language].legal_aid in text
    assert "Biedrība Ēnu ļaudis" in text
    assert "Slēgtā biedrība" not in text
    for href in _links("rights_leaflet", None, content.LANGUAGES):
        assert href in page.content.decode()
