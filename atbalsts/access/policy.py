"""Who may do what: one capability table per role (docs/style.md "Access: decided in one place").

Pure Python, no Django: the table is data a data-protection officer can read and the tests
check exhaustively. Object-level decisions (own organisation, consent, commission
membership) are made by :func:`decide` from the actor's role, the actor's relations to the
record and, for a consent, the categories of information it covers.
"""

from __future__ import annotations

from collections.abc import Collection
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
    # Registers people and opens cases of the actor's own organisation.
    KEEP_CASES = "keep_cases"
    # SIVA receives the submitted protocols and decides on the service (seed: "SIVA
    # nekavējoties (līdz trim darba dienām), pieņem lēmumu").
    DECIDE_AGENCY_SERVICE = "decide_agency_service"
    # Decides on referrals sent to the actor's organisation: the case keepers who may also
    # refer their own cases (atbalsts.consent.access.can_receive_referrals).
    RECEIVE_REFERRALS = "receive_referrals"
    # Sees the list of other organisations' cases shared with the actor's by the person's
    # consent (docs/security.md CO-2): the case keepers who decide on consents and referrals.
    VIEW_SHARED_CASES = "view_shared_cases"
    # SIVA keeps the register of the recipients of the state-funded service (Cabinet
    # Regulation No. 344 §2.2): names and course dates, for SIVA only.
    VIEW_RECIPIENT_REGISTER = "view_recipient_register"
    # Sits on providers' specialist commissions and follows them from a list of its own
    # (seed "Speciālistu komisijas darbs": a State Police official is a member).
    SIT_ON_COMMISSIONS = "sit_on_commissions"
    # Runs the state-funded course on the provider's own cases (seed §"Otrais posms"):
    # the provider's staff.
    RUN_COURSES = "run_courses"
    # Gives and withdraws the export permissions below (docs/security.md EX-1).
    MANAGE_EXPORT_PERMISSIONS = "manage_export_permissions"


_CASEWORK = frozenset({Capability.USE_RULES, Capability.READ_CASE_DATA})
_CASE_KEEPING = _CASEWORK | {Capability.KEEP_CASES}
_REFERRING = _CASE_KEEPING | {Capability.RECEIVE_REFERRALS, Capability.VIEW_SHARED_CASES}

CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.SOCIAL_WORKER: _REFERRING,
    Role.SOCIAL_SERVICE_HEAD: _REFERRING,
    Role.PROVIDER_CASE_MANAGER: _REFERRING | {Capability.RUN_COURSES},
    Role.PROVIDER_SPECIALIST: _CASE_KEEPING | {Capability.RUN_COURSES},
    Role.PROVIDER_HEAD: _REFERRING | {Capability.RUN_COURSES},
    Role.COMMISSION_POLICE_MEMBER: _CASEWORK | {Capability.SIT_ON_COMMISSIONS},
    Role.AGENCY_COORDINATOR: _CASEWORK
    | {
        Capability.VIEW_STATISTICS,
        Capability.DECIDE_AGENCY_SERVICE,
        Capability.VIEW_RECIPIENT_REGISTER,
    },
    # The ministry needs numbers, never people.
    Role.MINISTRY_ANALYST: frozenset({Capability.USE_RULES, Capability.VIEW_STATISTICS}),
    # Audit trails, not case content.
    Role.DATA_PROTECTION_OFFICER: frozenset({Capability.VIEW_AUDIT_TRAIL}),
    # Runs the system; reads no case data.
    Role.SYSTEM_ADMIN: frozenset(
        {
            Capability.MANAGE_USERS,
            Capability.MANAGE_ORGANISATIONS,
            Capability.MANAGE_CALENDAR,
            Capability.MANAGE_EXPORT_PERMISSIONS,
        }
    ),
}


def can(role: Role | str, capability: Capability) -> bool:
    try:
        return capability in CAPABILITIES[Role(role)]
    except ValueError:
        return False


class ExportKind(StrEnum):
    """Each export is a permission of its own, one per format (docs/security.md EX-1)."""

    STATISTICS_CSV = "statistics_csv"
    STATISTICS_XLSX = "statistics_xlsx"
    # Anonymised case-level data in HTCDS v2.0 fields for research (k-anonymous, EX-3).
    HTCDS = "htcds"
    RECIPIENT_REGISTER = "recipient_register"


# The roles that may be given each export at all; nobody holds one until it is given to
# them by name (off by default). The register names people: SIVA only. Case-level research
# data leaves the system only through the ministry or SIVA, never through a case keeper.
EXPORT_ROLES: dict[ExportKind, frozenset[Role]] = {
    ExportKind.STATISTICS_CSV: frozenset({Role.MINISTRY_ANALYST, Role.AGENCY_COORDINATOR}),
    ExportKind.STATISTICS_XLSX: frozenset({Role.MINISTRY_ANALYST, Role.AGENCY_COORDINATOR}),
    ExportKind.HTCDS: frozenset({Role.MINISTRY_ANALYST, Role.AGENCY_COORDINATOR}),
    ExportKind.RECIPIENT_REGISTER: frozenset({Role.AGENCY_COORDINATOR}),
}


def may_be_granted_export(role: Role | str, kind: ExportKind | str) -> bool:
    try:
        return Role(role) in EXPORT_ROLES[ExportKind(kind)]
    except ValueError:
        return False


def may_export(role: Role | str, kind: ExportKind | str, granted: Collection[str]) -> bool:
    """May a user of ``role`` holding the export permissions ``granted`` export ``kind``?

    Both are needed: a permission left over from an earlier role grants nothing.
    """
    return may_be_granted_export(role, kind) and str(kind) in granted


# Object level: the actor's relation to one case or person.


class Relation(StrEnum):
    """How the actor stands to a record; an actor may hold several at once."""

    # The record belongs to the actor's organisation.
    OWN_ORGANISATION = "own_organisation"
    # An active consent names the actor's organisation as recipient (CO-2: its categories).
    CONSENTED = "consented"
    # The actor sits on the specialist commission that assesses the person (seed
    # "Speciālistu komisijas darbs").
    COMMISSION_MEMBER = "commission_member"
    # The provider submitted the commission protocol to SIVA (seed: SIVA decides in 3 days).
    AGENCY_SUBMITTED = "agency_submitted"
    # A recorded emergency or legal-duty override of consent (docs/security.md CO-4).
    EMERGENCY_OVERRIDE = "emergency_override"
    NONE = "none"


class Action(StrEnum):
    VIEW_SUMMARY = "view_summary"
    # One action per information category: the codes of consent.models.InformationCategory.
    VIEW_IDENTITY = "view_identity"
    VIEW_CONTACT = "view_contact"
    VIEW_LOCATION = "view_location"
    VIEW_HEALTH = "view_health"
    VIEW_EXPLOITATION = "view_exploitation"
    VIEW_CRIMINAL_PROCEEDINGS = "view_criminal_proceedings"
    VIEW_SERVICES = "view_services"
    EDIT = "edit"
    MANAGE_CONSENT = "manage_consent"
    REFER = "refer"
    # The social service takes over, for its own case management, a case another
    # organisation shared with it by consent (seed, last chapter: the social worker "kas
    # pārņems sociālo gadījumu pēc valsts apmaksātās sociālās rehabilitācijas beigām").
    TAKE_OVER = "take_over"


# Information category code -> the action that shows it (AZ-5 field groups).
CATEGORY_ACTIONS: dict[str, Action] = {
    "identity": Action.VIEW_IDENTITY,
    "contact": Action.VIEW_CONTACT,
    "location": Action.VIEW_LOCATION,
    "health": Action.VIEW_HEALTH,
    "exploitation": Action.VIEW_EXPLOITATION,
    "criminal_proceedings": Action.VIEW_CRIMINAL_PROCEEDINGS,
    "services": Action.VIEW_SERVICES,
}
_ALL_CATEGORIES = frozenset(CATEGORY_ACTIONS.values())
_READ_ALL = _ALL_CATEGORIES | {Action.VIEW_SUMMARY}

_SOCIAL_SERVICE = (Role.SOCIAL_WORKER, Role.SOCIAL_SERVICE_HEAD)
_PROVIDER = (Role.PROVIDER_CASE_MANAGER, Role.PROVIDER_SPECIALIST, Role.PROVIDER_HEAD)
_CASE_KEEPERS = _SOCIAL_SERVICE + _PROVIDER

# Relation -> role -> the actions it grants. A role missing from a relation gets nothing
# through it; the ministry, the data-protection officer and the system administrator appear
# under no relation: they see no case content, whatever their relation (ST-2; CAPABILITIES).
# CONSENTED grants only the summary here (and the social service's takeover); each category
# comes from the consent itself (see :func:`decide`).
RELATION_GRANTS: dict[Relation, dict[Role, frozenset[Action]]] = {
    Relation.OWN_ORGANISATION: {
        **{role: frozenset(Action) for role in (*_SOCIAL_SERVICE, Role.PROVIDER_CASE_MANAGER)},
        Role.PROVIDER_HEAD: frozenset(Action),
        # A specialist works on the case but does not decide who else may see it.
        Role.PROVIDER_SPECIALIST: _READ_ALL | {Action.EDIT},
    },
    Relation.CONSENTED: {
        **{role: frozenset({Action.VIEW_SUMMARY}) for role in _PROVIDER},
        **{role: frozenset({Action.VIEW_SUMMARY, Action.TAKE_OVER}) for role in _SOCIAL_SERVICE},
    },
    # The commission assesses the criteria: who the person is, what happened, the
    # proceedings (Cabinet Regulation No. 889 annex 2). Never where the person is now.
    Relation.COMMISSION_MEMBER: {
        role: frozenset(
            {
                Action.VIEW_SUMMARY,
                Action.VIEW_IDENTITY,
                Action.VIEW_EXPLOITATION,
                Action.VIEW_CRIMINAL_PROCEEDINGS,
            }
        )
        for role in (*_CASE_KEEPERS, Role.COMMISSION_POLICE_MEMBER)
    },
    # SIVA decides on the service and keeps the register of recipients: identity, the
    # protocol's findings and the services given.
    Relation.AGENCY_SUBMITTED: {
        Role.AGENCY_COORDINATOR: frozenset(
            {
                Action.VIEW_SUMMARY,
                Action.VIEW_IDENTITY,
                Action.VIEW_EXPLOITATION,
                Action.VIEW_SERVICES,
            }
        )
    },
    # Emergency: reach the person and know their health; no change, no onward disclosure.
    # Municipal roles never hold the override (CO-4).
    Relation.EMERGENCY_OVERRIDE: {
        role: frozenset(
            {
                Action.VIEW_SUMMARY,
                Action.VIEW_IDENTITY,
                Action.VIEW_CONTACT,
                Action.VIEW_LOCATION,
                Action.VIEW_HEALTH,
            }
        )
        for role in (Role.PROVIDER_CASE_MANAGER, Role.PROVIDER_HEAD)
    },
    Relation.NONE: {},
}


def decide(
    role: Role | str,
    relations: Collection[Relation],
    action: Action,
    consented_categories: Collection[str] = (),
) -> bool:
    """May a user of ``role``, standing in ``relations`` to a record, do ``action`` on it?

    ``consented_categories`` are the information categories of the active consents whose
    recipient is the actor's organisation; they matter only with :attr:`Relation.CONSENTED`.
    """
    try:
        role = Role(role)
    except ValueError:
        return False
    for relation in relations:
        if action in RELATION_GRANTS[relation].get(role, frozenset()):
            return True
        if (
            relation is Relation.CONSENTED
            and role in RELATION_GRANTS[relation]
            and action in _ALL_CATEGORIES
            and any(CATEGORY_ACTIONS.get(code) is action for code in consented_categories)
        ):
            return True
    return False


def allowed_actions(
    role: Role | str, relations: Collection[Relation], consented_categories: Collection[str] = ()
) -> frozenset[Action]:
    """Every action :func:`decide` allows: what a page may show and offer."""
    return frozenset(
        action for action in Action if decide(role, relations, action, consented_categories)
    )
