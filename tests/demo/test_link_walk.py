"""Every link every demo persona is offered leads somewhere worth opening.

Each demo user signs in (both factors), starts at the home page and follows, breadth first,
every link of the product the pages offer (GET only, as a person clicking would), in Latvian
and in English. A link must not answer 404 or a server error, must not redirect to the sign-in
page, and an HTML page must say something: a page with only its heading and a back link is a
dead end. No page may show words meant for developers.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from atbalsts.accounts.models import User
from atbalsts.demo.data import USERS
from atbalsts.demo.services import demo_data_load
from tests.accounts.helpers import force_login_verified

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Pages of one kind are alike: a few of each kind show what every one does, and keep the walk
# short enough to run on every change.
PER_VIEW = 4
MOST_PAGES = 400
# A page whose main region says fewer words than this, besides its heading and its links,
# holds only a title and a way back.
FEWEST_WORDS = 3
# Words in these elements are a title or a way elsewhere, not what the page says.
NOT_CONTENT = {"h1", "a", "nav", "button"}
# Links a person follows to leave, not to read: signing out ends the walk's session.
LEAVING = {"accounts:logout"}

DEVELOPER_TEXT = re.compile(
    r"DOMAIN\.md|SECURITY\.md|STYLE\.md|Seed §|seed list|nav pārbaudīts|"
    r"lv-mk\d+|Traceback|\{\{|\{%|\bTODO\b"
)
# A Python None that reached a Latvian page (in English, "None" is also a word).
LEAKED_NONE = re.compile(r"\bNone\b")


@dataclass
class _Page(HTMLParser):
    """The links of a page and the words of its main region."""

    links: list[str] = field(default_factory=list)
    main_words: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    _depth_in_main: int = 0
    _skipping: int = 0
    _not_content: int = 0

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in {"script", "style"}:
            self._skipping += 1
        if tag in NOT_CONTENT:
            self._not_content += 1
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")
        if tag == "main" or self._depth_in_main:
            self._depth_in_main += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skipping:
            self._skipping -= 1
        if tag in NOT_CONTENT and self._not_content:
            self._not_content -= 1
        if self._depth_in_main:
            self._depth_in_main -= 1

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        self.text.append(data)
        if self._depth_in_main and not self._not_content:
            self.main_words.extend(data.split())


@dataclass(frozen=True)
class _Visit:
    url: str
    came_from: str


def _internal_path(href: str, base: str) -> str | None:
    href, _ = urldefrag(href)
    if not href or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(href)
    if parts.netloc not in {"testserver", ""}:
        return None
    path = parts.path
    if not path.startswith("/"):
        path = base.rsplit("/", 1)[0] + "/" + path
    if path.startswith(settings.STATIC_URL):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _view_name(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def _walk(client: Client, language: str) -> tuple[int, list[str]]:
    problems: list[str] = []
    queue = deque([_Visit("/", "(sign-in)")])
    seen = {"/"}
    per_view: dict[str, int] = {}
    walked = 0
    while queue and walked < MOST_PAGES:
        visit = queue.popleft()
        response = client.get(visit.url)
        walked += 1
        where = f"{visit.url} (linked from {visit.came_from})"
        if response.status_code in {301, 302, 303}:
            location = response["Location"]
            if urlsplit(location).path == settings.LOGIN_URL:
                problems.append(f"{where}: sends a signed-in user to the sign-in page")
            target = _internal_path(location, visit.url)
            if target and target not in seen:
                seen.add(target)
                queue.append(_Visit(target, visit.url))
            continue
        if response.status_code != 200:
            problems.append(f"{where}: answers {response.status_code}")
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = _Page()
        page.feed(response.content.decode())
        if len(page.main_words) < FEWEST_WORDS:
            problems.append(f"{where}: an empty page ({' '.join(page.main_words)!r})")
        text = " ".join(page.text)
        found = DEVELOPER_TEXT.search(text) or (language == "lv" and LEAKED_NONE.search(text))
        if found:
            problems.append(f"{where}: shows developer text {found.group(0)!r}")
        for href in page.links:
            path = _internal_path(href, visit.url)
            if path is None or path in seen:
                continue
            view_name = _view_name(path)
            if view_name in LEAVING:
                continue
            seen.add(path)
            key = view_name or path
            per_view[key] = per_view.get(key, 0) + 1
            if per_view[key] > PER_VIEW:
                continue
            queue.append(_Visit(path, visit.url))
    return walked, problems


@pytest.fixture(scope="module")
def demo_world(
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """The demo's stories, loaded once for every walk and rolled back after the last one;
    each walk runs inside its own savepoint, so what one walk writes (its audit events) the
    next does not see."""
    with (
        django_db_blocker.unblock(),
        override_settings(VAR_DIR=tmp_path_factory.mktemp("var")),
        transaction.atomic(),
    ):
        demo_data_load()
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("language", ["lv", "en"])
@pytest.mark.parametrize("username", [user.username for user in USERS])
def test_every_link_offered_leads_to_a_page_worth_opening(
    demo_world: None, client: Client, username: str, language: str
) -> None:
    force_login_verified(client, User.objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    walked, problems = _walk(client, language)

    assert walked > 3, f"{username} was offered almost nothing to open"
    assert not problems, f"{username} ({language}), {walked} pages:\n" + "\n".join(problems)
