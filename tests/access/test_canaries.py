"""No response shows another organisation's data to a persona who may not see it.

docs/security.md AZ-3 and AZ-5: unique canary strings are seeded into records of an organisation
no persona belongs to, and every URL of the matrix is called as every persona with GET and
POST; none of the canaries that persona may not see may appear in the body (HTML or JSON).

Record kinds are seeded by CANARY_SEEDERS, one function each, given the world of
tests/access/test_matrix.py and returning the canaries it planted::

    @canary_seeder("person")
    def _person(world: World) -> list[Canary]:
        person = ...  # a person of world.other_organisation, fields filled with canaries
        return [Canary("PERSON-NAME-Q7X", seen_by=frozenset())]

``seen_by`` names the personas that may legitimately see the value (the matrix's persona
names); everyone else must never receive it. People and cases are seeded through
tests/people/factories.py; a seeder for consents and referrals goes next to them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from atbalsts.access.matrix import METHODS, PERSONAS, load_matrix
from atbalsts.access.policy import Role
from atbalsts.accounts import models as accounts_models
from atbalsts.people.models import Person
from tests.access.test_matrix import OBJECT_BUILDERS, World, _build_world, _sign_in
from tests.accounts.helpers import force_login_verified
from tests.factories import make_user
from tests.people.factories import make_case, make_person

MATRIX = load_matrix()


@dataclass(frozen=True)
class Canary:
    value: str
    seen_by: frozenset[str]


CanarySeeder = Callable[[World], list[Canary]]
CANARY_SEEDERS: dict[str, CanarySeeder] = {}


def canary_seeder(kind: str) -> Callable[[CanarySeeder], CanarySeeder]:
    def register(seeder: CanarySeeder) -> CanarySeeder:
        assert kind not in CANARY_SEEDERS, kind
        CANARY_SEEDERS[kind] = seeder
        return seeder

    return register


@canary_seeder("user")
def _user(world: World) -> list[Canary]:
    """A user of another organisation: only the system administrator manages accounts."""
    name, email = "Kanārijs Ēvalds CNRY-USR-7Q2", "cnry-usr-7q2@example.lv"
    make_user(
        username="cnry.user",
        role=accounts_models.Role.SOCIAL_WORKER,
        organisation=world.other_organisation,
        full_name=name,
        email=email,
    )
    admin_only = frozenset({Role.SYSTEM_ADMIN.value})
    return [Canary(name, admin_only), Canary(email, admin_only)]


@canary_seeder("person")
def _person(world: World) -> list[Canary]:
    """A person and a case of an organisation no persona belongs to, shared by no consent."""
    keeper = world.colleagues[world.other_organisation.pk]
    values: dict[str, Any] = {
        "first_name": "Cnryelza",
        "last_name": "Kanāriņa-Q7X",
        "address": "Kanāriju iela 7Q2, Rīga",
    }
    person = make_person(created_by=keeper, **values)
    make_case(person=person, created_by=keeper)
    return [Canary(str(value), frozenset()) for value in values.values()]


@dataclass
class CanaryWorld:
    world: World
    canaries: list[Canary]


@pytest.fixture(scope="module")
def canary_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[CanaryWorld]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = _build_world()
            canaries = [canary for seed in CANARY_SEEDERS.values() for canary in seed(world)]
            yield CanaryWorld(world, canaries)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.django_db
def test_canaries_are_unique_and_do_show_where_they_may(
    canary_world: CanaryWorld, client: Client
) -> None:
    """The control: a canary does reach the page of someone who may see it (the system
    administrator for accounts, the keeping organisation for its person), so its absence
    elsewhere means something."""
    values = [canary.value for canary in canary_world.canaries]
    assert len(values) == len(set(values))
    _sign_in(client, canary_world.world, Role.SYSTEM_ADMIN.value)

    body = client.post(reverse("administration:user_list"), {"q": "cnry.user"}).content.decode()

    assert "Kanārijs Ēvalds CNRY-USR-7Q2" in body

    keeper = canary_world.world.colleagues[canary_world.world.other_organisation.pk]
    person = Person.objects.get(created_by=keeper)
    colleague_client = Client()
    force_login_verified(colleague_client, keeper)
    page = colleague_client.get(reverse("people:detail", kwargs={"person_uuid": person.uuid}))

    assert "Kanāriņa-Q7X" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("method", METHODS)
def test_no_response_carries_a_canary_the_persona_may_not_see(
    canary_world: CanaryWorld, client: Client, persona: str, method: str
) -> None:
    forbidden = [c.value for c in canary_world.canaries if persona not in c.seen_by]
    viewer = _sign_in(client, canary_world.world, persona)
    leaks: list[str] = []
    for entry in MATRIX.entries.values():
        for relation in entry.relations:
            kwargs = (
                OBJECT_BUILDERS[entry.object_kind](canary_world.world, viewer, relation)
                if entry.object_kind
                else {}
            )
            url = reverse(entry.url_name, kwargs=kwargs)
            # Logging out would end the session for every URL after it.
            if entry.url_name == "accounts:logout":
                continue
            body = getattr(client, method)(url).content.decode(errors="replace")
            leaks += [f"{entry.url_name} ({relation}): {v}" for v in forbidden if v in body]
    assert not leaks, leaks
