"""Latvian pages carry no English sentence of our own catalogues."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from atbalsts.accounts.models import User
from tests.core.helpers import signed_in_client
from tests.core.pages import Page, visible_text

pytestmark = pytest.mark.django_db

OWN_CATALOGUES = ("core", "administration")
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdfir]|<[^>]+>")


def _english_fragments() -> set[str]:
    """Each msgid's text between placeholders, where the Latvian differs from the English."""
    fragments = set()
    for app in OWN_CATALOGUES:
        path = Path(settings.BASE_DIR) / f"atbalsts/{app}/locale/lv/LC_MESSAGES/django.po"
        for entry in polib.pofile(str(path)):
            if entry.obsolete or entry.msgstr == entry.msgid:
                continue
            for piece in PLACEHOLDER.split(entry.msgid):
                fragment = piece.strip(" ,.:;?“”")
                # Short words ("Code", "Name") can occur in Latvian text or in data.
                if len(fragment) >= 12 or " " in fragment:
                    fragments.add(fragment)
    return fragments


def _leftovers(page: Page) -> list[str]:
    text = visible_text(page)
    return sorted(fragment for fragment in _english_fragments() if fragment in text)


def test_there_are_fragments_to_look_for() -> None:
    assert "Skip to main content" in _english_fragments()
    assert "Page not found" in _english_fragments()


@pytest.mark.parametrize("persona", ["system_admin", "social_worker_a", "ministry_analyst"])
def test_home_page_is_fully_latvian(
    client: Client, personas: dict[str, User], persona: str
) -> None:
    response = signed_in_client(client, personas[persona]).get(reverse("core:home"))

    assert response.status_code == 200
    assert _leftovers(response) == []


def test_not_found_page_is_fully_latvian(client: Client, personas: dict[str, User]) -> None:
    signed_in = signed_in_client(client, personas["social_worker_a"])

    assert _leftovers(signed_in.get("/no-such-page/")) == []
    assert _leftovers(Client().get("/no-such-page/")) == []


@pytest.mark.parametrize(
    "name",
    ["organisation_list", "organisation_create", "user_list", "user_create"],
)
def test_administration_pages_are_fully_latvian(
    client: Client, personas: dict[str, User], name: str
) -> None:
    response = signed_in_client(client, personas["system_admin"]).get(
        reverse(f"administration:{name}")
    )

    assert response.status_code == 200
    assert _leftovers(response) == []


def test_the_check_finds_english_when_english_is_chosen(
    client: Client, personas: dict[str, User]
) -> None:
    signed_in = signed_in_client(client, personas["system_admin"])
    signed_in.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert "Skip to main content" in _leftovers(signed_in.get(reverse("core:home")))
