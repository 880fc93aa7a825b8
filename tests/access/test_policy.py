from __future__ import annotations

from pathlib import Path

import pytest

from atbalsts.access.policy import (
    CAPABILITIES,
    EXPORT_ROLES,
    ROLE_ORGANISATION_TYPE,
    Capability,
    ExportKind,
    OrganisationType,
    Role,
    can,
    may_be_granted_export,
    may_export,
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


@pytest.mark.parametrize(
    "capability",
    [
        Capability.MANAGE_USERS,
        Capability.MANAGE_ORGANISATIONS,
        Capability.MANAGE_EXPORT_PERMISSIONS,
    ],
)
def test_only_the_system_administrator_gives_accounts_and_permissions(
    capability: Capability,
) -> None:
    assert [role for role in Role if can(role, capability)] == [Role.SYSTEM_ADMIN]


def test_only_siva_sees_the_register_of_recipients() -> None:
    assert [role for role in Role if can(role, Capability.VIEW_RECIPIENT_REGISTER)] == [
        Role.AGENCY_COORDINATOR
    ]


@pytest.mark.parametrize("kind", list(ExportKind))
@pytest.mark.parametrize("role", list(Role))
def test_an_export_needs_both_an_eligible_role_and_a_permission_given_by_name(
    role: Role, kind: ExportKind
) -> None:
    eligible = role in EXPORT_ROLES[kind]

    assert may_be_granted_export(role, kind) is eligible
    assert may_export(role, kind, granted=[kind.value]) is eligible
    # Off by default: no role exports anything without the permission.
    assert not may_export(role, kind, granted=[])
    others = [other.value for other in ExportKind if other != kind]
    assert not may_export(role, kind, granted=others)


def test_the_register_export_is_for_siva_and_case_data_never_leaves_through_case_keepers() -> None:
    assert EXPORT_ROLES[ExportKind.RECIPIENT_REGISTER] == {Role.AGENCY_COORDINATOR}
    for role in (Role.SOCIAL_WORKER, Role.PROVIDER_HEAD, Role.SYSTEM_ADMIN):
        assert not any(may_be_granted_export(role, kind) for kind in ExportKind)
    assert not may_export("superuser", ExportKind.HTCDS, granted=["htcds"])
    assert not may_export(Role.MINISTRY_ANALYST, "pdf", granted=["pdf"])


def test_roles_are_accepted_by_code_and_unknown_roles_can_do_nothing() -> None:
    assert can("social_worker", Capability.READ_CASE_DATA)
    assert not can("superuser", Capability.READ_CASE_DATA)
    assert not can("", Capability.USE_RULES)


def test_the_policy_is_pure_python() -> None:
    source = (Path(__file__).resolve().parents[2] / "atbalsts" / "access" / "policy.py").read_text()

    assert "django" not in source
