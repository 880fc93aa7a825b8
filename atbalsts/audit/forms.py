"""The audit trail's search form. Its values travel in a POST body, never in the address
(docs/security.md DP-5): a person's identifier in a URL ends up in logs and browser history."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atbalsts.audit import texts
from atbalsts.audit.labels import ACTION_LABELS


def _action_choices() -> list[tuple[str, str]]:
    labelled = sorted(((code, str(label)) for code, label in ACTION_LABELS.items()), key=_label)
    return [("", str(texts.ANY_ACTION)), *labelled]


def _label(choice: tuple[str, str]) -> str:
    return choice[1].casefold()


def _date_input() -> forms.DateInput:
    # The browser's date field takes ISO whatever the language's own input formats put first.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EventSearchForm(forms.Form):
    # Named as before the codes were accepted: the names of the filters used are recorded in
    # the trail, and the officer's earlier searches should read the same.
    object_uuid = forms.CharField(
        label=_("Case code, person reference or identifier"),
        help_text=_("For example AT-7KQ2-M9XD or P-4HB8-Q2ZN."),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    username = forms.CharField(
        label=_("Username of the actor"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    action = forms.ChoiceField(label=_("Action"), required=False, choices=_action_choices)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", texts.DATE_RANGE_REVERSED)
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The valid, non-empty filters, as the selector's keyword arguments."""
        if not self.is_bound or not self.is_valid():
            return {}
        values: dict[str, str | datetime.date] = {
            name: value for name, value in self.cleaned_data.items() if value not in (None, "")
        }
        return values
