"""The client-facing texts are complete in all four languages and keep their placeholders;
documents fetch nothing from outside."""

from __future__ import annotations

import datetime
import re
import string
import uuid
from typing import Any
from unittest import mock

import pytest

from atbalsts.consent.models import ConsentPurpose, InformationCategory
from atbalsts.documents import content, rendering
from atbalsts.documents.rendering import Document, RefusingFetcher, document_number

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
TEXTS: list[dict[str, Any]] = [content.LEAFLET, content.CONSENT_FORM, content.FRAME]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("texts", TEXTS, ids=["leaflet", "consent_form", "frame"])
def test_every_text_exists_in_every_language_with_the_same_placeholders(
    texts: dict[str, Any],
) -> None:
    assert tuple(texts) == content.LANGUAGES
    english = content.text_fields(texts["en"])
    for language in content.LANGUAGES:
        fields = content.text_fields(texts[language])
        for name, text in fields.items():
            assert text.strip(), (language, name)
            assert _placeholders(text) == _placeholders(english[name]), (language, name)


@pytest.mark.parametrize("language", ["ru", "uk"])
@pytest.mark.parametrize("texts", TEXTS, ids=["leaflet", "consent_form", "frame"])
def test_russian_and_ukrainian_are_translations_not_copies(
    texts: dict[str, Any], language: str
) -> None:
    for name, text in content.text_fields(texts[language]).items():
        assert CYRILLIC.search(text), (language, name)


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_every_purpose_and_category_has_a_russian_and_a_ukrainian_label(language: str) -> None:
    assert set(content.PURPOSES[language]) == set(ConsentPurpose.values)
    assert set(content.CATEGORIES[language]) == set(InformationCategory.values)


def test_a_language_outside_the_four_falls_back_to_latvian() -> None:
    assert content.document_language("de") == "lv"
    assert content.document_language("uk-UA") == "uk"
    assert content.document_language(None) == "lv"


def test_the_number_is_the_records_own() -> None:
    record = uuid.UUID("12345678-1234-5678-1234-567812345678")

    assert document_number("KP", record) == document_number("KP", record)
    assert re.fullmatch(
        r"KP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", document_number("KP", record)
    )
    assert document_number("KP", record) != document_number("KP", uuid.uuid4())


def test_the_fetcher_refuses_every_url() -> None:
    for url in ("https://example.org/a.png", "file:///etc/passwd", "data:text/plain,x"):
        with pytest.raises(rendering.ExternalResourceRefusedError):
            RefusingFetcher().fetch(url)


def test_a_document_naming_urls_renders_without_fetching_them() -> None:
    html = (
        '<html><head><link rel="stylesheet" href="https://example.invalid/s.css"></head>'
        '<body><img src="http://example.invalid/a.png"><p>Teksts</p></body></html>'
    )
    document = Document(
        kind="test",
        template="unused",
        number="T-0000-0000",
        date=datetime.date(2026, 11, 29),
        organisation_name="Org",
        language="lv",
    )
    refused: list[str] = []
    real_fetch = RefusingFetcher.fetch

    def spy(self: RefusingFetcher, url: str, headers: Any = None) -> Any:
        refused.append(url)
        return real_fetch(self, url, headers)

    with (
        mock.patch.object(rendering, "render_html", return_value=html),
        mock.patch.object(RefusingFetcher, "fetch", spy),
        mock.patch("urllib.request.OpenerDirector.open", side_effect=AssertionError("network")),
    ):
        pdf = rendering.render_pdf(document)

    assert pdf.startswith(b"%PDF-")
    assert set(refused) == {"https://example.invalid/s.css", "http://example.invalid/a.png"}
