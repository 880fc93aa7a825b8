"""The data-protection officer's audit trail (docs/security.md LG-1, LG-3, AZ-3, AZ-10)."""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import escape
from pytest_django import DjangoAssertNumQueries

from atbalsts.accounts.models import User
from atbalsts.audit import texts
from atbalsts.audit.display import payload_items
from atbalsts.audit.models import AuditEvent
from atbalsts.audit.services import audit_record
from tests.audit.test_anchors import _write_anchor
from tests.audit.test_chain import _raw_sql
from tests.core.helpers import signed_in_client
from tests.core.pages import in_latvian
from tests.people.factories import make_case, make_person

pytestmark = pytest.mark.django_db

TRAIL = reverse("audit:trail")
VERIFY = reverse("audit:chain_verify")
PERSON = uuid.UUID("5e1d0a4c-3f4e-4c61-9d1a-0b7c2f6a9e11")
OTHER = uuid.UUID("7a2b3c4d-0000-4000-8000-000000000001")


def _message(text: str | Promise, **values: object) -> str:
    return escape(in_latvian(text) % values)


@pytest.fixture
def dpo_client(client: Client, personas: dict[str, User]) -> Client:
    return signed_in_client(client, personas["dpo"])


def _read(actor: User, object_uuid: uuid.UUID, purpose: str = "") -> AuditEvent:
    return audit_record(
        actor=actor,
        action="sensitive_read",
        object_type="person",
        object_uuid=object_uuid,
        purpose=purpose,
        payload={"view": "detail"},
    )


def test_the_dpo_sees_the_trail_and_the_reading_is_recorded(
    dpo_client: Client, personas: dict[str, User]
) -> None:
    _read(personas["social_worker_a"], PERSON, purpose="case review")

    response = dpo_client.get(TRAIL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "riga.social" in html
    assert "sensitive_read" in html
    assert "case review" in html
    assert _message(texts.CHAIN_NOT_VERIFIED) in html
    viewed = AuditEvent.objects.get(action="audit_trail_viewed")
    assert viewed.actor == personas["dpo"]
    assert viewed.payload == {"view": "search", "filters": []}


@pytest.mark.parametrize(
    "persona",
    ["social_worker_a", "provider_head", "agency_coordinator", "ministry_analyst", "system_admin"],
)
def test_every_other_role_gets_404_and_the_refusal_is_recorded(
    client: Client, personas: dict[str, User], persona: str
) -> None:
    _read(personas["social_worker_a"], PERSON)
    signed_in = signed_in_client(client, personas[persona])

    responses = [
        signed_in.get(TRAIL),
        signed_in.post(TRAIL, {"object_uuid": str(PERSON)}),
        signed_in.post(VERIFY),
        signed_in.get(reverse("audit:object_events", args=[PERSON])),
    ]

    assert [r.status_code for r in responses] == [404] * 4
    assert all("riga.social" not in r.content.decode() for r in responses)
    refusals = AuditEvent.objects.filter(action="authz_fail").order_by("seq")
    assert refusals.count() == 4
    last = refusals.last()
    assert last is not None
    assert last.actor == personas[persona]
    assert last.object_type == "audit_trail"
    assert last.object_uuid == PERSON
    assert last.payload == {"reason": "missing_capability"}
    assert not AuditEvent.objects.filter(action="audit_trail_viewed").exists()


def test_search_by_object_actor_action_and_dates_in_the_post_body(
    dpo_client: Client, personas: dict[str, User]
) -> None:
    _read(personas["social_worker_a"], PERSON)
    _read(personas["social_worker_b"], OTHER)
    audit_record(actor=personas["social_worker_b"], action="case_opened", object_uuid=PERSON)

    by_object = dpo_client.post(TRAIL, {"object_uuid": str(PERSON)}).content.decode()
    by_actor = dpo_client.post(TRAIL, {"username": "daugavpils.social"}).content.decode()
    by_action = dpo_client.post(TRAIL, {"action": "case_opened"}).content.decode()
    today = timezone.localdate()
    in_range = dpo_client.post(
        TRAIL, {"date_from": today.isoformat(), "date_to": today.isoformat()}
    ).content.decode()
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    out_of_range = dpo_client.post(TRAIL, {"date_from": tomorrow}).content.decode()

    assert str(PERSON) in by_object
    assert str(OTHER) not in by_object
    assert "riga.social" not in by_actor
    assert str(OTHER) in by_actor
    assert "case_opened" in by_action
    assert "sensitive_read" not in by_action.split("<table", 1)[-1]
    assert "riga.social" in in_range
    assert _message(texts.NO_EVENTS) in out_of_range
    viewed = AuditEvent.objects.filter(action="audit_trail_viewed").order_by("seq").first()
    assert viewed is not None
    assert viewed.object_uuid == PERSON
    assert viewed.payload == {"view": "search", "filters": ["object_uuid"]}


def test_a_reversed_date_range_is_explained(dpo_client: Client) -> None:
    response = dpo_client.post(TRAIL, {"date_from": "2026-11-29", "date_to": "2026-11-01"})

    assert _message(texts.DATE_RANGE_REVERSED) in response.content.decode()


def test_the_object_page_lists_who_looked_at_the_person_when_and_why(
    dpo_client: Client, personas: dict[str, User]
) -> None:
    _read(personas["social_worker_a"], PERSON, purpose="referral check")
    _read(personas["provider_head"], PERSON)
    _read(personas["police_member"], OTHER)

    response = dpo_client.get(reverse("audit:object_events", args=[PERSON]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "riga.social" in html
    assert "dm.head" in html
    assert "drosa-maja" in html
    assert "referral check" in html
    assert "police.member" not in html
    viewed = AuditEvent.objects.get(action="audit_trail_viewed")
    assert (viewed.object_uuid, viewed.payload["view"]) == (PERSON, "object")


def test_the_list_pages_by_fifty_with_the_page_in_the_post_body(
    dpo_client: Client, personas: dict[str, User]
) -> None:
    for _ in range(55):
        _read(personas["social_worker_a"], PERSON)

    first = dpo_client.post(reverse("audit:object_events", args=[PERSON]))
    second = dpo_client.post(reverse("audit:object_events", args=[PERSON]), {"page": "2"})

    assert first.content.decode().count("<tr>") == 1 + 50
    # The officer's own reading of the first page is an event about the person too.
    assert second.content.decode().count("<tr>") == 1 + 6


def test_payload_values_that_are_not_codes_are_withheld(
    dpo_client: Client, personas: dict[str, User]
) -> None:
    audit_record(
        actor=personas["social_worker_a"],
        action="person_updated",
        object_uuid=PERSON,
        payload={
            "fields": ["full_name", "birth_date"],
            "note": "Canary Jānis Bērziņš lives at Brīvības 1",
            "count": 2,
            "E-mail Canary": "x",
        },
    )

    html = dpo_client.post(TRAIL, {"object_uuid": str(PERSON)}).content.decode()

    assert "Canary" not in html
    assert "full_name, birth_date" in html
    assert in_latvian(texts.PAYLOAD_WITHHELD) in html


def test_payload_items_show_codes_only() -> None:
    assert payload_items(["not", "a", "mapping"], withheld="-") == []
    assert payload_items(
        {"a": True, "b": [], "c": [1, "x y"], "d": None, "e": "ok_code"}, withheld="-"
    ) == [("a", "True"), ("b", "-"), ("c", "-"), ("d", "-"), ("e", "ok_code")]


def test_chain_verification_runs_on_demand(dpo_client: Client, personas: dict[str, User]) -> None:
    for _ in range(3):
        _read(personas["social_worker_a"], PERSON)

    assert dpo_client.get(VERIFY).status_code == 405
    count = AuditEvent.objects.count()
    intact = dpo_client.post(VERIFY, follow=True)
    _raw_sql("UPDATE audit_auditevent SET purpose = %s WHERE seq = %s", ["forged", 2])
    broken = dpo_client.post(VERIFY, follow=True)

    assert _message(texts.CHAIN_INTACT, count=count) in intact.content.decode()
    assert _message(texts.CHAIN_BROKEN, position=2) in broken.content.decode()


def test_verification_checks_the_anchors_and_tells_their_age(
    dpo_client: Client, personas: dict[str, User], tmp_path: Path
) -> None:
    for _ in range(12):
        _read(personas["social_worker_a"], PERSON)
    head = AuditEvent.objects.count()
    path = tmp_path / "anchors.jsonl"
    _write_anchor(path, seq=head, hours_ago=3)

    with override_settings(AUDIT_ANCHOR_FILE=path):
        intact = dpo_client.post(VERIFY, follow=True).content.decode()
        # The verification itself was recorded: an event after the anchor.
        later = dpo_client.post(VERIFY, follow=True).content.decode()
        _raw_sql("DELETE FROM audit_auditevent WHERE seq > %s", [5])
        cut = dpo_client.post(VERIFY, follow=True).content.decode()
        dpo_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        cut_english = dpo_client.post(VERIFY, follow=True).content.decode()

    assert _message(texts.CHAIN_INTACT, count=head) in intact
    assert _message(texts.ANCHORS_MATCH, count=1) in intact
    assert (
        f"Jaunākais kontrolpunkts: uzņemts pirms 3 stundām, aptver notikumus līdz Nr. {head}."
        in intact
    )
    assert _message(texts.TAIL_UNANCHORED, position=head) not in intact
    assert _message(texts.TAIL_UNANCHORED, position=head) in later
    assert _message(texts.CHAIN_INTACT, count=5) in cut
    assert _message(texts.ANCHOR_BROKEN, position=head) in cut
    assert (
        escape(
            "The audit chain does not match its anchor kept outside the database at event "
            f"#{head}: events up to it were changed or removed, or the trail was cut short. "
            "Inform the security officer."
        )
        in cut_english
    )
    assert f"Newest anchor: taken 3 hours ago, covering event #{head}." in cut_english


def test_verification_warns_without_an_anchor_and_without_the_chain_key(
    dpo_client: Client, personas: dict[str, User], tmp_path: Path
) -> None:
    _read(personas["social_worker_a"], PERSON)

    with override_settings(AUDIT_ANCHOR_FILE=tmp_path / "none.jsonl"):
        unanchored = dpo_client.post(VERIFY, follow=True).content.decode()
        _write_anchor(tmp_path / "old.jsonl", seq=1, hours_ago=30)
    with override_settings(AUDIT_ANCHOR_FILE=tmp_path / "old.jsonl"):
        old = dpo_client.post(VERIFY, follow=True).content.decode()
    with override_settings(AUDIT_CHAIN_KEY_FILE=None):
        keyless = dpo_client.post(VERIFY, follow=True).content.decode()
    (tmp_path / "forged.jsonl").write_text("not json\n", encoding="utf-8")
    with override_settings(AUDIT_ANCHOR_FILE=tmp_path / "forged.jsonl"):
        forged = dpo_client.post(VERIFY, follow=True).content.decode()

    assert _message(texts.NO_ANCHOR) in unanchored
    assert "uzņemts pirms 30 stundām" in old
    assert _message(texts.ANCHOR_STALE) in old
    assert _message(texts.CHAIN_KEY_MISSING) in keyless
    assert _message(texts.ANCHORS_UNREADABLE) in forged


def test_the_dpo_menu_shows_the_trail_and_no_one_else_does(
    client: Client, personas: dict[str, User]
) -> None:
    home = signed_in_client(client, personas["dpo"]).get(reverse("core:home")).content.decode()
    assert TRAIL in home
    other = signed_in_client(Client(), personas["social_worker_a"]).get(reverse("core:home"))
    assert TRAIL not in other.content.decode()


@pytest.mark.parametrize("events", [3, 60])
def test_query_counts_do_not_grow_with_the_trail(
    dpo_client: Client,
    personas: dict[str, User],
    django_assert_num_queries: DjangoAssertNumQueries,
    events: int,
) -> None:
    actors = [personas["social_worker_a"], personas["provider_head"], personas["police_member"]]
    worker = personas["social_worker_a"]
    cases = [make_case(person=make_person(created_by=worker), created_by=worker) for _ in range(3)]
    for n in range(events):
        case = cases[n % 3]
        _read(actors[n % 3], case.person.uuid)
        audit_record(
            actor=actors[n % 3], action="case_opened", object_type="case", object_uuid=case.uuid
        )
        audit_record(
            actor=actors[n % 3],
            action="user_updated",
            object_type="user",
            object_uuid=actors[n % 3].uuid,
        )
    dpo_client.get(TRAIL)  # the session's first request loads and saves more

    # PostgreSQL takes the chain's advisory lock for the audit append: one query more.
    lock = 1 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(QUERIES_TRAIL + lock):
        dpo_client.post(TRAIL, {"username": "riga.social"})
    with django_assert_num_queries(QUERIES_TRAIL_BY_CODE + lock):
        dpo_client.post(TRAIL, {"object_uuid": cases[0].code})
    with django_assert_num_queries(QUERIES_OBJECT + lock):
        dpo_client.post(reverse("audit:object_events", args=[cases[0].person.uuid]))


# Fixed whatever the number of events: the rows come in one query with actor and
# organisation joined, the codes of the records on the page in one query per kind of record
# (here cases, people and users), and a case code typed in the search in two (the case, then
# every record shown under its code). The rest is the session, the sign-in checks, the
# header's unread notifications and the audit append.
QUERIES_TRAIL = 13
QUERIES_TRAIL_BY_CODE = 13
QUERIES_OBJECT = 11
