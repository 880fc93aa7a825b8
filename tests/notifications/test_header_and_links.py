"""The header leads a fully signed-in user to their notifications, saying how many are
unread; each notification leads to the page it concerns and is marked read on the way."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from atbalsts.accounts.models import User
from atbalsts.notifications.models import Notification, NotificationKind
from atbalsts.notifications.services import notification_mark_read, notifications_send
from tests.accounts.helpers import login_password, user_secret
from tests.core.helpers import signed_in_client
from tests.core.pages import tags, visible_text

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")
SHARED = reverse("consent:shared_list")


@pytest.fixture
def reader(personas: dict[str, User]) -> User:
    return personas["provider_case_manager"]


def _send(user: User, count: int) -> list[Notification]:
    return [
        *notifications_send(
            users=[user] * count,
            kind=NotificationKind.CONSENT_WITHDRAWN,
            case_code="AT-0000-0001",
            target_path=SHARED,
        )
    ]


def _header_link(client: Client, url: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="lv")
    assert response.status_code == 200
    assert [a for a in tags(response, "a") if a.get("href") == LIST]
    text = visible_text(response)
    assert "Paziņojumi" in text
    return text


@pytest.mark.parametrize(
    ("unread", "label"),
    [
        (3, "Paziņojumi (3 nelasīti)"),
        (1, "Paziņojumi (1 nelasīts)"),
        (21, "Paziņojumi (21 nelasīts)"),
    ],
)
def test_every_page_names_the_unread_count_in_the_header_link(
    client: Client, reader: User, unread: int, label: str
) -> None:
    notification_mark_read(actor=reader, notification=_send(reader, unread + 1)[0])
    signed_in_client(client, reader)

    for url in (reverse("core:home"), reverse("cases:list"), LIST):
        assert label in _header_link(client, url)


def test_with_nothing_unread_the_link_has_no_count(client: Client, reader: User) -> None:
    notification_mark_read(actor=reader, notification=_send(reader, 1)[0])
    signed_in_client(client, reader)

    text = _header_link(client, reverse("core:home"))

    assert "nelasīt" not in text


def test_before_the_second_factor_the_header_says_nothing_of_notifications(
    client: Client, reader: User, password: str
) -> None:
    _send(reader, 2)
    user_secret(reader)

    assert login_password(client, reader.username, password).status_code == 302
    response = client.get(reverse("accounts:verify"), HTTP_ACCEPT_LANGUAGE="lv")

    assert response.status_code == 200
    assert "Paziņojumi" not in visible_text(response)
    assert not [a for a in tags(response, "a") if a.get("href") == LIST]


def test_opening_a_notification_marks_it_read_and_leads_to_its_page(
    client: Client, reader: User
) -> None:
    notification, other = _send(reader, 2)
    signed_in_client(client, reader)
    assert "Atvērt lapu, uz kuru tas attiecas" in visible_text(
        client.get(LIST, HTTP_ACCEPT_LANGUAGE="lv")
    )

    response = client.post(reverse("notifications:open", args=[notification.uuid]))

    assert response.status_code == 302
    assert response["Location"] == SHARED
    notification.refresh_from_db()
    other.refresh_from_db()
    assert notification.is_read
    assert not other.is_read
    assert "Paziņojumi (1 nelasīts)" in _header_link(client, SHARED)


def test_opening_needs_post_and_ones_own_notification(
    client: Client, reader: User, personas: dict[str, User]
) -> None:
    (mine,) = _send(reader, 1)
    (theirs,) = _send(personas["social_worker_a"], 1)
    signed_in_client(client, reader)

    assert client.get(reverse("notifications:open", args=[mine.uuid])).status_code == 405
    assert client.post(reverse("notifications:open", args=[theirs.uuid])).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


@pytest.mark.parametrize(
    "target",
    [
        "https://example.com/cases/",
        "//example.com/cases/",
        "/cases/?name=Anna",
        "/cases/#Anna",
        "/cases/Anna Bērziņa/",
        "/no-such-page/",
        "javascript:alert(1)",
        "cases/",
    ],
)
def test_a_notification_links_only_to_a_page_of_the_product(reader: User, target: str) -> None:
    with pytest.raises(ValidationError) as error:
        notifications_send(
            users=[reader], kind=NotificationKind.CONSENT_WITHDRAWN, target_path=target
        )

    assert [e.code for e in error.value.error_dict["target_path"]] == ["invalid_path"]
    assert not Notification.objects.exists()
