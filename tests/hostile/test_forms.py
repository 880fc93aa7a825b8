"""Every form that writes, filled with hostile input, gives a clear error or a clean save.

docs/security.md IN-1: 0 HTTP 500 and 0 unhandled exceptions under form fuzzing. The pages are
taken from the authorization matrix (atbalsts/access/matrix.toml and matrix.d/): every URL
that some signed-in persona may POST to (200 or a redirect), signed in as the first such
persona with the first such relation, on a record built by the matrix's OBJECT_BUILDERS.
The page's ``<form method="post">`` controls are read from its HTML and filled by Hypothesis
with control characters, bidirectional marks, 10,000-character strings, markup, SQL, invalid
dates, out-of-range numbers and unknown codes, fields left out and keys sent twice.

Each POST must answer
- a redirect (a clean save), after which every text typed into the form is stored as typed,
  less the surrounding whitespace Django's CharField strips, unless the field is listed in
  TEXT_NOT_STORED with its reason; or
- the form again (200 or 400) with an error shown, or a page that ignores the POST (the
  lists), and **no row changed** in any table except the trail of reads and sign-in
  bookkeeping (nothing half-written);
never a 500 and never the error page. NUL characters are refused by Django's CharField with
"Null characters are not allowed." (PostgreSQL cannot store them in text).

Each example runs in a transaction that is rolled back, so the examples do not see each
other. The number of examples per URL is written to var/test/hostile-form-cases.json.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from atbalsts.access.matrix import PERSONAS, SESSION_STATES, load_matrix
from atbalsts.accounts.models import User
from atbalsts.core.fields import encrypted_fields
from tests.access.test_matrix import OBJECT_BUILDERS, World, _build_world, _sign_in
from tests.hostile.forms import (
    HOSTILE_FRAGMENTS,
    HOSTILE_NUMBERS,
    INVALID_DATES,
    LONG_TEXT_LENGTH,
    UNKNOWN_CODES,
    Control,
    Form,
    parse_forms,
    valid_date,
)

MATRIX = load_matrix()
# Ten to twenty keep the file within minutes; raise it for a deeper run.
EXAMPLES_PER_URL = int(os.environ.get("ATBALSTS_HOSTILE_EXAMPLES", "12"))
CASE_COUNT_FILE = Path(django_settings.BASE_DIR) / "var" / "test" / "hostile-form-cases.json"

# Tables a refused form may still write to: the trail of who looked at what, sessions and
# the sign-in bookkeeping. A write event in the trail is caught by WRITE_FREE_AUDIT_ACTIONS.
BOOKKEEPING_MODELS = frozenset(
    {"sessions.Session", "axes.AccessAttempt", "axes.AccessFailureLog", "axes.AccessLog"}
)
AUDIT_MODEL = "audit.AuditEvent"
# Actions a refused form may leave in the trail: reads and refusals, never a change.
WRITE_FREE_AUDIT_ACTIONS = frozenset(
    {
        "view",
        "search",
        "audit_trail_viewed",
        "sensitive_read",
        "authz_fail",
        "authn_login_fail",
        "authn_login_lock",
        "authn_mfa_fail",
    }
)

# Fields whose text is not stored as typed on a successful save, with the reason.
TEXT_NOT_STORED: dict[tuple[str, str], str] = {}


def _fuzz_target(url_name: str) -> tuple[str, str] | None:
    """The first signed-in persona and relation that may POST to the URL, if any."""
    entry = MATRIX.entries[url_name]
    for persona in PERSONAS:
        if persona in SESSION_STATES:
            continue
        for relation in entry.relations:
            outcome = entry.expected(persona=persona, method="post", relation=relation)
            if outcome.status == 200 or outcome.redirect_to:
                return persona, relation
    return None


FORM_URL_NAMES = sorted(name for name in MATRIX.entries if _fuzz_target(name) is not None)
CASE_COUNTS: dict[str, dict[str, Any]] = {}


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


@pytest.fixture(scope="module", autouse=True)
def _record_case_counts() -> Iterator[None]:
    yield
    CASE_COUNT_FILE.parent.mkdir(parents=True, exist_ok=True)
    CASE_COUNT_FILE.write_text(
        json.dumps(dict(sorted(CASE_COUNTS.items())), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )


# Hostile values ------------------------------------------------------------------------------

_fragments = st.sampled_from(HOSTILE_FRAGMENTS)
_long_texts = _fragments.map(
    lambda fragment: (fragment * (LONG_TEXT_LENGTH // len(fragment) + 1))[:LONG_TEXT_LENGTH]
)
HOSTILE_TEXT = st.one_of(
    _fragments,
    st.lists(st.one_of(_fragments, st.text(max_size=12)), min_size=1, max_size=5).map("".join),
    _long_texts,
    st.text(max_size=40),
)
PLAIN_TEXT = st.sampled_from(("Teksts", "Ābele 12", "Pārbaude"))


def _text_values(control: Control) -> st.SearchStrategy[str]:
    plain = st.just(control.value) if control.value.strip() else PLAIN_TEXT
    return st.one_of(plain, HOSTILE_TEXT)


def _choice_values(control: Control) -> st.SearchStrategy[str]:
    known = [option for option in control.options if option] or [control.value]
    return st.one_of(st.sampled_from(known), st.sampled_from(UNKNOWN_CODES), st.text(max_size=20))


def _single_value(control: Control) -> st.SearchStrategy[str]:
    if control.kind == "date":
        return st.one_of(st.just(valid_date()), st.sampled_from(INVALID_DATES), HOSTILE_TEXT)
    if control.kind == "number":
        known = st.just(control.value) if control.value else st.just("1")
        return st.one_of(known, st.sampled_from(HOSTILE_NUMBERS))
    if control.kind in {"select", "radio", "checkbox"}:
        return _choice_values(control)
    if control.kind in {"hidden", "submit"}:
        return st.one_of(st.just(control.value), st.sampled_from(UNKNOWN_CODES))
    return _text_values(control)


def _control_values(control: Control) -> st.SearchStrategy[list[Any] | None]:
    """None leaves the field out; a list of two values sends its key twice."""
    if control.kind == "file":
        upload = st.builds(
            SimpleUploadedFile,
            st.one_of(st.just("skenējums.pdf"), _fragments.map(lambda f: f"{f}.pdf")),
            st.one_of(st.just(b"%PDF-1.4\n%%EOF\n"), st.binary(max_size=200)),
        )
        return st.one_of(st.none(), upload.map(lambda file: [file]))
    single = _single_value(control)
    if control.is_multiple:
        return st.one_of(st.none(), st.lists(single, max_size=4))
    return st.one_of(
        st.just(None),
        single.map(lambda value: [value]),
        single.map(lambda value: [value]),
        single.map(lambda value: [value]),
        st.lists(single, min_size=2, max_size=2),
    )


def _payloads(form: Form | None) -> st.SearchStrategy[dict[str, list[Any]]]:
    controls = dict(form.controls) if form else {}
    fields = {name: _control_values(control) for name, control in controls.items()}
    extra = st.dictionaries(
        st.sampled_from(("unknown", "id", "pk", "uuid", "organisation", "actor", "version")),
        st.lists(HOSTILE_TEXT, min_size=1, max_size=2),
        max_size=2,
    )
    return st.builds(
        lambda known, unknown: {
            **unknown,
            **{name: values for name, values in known.items() if values is not None},
        },
        st.fixed_dictionaries(fields),
        extra,
    )


# What the database holds ----------------------------------------------------------------------

Snapshot = dict[str, dict[Any, tuple[Any, ...]]]


def _snapshot() -> Snapshot:
    tables: Snapshot = {}
    for model in apps.get_models():
        names = [field.attname for field in model._meta.concrete_fields]
        rows = model._default_manager.values_list("pk", *names)
        tables[model._meta.label] = {row[0]: tuple(row[1:]) for row in rows}
    return tables


def _changes(before: Snapshot, after: Snapshot) -> dict[str, list[tuple[Any, ...]]]:
    """Rows added or changed, and the keys of rows removed, per table."""
    changed: dict[str, list[tuple[Any, ...]]] = {}
    for label, rows in after.items():
        old = before.get(label, {})
        diff = [row for pk, row in rows.items() if old.get(pk) != row]
        diff += [("removed", pk) for pk in old.keys() - rows.keys()]
        if diff:
            changed[label] = diff
    return changed


def _stored_texts(changes: dict[str, list[tuple[Any, ...]]]) -> set[str]:
    """Every text of the rows added or changed, the encrypted ones decrypted."""
    texts: set[str] = set()
    for label, rows in changes.items():
        model = apps.get_model(label)
        encrypted = encrypted_fields(model)
        texts.update(text for row in rows for text in _strings_in(row))
        if not encrypted:
            continue
        names = [field.attname for field in model._meta.concrete_fields]
        keys = [row[names.index(model._meta.pk.attname)] for row in rows if row[0] != "removed"]
        for instance in model._base_manager.filter(pk__in=keys):
            for field in encrypted:
                texts.update(_strings_in(getattr(instance, field.name)))
    return texts


def _strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings_in(item)


def _audit_actions(rows: list[tuple[Any, ...]]) -> set[str]:
    names = [field.attname for field in apps.get_model(AUDIT_MODEL)._meta.concrete_fields]
    position = names.index("action")
    return {row[position] for row in rows if row[0] != "removed"}


# The test --------------------------------------------------------------------------------------


def _same_page(action: str, url: str) -> bool:
    return not action or urlsplit(action).path == url


def _is_error_page(response: Any) -> bool:
    return any(
        template.name and template.name.startswith("errors/")
        for template in getattr(response, "templates", []) or []
    )


def _shows_an_error(response: Any) -> bool:
    html = response.content.decode()
    return any(
        marker in html
        for marker in ("error-summary", "field__error", "message--error", "message--warning")
    )


def _check_refusal(
    url_name: str, response: Any, changes: dict[str, list[Any]], sent: dict[str, Any]
) -> None:
    """A refused form shows why and leaves every table as it was (but the read trail)."""
    written = sorted(
        label for label in changes if label not in BOOKKEEPING_MODELS and label != AUDIT_MODEL
    )
    assert not written, f"{url_name}: a refused form wrote {written} for {sent!r}"
    actions = _audit_actions(changes.get(AUDIT_MODEL, []))
    assert actions <= WRITE_FREE_AUDIT_ACTIONS, (url_name, actions, sent)


def _check_save(url_name: str, form: Form, payload: dict[str, list[Any]], stored: set[str]) -> None:
    """Every text typed into a saved form is stored as typed (less surrounding whitespace)."""
    for name, values in payload.items():
        control = form.controls.get(name)
        if control is None or control.kind not in {"text", "textarea", "email", "tel"}:
            continue
        if (url_name, name) in TEXT_NOT_STORED or len(values) != 1:
            continue
        typed = str(values[0]).strip()
        assert not typed or any(typed in text for text in stored), (
            f"{url_name}: {name}={typed[:80]!r} was saved, but not as typed"
        )


def _post_forms(client: Client, url: str) -> list[Form]:
    page = client.get(url)
    if page.status_code != 200:
        return []
    return [
        form
        for form in parse_forms(page.content.decode())
        if form.method == "post" and _same_page(form.action, url)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", FORM_URL_NAMES)
def test_hostile_input_gives_a_clear_error_or_a_clean_save(
    url_name: str, world: World, client: Client
) -> None:
    target = _fuzz_target(url_name)
    assert target is not None
    persona, relation = target
    viewer: User | None = _sign_in(client, world, persona)
    entry = MATRIX.entries[url_name]
    kwargs = (
        OBJECT_BUILDERS[entry.object_kind](world, viewer, relation) if entry.object_kind else {}
    )
    url = reverse(url_name, kwargs=kwargs)
    expected = entry.expected(persona=persona, method="post", relation=relation)
    forms = _post_forms(client, url)
    # A POST-only URL (its form sits on another page) is fed unknown fields only.
    form_choices: list[Form | None] = list(forms) or [None]
    cookies = dict(client.cookies)
    examples = {"count": 0, "saved": 0, "refused": 0, "ignored": 0}

    @hypothesis_settings(
        max_examples=EXAMPLES_PER_URL,
        deadline=None,
        database=None,
        # No shrinking: a failure is reported as generated, and the run stays bounded.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )
    @given(data=st.data())
    def post_hostile_input(data: st.DataObject) -> None:
        form = data.draw(st.sampled_from(form_choices))
        payload = data.draw(_payloads(form))
        examples["count"] += 1
        client.cookies = SimpleCookie()  # a rotated session key is rolled back too
        for name, morsel in cookies.items():
            client.cookies[name] = morsel
        with transaction.atomic():
            before = _snapshot()
            response = client.post(url, payload)
            changes = _changes(before, _snapshot())
            is_save = response.status_code in {301, 302, 303}
            stored = _stored_texts(changes) if is_save else set()
            transaction.set_rollback(True)

        sent = {name: values for name, values in payload.items() if values}
        assert response.status_code != 500, (url, sent)
        assert not _is_error_page(response), (url, response.status_code, sent)
        assert is_save or response.status_code in {200, 400}, (url, response.status_code)
        if not is_save:
            # List pages answer a POST with the list: nothing written, nothing to show.
            examples["refused" if _shows_an_error(response) else "ignored"] += 1
            _check_refusal(url_name, response, changes, sent if form else {})
            return
        examples["saved"] += 1
        # Signed out by a hostile value is a failure, unless signing out is the page's job.
        target_name = resolve(urlsplit(response["Location"]).path).view_name
        is_sign_out = target_name in {django_settings.LOGIN_URL, "accounts:verify"}
        assert not is_sign_out or target_name == expected.redirect_to, (url_name, target_name)
        if form is not None:
            _check_save(url_name, form, payload, stored)

    post_hostile_input()
    CASE_COUNTS[url_name] = {
        "persona": persona,
        "relation": relation,
        "forms": len(forms),
        "fields": sorted({name for form in forms for name in form.controls}),
        **examples,
    }
