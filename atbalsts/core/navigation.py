"""The sections of the product and who sees them: one table for the menu and the home page.

A section appears only for a role whose capabilities include the section's capability
(atbalsts.access.policy), so the menu never shows a link that would answer 404. A section
is listed here only once its pages exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from atbalsts.access.policy import Capability, can
from atbalsts.agency import texts as agency_texts
from atbalsts.audit import texts as audit_texts
from atbalsts.cases import texts as cases_texts
from atbalsts.consent import texts as consent_texts
from atbalsts.courses import texts as courses_texts
from atbalsts.exports import texts as exports_texts
from atbalsts.identification import texts as identification_texts
from atbalsts.people import texts as people_texts
from atbalsts.screening import texts as screening_texts
from atbalsts.statistics import texts as statistics_texts


@dataclass(frozen=True)
class Section:
    url_name: str
    label: str | Promise
    description: str | Promise
    capability: Capability


@dataclass(frozen=True)
class NavigationItem:
    url: str
    label: str | Promise
    description: str | Promise
    is_current: bool


SECTIONS: tuple[Section, ...] = (
    Section(
        url_name="cases:list",
        label=cases_texts.SECTION_LABEL,
        description=cases_texts.SECTION_DESCRIPTION,
        capability=Capability.READ_CASE_DATA,
    ),
    Section(
        url_name="agency:inbox",
        label=agency_texts.SECTION_LABEL,
        description=agency_texts.SECTION_DESCRIPTION,
        capability=Capability.DECIDE_AGENCY_SERVICE,
    ),
    Section(
        url_name="exports:recipient_register",
        label=exports_texts.REGISTER_SECTION_LABEL,
        description=exports_texts.REGISTER_SECTION_DESCRIPTION,
        capability=Capability.VIEW_RECIPIENT_REGISTER,
    ),
    Section(
        url_name="consent:referral_inbox",
        label=consent_texts.INBOX_SECTION_LABEL,
        description=consent_texts.INBOX_SECTION_DESCRIPTION,
        capability=Capability.RECEIVE_REFERRALS,
    ),
    Section(
        url_name="consent:shared_list",
        label=consent_texts.SHARED_SECTION_LABEL,
        description=consent_texts.SHARED_SECTION_DESCRIPTION,
        capability=Capability.VIEW_SHARED_CASES,
    ),
    Section(
        url_name="courses:list",
        label=courses_texts.SECTION_LABEL,
        description=courses_texts.SECTION_DESCRIPTION,
        capability=Capability.RUN_COURSES,
    ),
    Section(
        url_name="identification:my_commissions",
        label=identification_texts.MY_COMMISSIONS_SECTION_LABEL,
        description=identification_texts.MY_COMMISSIONS_SECTION_DESCRIPTION,
        capability=Capability.SIT_ON_COMMISSIONS,
    ),
    Section(
        url_name="people:search",
        label=people_texts.SEARCH_SECTION_LABEL,
        description=people_texts.SEARCH_SECTION_DESCRIPTION,
        capability=Capability.READ_CASE_DATA,
    ),
    Section(
        url_name="people:register",
        label=people_texts.REGISTER_SECTION_LABEL,
        description=people_texts.REGISTER_SECTION_DESCRIPTION,
        capability=Capability.KEEP_CASES,
    ),
    Section(
        url_name="screening:leaflet",
        label=screening_texts.LEAFLET_SECTION_LABEL,
        description=screening_texts.LEAFLET_SECTION_DESCRIPTION,
        capability=Capability.READ_CASE_DATA,
    ),
    Section(
        url_name="statistics:index",
        label=statistics_texts.SECTION_LABEL,
        description=statistics_texts.SECTION_DESCRIPTION,
        capability=Capability.VIEW_STATISTICS,
    ),
    Section(
        url_name="administration:organisation_list",
        label=_("Organisations"),
        description=_(
            "Add the organisations that take part, correct their details and deactivate "
            "those that no longer do."
        ),
        capability=Capability.MANAGE_ORGANISATIONS,
    ),
    Section(
        url_name="administration:user_list",
        label=_("Users"),
        description=_(
            "Create user accounts, change a user's role or organisation, deactivate and "
            "reactivate accounts."
        ),
        capability=Capability.MANAGE_USERS,
    ),
    Section(
        url_name="workcalendar:override_list",
        label=_("Working calendar"),
        description=_(
            "Add the days off and working days that the official calendar does not know yet, "
            "so that deadlines are counted correctly."
        ),
        capability=Capability.MANAGE_CALENDAR,
    ),
    Section(
        url_name="audit:trail",
        label=audit_texts.SECTION_LABEL,
        description=audit_texts.SECTION_DESCRIPTION,
        capability=Capability.VIEW_AUDIT_TRAIL,
    ),
)


def sections_for(role: str, *, current_path: str = "") -> list[NavigationItem]:
    """The sections this role may open, in menu order, marking the one being viewed."""
    items = []
    for section in SECTIONS:
        if not can(role, section.capability):
            continue
        url = reverse(section.url_name)
        items.append(
            NavigationItem(
                url=url,
                label=section.label,
                description=section.description,
                is_current=current_path.startswith(url),
            )
        )
    return items
