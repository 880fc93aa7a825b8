"""Drafts of what a user typed into a page's form, kept when a session is about to end.

The page's script sends the form's content here while the user types and when the session
warning shows; after the user signs in again, the same page offers it back. A draft is case
data that was never saved, so it is encrypted at rest (``FormDraft.content``), kept one per
user and page, never in the browser, and purged after ``FORM_DRAFT_RETENTION``. Sign-in pages
are never drafted, nor any field that holds a password, passphrase, secret, token or code
of the sign-in (the script leaves them out; :func:`draft_forms_parse` drops them again).

Writes are services with their audit event in the same transaction (docs/style.md); the payload
names the page and counts the fields, never their content.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import IntegrityError, transaction
from django.urls import Resolver404, resolve

from atbalsts.accounts.models import FORM_DRAFT_PATH_MAX_LENGTH, FormDraft, User
from atbalsts.audit.services import audit_record

# A draft is for picking up after signing in again, not a store of unsaved notes.
DEFAULT_FORM_DRAFT_RETENTION = timedelta(hours=24)
FORM_DRAFT_MAX_BYTES = 128 * 1024
FORM_DRAFT_MAX_FORMS = 10
FORM_DRAFT_MAX_FIELDS = 300
FORM_DRAFT_MAX_NAME_LENGTH = 200

# The pages where one signs in: what is typed there is never kept.
NEVER_DRAFTED_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:verify",
        "accounts:enrol",
        "accounts:logout",
        "accounts:reauthenticate",
    }
)
# Field names that may hold a secret, wherever they appear (also in tests/static checks).
SECRET_FIELD_NAME = re.compile(
    r"password|passphrase|secret|token|otp|csrfmiddlewaretoken|^code$", re.IGNORECASE
)

# The pages of this session that have a draft waiting or being kept, so that a page knows
# without a query whether to offer one, and a sent form knows whether to delete one.
DRAFTED_PATHS_KEY = "atbalsts_drafted_paths"

_OBJECT_TYPE = "accounts.formdraft"

Entry = tuple[str, str | None]
DraftForms = dict[str, list[Entry]]


class DraftError(ValueError):
    """The draft sent is not one this endpoint keeps."""


def form_draft_retention() -> timedelta:
    value = getattr(settings, "FORM_DRAFT_RETENTION", DEFAULT_FORM_DRAFT_RETENTION)
    assert isinstance(value, timedelta)  # noqa: S101 -- a settings mistake must fail loudly
    return value


def is_draftable_path(path: str) -> bool:
    """A local page path of this site that is not a sign-in page."""
    if (
        not path.startswith("/")
        or path.startswith("//")
        or "\\" in path
        or len(path) > FORM_DRAFT_PATH_MAX_LENGTH
    ):
        return False
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name not in NEVER_DRAFTED_VIEWS and match.app_name != "api"


def draft_forms_parse(raw: Any) -> DraftForms:
    """The forms of a posted draft, checked; secret-looking fields are dropped."""
    if not isinstance(raw, dict) or len(raw) > FORM_DRAFT_MAX_FORMS:
        raise DraftError("forms")
    forms: DraftForms = {}
    count = 0
    for key, entries in raw.items():
        if not isinstance(key, str) or len(key) > FORM_DRAFT_MAX_NAME_LENGTH:
            raise DraftError("form key")
        if not isinstance(entries, list):
            raise DraftError("entries")
        kept: list[Entry] = []
        for entry in entries:
            if not (isinstance(entry, list) and len(entry) == 2):
                raise DraftError("entry")
            name, value = entry
            if not isinstance(name, str) or not name or len(name) > FORM_DRAFT_MAX_NAME_LENGTH:
                raise DraftError("name")
            if value is not None and not isinstance(value, str):
                raise DraftError("value")
            count += 1
            if count > FORM_DRAFT_MAX_FIELDS:
                raise DraftError("too many fields")
            if SECRET_FIELD_NAME.search(name):
                continue
            kept.append((name, value))
        forms[key] = kept
    return forms


def _has_content(forms: DraftForms) -> bool:
    return any(value for entries in forms.values() for _name, value in entries)


def _remember_path(session: SessionBase, path: str) -> None:
    paths = [p for p in session.get(DRAFTED_PATHS_KEY, []) if p != path]
    session[DRAFTED_PATHS_KEY] = [*paths, path][-FORM_DRAFT_MAX_FORMS * 10 :]


def _forget_paths(session: SessionBase, paths: Iterable[str]) -> None:
    gone = set(paths)
    remaining = [p for p in session.get(DRAFTED_PATHS_KEY, []) if p not in gone]
    if remaining:
        session[DRAFTED_PATHS_KEY] = remaining
    else:
        session.pop(DRAFTED_PATHS_KEY, None)


def drafted_paths(session: SessionBase) -> list[str]:
    value = session.get(DRAFTED_PATHS_KEY, [])
    return [p for p in value if isinstance(p, str)] if isinstance(value, list) else []


# --- Reads -----------------------------------------------------------------------------------


def form_draft_for(*, actor: User, path: str, now: datetime) -> FormDraft | None:
    """The actor's own draft of this page, while it is kept; nobody else's, ever."""
    return FormDraft.objects.filter(
        user=actor, path=path, saved_at__gt=now - form_draft_retention()
    ).first()


def form_draft_paths(*, actor: User, now: datetime) -> list[str]:
    return list(
        FormDraft.objects.filter(user=actor, saved_at__gt=now - form_draft_retention())
        .order_by("saved_at")
        .values_list("path", flat=True)
    )


def form_draft_content(draft: FormDraft) -> DraftForms:
    raw = json.loads(str(draft.content))
    return {key: [(name, value) for name, value in entries] for key, entries in raw.items()}


def form_drafts_remember(*, session: SessionBase, actor: User, now: datetime) -> None:
    """After signing in: note which pages have a draft waiting, for those pages to offer."""
    for path in form_draft_paths(actor=actor, now=now):
        _remember_path(session, path)


# --- Writes ----------------------------------------------------------------------------------


def _audit(*, actor: User, action: str, draft: FormDraft, **payload: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=_OBJECT_TYPE,
        object_uuid=draft.uuid,
        payload={"path": draft.path, **payload},
    )


def form_drafts_purge(*, now: datetime) -> int:
    """Delete every draft older than the retention; returns how many."""
    with transaction.atomic():
        deleted, _by_model = FormDraft.objects.filter(
            saved_at__lte=now - form_draft_retention()
        ).delete()
        if deleted:
            audit_record(
                actor=None,
                action="form_drafts_purged",
                object_type=_OBJECT_TYPE,
                payload={"count": deleted},
            )
        return deleted


def form_draft_save(
    *, actor: User, session: SessionBase, path: str, forms: DraftForms, now: datetime
) -> FormDraft | None:
    """Keep (or replace) the actor's draft of the page at ``path``; None when it is empty."""
    if not is_draftable_path(path):
        raise DraftError("path")
    if not _has_content(forms):
        return None
    content = json.dumps(
        {key: [list(entry) for entry in entries] for key, entries in forms.items()},
        ensure_ascii=False,
    )
    if len(content.encode()) > FORM_DRAFT_MAX_BYTES:
        raise DraftError("size")
    form_drafts_purge(now=now)
    try:
        draft = _form_draft_write(actor=actor, path=path, content=content, forms=forms, now=now)
    except IntegrityError:
        # Another request of the same page created the draft in the meantime: replace it.
        draft = _form_draft_write(actor=actor, path=path, content=content, forms=forms, now=now)
    _remember_path(session, path)
    return draft


def _form_draft_write(
    *, actor: User, path: str, content: str, forms: DraftForms, now: datetime
) -> FormDraft:
    with transaction.atomic():
        draft = FormDraft.objects.select_for_update().filter(user=actor, path=path).first()
        if draft is None:
            draft = FormDraft(user=actor, path=path)
        draft.content = content
        draft.saved_at = now
        # The one-per-page constraint is the database's to check, under the row lock.
        draft.full_clean(validate_constraints=False)
        draft.save()
        _audit(
            actor=actor,
            action="form_draft_saved",
            draft=draft,
            fields=sum(len(entries) for entries in forms.values()),
        )
    return draft


def form_draft_discard(
    *, actor: User, session: SessionBase, paths: Iterable[str], reason: str
) -> int:
    """Delete the actor's drafts of these pages (discarded, or their form was sent)."""
    paths = list(paths)
    with transaction.atomic():
        drafts = list(FormDraft.objects.select_for_update().filter(user=actor, path__in=paths))
        for draft in drafts:
            _audit(actor=actor, action="form_draft_deleted", draft=draft, reason=reason)
            draft.delete()
    _forget_paths(session, paths)
    return len(drafts)
