"""Forms of the SIVA pages (AZ-6, IN-1)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.agency import texts
from atbalsts.agency.models import SubmissionStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SubmissionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *SubmissionStatus.choices]
    )

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {"status": getattr(self, "cleaned_data", {}).get("status", "")}


class ReceiveForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput, initial="receive")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    received_on = forms.DateField(
        label=_("Documents received on"), widget=DATE, initial=timezone.localdate
    )


DECISIONS = [
    ("grant", _("Grant the service")),
    ("waiting_list", _("Place on the waiting list")),
    ("refuse", _("Refuse the service")),
]


class DecideForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput, initial="decide")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=DECISIONS,
        widget=forms.RadioSelect,
    )
    waiting_list_position = forms.IntegerField(
        label=_("Position on the waiting list"), required=False, min_value=1, max_value=10000
    )
    refusal_reason = forms.CharField(
        label=_("Reason for refusal"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        # Checked before the decision is shown for confirmation, as the service checks it.
        data = super().clean() or {}
        if data.get("decision") == "waiting_list" and not data.get("waiting_list_position"):
            self.add_error("waiting_list_position", texts.POSITION_REQUIRED)
        if data.get("decision") == "refuse" and not str(data.get("refusal_reason", "")).strip():
            self.add_error("refusal_reason", texts.REASON_REQUIRED)
        return data

    def decision_label(self) -> str:
        """The chosen decision in the page's words (the form is valid)."""
        return str(dict(DECISIONS)[self.cleaned_data["decision"]])


class SubmitConfirmForm(forms.Form):
    """The provider's confirmation that the documents shown go to SIVA: without it a POST
    sends nothing (a page from before the confirmation existed, a replayed request)."""

    confirm = forms.ChoiceField(
        choices=[("send", "send")], widget=forms.HiddenInput, initial="send"
    )
