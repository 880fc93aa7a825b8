"""Response headers and served content (docs/security.md CF-2, DP-5, DP-8)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from atbalsts.accounts.models import User
from tests.core.helpers import signed_in_client
from tests.core.pages import tags

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

EXTERNAL_URL = re.compile(r"https?://", re.IGNORECASE)
NONCE = re.compile(r"'nonce-([A-Za-z0-9+/=_-]+)'")


def _admin_urls(personas: dict[str, User]) -> list[str]:
    organisation = personas["social_worker_a"].organisation
    account = personas["social_worker_a"]
    return [
        reverse("administration:organisation_list"),
        reverse("administration:organisation_create"),
        reverse("administration:organisation_edit", args=[organisation.uuid]),
        reverse("administration:user_list"),
        reverse("administration:user_create"),
        reverse("administration:user_edit", args=[account.uuid]),
        reverse("administration:user_deactivate", args=[account.uuid]),
    ]


def _pages(client: Client, personas: dict[str, User]) -> dict[str, TestResponse]:
    signed_in = signed_in_client(client, personas["system_admin"])
    urls = [reverse("core:home"), *_admin_urls(personas), "/no-such-page/"]
    return {url: signed_in.get(url) for url in urls}


def _directives(response: TestResponse) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def test_every_page_carries_no_store_and_a_strict_csp(
    client: Client, personas: dict[str, User]
) -> None:
    for url, response in _pages(client, personas).items():
        assert response.status_code in {200, 404}, url
        assert "no-store" in response["Cache-Control"], url
        directives = _directives(response)
        assert directives["script-src"].startswith("'self' 'nonce-"), url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert directives["object-src"] == "'none'", url
        assert directives["base-uri"] == "'none'", url
        assert directives["frame-ancestors"] == "'none'", url


def test_scripts_carry_the_nonce_of_their_response(
    client: Client, personas: dict[str, User]
) -> None:
    nonces = set()
    for url, response in _pages(client, personas).items():
        match = NONCE.search(_directives(response)["script-src"])
        assert match, url
        scripts = tags(response, "script")
        assert scripts, url
        for script in scripts:
            assert script["nonce"] == match.group(1), url
            assert (script.get("src") or "").startswith("/static/"), url
        nonces.add(match.group(1))
    # A fresh nonce per response.
    assert len(nonces) == len(_admin_urls(personas)) + 2


def test_no_external_address_in_served_html(client: Client, personas: dict[str, User]) -> None:
    for url, response in _pages(client, personas).items():
        assert not EXTERNAL_URL.search(response.content.decode()), url


def test_no_external_address_in_the_stylesheet_and_scripts() -> None:
    for name in ("css/atbalsts.css", "vendor/htmx/htmx.min.js"):
        path = finders.find(name)
        assert isinstance(path, str), name
        assert not EXTERNAL_URL.search(Path(path).read_text(encoding="utf-8")), name


def test_stylesheet_uses_system_fonts_only() -> None:
    path = finders.find("css/atbalsts.css")
    assert isinstance(path, str)
    css = Path(path).read_text(encoding="utf-8")

    assert "@font-face" not in css
    assert "@import" not in css
    assert "url(" not in css
