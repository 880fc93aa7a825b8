"""Forms of the consent and referral pages: every field named, nothing mass-assigned
(docs/security.md AZ-6). Organisations and consents are chosen by UUID, never by sequential id.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.accounts.models import Organisation
from atbalsts.consent.models import (
    EMERGENCY_REASON_MIN_LENGTH,
    Consent,
    ConsentPurpose,
    InformationCategory,
    ReferralStatus,
)

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _ConsentTermsForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    categories = forms.MultipleChoiceField(
        label=_("Information the recipient may see"),
        choices=InformationCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    given_on = forms.DateField(label=_("Consent given on"), widget=_DATE)
    evidence_reference = forms.CharField(
        label=_("Signed form reference"),
        max_length=120,
        help_text=_("Where the signed consent form is kept, for example its register number."),
    )


class ConsentForm(_ConsentTermsForm):
    recipient = forms.ModelChoiceField(
        label=_("Recipient organisation"),
        queryset=Organisation.objects.none(),
        to_field_name="uuid",
    )
    field_order = ["recipient", "purpose", "categories", "given_on", "evidence_reference"]

    def __init__(self, *args: Any, recipients: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients  # type: ignore[attr-defined]


class ConsentDraftForm(ConsentForm):
    """The record-consent page's choices, for the form the person signs first: the date and
    the signed form's reference are not known yet (the form leaves them to be filled in)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_on"].required = False
        self.fields["evidence_reference"].required = False


class SupersedeForm(_ConsentTermsForm):
    pass


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("Withdrawn on"), widget=_DATE, initial=timezone.localdate
    )


class ReferralForm(forms.Form):
    consent = forms.ModelChoiceField(
        label=_("Recipient, by the person's consent to referral"),
        queryset=Consent.objects.none(),
        to_field_name="uuid",
        empty_label=None,
    )

    def __init__(self, *args: Any, consents: QuerySet[Consent], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["consent"]
        field.queryset = consents  # type: ignore[attr-defined]
        field.label_from_instance = lambda consent: str(consent.recipient.name)  # type: ignore[attr-defined]


class ConfirmForm(forms.Form):
    """A confirmation with nothing to fill in: the button is the answer."""


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The sender sees this. Do not write the person's name."),
    )


class EmergencyAccessForm(forms.Form):
    reason = forms.CharField(
        label=_("Emergency or legal duty"),
        min_length=EMERGENCY_REASON_MIN_LENGTH,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Why the case must be opened now without the person's consent. Data-protection "
            "officers review every emergency access."
        ),
    )


class ReferralFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *ReferralStatus.choices],
    )

    def status_filter(self) -> str:
        return str(self.cleaned_data.get("status", "")) if self.is_valid() else ""


class SharedCaseFilterForm(forms.Form):
    holder = forms.ModelChoiceField(
        label=_("Kept by"),
        required=False,
        queryset=Organisation.objects.none(),
        to_field_name="uuid",
        empty_label=_("All"),
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"), required=False, choices=[("", _("All")), *ConsentPurpose.choices]
    )
    code = forms.CharField(label=_("Case code"), required=False, max_length=16)

    def __init__(self, *args: Any, holders: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = holders  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "holder": data.get("holder"),
            "purpose": data.get("purpose", ""),
            "code": data.get("code", ""),
        }
