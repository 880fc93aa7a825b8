"""Who receives referrals is said once, by the capability table (atbalsts.access.policy)."""

from __future__ import annotations

import pytest

from atbalsts.access.policy import (
    ROLE_ORGANISATION_TYPE,
    Capability,
    OrganisationType,
    Role,
    can,
)
from atbalsts.accounts import models as accounts_models
from atbalsts.consent.access import can_receive_referrals
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_the_referral_inbox_follows_the_capability_table(role: Role) -> None:
    kind = ROLE_ORGANISATION_TYPE[role] or OrganisationType.SOCIAL_SERVICE
    organisation = make_organisation(
        code=f"org-{role.value}", type=accounts_models.OrganisationType(kind.value)
    )
    user = make_user(
        username=f"user.{role.value}",
        role=accounts_models.Role(role.value),
        organisation=organisation,
    )

    assert can_receive_referrals(user) is can(role, Capability.RECEIVE_REFERRALS)


def test_a_deactivated_user_receives_no_referrals(
    organisations: dict[str, accounts_models.Organisation],
) -> None:
    user = make_user(
        username="riga.gone",
        role=accounts_models.Role.SOCIAL_WORKER,
        organisation=organisations["riga"],
        is_active=False,
    )

    assert not can_receive_referrals(user)
