"""Forms of the partner directory: every field named, lengths capped (docs/security.md AZ-6)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atbalsts.directory import texts
from atbalsts.directory.services import ContactDetails

_PHONE = re.compile(r"^\+?[0-9 ]{3,20}$")


class ContactFilterForm(forms.Form):
    query = forms.CharField(label=_("Name or address contains"), required=False, max_length=100)

    def query_value(self) -> str:
        return str(self.cleaned_data.get("query", "")) if self.is_valid() else ""


class ContactForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    name = forms.CharField(label=_("Name"), max_length=200)
    phones = forms.CharField(
        label=_("Phone numbers"),
        help_text=_("One number a line."),
        required=False,
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    trust_line = forms.CharField(label=_("Trust line"), required=False, max_length=40)
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=200)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    web = forms.CharField(label=_("Web address"), required=False, max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def clean_phones(self) -> list[str]:
        lines = [line.strip() for line in str(self.cleaned_data["phones"]).splitlines()]
        phones = [line for line in lines if line]
        if any(not _PHONE.match(phone) for phone in phones):
            raise forms.ValidationError(texts.PHONE_INVALID)
        return phones

    def details(self) -> ContactDetails:
        data: dict[str, Any] = self.cleaned_data
        return ContactDetails(
            code=data["code"],
            name=data["name"],
            phones=data["phones"],
            email=data["email"],
            address=data["address"],
            web=data["web"],
            trust_line=data["trust_line"],
        )
