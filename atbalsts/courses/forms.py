"""Forms of the course pages: every field named, codes allow-listed from the catalogue,
free text capped (docs/security.md AZ-6)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from atbalsts.accounts.models import User
from atbalsts.courses import texts
from atbalsts.courses.models import (
    AfterCourseRoute,
    CourseStatus,
    EndReason,
    ProceduralStatus,
    ServiceLine,
)
from atbalsts.courses.services import DeliveryInput, PlanGoals
from atbalsts.rules.catalogue import choices

TEXT_MAX = 4000
NOTE_MAX = 1000


def _lang() -> str:
    return "lv" if (get_language() or "lv").startswith("lv") else "en"


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


class CourseStartForm(forms.Form):
    start_date = _date_field(_("Start date"), initial=timezone.localdate)


class CourseEndForm(forms.Form):
    end_date = _date_field(_("End date"), initial=timezone.localdate)
    end_reason = forms.ChoiceField(label=_("Reason"), choices=EndReason.choices)
    end_note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the reason is “Other”."),
    )


class PlanForm(forms.Form):
    short_term_goals = forms.CharField(
        label=_("Short-term goals"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    long_term_goals = forms.CharField(
        label=_("Long-term goals"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def goals(self) -> PlanGoals:
        return PlanGoals(
            short_term_goals=self.cleaned_data["short_term_goals"],
            long_term_goals=self.cleaned_data["long_term_goals"],
        )


class SpecialistChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # generic only in stubs
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.username


class PlanTaskForm(forms.Form):
    description = forms.CharField(
        label=_("Task"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    responsible = SpecialistChoiceField(
        label=_("Responsible specialist"),
        queryset=User.objects.none(),
        to_field_name="uuid",
    )
    due_on = _date_field(_("Due date"))

    def __init__(self, *args: Any, specialists: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[User]", self.fields["responsible"])
        field.queryset = specialists


class PlanReviewForm(forms.Form):
    reviewed_on = _date_field(_("Reviewed on"), initial=timezone.localdate)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    next_review_on = _date_field(_("Next review on"))


class CourseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            *CourseStatus.choices,
            # courses.selectors.ENDING_SOON within COURSE_ENDING_DAYS.
            ("ending_soon", _("Ending within 14 days")),
        ],
    )

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"status": data.get("status", "")}


class DeliveryFilterForm(forms.Form):
    service = forms.ChoiceField(
        label=_("Entitlement"),
        required=False,
        choices=[("", _("All")), *ServiceLine.choices],
    )

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"service": data.get("service", "")}


class DeliveryKindForm(forms.Form):
    """The first step of recording a service: which entitlement it draws on (a GET form, so
    that the form of that entitlement follows without JavaScript)."""

    service = forms.ChoiceField(
        label=_("Entitlement"),
        choices=[("", "—"), *ServiceLine.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own ids: the form of the entitlement below carries "service" as a hidden field.
        kwargs.setdefault("auto_id", "kind_%s")
        super().__init__(*args, **kwargs)

    def chosen(self) -> str | None:
        return self.cleaned_data["service"] if self.is_valid() else None


# The fields each entitlement needs besides the quantity and the date.
DELIVERY_FIELDS: dict[str, tuple[str, ...]] = {
    ServiceLine.COURSE: ("course_service", "specialist", "minor_children"),
    ServiceLine.FAMILY_MINOR_CONSULTATION: ("specialist",),
    ServiceLine.AFTER_COURSE_CONSULTATION: ("specialist",),
    ServiceLine.CRIMINAL_PROCESS_SUPPORT: ("support_kind",),
}
CONDITIONAL_FIELDS = ("course_service", "specialist", "support_kind", "minor_children")


class DeliveryForm(forms.Form):
    """One delivery of the entitlement ``service``: only that entitlement's fields, its kind
    from that entitlement's list."""

    service = forms.ChoiceField(choices=ServiceLine.choices, widget=forms.HiddenInput)
    course_service = forms.ChoiceField(label=_("Course service"), required=False)
    specialist = forms.ChoiceField(
        label=_("Specialist"),
        required=False,
        help_text=_("For every consultation."),
    )
    support_kind = forms.ChoiceField(label=_("Kind of support"), required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        min_value=Decimal(0),
        max_value=Decimal(100000),
        max_digits=9,
        decimal_places=2,
        help_text=_(
            "Hours for consultations, support, self-care skills and education; nights for "
            "accommodation; euro for essentials, transport, documents and travel."
        ),
    )
    minor_children = forms.IntegerField(
        label=_("Minor children accommodated with the person"),
        required=False,
        min_value=0,
        max_value=20,
        initial=0,
        help_text=_("For accommodation nights only."),
    )
    delivered_on = _date_field(_("Date"), initial=timezone.localdate)

    def __init__(self, *args: Any, service: str, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["service"] = service
        super().__init__(*args, **kwargs)
        self.chosen_service = service
        kept = DELIVERY_FIELDS[service]
        for name in CONDITIONAL_FIELDS:
            if name not in kept:
                del self.fields[name]
        # The entitlement's own kind is required; its message says what to choose.
        needed = {
            ServiceLine.COURSE: ("course_service", texts.KIND_NOT_IN_LIST),
            ServiceLine.CRIMINAL_PROCESS_SUPPORT: ("support_kind", texts.KIND_NOT_IN_LIST),
        }.get(ServiceLine(service), ("specialist", texts.SPECIALIST_REQUIRED))
        self.fields[needed[0]].required = True
        self.fields[needed[0]].error_messages["required"] = needed[1]
        lang = _lang()
        if service == ServiceLine.COURSE:
            self._set_choices("course_service", choices("course_services", lang))
            self.fields["specialist"].help_text = _("For a consultation.")
        elif service == ServiceLine.CRIMINAL_PROCESS_SUPPORT:
            self._set_choices("support_kind", choices("criminal_process_support_kinds", lang))
            self.fields["quantity"].help_text = _("In hours.")
        else:
            self.fields["quantity"].help_text = _("In hours.")
        if "specialist" in self.fields:
            self._set_choices("specialist", choices("specialists", lang))

    def _set_choices(self, name: str, options: tuple[tuple[str, str], ...]) -> None:
        field = cast("forms.ChoiceField", self.fields[name])
        field.choices = [("", "—"), *options]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The entitlement is the one this form was made for, whatever a hidden field says.
        service = data["service"] = self.chosen_service
        course_service = data.get("course_service") or ""
        specialist = data.get("specialist") or ""
        support_kind = data.get("support_kind") or ""
        children = data.get("minor_children") or 0
        quantity = data.get("quantity")
        if quantity is not None and quantity <= 0:
            self.add_error("quantity", texts.QUANTITY_POSITIVE)
        kind = ""
        # A missing kind of the entitlement is already the field's own "required" error.
        if service == ServiceLine.COURSE:
            if course_service == "consultation" and not specialist:
                self.add_error("specialist", texts.SPECIALIST_REQUIRED)
            kind = course_service
            if course_service != "consultation":
                specialist = ""
        elif service == ServiceLine.CRIMINAL_PROCESS_SUPPORT:
            kind, specialist = support_kind, ""
        else:
            kind = specialist
        if children and not (service == ServiceLine.COURSE and course_service == "accommodation"):
            self.add_error("minor_children", texts.CHILDREN_ONLY_FOR_ACCOMMODATION)
        data["kind"] = kind
        data["specialist_code"] = specialist
        return data

    def entry(self) -> DeliveryInput:
        data = self.cleaned_data
        return DeliveryInput(
            service=data["service"],
            kind=data["kind"],
            specialist=data["specialist_code"],
            quantity=data["quantity"],
            minor_children=data.get("minor_children") or 0,
            delivered_on=data["delivered_on"],
        )


class AfterCourseForm(forms.Form):
    route = forms.ChoiceField(
        label=_("After the course"),
        choices=AfterCourseRoute.choices,
        widget=forms.RadioSelect,
    )
    procedural_status = forms.ChoiceField(
        label=_("Status in criminal proceedings"),
        required=False,
        choices=[("", "—"), *ProceduralStatus.choices],
        help_text=_("For criminal-process support."),
    )
    has_state_legal_aid = forms.BooleanField(
        label=_("The person receives state-provided legal aid"), required=False
    )
    support_granted_on = _date_field(
        _("Support granted on"),
        required=False,
        help_text=_("Leave empty if support runs from the day after the course ends."),
    )
