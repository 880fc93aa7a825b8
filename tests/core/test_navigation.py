"""The menu table: a section is offered exactly to the roles whose capabilities allow it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from atbalsts.access.policy import Role, can
from atbalsts.core.navigation import SECTIONS, sections_for


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
