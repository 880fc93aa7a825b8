"""Forms of the people pages: every field named, nothing mass-assigned (docs/security.md AZ-6).

The forms validate input; the services decide and write. Plain forms rather than model
forms: the model's encrypted fields hold plaintext only on the instance, and the page
decides field by field what the actor may see.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.cases.forms import CaseOpenForm
from atbalsts.people import texts
from atbalsts.people.models import CitizenshipGroup, Sex
from atbalsts.people.services import IDENTIFYING_FIELDS, PersonDetails, personal_code_clean

NAME_MAX_LENGTH = 100
_SEARCH = {"autocomplete": "off", "spellcheck": "false"}


def _text(label: Any, max_length: int, **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.TextInput(attrs={"autocomplete": "off", **attrs}),
    )


class NameField(forms.CharField):
    """A name: required unless the contact is anonymous, which the service decides from the
    whole form; the label is not marked optional (components/form_field.html)."""

    is_conditionally_required = True

    def __init__(self, label: Any) -> None:
        super().__init__(
            label=label,
            required=False,
            max_length=NAME_MAX_LENGTH,
            help_text=texts.NAME_HELP,
            widget=forms.TextInput(attrs={"autocomplete": "off"}),
        )


class PersonDetailsForm(forms.Form):
    first_name = NameField(_("First name"))
    last_name = NameField(_("Last name"))
    personal_code = forms.CharField(
        label=_("Personal code"),
        required=False,
        max_length=32,
        help_text=texts.PERSONAL_CODE_HELP,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        help_text=texts.BIRTH_DATE_HELP,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    address = _text(_("Address"), 300)
    phone = _text(_("Phone"), 40, inputmode="tel")
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    shelter_location = _text(_("Current shelter location"), 200)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    citizenship_group = forms.ChoiceField(
        label=_("Citizenship"), choices=CitizenshipGroup.choices, initial=CitizenshipGroup.UNKNOWN
    )

    def clean_personal_code(self) -> str:
        return personal_code_clean(self.cleaned_data["personal_code"], today=timezone.localdate())

    def require_names(self, cleaned: dict[str, Any]) -> None:
        """Refuse each empty name beside its field. The service refuses the same; said here
        too, with the form's other errors, and not one submission later."""
        for name, message in (
            ("first_name", texts.FIRST_NAME_REQUIRED),
            ("last_name", texts.LAST_NAME_REQUIRED),
        ):
            if name in cleaned and not cleaned[name].strip():
                self.add_error(name, message)

    def details(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            personal_code=data["personal_code"].strip(),
            birth_date=data["birth_date"],
            address=data["address"].strip(),
            phone=data["phone"].strip(),
            email=data["email"].strip(),
            shelter_location=data["shelter_location"].strip(),
            sex=data["sex"],
            citizenship_group=data["citizenship_group"],
        )


class PersonRegisterForm(PersonDetailsForm, CaseOpenForm):
    is_anonymous = forms.BooleanField(
        label=_("Anonymous contact"),
        required=False,
        help_text=_(
            "The person asks for help without being identified. No identity or contact "
            "details are kept; they can be added later."
        ),
    )

    field_order = ["is_anonymous"]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        if not cleaned.get("is_anonymous"):
            self.require_names(cleaned)
        return cleaned


class PersonEditForm(PersonDetailsForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, is_anonymous: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_anonymous = is_anonymous

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        # An anonymous contact stays one until something identifying is entered.
        identifying = any(str(cleaned.get(name) or "").strip() for name in IDENTIFYING_FIELDS)
        if not self.is_anonymous or identifying:
            self.require_names(cleaned)
        return cleaned


class PersonSearchForm(forms.Form):
    personal_code = forms.CharField(
        label=_("Personal code"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs=_SEARCH),
    )
    full_name = forms.CharField(
        label=_("Full name"),
        help_text=_("First name and last name, exactly; letters with or without diacritics."),
        required=False,
        max_length=2 * NAME_MAX_LENGTH + 1,
        widget=forms.TextInput(attrs=_SEARCH),
    )

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        if (
            not cleaned.get("personal_code", "").strip()
            and not cleaned.get("full_name", "").strip()
        ):
            raise forms.ValidationError(texts.SEARCH_TERM_REQUIRED, code="required")
        return cleaned
