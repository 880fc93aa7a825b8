"""Stored text that contains HTML is shown escaped everywhere, PDFs included.

docs/security.md IN-2 and T13 (XSS in a free-text note). Every free-text field a user can type
(FREE_TEXT_FIELDS) is filled with a ``<script>CANARY`` string in every row of the matrix's
world and of the record each URL carries; then every page of the authorization matrix is
fetched as every persona it answers 200 to. No HTML page may contain the raw canary, and
wherever a canary is shown it is escaped. The PDFs of atbalsts/documents show it as text
(pdftotext reads ``<script>CANARY`` back: WeasyPrint would have dropped a real element).

A static test keeps autoescape on: no template uses ``|safe``/``safeseq`` or
``{% autoescape off %}``, and no Python code calls ``mark_safe`` or builds a ``SafeString``
outside SAFE_MARKUP_ALLOWED.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, models, transaction
from django.test import Client
from django.urls import reverse

from atbalsts.access.matrix import PERSONAS, SESSION_STATES, load_matrix
from atbalsts.core.fields import BlindIndexField, EncryptedDateField, EncryptedTextField
from tests.access.test_matrix import OBJECT_BUILDERS, World, _build_world, _sign_in

MATRIX = load_matrix()
CANARY = "CANARY"
RAW = f"<script>{CANARY}"
# The ways a template may legitimately write "<script>" before the canary: HTML-escaped,
# or inside JSON by json_script.
ESCAPED_PREFIXES = ("&lt;script&gt;", "\\u003Cscript\\u003E")

# Every field a user types free text into, per model.
FREE_TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "accounts.Organisation": ("name", "region"),
    "accounts.User": ("full_name",),
    "accounts.TotpDevice": ("name",),
    "api.ApiToken": ("name",),
    "workcalendar.CalendarOverride": ("reference", "note"),
    "people.Person": (
        "first_name",
        "last_name",
        "address",
        "phone",
        "shelter_location",
    ),
    "cases.Case": ("notes",),
    "consent.Consent": ("evidence_reference",),
    "consent.Referral": ("decline_reason",),
    "consent.EmergencyAccess": ("reason",),
    "courses.Course": ("end_note",),
    "courses.Plan": ("short_term_goals", "long_term_goals"),
    "courses.PlanTask": ("description",),
    "courses.PlanReview": ("notes",),
    "identification.Commission": ("justification", "protocol_number"),
    "identification.Recognition": ("document_reference", "document_issuer"),
    "agency.AgencySubmission": ("refusal_reason",),
    "casework.CaseManagement": (
        "interview_notes",
        "home_visit_notes",
        "plan_notes",
        "evaluation_notes",
    ),
    "casework.PlanActivity": ("notes",),
    "casework.FollowUpContact": ("outcome",),
    "casework.FamilyTask": ("notes",),
    "casework.InformationRequest": (
        "question",
        "reply_scope",
        "reply_progress",
        "reply_recommendations",
    ),
    "directory.Contact": ("name", "address", "web", "trust_line"),
    "screening.Screening": (
        "migration_notes",
        "employment_notes",
        "safety_notes",
        "social_ties_notes",
    ),
    "exports.ExportJob": ("purpose",),
    "attachments.Attachment": ("description", "original_name"),
}
# Text fields that are not typed free text, with the reason.
NOT_FREE_TEXT: dict[str, str] = {
    "notifications.Notification.target_path": "a path of the product, checked against the URLs",
    "statistics.ReleasedTable.table": "the name of a table of the code, set by the system",
    "courses.Course.has_state_legal_aid": "a yes or no, encrypted",
    "identification.Commission.is_person_abroad": "a yes or no, encrypted",
    "accounts.Organisation.code": "a slug checked by the form",
    "accounts.User.password": "a password hash",
    "accounts.User.username": "checked by the username validator",
    "accounts.User.email": "checked as an e-mail address",
    "accounts.BackupCodeDevice.name": "set by the system",
    "accounts.BackupCode.code_hash": "a hash",
    "accounts.FormDraft.path": "a page path checked against the URL patterns",
    "accounts.FormDraft.content": "JSON answered only as JSON; the script sets form values",
    "api.ApiToken.token_hash": "a hash",
    "api.ApiToken.prefix": "generated",
    "audit.AuditEvent.*": "the trail: append-only, written by the system",
    "people.Person.reference": "generated",
    "people.Person.personal_code": "checked as a Latvian personal code",
    "people.Person.email": "checked as an e-mail address",
    "cases.Case.code": "generated",
    "courses.Delivery.kind": "a code from the catalogue",
    "courses.Delivery.specialist": "a code from the catalogue",
    "agency.AgencySubmission.rule_set": "a rule set's code",
    "notifications.Notification.case_code": "a generated case code",
    "casework.FamilyTask.task": "a code from the catalogue",
    "directory.Contact.code": "a slug checked by the form",
    "directory.Contact.email": "checked as an e-mail address",
    "screening.Screening.last_step": "a step's code",
    "screening.Screening.outcome_rule_set": "a rule set's code",
    "screening.Screening.*codes": "EncryptedCodesField: codes from the catalogue",
    "exports.ExportJob.file_name": "generated",
    "attachments.Attachment.sha256": "a hash",
    "attachments.Attachment.storage_name": "generated",
}
SAFE_MARKUP_ALLOWED: dict[str, str] = {}
# Tables whose rows PostgreSQL refuses to update (atbalsts/consent/migrations/0004).
APPEND_ONLY_TABLES = frozenset({"consent.Consent"})


def _text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    fields = []
    for field in model._meta.concrete_fields:
        if isinstance(field, EncryptedDateField | BlindIndexField) or field.choices:
            continue
        is_codes = type(field).__name__ == "EncryptedCodesField"
        is_text = isinstance(field, models.CharField | models.TextField)
        if is_text or (isinstance(field, EncryptedTextField) and not is_codes):
            fields.append(field)
    return fields


def _project_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if model.__module__.startswith("atbalsts.")]


def test_every_text_field_is_listed_as_free_text_or_not() -> None:
    unlisted = []
    for model in _project_models():
        label = model._meta.label
        for field in _text_fields(model):
            listed = field.name in FREE_TEXT_FIELDS.get(label, ()) or {
                f"{label}.{field.name}",
                f"{label}.*",
            } & set(NOT_FREE_TEXT)
            if not listed:
                unlisted.append(f"{label}.{field.name}")

    assert not unlisted, f"list these in FREE_TEXT_FIELDS or NOT_FREE_TEXT: {unlisted}"


def _canary(number: int, max_length: int | None) -> str:
    text = f"{RAW}{number}</script>"
    return text if max_length is None or len(text) <= max_length else text[:max_length]


def _plant_canaries() -> None:
    """Every free-text field of every row holds ``<script>CANARY<n>``, saved around the
    models' save() (some are append-only) but encrypted as the field would encrypt it."""
    number = 0
    for label, names in FREE_TEXT_FIELDS.items():
        model = apps.get_model(label)
        fields = [model._meta.get_field(name) for name in names]
        for instance in model._base_manager.all():
            values: dict[str, Any] = {}
            for field in fields:
                number += 1
                canary = _canary(number, getattr(field, "max_length", None))
                if isinstance(field, EncryptedTextField):
                    setattr(instance, field.attname, canary)
                    values[field.attname] = field.pre_save(instance, add=False)
                else:
                    values[field.attname] = canary
            with _append_only_lifted(model):
                model._base_manager.filter(pk=instance.pk).update(**values)


@contextmanager
def _append_only_lifted(model: type[models.Model]) -> Iterator[None]:
    """PostgreSQL refuses updates of append-only tables (consent): the canary is planted
    with the trigger off, inside the test's transaction, as if the record had been made so."""
    table = model._meta.db_table
    is_guarded = connection.vendor == "postgresql" and model._meta.label in APPEND_ONLY_TABLES
    if not is_guarded:
        yield
        return
    with connection.cursor() as cursor:
        # ALTER TABLE waits for no deferred foreign-key checks of the rows just built.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
        yield
        cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _page_cases() -> list[tuple[str, str, str]]:
    """(URL name, persona, relation): every signed-in persona a page answers 200 to, with
    the first relation that gives it."""
    cases = []
    for name, entry in MATRIX.entries.items():
        for persona in PERSONAS:
            if persona in SESSION_STATES:
                continue
            for relation in entry.relations:
                if entry.expected(persona=persona, method="get", relation=relation).status == 200:
                    cases.append((name, persona, relation))
                    break
    return cases


PAGE_CASES = _page_cases()


def _unescaped(text: str) -> list[str]:
    """The canaries in the text not preceded by an escaped ``<script>``."""
    found = []
    for match in re.finditer(CANARY, text):
        before = text[: match.start()]
        if not before.endswith(ESCAPED_PREFIXES):
            found.append(text[max(0, match.start() - 40) : match.end() + 5])
    return found


def _pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],  # noqa: S607 -- poppler-utils, installed by scripts/install_system_deps.sh
        input=content,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "persona", "relation"),
    PAGE_CASES,
    ids=[f"{name}-{persona}-{relation}" for name, persona, relation in PAGE_CASES],
)
def test_stored_markup_is_shown_as_text(
    url_name: str, persona: str, relation: str, world: World, client: Client
) -> None:
    viewer = _sign_in(client, world, persona)
    entry = MATRIX.entries[url_name]
    kwargs = (
        OBJECT_BUILDERS[entry.object_kind](world, viewer, relation) if entry.object_kind else {}
    )
    _plant_canaries()

    response = client.get(reverse(url_name, kwargs=kwargs))

    assert response.status_code == 200
    content_type = response.get("Content-Type", "")
    if content_type.startswith("application/pdf"):
        text = _pdf_text(response.content)
        # The issuing organisation's name is on every document: markup is read back as text.
        assert RAW in text, url_name
        dropped = [
            m.start() for m in re.finditer(CANARY, text) if text[: m.start()][-8:] != "<script>"
        ]
        assert not dropped, url_name
    elif content_type.startswith("text/html"):
        html = response.content.decode()
        assert RAW not in html, url_name
        assert not _unescaped(html), (url_name, _unescaped(html)[:3])


_TEMPLATE_RAW = re.compile(r"\|\s*safe(seq)?\b|{%\s*autoescape\s+off")
_PYTHON_RAW = re.compile(r"\b(mark_safe|SafeString|SafeText|SafeData)\b")


def _project_files(pattern: str) -> Iterator[Path]:
    root = Path(__file__).resolve().parents[2] / "atbalsts"
    yield from (path for path in root.rglob(pattern) if "migrations" not in path.parts)


def test_no_template_turns_autoescape_off() -> None:
    found = [
        f"{path}:{number}"
        for path in _project_files("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _TEMPLATE_RAW.search(line) and str(path) not in SAFE_MARKUP_ALLOWED
    ]

    assert not found, f"|safe or autoescape off (add to SAFE_MARKUP_ALLOWED with a reason): {found}"


def test_no_python_code_marks_text_safe() -> None:
    found = [
        f"{path}:{number}"
        for path in _project_files("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _PYTHON_RAW.search(line) and str(path) not in SAFE_MARKUP_ALLOWED
    ]

    assert not found, f"mark_safe/SafeString (add to SAFE_MARKUP_ALLOWED with a reason): {found}"
