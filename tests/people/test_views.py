"""People pages: register, search, detail, edit (docs/security.md AZ-3, AZ-5, DP-5, LG-1, RE-1)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from atbalsts.audit.models import AuditEvent
from atbalsts.cases.models import Case
from atbalsts.people import texts
from atbalsts.people.models import Person
from atbalsts.rules.personal_code import Problem
from tests.core.pages import in_latvian, middleware_query_count, visible_text
from tests.people.conftest import CANARIES, WRONG_PERSONAS, assert_no_canary
from tests.people.factories import make_consent

pytestmark = pytest.mark.django_db

REGISTER = reverse("people:register")
SEARCH = reverse("people:search")
FIRST_CONTACT = {
    "arrival_stage": "during_course",
    "contact_channel": "phone",
    "referral_source": "ngo",
    "sex": "female",
    "citizenship_group": "latvia",
}


def _edit_data(person: Person, **changes: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        name: getattr(person, name) or "" for name in (*CANARIES, "sex", "citizenship_group")
    }
    data["birth_date"] = person.birth_date.isoformat() if person.birth_date else ""
    data["version"] = person.version
    return data | changes


def test_register_a_person_opens_a_case_and_redirects_to_it(client_of: Any) -> None:
    client = client_of("social_worker_a")

    response = client.post(
        REGISTER, {"first_name": "Līga", "last_name": "Ozola", **FIRST_CONTACT}, follow=True
    )

    case = Case.objects.get()
    assert response.redirect_chain == [(reverse("cases:detail", args=[case.uuid]), 302)]
    message = in_latvian(texts.PERSON_REGISTERED) % {
        "reference": case.person.reference,
        "code": case.code,
    }
    assert message in visible_text(response)
    # The person's name, not an organisation's "Nosaukums".
    assert "Vārds, uzvārds Līga Ozola" in visible_text(response)
    person_page = client.get(reverse("people:detail", args=[case.person.uuid]))
    assert "Anonīms kontakts Nē" in visible_text(person_page)
    assert case.referral_source == "ngo"


def test_register_an_anonymous_contact(client_of: Any) -> None:
    client = client_of("provider_case_manager")

    response = client.post(REGISTER, {"is_anonymous": "on", **FIRST_CONTACT})

    assert response.status_code == 302
    assert Person.objects.get().is_anonymous


def test_register_refusals_are_shown(client_of: Any) -> None:
    client = client_of("social_worker_a")

    response = client.post(REGISTER, {"first_name": "Līga", **FIRST_CONTACT})

    assert response.status_code == 200
    assert in_latvian(texts.LAST_NAME_REQUIRED) in visible_text(response)
    assert 'value="Līga"' in response.content.decode()
    assert not Person.objects.exists()


def _label(response: Any, field: str) -> str:
    """The text of the field's label as the page shows it."""
    body = response.content.decode()
    start = body.index(f'<label for="id_{field}">')
    return " ".join(re.sub(r"<[^>]+>", " ", body[start : body.index("</label>", start)]).split())


def test_the_register_page_marks_optional_fields_and_says_when_names_are_required(
    client_of: Any,
) -> None:
    page = client_of("social_worker_a").get(REGISTER)

    optional = in_latvian("optional")
    assert optional == "nav obligāti"
    for name in ("first_name", "last_name"):
        assert _label(page, name) in (in_latvian("First name"), in_latvian("Last name"))
    for name in ("personal_code", "birth_date", "phone"):
        assert _label(page, name).endswith(f"({optional})")
    # A tick box is neither required nor "optional": it is ticked or not.
    assert _label(page, "is_anonymous") == in_latvian("Anonymous contact")
    assert in_latvian(texts.NAME_HELP) in visible_text(page)
    assert in_latvian(texts.PERSONAL_CODE_HELP) in visible_text(page)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("12345", Problem.FORMAT),
        ("310225-20005", Problem.DATE),
        ("010190-12345", Problem.CHECK_DIGIT),
    ],
)
def test_a_personal_code_that_cannot_exist_is_shown_next_to_the_field_keeping_the_input(
    client_of: Any, typed: str, problem: Problem
) -> None:
    response = client_of("social_worker_a").post(
        REGISTER,
        {"first_name": "Līga", "last_name": "Ozola", "personal_code": typed, **FIRST_CONTACT},
    )

    assert response.status_code == 200
    body = response.content.decode()
    error = body[body.index('id="id_personal_code_error"') :]
    assert (
        escape(in_latvian(texts.PERSONAL_CODE_PROBLEMS[problem])) in error[: error.index("<input")]
    )
    assert f'value="{typed}"' in body
    assert not Person.objects.exists()


def test_a_code_typed_without_the_hyphen_is_kept_with_it_and_found_either_way(
    client_of: Any,
) -> None:
    client = client_of("social_worker_a")
    client.post(
        REGISTER,
        {
            "first_name": "Līga",
            "last_name": "Ozola",
            "personal_code": "01019012349",
            **FIRST_CONTACT,
        },
    )

    person = Person.objects.get()
    assert person.personal_code == "010190-12349"
    assert person.birth_date == datetime.date(1990, 1, 1)
    for typed in ("010190-12349", "01019012349"):
        found = client.post(SEARCH, {"personal_code": typed})
        assert person.reference in visible_text(found)


def test_the_first_edit_after_registering_is_no_conflict(client_of: Any) -> None:
    client = client_of("social_worker_a")
    client.post(REGISTER, {"first_name": "Līga", "last_name": "Ozola", **FIRST_CONTACT})
    person = Person.objects.get()
    url = reverse("people:edit", args=[person.uuid])
    form = client.get(url).content.decode()
    version = re.search(r'name="version" value="(\d+)"', form)
    assert version is not None

    saved = client.post(
        url,
        {
            "version": version[1],
            "first_name": "Līga",
            "last_name": "Ozola",
            "phone": "+371 20000001",
            "sex": "female",
            "citizenship_group": "latvia",
        },
        follow=True,
    )

    assert in_latvian(texts.PERSON_UPDATED) % {"reference": person.reference} in visible_text(saved)


@pytest.mark.parametrize("persona", ["police_member", "agency_coordinator", *WRONG_PERSONAS[1:]])
def test_roles_that_keep_no_cases_cannot_register(client_of: Any, persona: str) -> None:
    client = client_of(persona)

    assert client.get(REGISTER).status_code == 404
    assert (
        client.post(REGISTER, {"first_name": "A", "last_name": "B", **FIRST_CONTACT}).status_code
        == 404
    )
    assert not Person.objects.exists()


def test_search_by_name_without_diacritics_lists_references_only(
    client_of: Any, world: dict[str, Any]
) -> None:
    client = client_of("social_worker_a")

    response = client.post(SEARCH, {"full_name": "kanarijvards KANARIJUZVARDS"})

    assert response.status_code == 200
    assert world["person"].reference in visible_text(response)
    assert_no_canary(response.content)
    event = AuditEvent.objects.filter(action="sensitive_read").get()
    assert event.payload["results"] == [str(world["person"].uuid)]


def test_search_by_personal_code_and_no_result_message(
    client_of: Any, world: dict[str, Any]
) -> None:
    client = client_of("social_worker_a")

    found = client.post(SEARCH, {"personal_code": CANARIES["personal_code"]})
    missing = client.post(SEARCH, {"personal_code": "000000-00000"})
    empty = client.post(SEARCH, {})

    assert world["person"].reference in visible_text(found)
    assert in_latvian(texts.NO_SEARCH_RESULTS) in visible_text(missing)
    assert in_latvian(texts.SEARCH_TERM_REQUIRED) in visible_text(empty)


def test_search_terms_in_the_address_are_ignored(client_of: Any, world: dict[str, Any]) -> None:
    client = client_of("social_worker_a")

    response = client.get(SEARCH, {"personal_code": CANARIES["personal_code"]})

    assert response.status_code == 200
    assert world["person"].reference not in visible_text(response)
    assert not AuditEvent.objects.filter(action="sensitive_read").exists()


@pytest.mark.parametrize("persona", WRONG_PERSONAS)
def test_search_finds_nothing_for_the_wrong_persona(
    client_of: Any, world: dict[str, Any], persona: str
) -> None:
    response = client_of(persona).post(SEARCH, {"personal_code": CANARIES["personal_code"]})

    assert response.status_code in {200, 404}
    assert world["person"].reference not in response.content.decode()
    assert_no_canary(response.content)


def test_detail_shows_every_group_to_the_own_organisation_and_audits(
    client_of: Any, world: dict[str, Any]
) -> None:
    person = world["person"]

    response = client_of("social_worker_a").get(reverse("people:detail", args=[person.uuid]))

    text = visible_text(response)
    assert response.status_code == 200
    for value in CANARIES.values():
        assert value in text
    event = AuditEvent.objects.filter(action="sensitive_read").get()
    assert (event.object_type, event.object_uuid) == ("person", person.uuid)
    assert event.payload["view"] == "person_detail"


def test_detail_shows_a_consent_recipient_only_the_consented_groups(
    client_of: Any, world: dict[str, Any], personas: dict[str, Any]
) -> None:
    orgs = world["organisations"]
    make_consent(
        person=world["person"],
        holder=orgs["riga"],
        recipient=orgs["drosa_maja"],
        recorded_by=world["worker"],
        categories=["contact"],
    )

    response = client_of("provider_case_manager").get(
        reverse("people:detail", args=[world["person"].uuid])
    )

    text = visible_text(response)
    assert response.status_code == 200
    assert CANARIES["phone"] in text
    for name in ("first_name", "last_name", "personal_code", "shelter_location"):
        assert CANARIES[name] not in text
    assert "1999" not in text


@pytest.mark.parametrize("persona", WRONG_PERSONAS)
@pytest.mark.parametrize("name", ["people:detail", "people:edit"])
def test_the_wrong_persona_gets_404_without_a_trace_of_the_person(
    client_of: Any, world: dict[str, Any], persona: str, name: str
) -> None:
    client = client_of(persona)
    url = reverse(name, args=[world["person"].uuid])

    get, post = client.get(url), client.post(url, _edit_data(world["person"], phone="1"))

    assert get.status_code == 404
    # The detail page takes no POST: a role that may read cases gets 405 before anything is
    # looked up, any other role 404.
    assert post.status_code in ({404} if name == "people:edit" else {404, 405})
    for response in (get, post):
        assert_no_canary(response.content)
        assert world["person"].reference not in response.content.decode()
    assert Person.objects.get().phone == CANARIES["phone"]


def test_edit_saves_and_bumps_the_version(client_of: Any, world: dict[str, Any]) -> None:
    person = world["person"]
    client = client_of("social_worker_a")
    url = reverse("people:edit", args=[person.uuid])
    assert client.get(url).status_code == 200

    response = client.post(url, _edit_data(person, phone="+371 20000000"))

    assert response.status_code == 302
    fresh = Person.objects.get()
    assert (fresh.phone, fresh.version) == ("+371 20000000", 2)


def test_a_stale_edit_answers_409_with_both_versions_and_saves_nothing(
    client_of: Any, world: dict[str, Any]
) -> None:
    person = world["person"]
    url = reverse("people:edit", args=[person.uuid])
    alice, bob = client_of("social_worker_a"), client_of("social_worker_a")
    stale = _edit_data(person)
    assert alice.post(url, _edit_data(person, phone="+371 21111111")).status_code == 302

    response = bob.post(url, stale | {"phone": "+371 22222222"})

    assert response.status_code == 409
    text = visible_text(response)
    assert in_latvian(texts.EDIT_CONFLICT) in text
    assert "+371 21111111" in text
    assert "+371 22222222" in text
    fresh = Person.objects.get()
    assert (fresh.phone, fresh.version) == ("+371 21111111", 2)


def test_a_consent_recipient_cannot_edit(client_of: Any, world: dict[str, Any]) -> None:
    orgs = world["organisations"]
    make_consent(
        person=world["person"],
        holder=orgs["riga"],
        recipient=orgs["drosa_maja"],
        recorded_by=world["worker"],
        categories=["identity", "contact", "location"],
    )
    url = reverse("people:edit", args=[world["person"].uuid])

    assert client_of("provider_case_manager").get(url).status_code == 404
    assert (
        client_of("provider_case_manager")
        .get(reverse("cases:open", args=[world["person"].uuid]))
        .status_code
        == 404
    )


def test_pages_are_in_latvian_by_default(client: Client, client_of: Any) -> None:
    response = client_of("social_worker_a").get(REGISTER)

    assert in_latvian("Register a person") in visible_text(response)


def test_an_edit_that_removes_the_name_is_refused_with_the_message(
    client_of: Any, world: dict[str, Any]
) -> None:
    person = world["person"]
    url = reverse("people:edit", args=[person.uuid])

    response = client_of("social_worker_a").post(
        url, _edit_data(person, first_name="", last_name="")
    )

    assert response.status_code == 200
    assert in_latvian(texts.FIRST_NAME_REQUIRED) in visible_text(response)
    assert in_latvian(texts.LAST_NAME_REQUIRED) in visible_text(response)
    assert Person.objects.get().version == 1


# The person page's own queries (see the test below).
DETAIL_QUERIES = 6


def test_the_detail_query_count_does_not_grow_from_10_to_200_cases(
    client_of: Any, world: dict[str, Any]
) -> None:
    client = client_of("social_worker_a")
    url = reverse("people:detail", args=[world["person"].uuid])
    base = middleware_query_count(client)
    counts = []
    for added in (9, 190):
        # In bulk: the page's query count, not the writes, is under test.
        Case.objects.bulk_create(
            Case(
                person=world["person"],
                organisation=world["worker"].organisation,
                created_by=world["worker"],
            )
            for _ in range(added)
        )
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(context.captured_queries) - base)

    # The actor's organisation; the person and its relations (person_for); the audited read
    # (with PostgreSQL's chain lock); the person's cases with their organisations.
    expected = DETAIL_QUERIES + (1 if connection.vendor == "postgresql" else 0)
    assert counts == [expected, expected]


def test_a_missing_name_and_a_wrong_code_are_shown_at_once(client_of: Any) -> None:
    response = client_of("social_worker_a").post(
        REGISTER, {"first_name": "Līga", "personal_code": "12345", **FIRST_CONTACT}
    )

    text = visible_text(response)
    assert in_latvian(texts.LAST_NAME_REQUIRED) in text
    assert in_latvian(texts.PERSONAL_CODE_PROBLEMS[Problem.FORMAT]) in text
    assert not Person.objects.exists()


def test_editing_shows_a_removed_name_and_a_wrong_code_at_once(
    client_of: Any, world: dict[str, Any]
) -> None:
    person = world["person"]

    response = client_of("social_worker_a").post(
        reverse("people:edit", args=[person.uuid]),
        _edit_data(person, last_name="", personal_code="12345"),
    )

    text = visible_text(response)
    assert in_latvian(texts.LAST_NAME_REQUIRED) in text
    assert in_latvian(texts.PERSONAL_CODE_PROBLEMS[Problem.FORMAT]) in text
    assert Person.objects.get().version == 1


def test_an_anonymous_contact_is_edited_without_a_name_until_something_identifying_is_added(
    client_of: Any,
) -> None:
    client = client_of("social_worker_a")
    client.post(REGISTER, {"is_anonymous": "on", **FIRST_CONTACT})
    person = Person.objects.get()
    url = reverse("people:edit", args=[person.uuid])
    base = {"version": 1, "sex": "female", "citizenship_group": "third_country"}

    assert client.post(url, base).status_code == 302
    refused = client.post(url, {**base, "version": 2, "phone": "+371 20000002"})

    assert in_latvian(texts.FIRST_NAME_REQUIRED) in visible_text(refused)
    assert Person.objects.get().phone is None
