"""Forms of the case pages: every field named, nothing mass-assigned (docs/security.md AZ-6)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.cases.models import (
    ArrivalStage,
    CaseStatus,
    ClosureReason,
    ContactChannel,
    ReferralSource,
)
from atbalsts.cases.selectors import CaseStage


class CaseOpenForm(forms.Form):
    arrival_stage = forms.ChoiceField(
        label=_("When did the person reach you?"), choices=ArrivalStage.choices
    )
    contact_channel = forms.ChoiceField(label=_("How?"), choices=ContactChannel.choices)
    referral_source = forms.ChoiceField(
        label=_("Who referred the person?"), choices=ReferralSource.choices
    )


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *CaseStatus.choices]
    )

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"status": data.get("status", "")}


class CaseListFilterForm(CaseFilterForm):
    """The case list's filters: the status, and where the case stands."""

    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All")), *CaseStage.choices]
    )

    def filters(self) -> dict[str, Any]:
        filters = super().filters()
        return {**filters, "stage": getattr(self, "cleaned_data", {}).get("stage", "")}


class CaseCloseForm(forms.Form):
    closed_on = forms.DateField(
        label=_("Closed on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    closure_reason = forms.ChoiceField(label=_("Reason"), choices=ClosureReason.choices)
