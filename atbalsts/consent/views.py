"""Pages of consent, referral and emergency access.

Every view: role check (404 for any other role) → fetch through access (404 for "not found"
and "not yours") → form → service or selector → render. No business branching here.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from atbalsts.access.policy import CATEGORY_ACTIONS, Action, Capability
from atbalsts.accounts.models import User
from atbalsts.accounts.stepup import require_recent_authentication
from atbalsts.administration.access import acting_user, require_capability
from atbalsts.cases.models import Case
from atbalsts.casework import selectors as casework_selectors
from atbalsts.consent import access, selectors, services, texts
from atbalsts.consent.access import (
    require_consent_role,
    require_override_role,
    require_referral_role,
)
from atbalsts.consent.forms import (
    ConsentDraftForm,
    ConsentForm,
    DeclineForm,
    EmergencyAccessForm,
    ReferralFilterForm,
    ReferralForm,
    SharedCaseFilterForm,
    SupersedeForm,
    WithdrawForm,
)
from atbalsts.consent.models import Consent, ConsentPurpose, InformationCategory
from atbalsts.courses import selectors as course_selectors
from atbalsts.documents import content as document_content
from atbalsts.documents import selectors as document_selectors
from atbalsts.documents import services as document_services
from atbalsts.people.models import Person
from atbalsts.screening.display import screening_answer, screening_recorded
from atbalsts.screening.selectors import screening_result

PAGE_SIZE = 25
# The newest services the shared page lists; the course's service log has them all.
SHARED_SERVICES_SHOWN = 25
FILTER_FORM_ID = "filters"


def _add_service_error(form: BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def _form_page(request: HttpRequest, **context: Any) -> HttpResponse:
    return render(request, "consent/form.html", context)


def _consents_url(person_uuid: uuid.UUID) -> str:
    return reverse("consent:consent_list", args=[person_uuid])


# Consents


@require_consent_role
@require_GET
def consent_list(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    person = access.person_for_consent(actor=actor, person_uuid=person_uuid)
    return render(
        request,
        "consent/consent_list.html",
        {
            "person": person,
            "consents": selectors.consent_history(actor, person),
            "cases": selectors.holder_cases(actor, person),
        },
    )


def _consent_create_page(
    request: HttpRequest, person: Person, form: BaseForm, language: str
) -> HttpResponse:
    """The record-consent page, which also prepares the form to sign from the same choices
    (its button posts them to consent_form_draft); both post to their own address, so the
    page works the same whichever of them showed it."""
    names = dict(settings.DOCUMENT_LANGUAGES)
    return _form_page(
        request,
        form=form,
        title=_("Record a consent of %(reference)s") % {"reference": person.reference},
        button_label=_("Record the consent"),
        cancel_url=_consents_url(person.uuid),
        form_action=reverse("consent:consent_create", args=[person.uuid]),
        draft_url=reverse("consent:consent_form_draft", args=[person.uuid]),
        draft_explanation=texts.DRAFT_FORM_EXPLANATION,
        draft_languages=[(code, names[code]) for code in document_content.LANGUAGES],
        draft_language=language,
    )


def _form_language(request: HttpRequest) -> str:
    return document_content.document_language(
        request.POST.get("language") or get_language() or "lv"
    )


@require_consent_role
@require_http_methods(["GET", "POST"])
def consent_create(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    person = access.person_for_consent(actor=actor, person_uuid=person_uuid)
    form = ConsentForm(
        request.POST if request.method == "POST" else None,
        recipients=selectors.consent_recipients(actor=actor),
    )
    if form.is_bound and form.is_valid():
        try:
            services.consent_record(actor=actor, person=person, **form.cleaned_data)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, texts.CONSENT_RECORDED)
            return redirect(_consents_url(person.uuid))
    return _consent_create_page(request, person, form, _form_language(request))


@require_consent_role
@require_POST
def consent_form_draft(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    """The consent form filled in from the record-consent page's choices, to print and have
    signed before the consent is recorded; nothing is recorded, the generation is audited.
    With a choice missing, the page comes back with what was typed and the errors."""
    actor = acting_user(request)
    person = access.person_for_consent(actor=actor, person_uuid=person_uuid)
    form = ConsentDraftForm(request.POST, recipients=selectors.consent_recipients(actor=actor))
    language = _form_language(request)
    if not form.is_valid():
        return _consent_create_page(request, person, form, language)
    draft = Consent(
        person=person,
        holder=actor.organisation,
        recipient=form.cleaned_data["recipient"],
        purpose=form.cleaned_data["purpose"],
        categories=[
            code for code in InformationCategory.values if code in form.cleaned_data["categories"]
        ],
        given_on=form.cleaned_data["given_on"],
    )
    draft.evidence_reference = form.cleaned_data[
        "evidence_reference"
    ].strip() or document_selectors.consent_form_number(draft)
    document = document_selectors.consent_form_draft(draft, language)
    pdf = document_services.document_generate(
        actor=actor, document=document, object_type="person", object_uuid=person.uuid
    )
    # As every document (atbalsts.documents.views): an attachment no cache keeps.
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_consent_role
@require_http_methods(["GET", "POST"])
def consent_supersede(request: HttpRequest, consent_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    consent = access.consent_for_holder(actor=actor, consent_uuid=consent_uuid)
    form = SupersedeForm(
        request.POST if request.method == "POST" else None,
        initial={"purpose": consent.purpose, "categories": consent.categories},
    )
    if form.is_bound and form.is_valid():
        try:
            services.consent_supersede(actor=actor, consent=consent, **form.cleaned_data)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, texts.CONSENT_SUPERSEDED)
            return redirect(_consents_url(consent.person.uuid))
    return _form_page(
        request,
        form=form,
        title=_("Replace the consent to %(recipient)s") % {"recipient": consent.recipient.name},
        button_label=_("Record the new consent"),
        cancel_url=_consents_url(consent.person.uuid),
    )


@require_consent_role
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, consent_uuid: uuid.UUID) -> HttpResponse:
    """A confirmation page; the withdrawal happens only on POST."""
    actor = acting_user(request)
    consent = access.consent_for_holder(actor=actor, consent_uuid=consent_uuid)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.consent_withdraw(
                actor=actor, consent=consent, withdrawn_on=form.cleaned_data["withdrawn_on"]
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, texts.CONSENT_WITHDRAWN)
            return redirect(_consents_url(consent.person.uuid))
    return _form_page(
        request,
        form=form,
        title=_("Withdraw the consent to %(recipient)s?") % {"recipient": consent.recipient.name},
        explanation=texts.WITHDRAW_EXPLANATION,
        button_label=_("Withdraw the consent"),
        is_danger=True,
        cancel_url=_consents_url(consent.person.uuid),
    )


# Referrals


@require_referral_role
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    case = access.own_case_for_referral(actor=actor, case_uuid=case_uuid)
    form = ReferralForm(
        request.POST if request.method == "POST" else None,
        consents=selectors.referral_consents(actor=actor, case=case),
    )
    if form.is_bound and form.is_valid():
        consent = form.cleaned_data["consent"]
        try:
            services.referral_send(
                actor=actor, case=case, recipient=consent.recipient, consent=consent
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, texts.REFERRAL_SENT)
            return redirect("consent:referral_sent")
    return _form_page(
        request,
        form=form,
        title=_("Refer case %(code)s") % {"code": case.code},
        explanation=texts.REFERRAL_EXPLANATION,
        button_label=_("Send the referral"),
        cancel_url=reverse("consent:referral_sent"),
    )


def _referral_list(request: HttpRequest, *, inbox: bool) -> HttpResponse:
    actor = acting_user(request)
    data = request.POST if request.method == "POST" else request.GET
    form = ReferralFilterForm(data)
    status = form.status_filter()
    referrals = (
        selectors.referral_inbox(actor=actor, status=status)
        if inbox
        else selectors.referrals_sent(actor=actor, status=status)
    )
    page_obj = Paginator(referrals, PAGE_SIZE).get_page(data.get("page"))
    return render(
        request,
        "consent/referral_list.html",
        {"form": form, "page_obj": page_obj, "form_id": FILTER_FORM_ID, "is_inbox": inbox},
    )


@require_referral_role
@require_http_methods(["GET", "POST"])
def referral_inbox(request: HttpRequest) -> HttpResponse:
    """Referrals sent to the actor's organisation."""
    return _referral_list(request, inbox=True)


@require_referral_role
@require_http_methods(["GET", "POST"])
def referral_sent(request: HttpRequest) -> HttpResponse:
    """Referrals the actor's organisation sent, with their outcome."""
    return _referral_list(request, inbox=False)


@require_referral_role
@require_GET
def referral_detail(request: HttpRequest, referral_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    referral = access.referral_for_recipient(actor=actor, referral_uuid=referral_uuid)
    disclosure = services.referral_disclosure_read(actor=actor, referral=referral)
    screening = disclosure.screening
    return render(
        request,
        "consent/referral_detail.html",
        {
            "referral": referral,
            "decline_form": DeclineForm(),
            "disclosure": disclosure,
            "shares_text": texts.REFERRAL_SHARES
            % {
                "categories": ", ".join(
                    str(InformationCategory(code).label) for code in disclosure.categories
                )
            },
            "screening_text": texts.REFERRAL_SCREENING_SHOWN
            % {
                "organisation": referral.case.organisation.name,
                "date": formats.date_format(screening.assessed_on, "SHORT_DATE_FORMAT"),
            }
            if screening
            else "",
            "shows_exploitation": InformationCategory.EXPLOITATION in disclosure.categories,
            "no_screening_text": texts.REFERRAL_NO_SCREENING,
            "no_exploitation_text": texts.REFERRAL_NO_EXPLOITATION,
            "inactive_text": texts.REFERRAL_CONSENT_INACTIVE,
            "answer": screening_answer(screening_result(screening)) if screening else None,
            "recorded": screening_recorded(screening, can_see_health=disclosure.can_see_health)
            if screening
            else [],
        },
    )


@require_referral_role
@require_POST
def referral_accept(request: HttpRequest, referral_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    referral = access.referral_for_recipient(actor=actor, referral_uuid=referral_uuid)
    try:
        referral = services.referral_accept(actor=actor, referral=referral)
    except (ValidationError, services.ReferralConflictError) as error:
        message = (
            error.messages[0]
            if isinstance(error, ValidationError)
            else texts.REFERRAL_ALREADY_DECIDED
        )
        messages.error(request, message)
        return redirect("consent:referral_detail", referral.uuid)
    assert referral.received_case is not None  # noqa: S101 -- set by an accepted referral
    messages.success(request, texts.REFERRAL_ACCEPTED % {"code": referral.received_case.code})
    # The button says "accept and open the case": the new case is where work goes on.
    return redirect("cases:detail", referral.received_case.uuid)


@require_referral_role
@require_http_methods(["GET", "POST"])
def referral_decline(request: HttpRequest, referral_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    referral = access.referral_for_recipient(actor=actor, referral_uuid=referral_uuid)
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.referral_decline(
                actor=actor, referral=referral, reason=form.cleaned_data["reason"]
            )
        except services.ReferralConflictError:
            form.add_error(None, texts.REFERRAL_ALREADY_DECIDED)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, texts.REFERRAL_DECLINED)
            return redirect("consent:referral_inbox")
    return _form_page(
        request,
        form=form,
        title=_("Decline the referral of case %(code)s") % {"code": referral.case.code},
        button_label=_("Decline the referral"),
        is_danger=True,
        cancel_url=reverse("consent:referral_detail", args=[referral.uuid]),
    )


# What a consent shares


@require_capability(Capability.VIEW_SHARED_CASES)
@require_http_methods(["GET", "POST"])
def shared_list(request: HttpRequest) -> HttpResponse:
    """Other organisations' cases shared with the actor's by consent; codes only (DP-5)."""
    actor = acting_user(request)
    data = request.POST if request.method == "POST" else request.GET
    form = SharedCaseFilterForm(data, holders=selectors.shared_case_holders(actor=actor))
    cases = selectors.cases_shared_with(actor=actor, **form.filters())
    page_obj = Paginator(cases, PAGE_SIZE).get_page(data.get("page"))
    purposes = dict(ConsentPurpose.choices)
    return render(
        request,
        "consent/shared_list.html",
        {
            "form": form,
            "form_id": FILTER_FORM_ID,
            "page_obj": page_obj,
            # latest_purpose is annotated by the selector.
            "rows": [
                (case, purposes.get(getattr(case, "latest_purpose", ""), "")) for case in page_obj
            ],
        },
    )


def _takeover_context(actor: User, case: Case, *, may_take_over: bool) -> dict[str, Any]:
    """What the shared page offers a social service: its case management of the person
    when it exists, else the takeover when the person consented to it."""
    if not may_take_over:
        return {}
    managed = casework_selectors.managed_case_of_person(actor=actor, person_id=case.person_id)
    return {
        "may_take_over": True,
        "managed_case": managed,
        "has_takeover_consent": managed is None
        and casework_selectors.takeover_consents(
            shared_case=case, recipient=actor.organisation
        ).exists(),
    }


@require_consent_role
@require_GET
def shared_case(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Another organisation's case as its person's consent lets the actor see it: only the
    consented categories (CO-2); gone on the next request after a withdrawal (CO-3)."""
    actor = acting_user(request)
    authorised = access.shared_case_for(actor=actor, case_uuid=case_uuid)
    case, standing = authorised.obj, authorised.standing
    person = case.person
    visible = {code for code, action in CATEGORY_ACTIONS.items() if standing.allows(action)}
    fields: list[tuple[Any, list[tuple[Any, Any]]]] = []
    if InformationCategory.IDENTITY in visible:
        fields.append(
            (
                InformationCategory.IDENTITY.label,
                [
                    (_("First name"), person.first_name),
                    (_("Last name"), person.last_name),
                    (_("Personal code"), person.personal_code),
                    (_("Date of birth"), person.birth_date),
                ],
            )
        )
    if InformationCategory.CONTACT in visible:
        fields.append(
            (
                InformationCategory.CONTACT.label,
                [
                    (_("Address"), person.address),
                    (_("Phone"), person.phone),
                    (_("E-mail"), person.email),
                ],
            )
        )
    if InformationCategory.LOCATION in visible:
        fields.append(
            (
                InformationCategory.LOCATION.label,
                [(_("Current shelter location"), person.shelter_location)],
            )
        )
    shows_services = InformationCategory.SERVICES in visible
    services.shared_case_read(actor=actor, case=case, categories=sorted(visible))
    return render(
        request,
        "consent/shared_case.html",
        {
            "case": case,
            "groups": fields,
            # The course page asks for the same category (courses.views.course_detail).
            "shows_services": shows_services,
            **(_services_context(case) if shows_services else {}),
            **_takeover_context(actor, case, may_take_over=standing.allows(Action.TAKE_OVER)),
        },
    )


def _services_context(case: Case) -> dict[str, Any]:
    """The course's services as a table of kinds, units and dates, newest first; no notes
    (the service log holds none, and the plan is not shown)."""
    course = course_selectors.course_of_case(case)
    if course is None:
        return {"course": None}
    deliveries = course_selectors.delivery_list(course)
    shown = list(deliveries[: SHARED_SERVICES_SHOWN + 1])
    return {
        "course": course,
        "service_rows": course_selectors.delivery_rows(
            shown[:SHARED_SERVICES_SHOWN], get_language() or "lv"
        ),
        "has_more_services": len(shown) > SHARED_SERVICES_SHOWN,
    }


# Emergency override


@require_override_role
@require_recent_authentication()
@require_http_methods(["GET", "POST"])
def emergency_access(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Break-glass (CO-4): a provider head, freshly re-authenticated, with a written reason."""
    actor = acting_user(request)
    case = access.case_for_override(actor=actor, case_uuid=case_uuid)
    form = EmergencyAccessForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            granted = services.emergency_access_open(
                actor=actor, case=case, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.warning(
                request,
                texts.EMERGENCY_ACCESS_GRANTED
                % {"expires": formats.localize(timezone.localtime(granted.expires_at))},
            )
            return redirect("cases:detail", case.uuid)
    return _form_page(
        request,
        form=form,
        title=_("Emergency access to case %(code)s") % {"code": case.code},
        explanation=texts.EMERGENCY_EXPLANATION,
        button_label=_("Open the case for 24 hours"),
        is_danger=True,
        cancel_url=reverse("core:home"),
    )
