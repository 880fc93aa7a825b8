"""The police official's list of the commissions they sit on (seed "Speciālistu komisijas
darbs": a State Police official is a member of the provider's commission)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atbalsts.accounts.models import User
from atbalsts.cases.models import Case
from atbalsts.identification.models import Commission, CommissionMember, CommissionStatus
from atbalsts.people.models import Person
from tests.core.pages import middleware_query_count, visible_text
from tests.people.conftest import client_of
from tests.people.factories import make_case, make_person

__all__ = ["client_of"]

pytestmark = pytest.mark.django_db

LIST = reverse("identification:my_commissions")


def _codes(response: Any) -> set[str]:
    return set(re.findall(r"AT-[A-Z0-9]{4}-[A-Z0-9]{4}", response.content.decode()))


def _commission(
    provider: User, *, members: list[User], status: str = CommissionStatus.CONVENED
) -> Commission:
    case = make_case(person=make_person(created_by=provider), created_by=provider)
    commission = Commission.objects.create(
        case=case,
        meeting_on=datetime.date(2026, 11, 20),
        interview_mode="in_person",
        status=status,
        created_by=provider,
    )
    for member in members:
        CommissionMember.objects.create(commission=commission, user=member, commission_role="other")
    return commission


def test_the_police_official_sees_the_commissions_they_sit_on(
    client_of: Any, personas: dict[str, User]
) -> None:
    provider, police = personas["provider_case_manager"], personas["police_member"]
    convened = _commission(provider, members=[police, provider])
    decided = _commission(provider, members=[police], status=CommissionStatus.RECOGNISED)
    elsewhere = _commission(provider, members=[provider])
    client = client_of("police_member")

    everything = client.get(LIST)
    only_convened = client.post(LIST, {"status": CommissionStatus.CONVENED})

    assert _codes(everything) == {convened.case.code, decided.case.code}
    assert elsewhere.case.code not in everything.content.decode()
    assert _codes(only_convened) == {convened.case.code}
    body = everything.content.decode()
    page = reverse("identification:my_commission", args=[decided.uuid])
    assert f'href="{page}"' in body
    assert "20.11.2026" in body
    # The commission page it links to opens for the member.
    assert client.get(page).status_code == 200


@pytest.mark.parametrize(
    "persona",
    ["social_worker_a", "provider_case_manager", "agency_coordinator", "ministry_analyst", "dpo"],
)
def test_the_list_is_404_for_every_other_role(persona: str, client_of: Any) -> None:
    assert client_of(persona).get(LIST).status_code == 404


def test_the_menu_leads_the_police_official_to_the_list(client_of: Any) -> None:
    assert f'href="{LIST}"' in client_of("police_member").get("/").content.decode()
    assert f'href="{LIST}"' not in client_of("provider_case_manager").get("/").content.decode()


def test_the_list_query_count_does_not_grow_from_10_to_200_commissions(
    client_of: Any, personas: dict[str, User]
) -> None:
    provider, police = personas["provider_case_manager"], personas["police_member"]
    client = client_of("police_member")
    base = middleware_query_count(client)
    counts = []
    for added in (10, 190):
        # In bulk: the list's query count, not the writes, is under test.
        people = Person.objects.bulk_create(
            Person(registered_by=provider.organisation, created_by=provider) for _ in range(added)
        )
        cases = Case.objects.bulk_create(
            Case(person=person, organisation=provider.organisation, created_by=provider)
            for person in people
        )
        commissions = Commission.objects.bulk_create(
            Commission(
                case=case,
                meeting_on=datetime.date(2026, 11, 20),
                interview_mode="in_person",
                created_by=provider,
            )
            for case in cases
        )
        CommissionMember.objects.bulk_create(
            CommissionMember(commission=commission, user=police, commission_role="other")
            for commission in commissions
        )
        with CaptureQueriesContext(connection) as context:
            response = client.post(LIST, {"status": ""})
        assert response.status_code == 200
        counts.append(len(context.captured_queries) - base)

    # The count, one page of commissions with their cases; the page's stages and due days,
    # the relations to its cases, the names shown and their audit append (chain head, insert
    # and its transaction; PostgreSQL adds the chain's lock).
    lock = 1 if connection.vendor == "postgresql" else 0
    assert counts == [9 + lock, 9 + lock]
    assert len(_codes(response)) == 25


def test_a_member_sees_who_the_person_is_and_where_the_case_stands(
    client_of: Any, personas: dict[str, User]
) -> None:
    provider, police = personas["provider_case_manager"], personas["police_member"]
    commission = _commission(provider, members=[police])
    person = commission.case.person
    client = client_of("police_member")

    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE="lv")

    text = visible_text(response)
    assert "Persona Atbildīgā organizācija" in text
    assert (
        f"{commission.case.code} {person.first_name} {person.last_name} {person.reference} "
        f"{provider.organisation.name}"
    ) in text
    assert "Speciālistu komisija" in text
    person_page = reverse("people:detail", args=[person.uuid])
    assert f'href="{person_page}"' in response.content.decode()
    assert client.get(person_page).status_code == 200
