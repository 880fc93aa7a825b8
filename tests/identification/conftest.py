from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from atbalsts.accounts.models import Role, User
from atbalsts.cases.models import Case
from tests.people.factories import make_case, make_person


@pytest.fixture
def specialists(
    persona_maker: Callable[[str, Role, str], User], personas: dict[str, User]
) -> dict[str, User]:
    """The provider's commission: its social worker, psychologist and lawyer."""
    return {
        "social_worker": personas["provider_case_manager"],
        "psychologist": persona_maker("dm.psych", Role.PROVIDER_SPECIALIST, "drosa_maja"),
        "lawyer": persona_maker("dm.lawyer", Role.PROVIDER_SPECIALIST, "drosa_maja"),
    }


@pytest.fixture
def provider_case(personas: dict[str, User]) -> Case:
    provider = personas["provider_case_manager"]
    return make_case(person=make_person(created_by=provider), created_by=provider)


@pytest.fixture
def full_members(specialists: dict[str, User], personas: dict[str, User]) -> list[Any]:
    return [
        (specialists["social_worker"], "social_worker"),
        (specialists["psychologist"], "psychologist"),
        (specialists["lawyer"], "lawyer"),
        (personas["police_member"], "other"),
    ]
