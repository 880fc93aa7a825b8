"""Screening services: step saves under optimistic locking, completion, the audit trail."""

from __future__ import annotations

import datetime
import importlib
from typing import Any

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from atbalsts.audit.models import AuditEvent
from atbalsts.rules.errors import UnknownCodeError
from atbalsts.screening import services, texts
from atbalsts.screening.models import Screening, ScreeningStatus, can_transition
from atbalsts.screening.selectors import (
    dashboard_items,
    screening_due_items,
    screening_input,
    screening_result,
)
from tests.people.factories import make_case, make_person
from tests.screening.conftest import SCREENING_CANARY, make_screening

pytestmark = pytest.mark.django_db


def test_a_step_is_saved_encrypted_and_its_audit_event_names_fields_only(
    screening_world: dict[str, Any],
) -> None:
    screening = screening_world["screening"]
    worker = screening_world["worker"]

    services.screening_save_step(
        actor=worker,
        screening=screening,
        version=1,
        step="safety",
        values={"safety_notes": "Draudēja ar izrēķināšanos", "indicators": ["violence_threats"]},
    )

    saved = Screening.objects.get(pk=screening.pk)
    assert (saved.version, saved.last_step) == (2, "safety")
    assert saved.safety_notes == "Draudēja ar izrēķināšanos"
    assert saved.codes("indicators") == ["violence_threats"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT safety_notes, indicators FROM screening_screening")
        raw = b"".join(bytes(value) for value in cursor.fetchone())
    assert "Draudēja".encode() not in raw
    assert b"violence_threats" not in raw
    event = AuditEvent.objects.get(action="screening_step_saved")
    assert event.payload == {
        "step": "safety",
        "fields": ["indicators", "safety_notes"],
        "version": 2,
    }
    assert SCREENING_CANARY not in str(event.payload)


def test_a_stale_save_raises_a_conflict_and_writes_nothing(
    screening_world: dict[str, Any],
) -> None:
    screening = screening_world["screening"]
    worker = screening_world["worker"]
    services.screening_save_step(
        actor=worker,
        screening=screening,
        version=1,
        step="needs",
        values={"needs": ["medical_help"]},
    )
    stale = Screening.objects.get(pk=screening.pk)
    stale.version = 1

    with pytest.raises(services.ScreeningEditConflictError) as conflict:
        services.screening_save_step(
            actor=worker, screening=stale, version=1, step="needs", values={"needs": []}
        )

    assert conflict.value.current.version == 2
    assert Screening.objects.get(pk=screening.pk).codes("needs") == ["medical_help"]


def test_codes_outside_the_catalogue_and_unknown_fields_are_refused(
    screening_world: dict[str, Any],
) -> None:
    screening = screening_world["screening"]
    worker = screening_world["worker"]

    with pytest.raises(UnknownCodeError):
        services.screening_save_step(
            actor=worker,
            screening=screening,
            version=1,
            step="definition",
            values={"acts": ["bribery"]},
        )
    with pytest.raises(ValueError, match="not writable"):
        services.screening_save_step(
            actor=worker,
            screening=screening,
            version=1,
            step="start",
            values={"status": "completed"},
        )
    assert Screening.objects.get(pk=screening.pk).version == 1


def test_completing_records_the_rules_answer_as_codes_and_closes_the_screening(
    screening_world: dict[str, Any],
) -> None:
    screening = screening_world["screening"]
    worker = screening_world["worker"]

    services.screening_complete(actor=worker, screening=screening, version=1)

    saved = Screening.objects.get(pk=screening.pk)
    assert saved.status == ScreeningStatus.COMPLETED
    assert saved.outcome_rule_set == "lv-mk344"
    event = AuditEvent.objects.get(action="screening_completed")
    assert event.payload["rule_set"] == "lv-mk344"
    assert event.payload["refer_to_provider"] is True
    assert event.payload["definition_complete"] is False
    assert event.payload["is_minor"] is False
    assert "signs.refer" in event.payload["explanation"]
    with pytest.raises(ValidationError) as again:
        services.screening_complete(actor=worker, screening=saved, version=saved.version)
    assert again.value.messages == [str(texts.ALREADY_COMPLETED)]
    with pytest.raises(ValidationError):
        services.screening_save_step(
            actor=worker, screening=saved, version=saved.version, step="needs", values={}
        )


def test_the_workflow_table_allows_only_draft_to_completed() -> None:
    assert can_transition(ScreeningStatus.DRAFT, ScreeningStatus.COMPLETED)
    assert not can_transition(ScreeningStatus.COMPLETED, ScreeningStatus.DRAFT)
    assert not can_transition("unknown", ScreeningStatus.DRAFT)


def test_a_minor_needs_no_means_and_the_birth_date_wins_over_a_typed_age(
    world: dict[str, Any],
) -> None:
    worker = world["worker"]
    child = make_person(created_by=worker, birth_date=datetime.date(2012, 5, 1))
    case = make_case(person=child, created_by=worker)
    screening = make_screening(
        case=case, created_by=worker, age_entered=30, acts=["recruitment"], purposes=["sexual"]
    )

    result = screening_result(screening)

    assert screening_input(screening).birth_date == datetime.date(2012, 5, 1)
    assert result.is_minor is True
    assert result.definition.complete is True


def test_the_person_informed_about_state_help_is_recorded_and_audited(
    screening_world: dict[str, Any],
) -> None:
    screening = screening_world["screening"]
    worker = screening_world["worker"]
    today = timezone.localdate()

    services.screening_mark_informed(actor=worker, screening=screening, informed_on=today)

    assert Screening.objects.get(pk=screening.pk).informed_about_state_help_on == today
    event = AuditEvent.objects.get(action="screening_person_informed")
    assert event.payload == {"informed_on": today.isoformat()}
    with pytest.raises(ValidationError) as future:
        services.screening_mark_informed(
            actor=worker, screening=screening, informed_on=today + datetime.timedelta(days=1)
        )
    assert future.value.message_dict == {"informed_on": [str(texts.INFORMED_IN_FUTURE)]}


def test_an_interview_cannot_be_dated_in_the_future(world: dict[str, Any]) -> None:
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.screening_start(actor=world["worker"], case=world["case"], assessed_on=tomorrow)

    assert refused.value.message_dict == {
        "assessed_on": [
            (
                f"The date of the interview ({tomorrow.day} {tomorrow:%B %Y}) cannot be after "
                f"today ({today.day} {today:%B %Y})."
            )
        ]
    }


def test_drafts_older_than_seven_days_of_the_own_organisation_are_due(
    world: dict[str, Any], personas: dict[str, Any]
) -> None:
    worker = world["worker"]
    other = personas["social_worker_b"]
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC)):
        old = services.screening_start(actor=worker, case=world["case"])
        done = services.screening_start(actor=worker, case=world["case"])
        services.screening_complete(actor=worker, screening=done, version=1)
        other_case = make_case(person=make_person(created_by=other), created_by=other)
        services.screening_start(actor=other, case=other_case)
    services.screening_start(actor=worker, case=world["case"])

    due = screening_due_items(worker, datetime.date(2026, 11, 29))

    assert [item.case_code for item in due] == [world["case"].code]
    assert str(old.uuid) in due[0].url
    assert (due[0].due_on, due[0].is_overdue) == (datetime.date(2026, 11, 27), True)
    assert due[0].label == texts.DRAFT_DUE
    assert dashboard_items(worker, datetime.date(2026, 11, 29)) == due
    assert screening_due_items(worker, datetime.date(2026, 11, 27)) == []
    assert screening_due_items(personas["ministry_analyst"], datetime.date(2026, 11, 29)) == []


def test_a_draft_stored_at_a_step_without_a_page_is_continued_from_the_start(
    screening_world: dict[str, Any],
) -> None:
    migration = importlib.import_module(
        "atbalsts.screening.migrations.0002_last_step_only_interview_steps"
    )
    screening = screening_world["screening"]
    Screening.objects.filter(pk=screening.pk).update(last_step="signs")
    kept = Screening.objects.filter(pk=screening.pk)

    migration.continue_at_a_page(django_apps, None)

    assert kept.get().last_step == "start"
    Screening.objects.filter(pk=screening.pk).update(last_step="safety")
    migration.continue_at_a_page(django_apps, None)
    assert kept.get().last_step == "safety"
