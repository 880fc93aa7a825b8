"""Every group of checkboxes or radio buttons is a fieldset named by its legend (WCAG 1.3.1,
"Info and Relationships"): consent categories, screening signs, criteria items, risk groups,
needs and every other multiple-choice field, through the one field component."""

from __future__ import annotations

import copy
import importlib
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django import forms
from django.apps import apps
from django.forms.widgets import ChoiceWidget
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from atbalsts.accounts.models import User
from tests.core.helpers import signed_in_client
from tests.people.factories import make_case, make_person
from tests.screening.conftest import make_screening


@dataclass
class Group:
    legend: str = ""
    names: set[str] = field(default_factory=set)


class _Choices(HTMLParser):
    """The fieldsets of a page and the checkboxes and radio buttons outside any."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[Group] = []
        self.groups: list[Group] = []
        self.loose: list[str] = []
        self._in_legend = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "fieldset":
            self.open.append(Group())
        elif tag == "legend":
            self._in_legend = True
        elif tag == "input" and values.get("type") in {"checkbox", "radio"}:
            name = values.get("name") or ""
            if self.open:
                self.open[-1].names.add(name)
            else:
                self.loose.append(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "legend":
            self._in_legend = False
        elif tag == "fieldset" and self.open:
            self.groups.append(self.open.pop())

    def handle_data(self, data: str) -> None:
        if self._in_legend and self.open:
            self.open[-1].legend += data


def choice_groups(html: str) -> _Choices:
    parser = _Choices()
    parser.feed(html)
    return parser


def assert_every_choice_is_in_a_named_group(html: str) -> list[Group]:
    found = choice_groups(html)
    assert found.loose == [], f"checkboxes or radio buttons outside a fieldset: {found.loose}"
    groups = [group for group in found.groups if group.names]
    for group in groups:
        # The innermost fieldset is the question itself, not a section around several.
        assert len(group.names) == 1, group
        assert group.legend.strip(), f"a fieldset without a legend around {group.names}"
    return groups


def _choice_fields() -> list[tuple[str, str, forms.Field]]:
    """Every multiple-choice field (Django's use_fieldset widgets) of the project's forms."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("atbalsts."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for form_class in vars(module).values():
            if not (isinstance(form_class, type) and issubclass(form_class, forms.BaseForm)):
                continue
            for name, form_field in getattr(form_class, "base_fields", {}).items():
                widget = form_field.widget
                if isinstance(widget, ChoiceWidget) and getattr(widget, "use_fieldset", False):
                    found.append(
                        (f"{form_class.__module__}.{form_class.__name__}", name, form_field)
                    )
    return found


CHOICE_FIELDS = _choice_fields()


def test_the_project_has_multiple_choice_fields_to_check() -> None:
    names = {name for _form, name, _field in CHOICE_FIELDS}
    assert {"categories", "needs", "risk_groups", "criteria"} <= names


@pytest.mark.parametrize(
    ("form_name", "name", "form_field"),
    CHOICE_FIELDS,
    ids=[f"{form}.{name}" for form, name, _field in CHOICE_FIELDS],
)
def test_the_field_component_groups_the_choices_under_their_label(
    form_name: str, name: str, form_field: forms.Field
) -> None:
    one_field = copy.deepcopy(form_field)
    if not list(getattr(one_field, "choices", [])):
        one_field.choices = [("a", "A"), ("b", "B")]  # type: ignore[attr-defined]
    form = type("OneField", (forms.Form,), {name: one_field})()

    html = render_to_string("components/form_field.html", {"field": form[name]})

    [group] = assert_every_choice_is_in_a_named_group(html)
    assert group.names == {name}
    assert group.legend.strip().startswith(str(form_field.label))


# The pages themselves


def _body(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return str(response.content.decode())


@pytest.mark.django_db
def test_the_consent_and_case_management_pages_name_their_checkbox_groups(
    personas: dict[str, User],
) -> None:
    worker = personas["social_worker_a"]
    case = make_case(person=make_person(created_by=worker), created_by=worker)
    client = signed_in_client(Client(), worker)

    consent = assert_every_choice_is_in_a_named_group(
        _body(client, reverse("consent:consent_create", args=[case.person.uuid]))
    )
    management = assert_every_choice_is_in_a_named_group(
        _body(client, reverse("casework:edit", args=[case.uuid]))
    )

    assert [group.names for group in consent] == [{"categories"}]
    assert {"needs", "risk_groups"} <= {name for group in management for name in group.names}


@pytest.mark.django_db
@pytest.mark.parametrize("step", ["migration", "employment", "criteria", "needs"])
def test_the_screening_steps_name_their_checkbox_groups(
    step: str, personas: dict[str, User]
) -> None:
    worker = personas["social_worker_a"]
    case = make_case(person=make_person(created_by=worker), created_by=worker)
    screening = make_screening(case=case, created_by=worker)
    client = signed_in_client(Client(), worker)

    groups = assert_every_choice_is_in_a_named_group(
        _body(client, reverse("screening:step", args=[screening.uuid, step]))
    )

    assert groups


def test_a_checkbox_outside_a_fieldset_is_found() -> None:
    page = '<form><label><input type="checkbox" name="x"> X</label></form>'

    with pytest.raises(AssertionError):
        assert_every_choice_is_in_a_named_group(page)
    assert choice_groups(page).loose == ["x"]


def test_a_fieldset_around_two_questions_is_not_a_named_group() -> None:
    page = (
        "<fieldset><legend>Section</legend>"
        '<input type="checkbox" name="a"><input type="radio" name="b"></fieldset>'
    )

    with pytest.raises(AssertionError):
        assert_every_choice_is_in_a_named_group(page)
