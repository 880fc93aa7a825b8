"""Forms of the case management pages: every field named, codes from allow-lists, free
text capped (docs/security.md AZ-6)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from atbalsts.accounts.models import Organisation
from atbalsts.cases.models import ClosureReason
from atbalsts.casework.models import (
    ActivityKind,
    CaseStep,
    EvaluationOutcome,
    FamilyTaskStatus,
    RiskLevel,
)
from atbalsts.casework.services import ManagementDetails, Reply
from atbalsts.rules import catalogue

TEXT_MAX = 4000


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _language() -> str:
    return get_language() or "lv"


def _text(label: Any, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ManagementForm(forms.Form):
    interview_notes = _text(_("Interview: the person's situation in their own words"))
    needs = forms.MultipleChoiceField(
        label=_("Needs"), required=False, widget=forms.CheckboxSelectMultiple
    )
    home_visit_on = forms.DateField(label=_("Home visit on"), required=False, widget=_date_input())
    home_visit_notes = _text(_("Home visit notes"))
    risk_level = forms.ChoiceField(
        label=_("Social risk level"), required=False, choices=[("", "—"), *RiskLevel.choices]
    )
    risk_groups = forms.MultipleChoiceField(
        label=_("Risk groups"), required=False, widget=forms.CheckboxSelectMultiple
    )
    plan_notes = _text(_("Rehabilitation plan: goals and resources"))
    evaluation_due_on = forms.DateField(
        label=_("Evaluate the plan by"), required=False, widget=_date_input()
    )
    evaluation_outcome = forms.ChoiceField(
        label=_("Evaluation outcome"),
        required=False,
        choices=[("", "—"), *EvaluationOutcome.choices],
    )
    closure_reason = forms.ChoiceField(
        label=_("Closure reason"), required=False, choices=[("", "—"), *ClosureReason.choices]
    )
    evaluation_notes = _text(_("Evaluation notes"))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = _language()
        self.fields["needs"].choices = catalogue.choices("needs", language)  # type: ignore[attr-defined]
        self.fields["risk_groups"].choices = catalogue.choices("risk_groups", language)  # type: ignore[attr-defined]

    def details(self) -> ManagementDetails:
        data = self.cleaned_data
        return ManagementDetails(
            interview_notes=data["interview_notes"],
            needs=list(data["needs"]),
            home_visit_on=data["home_visit_on"],
            home_visit_notes=data["home_visit_notes"],
            risk_level=data["risk_level"],
            risk_groups=list(data["risk_groups"]),
            plan_notes=data["plan_notes"],
            evaluation_due_on=data["evaluation_due_on"],
            evaluation_outcome=data["evaluation_outcome"],
            closure_reason=data["closure_reason"],
            evaluation_notes=data["evaluation_notes"],
        )


class AdvanceForm(forms.Form):
    step = forms.ChoiceField(label=_("Next step"), choices=CaseStep.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Activity"), choices=ActivityKind.choices)
    starts_on = forms.DateField(
        label=_("Starts on"), initial=timezone.localdate, widget=_date_input()
    )
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=_date_input())
    notes = _text(_("Notes"))


class FollowUpScheduleForm(forms.Form):
    due_on = forms.DateField(label=_("Contact due on"), widget=_date_input())


class FollowUpRecordForm(forms.Form):
    done_on = forms.DateField(
        label=_("Contact made on"), initial=timezone.localdate, widget=_date_input()
    )
    retrafficking_risk = forms.ChoiceField(
        label=_("Risk of re-trafficking"), choices=RiskLevel.choices
    )
    outcome = _text(_("Outcome of the contact"), required=True)


class FamilyTaskForm(forms.Form):
    task = forms.ChoiceField(label=_("Task"))
    status = forms.ChoiceField(label=_("Status"), choices=FamilyTaskStatus.choices)
    notes = _text(_("Notes"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = catalogue.choices("family_tasks", _language())  # type: ignore[attr-defined]


class FamilyTaskUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FamilyTaskStatus.choices)
    notes = _text(_("Notes"))


class InformationRequestForm(forms.Form):
    provider = forms.ModelChoiceField(
        label=_("Service provider"),
        queryset=Organisation.objects.none(),
        to_field_name="uuid",
        empty_label=_("Choose the provider"),
    )
    question = _text(_("What you would like to know"), required=True)

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]


class ReplyForm(forms.Form):
    scope = _text(_("Scope of the services given"), required=True)
    progress = _text(_("Progress of the case"), required=True)
    recommendations = _text(_("Recommendations for further work"), required=True)

    def reply(self) -> Reply:
        data = self.cleaned_data
        return Reply(
            scope=data["scope"], progress=data["progress"], recommendations=data["recommendations"]
        )


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("sent", _("Awaiting reply")), ("answered", _("Answered"))],
    )

    def status_value(self) -> str:
        return str(self.cleaned_data.get("status", "")) if self.is_valid() else ""
