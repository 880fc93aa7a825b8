"""Documents as PDF: a Django template rendered to PDF bytes in memory (WeasyPrint).

Nothing touches the disk: the HTML is a string, the PDF comes back as bytes and goes straight
into the response (docs/security.md DP-5: no copies of case data outside the database). Nothing
is fetched either: the stylesheet is read from this package and handed over as a string, and
every URL the document might name is refused, so a PDF never calls out to the network.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

# WeasyPrint ships no type information (pyproject's list of such packages is shared).
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from atbalsts.documents.content import FRAME

STYLESHEET = Path(__file__).with_name("pdf.css")

# Crockford's base32 (atbalsts.core.references): nothing to misread on the phone.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class ExternalResourceRefusedError(ValueError):
    """A document named a URL; documents are self-contained."""


class RefusingFetcher(URLFetcher):  # type: ignore[misc]
    """Refuses every URL: the stylesheet is given as a string and fonts come from the
    system, so a document has nothing to fetch. WeasyPrint drops the refused resource."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        raise ExternalResourceRefusedError(f"documents fetch nothing: {url[:80]}")


def document_number(prefix: str, record_uuid: uuid.UUID) -> str:
    """The same record always gets the same number: the kind's prefix and 40 bits of the
    record's UUID in Crockford's base32 (e.g. ``KP-7KQ2-M9XD``). The UUID is random, so
    the number says nothing about how many records there are."""
    body = "".join(_ALPHABET[(record_uuid.int >> (123 - 5 * i)) & 31] for i in range(8))
    return f"{prefix}-{body[:4]}-{body[4:]}"


@dataclass(frozen=True)
class Document:
    """One document to render: its template, its number and date, the issuing organisation
    and the template's data."""

    kind: str
    template: str
    number: str
    date: Any
    organisation_name: str
    language: str
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        """No personal data in the file name: the kind, the number and the language."""
        return f"{self.kind}-{self.number}-{self.language}.pdf"


@cache
def _stylesheet() -> CSS:
    return CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=RefusingFetcher())


def render_html(document: Document) -> str:
    with translation.override(document.language):
        return render_to_string(
            document.template,
            {
                **document.context,
                "document": document,
                "document_language": document.language,
                "frame": FRAME[document.language],
            },
        )


def render_pdf(document: Document) -> bytes:
    """The document as PDF bytes, rendered in memory."""
    html = HTML(string=render_html(document), base_url=None, url_fetcher=RefusingFetcher())
    pdf: bytes = html.write_pdf(stylesheets=[_stylesheet()])
    return pdf
