"""Small readers of served pages shared by the shell, header and i18n tests."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Protocol

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.functional import Promise


class Page(Protocol):
    """A served response as these readers need it: its body."""

    @property
    def content(self) -> bytes: ...


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in {"script", "style"}:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parse(response: Page) -> _Collector:
    collector = _Collector()
    collector.feed(response.content.decode())
    return collector


def tags(response: Page, name: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in parse(response).tags if tag == name]


def visible_text(response: Page) -> str:
    """The page's text as a reader hears it, whitespace collapsed."""
    return re.sub(r"\s+", " ", " ".join(parse(response).text)).strip()


def middleware_query_count(client: Client) -> int:
    """Queries every signed-in request makes before any view (session, user, second factor)."""
    # The session's first page stores its CSRF secret in the session (CSRF_USE_SESSIONS):
    # once, not on every request.
    assert client.get("/no-such-page/").status_code == 404
    with CaptureQueriesContext(connection) as context:
        response = client.get("/no-such-page/")
        assert response.status_code == 404
    return len(context.captured_queries)


def in_latvian(text: str | Promise) -> str:
    """``text`` as a Latvian page shows it: a literal msgid is looked up, a lazy one resolved."""
    with translation.override("lv"):
        return translation.gettext(text) if isinstance(text, str) else str(text)
