"""Screening pages: the guided interview, the rules' answer, the leaflet, and who may see
them (docs/security.md AZ-3, AZ-5, LG-1)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from atbalsts.audit.models import AuditEvent
from atbalsts.screening import services, texts
from atbalsts.screening.models import STEPS, Screening, ScreeningStatus
from atbalsts.screening.selectors import DRAFT_DUE_DAYS, screening_due_items
from atbalsts.screening.views import PAGE_SIZE
from tests.core.pages import in_latvian, middleware_query_count, tags, visible_text
from tests.people.conftest import WRONG_PERSONAS, assert_no_canary
from tests.people.factories import make_consent
from tests.screening.conftest import SCREENING_CANARY, make_screening

if TYPE_CHECKING:
    from pytest_django import DjangoAssertNumQueries

pytestmark = pytest.mark.django_db

# The list: the case (person, organisation) with its relations as flags, in one query; the
# count and the page of screenings; the latest screening for the rules' answer and its
# audited read (savepoint, savepoint, chain head, insert, two releases). PostgreSQL adds
# the chain's advisory lock.
LIST_QUERIES = 10
# The detail: the screening with its case, person and organisation in one join; the
# relations as one row of flags; the audit append (savepoint, savepoint, chain head,
# insert, two releases). PostgreSQL adds the chain's advisory lock.
DETAIL_QUERIES = 8


def _pg(extra: int = 1) -> int:
    return extra if connection.vendor == "postgresql" else 0


def _step(screening: Screening, step: str) -> str:
    return reverse("screening:step", args=[screening.uuid, step])


def test_the_interview_goes_step_by_step_saves_as_it_goes_and_resumes(
    client_of: Any, world: dict[str, Any]
) -> None:
    client = client_of("social_worker_a")
    case = world["case"]

    started = client.post(
        reverse("screening:start", args=[case.uuid]), {"assessed_on": "2026-11-29"}
    )
    screening = Screening.objects.get()
    assert started.status_code == 302
    assert started["Location"] == _step(screening, "migration")

    page = client.get(_step(screening, "migration"))
    assert in_latvian(texts.GUIDANCE_MIGRATION) in visible_text(page)
    forward = client.post(
        _step(screening, "migration"),
        {
            "version": 1,
            "notes": "Solīja darbu Īrijā",
            "signs": ["deception_about_work"],
            "go": "next",
        },
    )
    assert forward["Location"] == _step(screening, "employment")
    back = client.post(_step(screening, "employment"), {"version": 2, "go": "back"})
    assert back["Location"] == _step(screening, "migration")
    later = client.post(
        _step(screening, "migration"),
        {
            "version": 3,
            "notes": "Solīja darbu Īrijā",
            "signs": ["deception_about_work"],
            "go": "later",
        },
    )
    assert later["Location"] == reverse("screening:case_list", args=[case.uuid])
    listing = client.get(later["Location"])
    assert in_latvian(texts.SAVED_FOR_LATER) in visible_text(listing)
    assert _step(screening, "migration") in listing.content.decode()

    saved = Screening.objects.get()
    assert saved.migration_notes == "Solīja darbu Īrijā"
    assert saved.codes("indicators") == ["deception_about_work"]
    assert (saved.version, saved.last_step) == (4, "migration")


def test_a_bad_code_is_shown_next_to_its_field_and_the_notes_are_kept(
    client_of: Any, screening_world: dict[str, Any]
) -> None:
    screening = screening_world["screening"]

    response = client_of("social_worker_a").post(
        _step(screening, "safety"),
        {"version": 1, "notes": "Neteica vairāk", "signs": ["flying"], "go": "next"},
    )

    assert response.status_code == 200
    text = visible_text(response)
    assert "flying" in text
    assert "Neteica vairāk" in response.content.decode()
    assert Screening.objects.get().version == 1


def test_a_stale_step_answers_409_with_the_conflict_message(
    client_of: Any, screening_world: dict[str, Any]
) -> None:
    screening = screening_world["screening"]
    client = client_of("social_worker_a")
    client.post(_step(screening, "needs"), {"version": 1, "needs": ["medical_help"]})

    response = client.post(_step(screening, "needs"), {"version": 1, "needs": []})

    assert response.status_code == 409
    text = visible_text(response)
    assert in_latvian(texts.EDIT_CONFLICT) in text
    assert "Vajadzības (atšķiras) Medicīniskā palīdzība —" in text
    assert Screening.objects.get().codes("needs") == ["medical_help"]


def test_the_summary_shows_the_rules_answer_and_completing_locks_the_screening(
    client_of: Any, screening_world: dict[str, Any]
) -> None:
    screening = screening_world["screening"]
    client = client_of("social_worker_a")

    summary = visible_text(client.get(_step(screening, "summary")))
    assert "Jau viena pazīme ir pamats" in summary or "jau viena pazīme ir pamats" in summary
    assert "Krimināllikuma 154.² panta pirmā daļa" in summary
    assert "MK 16.07.2019. noteikumi Nr. 344" in summary
    with translation.override("en"):
        english = client.get(_step(screening, "summary"), HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200

    done = client.post(reverse("screening:complete", args=[screening.uuid]), {"version": 1})
    detail = client.get(done["Location"])
    assert in_latvian(texts.SCREENING_COMPLETED) in visible_text(detail)
    assert Screening.objects.get().status == ScreeningStatus.COMPLETED
    locked = client.get(_step(screening, "migration"))
    assert locked["Location"] == reverse("screening:detail", args=[screening.uuid])


def test_the_detail_shows_notes_and_health_to_the_case_keeper_and_audits_the_read(
    client_of: Any, screening_world: dict[str, Any]
) -> None:
    screening = screening_world["screening"]

    response = client_of("social_worker_a").get(reverse("screening:detail", args=[screening.uuid]))

    text = visible_text(response)
    assert SCREENING_CANARY in text
    assert "Depresija" in text
    event = AuditEvent.objects.get(action="sensitive_read")
    assert (event.object_type, event.object_uuid) == ("screening", screening.uuid)


def test_a_consent_to_exploitation_but_not_health_shows_no_health_and_allows_no_edit(
    client_of: Any, screening_world: dict[str, Any]
) -> None:
    orgs = screening_world["organisations"]
    make_consent(
        person=screening_world["person"],
        holder=orgs["riga"],
        recipient=orgs["drosa_maja"],
        recorded_by=screening_world["worker"],
        categories=["exploitation"],
    )
    screening = screening_world["screening"]
    client = client_of("provider_case_manager")

    detail = client.get(reverse("screening:detail", args=[screening.uuid]))
    step = client.get(_step(screening, "needs"))

    assert detail.status_code == 200
    assert "Depresija" not in visible_text(detail)
    assert in_latvian(texts.HEALTH_HIDDEN) in visible_text(detail)
    assert step.status_code == 404


PAGES = ["detail", "step", "complete", "informed", "case_list", "start"]


@pytest.mark.parametrize("persona", [*WRONG_PERSONAS, "provider_case_manager", "police_member"])
@pytest.mark.parametrize("page", PAGES)
def test_the_wrong_persona_gets_404_and_no_canary(
    client_of: Any, screening_world: dict[str, Any], persona: str, page: str
) -> None:
    screening = screening_world["screening"]
    args: list[Any] = [screening.uuid]
    if page == "step":
        args.append("migration")
    if page in {"case_list", "start"}:
        args = [screening_world["case"].uuid]
    client = client_of(persona)

    response = (client.post if page == "complete" else client.get)(
        reverse(f"screening:{page}", args=args)
    )

    assert response.status_code == 404
    assert SCREENING_CANARY not in response.content.decode()
    assert_no_canary(response.content)


def test_the_case_list_paginates_and_its_query_count_does_not_grow(
    client_of: Any, world: dict[str, Any], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = client_of("social_worker_a")
    url = reverse("screening:case_list", args=[world["case"].uuid])
    expected = middleware_query_count(client) + LIST_QUERIES + _pg()
    for added in (10, 190):
        for _ in range(added):
            make_screening(case=world["case"], created_by=world["worker"])
        with django_assert_num_queries(expected):
            response = client.get(url)
        assert response.content.decode().count("<tr>") - 1 == min(
            Screening.objects.count(), PAGE_SIZE
        )
    third = client.post(url, {"page": "3", "status": "draft"})
    assert third.content.decode().count("<tr>") - 1 == PAGE_SIZE


def test_the_detail_query_count_is_pinned(
    client_of: Any,
    screening_world: dict[str, Any],
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_of("social_worker_a")
    url = reverse("screening:detail", args=[screening_world["screening"].uuid])
    expected = middleware_query_count(client) + DETAIL_QUERIES + _pg()

    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_the_person_informed_action_records_the_day(
    client_of: Any, screening_world: dict[str, Any]
) -> None:
    screening = screening_world["screening"]
    client = client_of("social_worker_a")
    url = reverse("screening:informed", args=[screening.uuid])

    bad = client.post(url, {"informed_on": "2099-01-01"})
    good = client.post(url, {"informed_on": "2026-11-28"})

    assert in_latvian(texts.INFORMED_IN_FUTURE) in visible_text(bad)
    assert good.status_code == 302
    assert "28.11.2026" in visible_text(client.get(good["Location"]))


def test_the_leaflet_prints_in_latvian_and_english_with_the_partner_contacts(
    client_of: Any, world: dict[str, Any]
) -> None:
    client = client_of("social_worker_a")
    url = reverse("screening:leaflet")

    latvian = visible_text(client.get(url, {"language": "lv"}))
    english = visible_text(client.get(url, {"language": "en"}))

    assert in_latvian(texts.LEAFLET_TITLE) in latvian
    assert "180" in latvian
    assert "116111" in latvian
    assert "Patvērums" in latvian
    with translation.override("en"):
        assert str(texts.LEAFLET_CONFIDENTIAL) in english
    assert "150 hours a year over 3 years" in english


def test_the_case_screenings_page_shows_the_latest_answer_and_audits_it(
    client_of: Any, screening_world: dict[str, Any]
) -> None:
    url = reverse("screening:case_list", args=[screening_world["case"].uuid])

    text = visible_text(client_of("social_worker_a").get(url))

    assert "Jā: jāsasauc speciālistu komisija" in text
    assert "Krimināllikuma 154.² panta trešā daļa" in text
    event = AuditEvent.objects.get(action="sensitive_read")
    assert event.object_uuid == screening_world["screening"].uuid


def test_the_case_page_links_to_its_screenings_only_for_readers(
    client_of: Any, world: dict[str, Any]
) -> None:
    url = reverse("cases:detail", args=[world["case"].uuid])
    link = reverse("screening:case_list", args=[world["case"].uuid])

    assert link in client_of("social_worker_a").get(url).content.decode()


def _continue_links(response: Any, screening: Screening) -> list[str]:
    prefix = reverse("screening:detail", args=[screening.uuid]) + "step/"
    return [
        href
        for attrs in tags(response, "a")
        if (href := attrs.get("href")) is not None and href.startswith(prefix)
    ]


@pytest.mark.parametrize("step", STEPS)
def test_every_step_a_draft_can_be_left_at_continues_to_a_page(
    client_of: Any, world: dict[str, Any], step: str
) -> None:
    worker = world["worker"]
    draft = services.screening_start(actor=worker, case=world["case"])
    if step != "start":
        draft = services.screening_save_step(
            actor=worker, screening=draft, version=draft.version, step=step, values={}
        )
    Screening.objects.filter(pk=draft.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=DRAFT_DUE_DAYS + 1)
    )
    client = client_of("social_worker_a")
    links = [
        *_continue_links(client.get(reverse("screening:detail", args=[draft.uuid])), draft),
        *_continue_links(
            client.get(reverse("screening:case_list", args=[world["case"].uuid])), draft
        ),
        *(item.url for item in screening_due_items(worker, timezone.localdate())),
    ]
    assert len(links) == 3
    for link in links:
        assert link == _step(draft, step)
        assert client.get(link).status_code == 200


def test_a_step_the_interview_does_not_have_is_never_stored(world: dict[str, Any]) -> None:
    worker = world["worker"]
    draft = services.screening_start(actor=worker, case=world["case"])
    with pytest.raises(ValueError, match="signs"):
        services.screening_save_step(
            actor=worker, screening=draft, version=draft.version, step="signs", values={}
        )
    draft.refresh_from_db()
    assert (draft.last_step, draft.version) == ("start", 1)


def test_the_rules_answer_cites_the_law_and_no_internal_document(
    client_of: Any, screening_world: dict[str, Any]
) -> None:
    client = client_of("social_worker_a")
    screening = screening_world["screening"]

    page = visible_text(client.get(reverse("screening:detail", args=[screening.uuid])))

    assert "Krimināllikuma 154.² panta otrā daļa" in page
    assert "Ministru kabineta 2006. gada 31. oktobra noteikumi Nr. 889, 2. pielikums" in page
    for internal in ("docs/domain.md", "Seed", "seed", "lv-mk"):
        assert internal not in page


def test_the_missing_elements_of_the_definition_read_as_a_list_in_the_law_s_words(
    client_of: Any, screening_world: dict[str, Any]
) -> None:
    screening = screening_world["screening"]

    page = client_of("social_worker_a").get(reverse("screening:detail", args=[screening.uuid]))

    assert "Neatbilst, trūkst: darbība, līdzekļi, nolūks" in visible_text(page)


def test_the_first_step_saved_after_starting_is_no_conflict(
    client_of: Any, world: dict[str, Any]
) -> None:
    client = client_of("social_worker_a")
    started = client.post(
        reverse("screening:start", args=[world["case"].uuid]), {"assessed_on": "2026-11-29"}
    )
    page = client.get(started["Location"])
    version = next(
        attrs["value"] for attrs in tags(page, "input") if attrs.get("name") == "version"
    )

    saved = client.post(started["Location"], {"version": version, "notes": "", "go": "next"})

    assert saved.status_code == 302
    assert Screening.objects.get().version == 2
