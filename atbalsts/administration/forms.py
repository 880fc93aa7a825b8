"""Forms of the administration pages: every field named, nothing mass-assigned
(docs/security.md AZ-6).

The forms validate; the services write. Organisations are chosen by their UUID, so no
sequential id appears in a page or an address.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atbalsts.accounts.models import Organisation, OrganisationType, Role, User

STATUS_ACTIVE = "active"
STATUS_INACTIVE = "inactive"
STATUS_CHOICES = [
    ("", _("All")),
    (STATUS_ACTIVE, _("Active")),
    (STATUS_INACTIVE, _("Inactive")),
]
SEARCH_MAX_LENGTH = 100

if TYPE_CHECKING:
    _OrganisationModelForm = forms.ModelForm[Organisation]
    _UserModelForm = forms.ModelForm[User]
else:  # ModelForm is generic only for the type checker
    _OrganisationModelForm = _UserModelForm = forms.ModelForm


def _status_filter(value: str) -> bool | None:
    return {STATUS_ACTIVE: True, STATUS_INACTIVE: False}.get(value)


def _valid_values(form: forms.Form) -> dict[str, Any]:
    """The values that passed validation; an invalid filter is simply left out."""
    form.is_valid()
    return getattr(form, "cleaned_data", {})


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or code"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *OrganisationType.choices],
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)

    def filters(self) -> dict[str, Any]:
        """The filters as selector arguments."""
        data = _valid_values(self)
        return {
            "search": data.get("q", "").strip(),
            "organisation_type": data.get("type", ""),
            "is_active": _status_filter(data.get("status", "")),
        }


class UserFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Username or name"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        to_field_name="uuid",
        empty_label=_("All organisations"),
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        data = _valid_values(self)
        return {
            "search": data.get("q", "").strip(),
            "organisation": data.get("organisation"),
            "role": data.get("role", ""),
            "is_active": _status_filter(data.get("status", "")),
        }


class OrganisationCreateForm(_OrganisationModelForm):
    class Meta:
        model = Organisation
        fields = ["code", "name", "type", "region"]
        labels = {
            "code": _("Code"),
            "name": _("Name"),
            "type": _("Type"),
            "region": _("Region"),
        }
        help_texts = {
            "code": _(
                "A short identifier of lower-case letters, digits and hyphens, for example "
                "riga-sd. It cannot be changed later."
            ),
            "region": _("For example Rīga, Kurzeme or Latgale."),
        }


class OrganisationEditForm(_OrganisationModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "type", "region"]
        labels = OrganisationCreateForm.Meta.labels
        help_texts = {
            "type": _("The type can change only while every user's role fits the new type."),
            "region": OrganisationCreateForm.Meta.help_texts["region"],
        }


class _UserForm(_UserModelForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        to_field_name="uuid",
        empty_label=_("Choose an organisation"),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["role"].choices = [("", _("Choose a role")), *Role.choices]  # type: ignore[attr-defined]


_USER_LABELS = {
    "username": _("Username"),
    "full_name": _("Full name"),
    "email": _("E-mail"),
    "role": _("Role"),
}
_USER_HELP_TEXTS = {
    "username": _(
        "Lower-case letters, digits and . - _ only, for example anna.berzina. It cannot be "
        "changed later."
    ),
    "email": _("A work address. It is not used to sign in."),
    "role": _(
        "The role must fit the organisation: social workers and heads of social service "
        "belong to a municipal social service, provider roles to a service provider, the "
        "police official to the State Police, the coordinator to SIVA and the analyst to "
        "the ministry."
    ),
}


class UserCreateForm(_UserForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "email", "role", "organisation"]
        labels = _USER_LABELS
        help_texts = _USER_HELP_TEXTS
        widgets = {"username": forms.TextInput(attrs={"autocomplete": "off"})}

    def clean_username(self) -> str:
        # Usernames are stored in lower case; "Anna.Berzina" means "anna.berzina".
        return str(self.cleaned_data["username"]).strip().lower()


class UserEditForm(_UserForm):
    class Meta:
        model = User
        fields = ["full_name", "email", "role", "organisation"]
        labels = _USER_LABELS
        help_texts = _USER_HELP_TEXTS
