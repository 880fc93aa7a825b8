"""Who may do what: one capability table per role (STYLE.md "Access: decided in one place").

Pure Python, no Django: the table is data a data-protection officer can read and the tests
check exhaustively. Object-level decisions (own organisation, consent, commission
membership) extend :func:`can` with the actor's relation to the record.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    SOCIAL_WORKER = "social_worker"
    SOCIAL_SERVICE_HEAD = "social_service_head"
    PROVIDER_CASE_MANAGER = "provider_case_manager"
    PROVIDER_SPECIALIST = "provider_specialist"
    PROVIDER_HEAD = "provider_head"
    COMMISSION_POLICE_MEMBER = "commission_police_member"
    AGENCY_COORDINATOR = "agency_coordinator"
    MINISTRY_ANALYST = "ministry_analyst"
    DATA_PROTECTION_OFFICER = "data_protection_officer"
    SYSTEM_ADMIN = "system_admin"


class OrganisationType(StrEnum):
    SOCIAL_SERVICE = "social_service"
    SERVICE_PROVIDER = "service_provider"
    AGENCY = "agency"
    MINISTRY = "ministry"
    POLICE = "police"


# catalogue.yaml `roles`: the organisation type each role belongs to; None means any.
ROLE_ORGANISATION_TYPE: dict[Role, OrganisationType | None] = {
    Role.SOCIAL_WORKER: OrganisationType.SOCIAL_SERVICE,
    Role.SOCIAL_SERVICE_HEAD: OrganisationType.SOCIAL_SERVICE,
    Role.PROVIDER_CASE_MANAGER: OrganisationType.SERVICE_PROVIDER,
    Role.PROVIDER_SPECIALIST: OrganisationType.SERVICE_PROVIDER,
    Role.PROVIDER_HEAD: OrganisationType.SERVICE_PROVIDER,
    Role.COMMISSION_POLICE_MEMBER: OrganisationType.POLICE,
    Role.AGENCY_COORDINATOR: OrganisationType.AGENCY,
    Role.MINISTRY_ANALYST: OrganisationType.MINISTRY,
    Role.DATA_PROTECTION_OFFICER: None,
    Role.SYSTEM_ADMIN: None,
}


def role_fits_organisation(role: Role, organisation_type: OrganisationType) -> bool:
    required = ROLE_ORGANISATION_TYPE[role]
    return required is None or required == organisation_type


class Capability(StrEnum):
    USE_RULES = "use_rules"
    READ_CASE_DATA = "read_case_data"
    VIEW_STATISTICS = "view_statistics"
    VIEW_AUDIT_TRAIL = "view_audit_trail"
    MANAGE_USERS = "manage_users"
    MANAGE_ORGANISATIONS = "manage_organisations"
    MANAGE_CALENDAR = "manage_calendar"


_CASEWORK = frozenset({Capability.USE_RULES, Capability.READ_CASE_DATA})

CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.SOCIAL_WORKER: _CASEWORK,
    Role.SOCIAL_SERVICE_HEAD: _CASEWORK,
    Role.PROVIDER_CASE_MANAGER: _CASEWORK,
    Role.PROVIDER_SPECIALIST: _CASEWORK,
    Role.PROVIDER_HEAD: _CASEWORK,
    Role.COMMISSION_POLICE_MEMBER: _CASEWORK,
    Role.AGENCY_COORDINATOR: _CASEWORK | {Capability.VIEW_STATISTICS},
    # The ministry needs numbers, never people.
    Role.MINISTRY_ANALYST: frozenset({Capability.USE_RULES, Capability.VIEW_STATISTICS}),
    # Audit trails, not case content.
    Role.DATA_PROTECTION_OFFICER: frozenset({Capability.VIEW_AUDIT_TRAIL}),
    # Runs the system; reads no case data.
    Role.SYSTEM_ADMIN: frozenset(
        {Capability.MANAGE_USERS, Capability.MANAGE_ORGANISATIONS, Capability.MANAGE_CALENDAR}
    ),
}


def can(role: Role | str, capability: Capability) -> bool:
    try:
        return capability in CAPABILITIES[Role(role)]
    except ValueError:
        return False
