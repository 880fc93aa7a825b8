"""Shared fixtures: the named personas every test speaks of (docs/style.md "Tests")."""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterator

import pytest
import time_machine

from atbalsts.accounts.models import Organisation, OrganisationType, Role, User
from tests.factories import DEFAULT_PASSWORD, make_organisation, make_user

PASSWORD = DEFAULT_PASSWORD


@pytest.fixture(scope="session", autouse=True)
def _suite_clock() -> Iterator[None]:
    """ATBALSTS_TEST_NOW (an ISO date-time with its offset) runs the whole suite on that
    moment, the clock ticking on from it: a test that holds only on the day it was written,
    or only away from Riga's midnight, fails on such a run."""
    now = os.environ.get("ATBALSTS_TEST_NOW")
    if not now:
        yield
        return
    with time_machine.travel(datetime.datetime.fromisoformat(now), tick=True):
        yield


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def organisations(db: None) -> dict[str, Organisation]:
    return {
        "riga": make_organisation(
            code="riga-sd",
            name="Rīgas Sociālais dienests",
            type=OrganisationType.SOCIAL_SERVICE,
            region="Rīga",
        ),
        "daugavpils": make_organisation(
            code="daugavpils-sd",
            name="Daugavpils pilsētas Sociālais dienests",
            type=OrganisationType.SOCIAL_SERVICE,
            region="Latgale",
        ),
        "drosa_maja": make_organisation(
            code="drosa-maja", name="Patvērums Drošā māja", type=OrganisationType.SERVICE_PROVIDER
        ),
        "police": make_organisation(
            code="valsts-policija", name="Valsts policija", type=OrganisationType.POLICE
        ),
        "siva": make_organisation(code="siva", name="SIVA", type=OrganisationType.AGENCY),
        "ministry": make_organisation(
            code="lm", name="Labklājības ministrija", type=OrganisationType.MINISTRY
        ),
    }


@pytest.fixture
def persona_maker(organisations: dict[str, Organisation]) -> Callable[[str, Role, str], User]:
    def make(username: str, role: Role, organisation: str) -> User:
        return make_user(username=username, role=role, organisation=organisations[organisation])

    return make


@pytest.fixture
def personas(persona_maker: Callable[[str, Role, str], User]) -> dict[str, User]:
    """Alice and Bob of this domain: one user per role, two municipalities."""
    return {
        "social_worker_a": persona_maker("riga.social", Role.SOCIAL_WORKER, "riga"),
        "social_worker_b": persona_maker("daugavpils.social", Role.SOCIAL_WORKER, "daugavpils"),
        "provider_case_manager": persona_maker("dm.case", Role.PROVIDER_CASE_MANAGER, "drosa_maja"),
        "provider_head": persona_maker("dm.head", Role.PROVIDER_HEAD, "drosa_maja"),
        "police_member": persona_maker("police.member", Role.COMMISSION_POLICE_MEMBER, "police"),
        "agency_coordinator": persona_maker("siva.coord", Role.AGENCY_COORDINATOR, "siva"),
        "ministry_analyst": persona_maker("lm.analyst", Role.MINISTRY_ANALYST, "ministry"),
        "dpo": persona_maker("dpo", Role.DATA_PROTECTION_OFFICER, "ministry"),
        "system_admin": persona_maker("admin", Role.SYSTEM_ADMIN, "ministry"),
    }
