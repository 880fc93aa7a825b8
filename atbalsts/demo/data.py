"""The demo's fictional organisations and users. No real person is named here."""

from __future__ import annotations

from dataclasses import dataclass

from atbalsts.access.policy import OrganisationType, Role


@dataclass(frozen=True)
class DemoOrganisation:
    code: str
    name: str
    type: OrganisationType
    region: str = ""


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: Role
    organisation: str


ORGANISATIONS = (
    DemoOrganisation(
        "riga-sd", "Rīgas Sociālais dienests", OrganisationType.SOCIAL_SERVICE, "Rīga"
    ),
    DemoOrganisation(
        "daugavpils-sd",
        "Daugavpils pilsētas Sociālais dienests",
        OrganisationType.SOCIAL_SERVICE,
        "Latgale",
    ),
    DemoOrganisation(
        "madona-sd", "Madonas novada Sociālais dienests", OrganisationType.SOCIAL_SERVICE, "Vidzeme"
    ),
    DemoOrganisation(
        "drosa-maja", 'Biedrība "Patvērums "Drošā māja""', OrganisationType.SERVICE_PROVIDER, "Rīga"
    ),
    DemoOrganisation(
        "marta",
        'Biedrība "Resursu centrs sievietēm "Marta""',
        OrganisationType.SERVICE_PROVIDER,
        "Rīga",
    ),
    DemoOrganisation("siva", "Sociālās integrācijas valsts aģentūra", OrganisationType.AGENCY),
    DemoOrganisation("lm", "Labklājības ministrija", OrganisationType.MINISTRY),
    DemoOrganisation("valsts-policija", "Valsts policija", OrganisationType.POLICE),
)

USERS = (
    DemoUser("riga.social", "Ilze Kalniņa", Role.SOCIAL_WORKER, "riga-sd"),
    DemoUser("riga.head", "Andris Ozoliņš", Role.SOCIAL_SERVICE_HEAD, "riga-sd"),
    DemoUser("daugavpils.social", "Jeļena Petrova", Role.SOCIAL_WORKER, "daugavpils-sd"),
    DemoUser("madona.social", "Gunta Liepiņa", Role.SOCIAL_WORKER, "madona-sd"),
    DemoUser("dm.case", "Laura Vītola", Role.PROVIDER_CASE_MANAGER, "drosa-maja"),
    DemoUser("dm.specialist", "Māris Krūmiņš", Role.PROVIDER_SPECIALIST, "drosa-maja"),
    DemoUser("dm.head", "Dace Zariņa", Role.PROVIDER_HEAD, "drosa-maja"),
    DemoUser("marta.case", "Santa Bērziņa", Role.PROVIDER_CASE_MANAGER, "marta"),
    DemoUser("police.member", "Edgars Balodis", Role.COMMISSION_POLICE_MEMBER, "valsts-policija"),
    DemoUser("siva.coord", "Inese Jansone", Role.AGENCY_COORDINATOR, "siva"),
    DemoUser("lm.analyst", "Kristaps Eglītis", Role.MINISTRY_ANALYST, "lm"),
    DemoUser("dpo", "Agnese Priede", Role.DATA_PROTECTION_OFFICER, "lm"),
    DemoUser("admin", "Roberts Siliņš", Role.SYSTEM_ADMIN, "lm"),
)
