"""A case with a screening holding canary values in its encrypted notes."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from atbalsts.accounts.models import Organisation, User
from atbalsts.screening.models import Screening
from tests.people.conftest import client_of, world

__all__ = ["client_of", "screening_world", "world"]

SCREENING_CANARY = "Kanarijstasts"


def make_screening(*, case: Any, created_by: User, **fields: Any) -> Screening:
    values: dict[str, Any] = {"assessed_on": datetime.date(2026, 11, 20), **fields}
    screening = Screening(case=case, created_by=created_by, last_step="start", **values)
    screening.full_clean()
    screening.save()
    return screening


@pytest.fixture
def screening_world(
    world: dict[str, Any], organisations: dict[str, Organisation]
) -> dict[str, Any]:
    screening = make_screening(
        case=world["case"],
        created_by=world["worker"],
        migration_notes=SCREENING_CANARY,
        indicators=["isolation"],
        health_issues=["depression"],
    )
    return {**world, "screening": screening}
