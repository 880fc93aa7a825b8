"""Each document built from its record, already authorised by :mod:`atbalsts.documents.access`:
its number (the same for the same record), its date, the issuing organisation and only what
the reader may see of the case (the same Action checks as the record's page)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import formats, timezone, translation

from atbalsts.access.policy import Action
from atbalsts.agency.models import AgencySubmission
from atbalsts.cases.access import Standing
from atbalsts.consent.models import Consent, ConsentWithdrawal
from atbalsts.courses.models import Course
from atbalsts.courses.selectors import (
    CourseStanding,
    course_entitlements,
    course_standing,
    delivery_kind_label,
)
from atbalsts.directory.selectors import contact_list
from atbalsts.documents import content
from atbalsts.documents.rendering import Document, document_number
from atbalsts.identification.models import (
    Commission,
    CommissionMember,
    CommissionRole,
    Recognition,
)
from atbalsts.rules.catalogue import LISTS, RULE_SET_LABELS, label
from atbalsts.rules.rulesets import rule_set_for

if TYPE_CHECKING:
    from atbalsts.accounts.models import User
    from atbalsts.casework.models import InformationRequest
    from atbalsts.people.models import Person
    from atbalsts.rules.entitlements import EntitlementsReport

# Staff documents are issued in Latvian and English; the client's in four languages.
STAFF_LANGUAGES = ("lv", "en")

# Document kinds: the name in URLs, audit events and file names, and the number's prefix.
PREFIXES = {
    "commission_protocol": "KP",
    "agency_submission": "IE",
    "agency_decision": "LE",
    "consent_form": "PK",
    "information_request": "IP",
    "course_summary": "KK",
    "rights_leaflet": "BU",
}


def staff_language(value: str | None) -> str:
    code = (value or "")[:2].lower()
    return code if code in STAFF_LANGUAGES else "lv"


def _person_name(person: Person, standing: Standing) -> str | None:
    """The person's name where the reader may see the identity; else none at all."""
    if not standing.allows(Action.VIEW_IDENTITY) or person.is_anonymous:
        return None
    name = f"{person.first_name} {person.last_name}".strip()
    return name or None


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _short_date(day: datetime.date, language: str) -> str:
    """A date inside a document's own text, as the document's language writes it."""
    with translation.override(language):
        return formats.date_format(day, "SHORT_DATE_FORMAT")


def _criteria(codes: list[str], language: str) -> list[str]:
    return [label("criteria", code, language) for code in codes]


def _number(kind: str, record: Any) -> str:
    return document_number(PREFIXES[kind], record.uuid)


def commission_protocol(commission: Commission, standing: Standing, language: str) -> Document:
    case = commission.case
    order = list(CommissionRole.values)
    members = sorted(
        CommissionMember.objects.filter(commission=commission).select_related("user"),
        key=lambda member: (order.index(member.commission_role), member.user.full_name),
    )
    return Document(
        kind="commission_protocol",
        template="documents/commission_protocol.html",
        number=_number("commission_protocol", commission),
        date=commission.meeting_on,
        organisation_name=case.organisation.name,
        language=language,
        context={
            "commission": commission,
            "case": case,
            "person_name": _person_name(case.person, standing),
            "members": members,
            "criteria": _criteria(commission.criteria, language),
            "decided_on": _local_date(commission.decided_at),
        },
    )


def _submission_context(
    submission: AgencySubmission, standing: Standing, language: str
) -> dict[str, Any]:
    recognition: Recognition = submission.recognition
    commission = recognition.commission
    may_see_criteria = standing.allows(Action.VIEW_EXPLOITATION)
    return {
        "submission": submission,
        "case": submission.case,
        "recognition": recognition,
        "commission": commission,
        "criteria": _criteria(commission.criteria, language)
        if commission is not None and may_see_criteria
        else [],
        "person_name": _person_name(submission.case.person, standing),
        "submitted_on": _local_date(submission.submitted_at),
        "decided_on": _local_date(submission.decided_at),
        "rule_set_label": RULE_SET_LABELS[submission.rule_set].get(language)
        if submission.rule_set in RULE_SET_LABELS
        else submission.rule_set,
    }


def agency_submission(submission: AgencySubmission, standing: Standing, language: str) -> Document:
    """The provider's submission of the recognition documents to SIVA."""
    return Document(
        kind="agency_submission",
        template="documents/agency_submission.html",
        number=_number("agency_submission", submission),
        date=_local_date(submission.submitted_at),
        organisation_name=submission.case.organisation.name,
        language=language,
        context=_submission_context(submission, standing, language),
    )


def agency_decision(submission: AgencySubmission, standing: Standing, language: str) -> Document:
    """SIVA's decision letter to the provider."""
    return Document(
        kind="agency_decision",
        template="documents/agency_decision.html",
        number=_number("agency_decision", submission),
        date=_local_date(submission.decided_at),
        organisation_name=submission.agency.name,
        language=language,
        context=_submission_context(submission, standing, language),
    )


def _consent_form_context(
    consent: Consent, language: str, *, withdrawn_note: str, is_superseded: bool
) -> dict[str, Any]:
    """What the consent form prints, recorded or still to be signed."""
    text = content.CONSENT_FORM[language]
    holder, recipient = consent.holder.name, consent.recipient.name
    person = consent.person
    name = None if person.is_anonymous else f"{person.first_name} {person.last_name}".strip()
    return {
        "text": text,
        "consent": consent,
        "person_label": name or person.reference,
        "statement": text.statement.format(holder=holder, recipient=recipient),
        "withdrawal": text.withdrawal.format(holder=holder),
        "purpose": content.purpose_label(consent.purpose, language),
        "categories": content.category_labels(consent.categories, language),
        "withdrawn_note": withdrawn_note,
        "is_superseded": is_superseded,
    }


def consent_form(consent: Consent, language: str) -> Document:
    """The consent as the person signs it, in the person's language. Those who may manage
    the person's consents see the identity (policy: own organisation)."""
    withdrawal = ConsentWithdrawal.objects.filter(consent=consent).first()
    withdrawn_note = (
        content.CONSENT_FORM[language].withdrawn_note.format(
            date=_short_date(withdrawal.withdrawn_on, language)
        )
        if withdrawal is not None
        else ""
    )
    return Document(
        kind="consent_form",
        template="documents/consent_form.html",
        number=_number("consent_form", consent),
        date=consent.given_on,
        organisation_name=consent.holder.name,
        language=language,
        context=_consent_form_context(
            consent,
            language,
            withdrawn_note=withdrawn_note,
            is_superseded=Consent.objects.filter(supersedes=consent).exists(),
        ),
    )


def consent_form_draft(consent: Consent, language: str) -> Document:
    """The consent form to print and sign before the consent is recorded, from the choices
    on the record-consent page: ``consent`` is not saved. Its number is printed as the
    signed form's reference unless one was typed, so the recorded consent can name it; the
    date is left for the person to write."""
    return Document(
        kind="consent_form_draft",
        template="documents/consent_form.html",
        number=consent.evidence_reference,
        date=consent.given_on,
        organisation_name=consent.holder.name,
        language=language,
        context=_consent_form_context(consent, language, withdrawn_note="", is_superseded=False),
    )


def consent_form_number(consent: Consent) -> str:
    """The number a consent form of ``consent`` carries (the same prefix as a recorded one)."""
    return _number("consent_form", consent)


def information_request(
    request: InformationRequest, is_reply_visible: bool, language: str
) -> Document:
    """The social service's written request and, once given, the provider's reply."""
    case = request.case
    return Document(
        kind="information_request",
        template="documents/information_request.html",
        number=_number("information_request", request),
        date=_local_date(request.sent_at),
        organisation_name=case.organisation.name,
        language=language,
        context={
            "info_request": request,
            "case": case,
            "is_reply_visible": is_reply_visible and request.status == "answered",
            "sent_on": _local_date(request.sent_at),
            "answered_on": _local_date(request.answered_at),
        },
    )


def _delivery_totals(course: Course, language: str) -> list[dict[str, Any]]:
    """The service log summed by entitlement and service: how many times, how much."""
    totals: dict[tuple[str, str], list[Any]] = defaultdict(lambda: [0, Decimal(0)])
    labels: dict[str, str] = {}
    for delivery in course.deliveries.all():
        key = (delivery.service, delivery.kind)
        totals[key][0] += 1
        totals[key][1] += delivery.quantity
        labels[delivery.service] = str(delivery.get_service_display())
    return [
        {
            "service": labels[service],
            "kind": delivery_kind_label(service, kind, language),
            "times": times,
            "quantity": quantity,
        }
        for (service, kind), (times, quantity) in sorted(totals.items())
    ]


def course_summary(course: Course, standing: Standing, language: str) -> Document:
    case = course.case
    today = timezone.localdate()
    report = course_entitlements(course, as_of=today)
    support = report.criminal_process_support
    is_editor = standing.allows(Action.EDIT)
    return Document(
        kind="course_summary",
        template="documents/course_summary.html",
        number=_number("course_summary", course),
        date=today,
        organisation_name=case.organisation.name,
        language=language,
        context={
            "course": course,
            "case": case,
            "person_name": _person_name(case.person, standing),
            "is_editor": is_editor,
            "plan": getattr(course, "plan", None) if is_editor else None,
            "totals": _delivery_totals(course, language),
            "report": report,
            "standing": _course_standing(course, report, language),
            "rule_set_label": RULE_SET_LABELS[report.rule_set].get(language),
            "allowed_support_kinds": [
                LISTS["criminal_process_support_kinds"][kind].get(language)
                for kind in support.allowed_kinds
            ],
        },
    )


def _course_standing(course: Course, report: EntitlementsReport, language: str) -> CourseStanding:
    # Its sentences are worded now, in the document's language, not when it is rendered.
    with translation.override(language):
        return course_standing(course, report)


def rights_leaflet(actor: User, language: str) -> Document:
    """The rights leaflet: no personal data; the numbers of the rule set in force today and
    the partner directory's active contacts."""
    today = timezone.localdate()
    rule_set = rule_set_for(today)
    leaflet = content.leaflet(language, rule_set)
    return Document(
        kind="rights_leaflet",
        template="documents/rights_leaflet.html",
        number=f"{PREFIXES['rights_leaflet']}-{rule_set.id.upper()}-{leaflet.language.upper()}",
        date=today,
        organisation_name=actor.organisation.name,
        language=leaflet.language,
        context={"leaflet": leaflet, "contacts": list(contact_list())},
    )
