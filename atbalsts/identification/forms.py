"""Forms of the commission pages: every field named, codes from allow-lists (AZ-6, IN-1)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from atbalsts.accounts.models import User
from atbalsts.identification import texts
from atbalsts.identification.models import (
    CommissionRole,
    CommissionStatus,
    IdentificationBasis,
    InterviewMode,
    ProceedingsStatus,
)
from atbalsts.rules import commission as rules
from atbalsts.rules.catalogue import choices
from atbalsts.rules.errors import RuleInputError

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _UserChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.username)


class CommissionConveneForm(forms.Form):
    meeting_on = forms.DateField(label=_("Meeting date"), widget=DATE)
    is_person_abroad = forms.BooleanField(label=_("The person is abroad"), required=False)
    interview_mode = forms.ChoiceField(label=_("Interview"), choices=InterviewMode.choices)
    social_worker = _UserChoice(label=_("Social worker"), queryset=User.objects.none())
    psychologist = _UserChoice(label=_("Psychologist"), queryset=User.objects.none())
    lawyer = _UserChoice(label=_("Lawyer"), queryset=User.objects.none())
    police_official = _UserChoice(label=_("State Police official"), queryset=User.objects.none())
    other = _UserChoice(label=_("Other specialist"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, provider_users: Any, police_users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("social_worker", "psychologist", "lawyer", "other"):
            self.fields[name].queryset = provider_users  # type: ignore[attr-defined]
        self.fields["police_official"].queryset = police_users  # type: ignore[attr-defined]

    def members(self) -> list[tuple[User, str]]:
        data = self.cleaned_data
        seats = [
            (data["social_worker"], CommissionRole.SOCIAL_WORKER),
            (data["psychologist"], CommissionRole.PSYCHOLOGIST),
            (data["lawyer"], CommissionRole.LAWYER),
            (data["police_official"], CommissionRole.POLICE_OFFICIAL),
        ]
        if data.get("other"):
            seats.append((data["other"], CommissionRole.OTHER))
        return [(user, str(role)) for user, role in seats]


class CommissionDecideForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    is_recognised = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Recognised as a victim")), ("no", _("Not recognised"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    criteria = forms.MultipleChoiceField(
        label=_("Criteria found"), required=False, widget=forms.CheckboxSelectMultiple
    )
    justification = forms.CharField(
        label=_("Justification"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    protocol_number = forms.CharField(label=_("Protocol number"), max_length=40)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criteria"].choices = choices("criteria", get_language() or "lv")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        # Checked before the opinion is shown for confirmation, as the service checks it.
        data = super().clean() or {}
        if "is_recognised" in data and "criteria" in data:
            try:
                rules.check_opinion(
                    is_recognised=data["is_recognised"], criteria_items=data["criteria"]
                )
            except RuleInputError:
                self.add_error("criteria", texts.POSITIVE_NEEDS_CRITERION)
        return data


class RecognitionForm(forms.Form):
    """Recognition on a law-enforcement document (the commission's is recorded with its
    opinion)."""

    basis = forms.ChoiceField(
        label=_("Basis"),
        choices=[
            (basis.value, basis.label)
            for basis in (
                IdentificationBasis.CRIMINAL_PROCEEDINGS_DECISION,
                IdentificationBasis.FOREIGN_LAW_ENFORCEMENT_CERTIFICATE,
            )
        ],
        widget=forms.RadioSelect,
    )
    proceedings_status = forms.ChoiceField(
        label=_("Status in the criminal proceedings"),
        choices=[("", "—"), *ProceedingsStatus.choices],
        required=False,
        help_text=_("Only for a decision in criminal proceedings in Latvia."),
    )
    document_reference = forms.CharField(label=_("Document number"), max_length=120)
    document_date = forms.DateField(label=_("Document date"), widget=DATE)
    document_issuer = forms.CharField(label=_("Issued by"), max_length=200)
    recognised_on = forms.DateField(label=_("Recognised on"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        # Checked before the recognition is shown for confirmation, as the service checks it.
        data = super().clean() or {}
        if data.get("basis") == IdentificationBasis.CRIMINAL_PROCEEDINGS_DECISION and not data.get(
            "proceedings_status"
        ):
            self.add_error("proceedings_status", texts.PROCEEDINGS_STATUS_REQUIRED)
        return data

    def basis_label(self) -> str:
        return str(IdentificationBasis(self.cleaned_data["basis"]).label)

    def proceedings_status_label(self) -> str:
        code = self.cleaned_data.get("proceedings_status")
        return str(ProceedingsStatus(code).label) if code else ""


class CommissionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *CommissionStatus.choices]
    )

    def status_filter(self) -> str:
        return str(self.cleaned_data.get("status", "")) if self.is_valid() else ""
