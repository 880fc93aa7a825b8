"""A commission member's dashboard lists the coming meetings of the commissions they sit on,
the soonest first, by date and case code only (atbalsts/dashboard)."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from django.urls import reverse

from atbalsts.accounts.models import User
from atbalsts.identification import texts
from atbalsts.identification.models import Commission, CommissionMember, CommissionStatus
from atbalsts.identification.selectors import dashboard_items
from tests.core.pages import in_latvian, visible_text
from tests.people.conftest import CANARIES, assert_no_canary, client_of
from tests.people.factories import make_case, make_person

if TYPE_CHECKING:
    from pytest_django import DjangoAssertNumQueries

__all__ = ["client_of"]

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 7, 10, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 12, 7)


def _commission(
    provider: User,
    *,
    members: list[User],
    meeting_on: datetime.date,
    status: str = CommissionStatus.CONVENED,
) -> Commission:
    case = make_case(person=make_person(created_by=provider, **CANARIES), created_by=provider)
    commission = Commission.objects.create(
        case=case,
        meeting_on=meeting_on,
        interview_mode="in_person",
        status=status,
        created_by=provider,
    )
    for member in members:
        CommissionMember.objects.create(commission=commission, user=member, commission_role="other")
    return commission


@time_machine.travel(NOW, tick=False)
def test_the_police_official_sees_his_coming_meetings_soonest_first(
    client_of: Any, personas: dict[str, User]
) -> None:
    provider, police = personas["provider_case_manager"], personas["police_member"]
    later = _commission(provider, members=[police], meeting_on=datetime.date(2026, 12, 21))
    sooner = _commission(provider, members=[police], meeting_on=datetime.date(2026, 12, 9))
    today = _commission(provider, members=[police], meeting_on=TODAY)
    past = _commission(provider, members=[police], meeting_on=datetime.date(2026, 12, 1))
    decided = _commission(
        provider,
        members=[police],
        meeting_on=datetime.date(2026, 12, 10),
        status=CommissionStatus.NOT_RECOGNISED,
    )
    not_his = _commission(provider, members=[provider], meeting_on=datetime.date(2026, 12, 8))

    response = client_of("police_member").get(reverse("dashboard:home"))

    text = visible_text(response)
    codes = re.findall(r"AT-[A-Z0-9]{4}-[A-Z0-9]{4}", text)
    assert codes == [today.case.code, sooner.case.code, later.case.code]
    for gone in (past, decided, not_his):
        assert gone.case.code not in text
    assert "9.12.2026" in text
    assert "21.12.2026" in text
    body = response.content.decode()
    assert body.count(f">{in_latvian(texts.DASHBOARD_MEETING)}</a>") == 3
    assert f'href="{reverse("identification:my_commission", args=[sooner.uuid])}"' in body
    assert_no_canary(response.content)


def test_every_member_role_gets_the_item_and_a_role_that_sees_no_case_none(
    personas: dict[str, User],
) -> None:
    provider = personas["provider_case_manager"]
    analyst = personas["ministry_analyst"]
    commission = _commission(
        provider, members=[provider, analyst], meeting_on=datetime.date(2026, 12, 9)
    )
    [item] = dashboard_items(provider, TODAY)
    assert (item.kind, item.case_code, item.due_on, item.is_overdue) == (
        "commission_meeting",
        commission.case.code,
        datetime.date(2026, 12, 9),
        False,
    )
    assert dashboard_items(analyst, TODAY) == []


def test_the_meetings_cost_one_query_however_many(
    personas: dict[str, User], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    provider, police = personas["provider_case_manager"], personas["police_member"]
    for added in (2, 8):
        for _ in range(added):
            _commission(provider, members=[police], meeting_on=datetime.date(2026, 12, 9))
        with django_assert_num_queries(1):
            items = dashboard_items(police, TODAY)
        assert len(items) == Commission.objects.count()
