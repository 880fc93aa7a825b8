"""The page shell and the home page: landmarks, controls, role-aware menu and tasks."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from atbalsts.accounts.models import User
from atbalsts.core.navigation import SECTIONS, sections_for
from tests.core.helpers import signed_in_client
from tests.core.pages import in_latvian as _lv
from tests.core.pages import tags, visible_text

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

ADMIN_SECTION_URLS = {
    reverse("administration:organisation_list"),
    reverse("administration:user_list"),
    reverse("workcalendar:override_list"),
}
NON_ADMIN_PERSONAS = [
    "social_worker_a",
    "social_worker_b",
    "provider_case_manager",
    "provider_head",
    "police_member",
    "agency_coordinator",
    "ministry_analyst",
    "dpo",
]


def _nav_links(response: TestResponse) -> list[str]:
    html = response.content.decode()
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    return [part.split('"', 1)[0] for part in nav.split('href="')[1:]]


def test_anonymous_visitor_is_sent_to_the_login_page(client: Client) -> None:
    response = client.get(reverse("core:home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_shell_has_landmarks_skip_link_and_labelled_controls(
    client: Client, personas: dict[str, User]
) -> None:
    response = signed_in_client(client, personas["social_worker_a"]).get(reverse("core:home"))
    html = response.content.decode()

    assert response.status_code == 200
    assert html.index('class="skip-link" href="#main"') < html.index("<header")
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert html.count(landmark) == 1, landmark
    assert tags(response, "html")[0]["lang"] == "lv"
    # Every visible control has a label pointing at it.
    label_targets = {attrs["for"] for attrs in tags(response, "label")}
    for control in tags(response, "select") + tags(response, "input"):
        if control.get("type") not in {"hidden", "submit"}:
            assert control["id"] in label_targets, control
    nav = tags(response, "nav")[0]
    assert nav["aria-label"]


def test_shell_shows_the_user_the_language_switcher_and_logout(
    client: Client, personas: dict[str, User]
) -> None:
    worker = personas["social_worker_a"]
    response = signed_in_client(client, worker).get(reverse("core:home"))

    forms = {attrs["action"]: attrs for attrs in tags(response, "form")}
    assert forms[reverse("accounts:logout")]["method"] == "post"
    assert forms[reverse("set_language")]["method"] == "post"
    assert {o["value"] for o in tags(response, "option")} >= {"lv", "en"}
    assert worker.full_name in visible_text(response)


def test_home_greets_the_user_with_organisation_and_role(
    client: Client, personas: dict[str, User]
) -> None:
    worker = personas["social_worker_a"]
    response = signed_in_client(client, worker).get(reverse("core:home"))
    text = visible_text(response)

    assert _lv("Welcome, %(name)s") % {"name": worker.full_name} in text
    assert worker.organisation.name in text
    assert _lv(worker.get_role_display()) in text


def test_system_administrator_sees_the_administration_tasks(
    client: Client, personas: dict[str, User]
) -> None:
    response = signed_in_client(client, personas["system_admin"]).get(reverse("core:home"))
    hrefs = {attrs["href"] for attrs in tags(response, "a")}

    assert hrefs >= ADMIN_SECTION_URLS
    assert set(_nav_links(response)) == {reverse("core:home"), *ADMIN_SECTION_URLS}
    text = visible_text(response)
    for section in SECTIONS:
        if reverse(section.url_name) in ADMIN_SECTION_URLS:
            assert _lv(section.description) in text
    assert _lv("Your role gives no access to the data of individual cases.") in text


@pytest.mark.parametrize("persona", NON_ADMIN_PERSONAS)
def test_other_roles_see_no_link_they_cannot_open(
    client: Client, personas: dict[str, User], persona: str
) -> None:
    response = signed_in_client(client, personas[persona]).get(reverse("core:home"))
    hrefs = {attrs["href"] for attrs in tags(response, "a")}

    assert not ADMIN_SECTION_URLS & hrefs
    offered = [item.url for item in sections_for(personas[persona].role)]
    assert _nav_links(response) == [reverse("core:home"), *offered]
    if not offered:
        assert _lv(
            "The pages for your work are not yet available in this version of Atbalsts. When "
            "they are ready, they will appear here and in the menu."
        ) in visible_text(response)


def test_current_section_is_marked_in_the_menu(client: Client, personas: dict[str, User]) -> None:
    response = signed_in_client(client, personas["system_admin"]).get(
        reverse("administration:user_list")
    )

    current = [attrs["href"] for attrs in tags(response, "a") if attrs.get("aria-current")]
    assert current == [reverse("administration:user_list")]


def test_home_answers_only_get(client: Client, personas: dict[str, User]) -> None:
    response = signed_in_client(client, personas["social_worker_a"]).post(reverse("core:home"))

    assert response.status_code == 405


def test_no_inline_style_anywhere(client: Client, personas: dict[str, User]) -> None:
    """CSP allows no inline style, so the pages must not depend on one."""
    signed_in = signed_in_client(client, personas["system_admin"])
    for url in (reverse("core:home"), reverse("administration:user_list"), "/missing/"):
        response = signed_in.get(url)
        parsed = tags(response, "style")
        assert parsed == []
        assert " style=" not in response.content.decode()


def test_htmx_is_told_not_to_inject_styles_or_keep_page_copies(
    client: Client, personas: dict[str, User]
) -> None:
    response = signed_in_client(client, personas["social_worker_a"]).get(reverse("core:home"))

    config = next(m for m in tags(response, "meta") if m.get("name") == "htmx-config")
    values = json.loads(config["content"] or "{}")
    assert values["includeIndicatorStyles"] is False
    # A swap that settles the style attribute sets style="" on the new elements: a CSP
    # violation on every swap of a form whose fields keep their ids.
    assert "style" not in values["attributesToSettle"]
    assert values["historyCacheSize"] == 0
    assert values["allowEval"] is False
