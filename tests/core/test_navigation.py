"""The menu table: a section is offered exactly to the roles whose capabilities allow it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from atbalsts.access.policy import Action, Relation, Role, can, decide
from atbalsts.consent.access import CONSENT_ROLES
from atbalsts.core.navigation import SECTIONS, sections_for
from tests.accounts.helpers import force_login_verified


@pytest.mark.parametrize("role", list(Role))
def test_sections_follow_the_capability_table(role: Role) -> None:
    offered = {item.url for item in sections_for(role)}

    expected = {reverse(s.url_name) for s in SECTIONS if can(role, s.capability)}
    assert offered == expected


def test_only_the_system_administrator_gets_administration_sections() -> None:
    administration = [
        reverse("administration:organisation_list"),
        reverse("administration:user_list"),
        reverse("workcalendar:override_list"),
    ]
    assert [item.url for item in sections_for(Role.SYSTEM_ADMIN)] == administration
    for role in set(Role) - {Role.SYSTEM_ADMIN}:
        assert not {item.url for item in sections_for(role)} & set(administration), role


def test_only_the_data_protection_officer_gets_the_audit_trail() -> None:
    for role in Role:
        urls = [item.url for item in sections_for(role)]
        assert (reverse("audit:trail") in urls) == (role == Role.DATA_PROTECTION_OFFICER), role


def test_unknown_role_gets_nothing() -> None:
    assert sections_for("no_such_role") == []


def test_section_being_viewed_is_marked_current() -> None:
    users_url = reverse("administration:user_list")

    items = sections_for(Role.SYSTEM_ADMIN, current_path=users_url + "new/")

    assert [item.is_current for item in items] == [False, True, False]


@pytest.mark.parametrize("role", list(Role))
def test_the_referral_inbox_is_offered_exactly_to_those_who_receive_referrals(role: Role) -> None:
    urls = [item.url for item in sections_for(role)]

    may_receive = decide(role, {Relation.OWN_ORGANISATION}, Action.REFER) and decide(
        role, {Relation.OWN_ORGANISATION}, Action.MANAGE_CONSENT
    )
    assert (reverse("consent:referral_inbox") in urls) == may_receive, role
    assert not may_receive or role in CONSENT_ROLES


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "offered"),
    [("provider_case_manager", True), ("social_worker_a", True), ("police_member", False)],
)
def test_the_menu_links_to_the_referral_inbox_for_those_who_receive_referrals(
    client: Client, personas: dict[str, Any], persona: str, offered: bool
) -> None:
    force_login_verified(client, personas[persona])
    inbox = reverse("consent:referral_inbox")

    page = client.get(reverse("cases:list"))

    assert page.status_code == 200
    assert (f'href="{inbox}"' in page.content.decode()) == offered
    if offered:
        assert client.get(inbox).status_code == 200
