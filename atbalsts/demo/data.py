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
    DemoUser("dm.lawyer", "Jānis Kļaviņš", Role.PROVIDER_SPECIALIST, "drosa-maja"),
    DemoUser("dm.head", "Dace Zariņa", Role.PROVIDER_HEAD, "drosa-maja"),
    DemoUser("marta.case", "Santa Bērziņa", Role.PROVIDER_CASE_MANAGER, "marta"),
    DemoUser("police.member", "Edgars Balodis", Role.COMMISSION_POLICE_MEMBER, "valsts-policija"),
    DemoUser("siva.coord", "Inese Jansone", Role.AGENCY_COORDINATOR, "siva"),
    DemoUser("lm.analyst", "Kristaps Eglītis", Role.MINISTRY_ANALYST, "lm"),
    DemoUser("dpo", "Agnese Priede", Role.DATA_PROTECTION_OFFICER, "lm"),
    DemoUser("admin", "Roberts Siliņš", Role.SYSTEM_ADMIN, "lm"),
)

# What each demo user may try first: (story key, organisation whose case to open, what it shows).
# The stories are in atbalsts/demo/scenarios.py; the case codes are printed with them.
WHAT_TO_TRY: dict[str, tuple[tuple[str, str, str], ...]] = {
    "riga.social": (
        ("screening_done", "riga-sd", "screening completed: it recommends a referral"),
        ("referral_sent", "riga-sd", "referred with consent to Drošā māja, awaiting acceptance"),
        ("course_running", "riga-sd", "information request answered by Drošā māja"),
        ("casework_evaluation", "riga-sd", "case management at evaluation: due since yesterday"),
    ),
    "riga.head": (
        ("casework_evaluation", "riga-sd", "case management at evaluation: due since yesterday"),
    ),
    "daugavpils.social": (
        ("screening_draft", "daugavpils-sd", "draft screening: the interview goes on"),
        ("casework_follow_up", "daugavpils-sd", "follow-up contact due today"),
        ("casework_target_group", "daugavpils-sd", "case management at target group and risk"),
    ),
    "madona.social": (
        ("anonymous", "madona-sd", "anonymous contact by phone"),
        ("casework_assessment", "madona-sd", "case management at assessment"),
        ("casework_plan", "madona-sd", "planning, with a family task; evaluation 3 days late"),
        ("consent_withdrawn", "madona-sd", "a consent to Marta, withdrawn yesterday"),
    ),
    "dm.case": (
        ("referral_sent", "riga-sd", "a referral from Rīga in the inbox: accept or decline"),
        ("commission_positive", "drosa-maja", "commission with a positive opinion"),
        ("commission_convened", "drosa-maja", "commission meeting in two days"),
        ("siva_due", "drosa-maja", "submitted to SIVA, decision due today or overdue"),
        ("course_running", "drosa-maja", "running course: plan, tasks, review due today"),
        ("course_consultations", "drosa-maja", "ended course: 4 of 5 consultations used"),
        ("course_support", "drosa-maja", "criminal-process support with hours used"),
    ),
    "dm.specialist": (("course_running", "drosa-maja", "your plan task, due 2 days ago"),),
    "dm.lawyer": (("commission_convened", "drosa-maja", "commission meeting in two days"),),
    "dm.head": (
        ("siva_waiting", "drosa-maja", "SIVA put the person on the waiting list"),
        ("course_running", "drosa-maja", "running course with service deliveries"),
    ),
    "marta.case": (
        ("siva_granted", "marta", "SIVA granted the service: start the course"),
        ("course_ending", "marta", "course ending within 14 days"),
    ),
    "police.member": (
        ("commission_positive", "drosa-maja", "you sat on this commission"),
        ("commission_convened", "drosa-maja", "your commission meets in two days"),
    ),
    "siva.coord": (
        ("siva_due", "drosa-maja", "decision due today or overdue"),
        ("siva_granted", "marta", "service granted"),
        ("siva_waiting", "drosa-maja", "on the waiting list"),
    ),
}
