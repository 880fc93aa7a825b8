"""Notifications: only one's own, unread first, marked read; no case data in them."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from atbalsts.accounts.models import User
from atbalsts.notifications import texts
from atbalsts.notifications.models import Notification, NotificationKind
from atbalsts.notifications.selectors import notification_list, notification_unread_count
from atbalsts.notifications.services import notifications_send
from tests.core.helpers import signed_in_client
from tests.core.pages import middleware_query_count, visible_text

if TYPE_CHECKING:
    from pytest_django import DjangoAssertNumQueries

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")


@pytest.fixture
def reader(personas: dict[str, User]) -> User:
    return personas["provider_case_manager"]


def _send(user: User, code: str, *, minutes_ago: int = 0, read: bool = False) -> Notification:
    (notification,) = notifications_send(
        users=[user],
        kind=NotificationKind.CONSENT_WITHDRAWN,
        case_code=code,
        target_path=reverse("consent:shared_list"),
    )
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
        read_at=timezone.now() if read else None,
    )
    notification.refresh_from_db()
    return notification


def test_the_message_carries_only_the_case_code(reader: User) -> None:
    notification = _send(reader, "AT-ABCD-EFGH")

    with translation.override("en"):
        assert notification.message == (
            "A consent was withdrawn; case AT-ABCD-EFGH is no longer shared with you."
        )
    with translation.override("lv"):
        assert notification.message == (
            "Piekrišana ir atsaukta; lieta AT-ABCD-EFGH ar jums vairs netiek kopīgota."
        )


def test_inactive_users_are_not_notified(reader: User) -> None:
    reader.is_active = False
    reader.save()

    sent = notifications_send(
        users=[reader], kind=NotificationKind.REFERRAL_RECEIVED, target_path=LIST
    )

    assert sent == []


def test_the_list_shows_unread_first_then_newest(reader: User) -> None:
    old_read = _send(reader, "AT-0000-0001", minutes_ago=1, read=True)
    old_unread = _send(reader, "AT-0000-0002", minutes_ago=50)
    new_unread = _send(reader, "AT-0000-0003", minutes_ago=5)

    assert list(notification_list(actor=reader)) == [new_unread, old_unread, old_read]
    assert notification_unread_count(actor=reader) == 2


def test_the_page_lists_own_notifications_only(
    client: Client, reader: User, personas: dict[str, User]
) -> None:
    _send(reader, "AT-MINE-0001")
    _send(personas["social_worker_a"], "AT-THEI-0002")

    body = signed_in_client(client, reader).get(LIST).content.decode()

    assert "AT-MINE-0001" in body
    assert "AT-THEI-0002" not in body


def test_an_empty_list_says_so(client: Client, reader: User) -> None:
    response = signed_in_client(client, reader).get(LIST)

    assert str(texts.NO_NOTIFICATIONS) in visible_text(response)


def test_marking_read_and_all_read(client: Client, reader: User) -> None:
    first = _send(reader, "AT-0000-0001")
    _send(reader, "AT-0000-0002")
    signed_in_client(client, reader)

    response = client.post(reverse("notifications:mark_read", args=[first.uuid]), follow=True)

    first.refresh_from_db()
    assert first.is_read
    assert str(texts.NOTIFICATION_MARKED_READ) in response.content.decode()
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert notification_unread_count(actor=reader) == 0
    assert str(texts.ALL_MARKED_READ) in response.content.decode()


def test_another_users_notification_is_not_found(
    client: Client, reader: User, personas: dict[str, User]
) -> None:
    theirs = _send(personas["social_worker_a"], "AT-0000-0001")

    response = signed_in_client(client, reader).post(
        reverse("notifications:mark_read", args=[theirs.uuid])
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_marking_read_needs_post(client: Client, reader: User) -> None:
    mine = _send(reader, "AT-0000-0001")
    signed_in_client(client, reader)

    assert client.get(reverse("notifications:mark_read", args=[mine.uuid])).status_code == 405
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405


def test_the_list_page_makes_a_fixed_number_of_queries(
    client: Client, reader: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for n in range(30):
        _send(reader, f"AT-0000-{n:04d}")
    signed_in_client(client, reader)
    baseline = middleware_query_count(client)

    # Middleware, then the page's count and its rows.
    with django_assert_num_queries(baseline + 2):
        response = client.get(LIST)

    assert response.status_code == 200
    assert response.content.decode().count("AT-0000-") == 25
