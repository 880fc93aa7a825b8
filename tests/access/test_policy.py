from __future__ import annotations

from pathlib import Path

import pytest

from atbalsts.access.policy import (
    CAPABILITIES,
    ROLE_ORGANISATION_TYPE,
    Capability,
    OrganisationType,
    Role,
    can,
    role_fits_organisation,
)

CATALOGUE_ROLES = {
    "social_worker": "social_service",
    "social_service_head": "social_service",
    "provider_case_manager": "service_provider",
    "provider_specialist": "service_provider",
    "provider_head": "service_provider",
    "commission_police_member": "police",
    "agency_coordinator": "agency",
    "ministry_analyst": "ministry",
    "data_protection_officer": "any",
    "system_admin": "any",
}


def test_roles_and_organisation_types_are_the_catalogue_codes() -> None:
    assert {
        role.value: (t.value if t else "any") for role, t in ROLE_ORGANISATION_TYPE.items()
    } == (CATALOGUE_ROLES)
    assert {t.value for t in OrganisationType} == {
        "social_service",
        "service_provider",
        "agency",
        "ministry",
        "police",
    }


def test_every_role_has_a_row_in_the_capability_table() -> None:
    assert set(CAPABILITIES) == set(Role)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("organisation_type", list(OrganisationType))
def test_a_role_fits_only_its_organisation_type(
    role: Role, organisation_type: OrganisationType
) -> None:
    expected = CATALOGUE_ROLES[role.value] in {"any", organisation_type.value}

    assert role_fits_organisation(role, organisation_type) is expected


def test_the_system_administrator_reads_no_case_data_and_the_ministry_no_people() -> None:
    assert not can(Role.SYSTEM_ADMIN, Capability.READ_CASE_DATA)
    assert can(Role.SYSTEM_ADMIN, Capability.MANAGE_USERS)
    assert not can(Role.MINISTRY_ANALYST, Capability.READ_CASE_DATA)
    assert can(Role.MINISTRY_ANALYST, Capability.VIEW_STATISTICS)
    assert not can(Role.DATA_PROTECTION_OFFICER, Capability.READ_CASE_DATA)
    assert can(Role.DATA_PROTECTION_OFFICER, Capability.VIEW_AUDIT_TRAIL)


@pytest.mark.parametrize("capability", [Capability.MANAGE_USERS, Capability.MANAGE_ORGANISATIONS])
def test_only_the_system_administrator_manages_accounts(capability: Capability) -> None:
    assert [role for role in Role if can(role, capability)] == [Role.SYSTEM_ADMIN]


def test_roles_are_accepted_by_code_and_unknown_roles_can_do_nothing() -> None:
    assert can("social_worker", Capability.READ_CASE_DATA)
    assert not can("superuser", Capability.READ_CASE_DATA)
    assert not can("", Capability.USE_RULES)


def test_the_policy_is_pure_python() -> None:
    source = (Path(__file__).resolve().parents[2] / "atbalsts" / "access" / "policy.py").read_text()

    assert "django" not in source
