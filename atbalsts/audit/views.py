"""The data-protection officer's audit trail (docs/security.md LG-1).

Every view: capability check (404 for any other role, recorded as authz_fail) → form →
selector → render, and the reading itself is recorded (``audit_trail_viewed``). Search terms
travel in the POST body, never in the address (docs/security.md DP-5).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.views.decorators.http import require_http_methods, require_POST

from atbalsts.audit import texts
from atbalsts.audit.access import trail_reader, trail_reader_required
from atbalsts.audit.display import payload_items
from atbalsts.audit.forms import EventSearchForm
from atbalsts.audit.labels import action_label, detail_label, object_type_label
from atbalsts.audit.models import AuditEvent
from atbalsts.audit.objects import object_codes
from atbalsts.audit.selectors import audit_events_for, audit_object_search
from atbalsts.audit.services import audit_trail_viewed
from atbalsts.audit.verification import TrailVerification, audit_trail_verify

PAGE_SIZE = 50
FILTER_FORM_ID = "filters"


@dataclass(frozen=True)
class EventRow:
    event: AuditEvent
    action: str
    object_type: str
    # The case code, person reference or username of the record, while it exists.
    object_code: str
    details: list[tuple[str, str]]


def _page(
    request: HttpRequest, events: QuerySet[AuditEvent]
) -> tuple[Page[AuditEvent], list[EventRow]]:
    page = Paginator(events, PAGE_SIZE).get_page(request.POST.get("page"))
    withheld = str(texts.PAYLOAD_WITHHELD)
    codes = object_codes((event.object_type, event.object_uuid) for event in page)
    rows = [
        EventRow(
            event=event,
            action=action_label(event.action),
            object_type=object_type_label(event.object_type),
            object_code=codes.get(event.object_uuid, "") if event.object_uuid else "",
            details=[
                (detail_label(key), value)
                for key, value in payload_items(event.payload, withheld=withheld)
            ],
        )
        for event in page
    ]
    return page, rows


@trail_reader_required
@require_http_methods(["GET", "POST"])
def trail(request: HttpRequest) -> HttpResponse:
    reader = trail_reader(request)
    form = EventSearchForm(request.POST if request.method == "POST" else None)
    filters = form.filters()
    searched = str(filters.pop("object_uuid", ""))
    match = audit_object_search(searched) if searched else None
    events = audit_events_for(
        actor=reader, object_uuids=match.objects if match else None, **filters
    )
    page_obj, rows = _page(request, events)
    audit_trail_viewed(
        actor=reader,
        view="search",
        object_uuid=match.record if match else None,
        filters=[*filters, *(["object_uuid"] if match else [])],
    )
    not_found = match is not None and match.record is None
    return render(
        request,
        "audit/trail.html",
        {
            "form": form,
            "page_obj": page_obj,
            "rows": rows,
            "form_id": FILTER_FORM_ID,
            "empty_message": (
                texts.NO_OBJECT_FOR_CODE % {"code": searched} if not_found else texts.NO_EVENTS
            ),
            "not_verified_message": texts.CHAIN_NOT_VERIFIED,
        },
    )


def _position(seq: int) -> str:
    return number_format(seq, force_grouping=True)


def _verification_messages(result: TrailVerification) -> list[tuple[int, str]]:
    """What the officer is told, worst first: the chain, the anchors, then the anchors' age."""
    shown: list[tuple[int, str]] = []
    chain = result.chain
    if chain.is_intact:
        shown.append((messages.SUCCESS, texts.CHAIN_INTACT % {"count": chain.checked}))
    else:
        shown.append((messages.ERROR, texts.CHAIN_BROKEN % {"position": chain.broken_at}))
    anchored = result.anchors
    if result.anchor_error or anchored is None:
        shown.append((messages.ERROR, str(texts.ANCHORS_UNREADABLE)))
    elif not anchored.is_intact and anchored.broken_at is not None:
        position = _position(anchored.broken_at)
        shown.append((messages.ERROR, texts.ANCHOR_BROKEN % {"position": position}))
    elif anchored.checked:
        shown.append((messages.SUCCESS, texts.ANCHORS_MATCH % {"count": anchored.checked}))
    newest, age = result.newest_anchor, result.newest_anchor_age
    if newest is None or age is None:
        shown.append((messages.WARNING, str(texts.NO_ANCHOR)))
        return shown
    position = _position(newest.seq)
    level = messages.WARNING if result.is_anchor_stale else messages.INFO
    age_text = texts.anchor_age(int(age.total_seconds()))
    shown.append((level, texts.NEWEST_ANCHOR % {"age": age_text, "position": position}))
    if result.is_anchor_stale:
        shown.append((messages.WARNING, str(texts.ANCHOR_STALE)))
    if result.unanchored_after is not None:
        after = _position(result.unanchored_after)
        shown.append((messages.INFO, texts.TAIL_UNANCHORED % {"position": after}))
    return shown


@trail_reader_required
@require_POST
def chain_verify(request: HttpRequest) -> HttpResponse:
    """The keyed chain and the anchors outside the database, checked together (LG-2)."""
    reader = trail_reader(request)
    try:
        result = audit_trail_verify(anchors_path=settings.AUDIT_ANCHOR_FILE, now=timezone.now())
    except ImproperlyConfigured:
        result = None
    audit_trail_viewed(actor=reader, view="chain_verify")
    if result is None:
        messages.error(request, texts.CHAIN_KEY_MISSING)
        return redirect("audit:trail")
    for level, message in _verification_messages(result):
        messages.add_message(request, level, message)
    return redirect("audit:trail")


@trail_reader_required
@require_http_methods(["GET", "POST"])
def object_events(request: HttpRequest, object_uuid: uuid.UUID) -> HttpResponse:
    """Who looked at this person or case, when and why: every event about one object."""
    reader = trail_reader(request)
    events = audit_events_for(actor=reader, object_uuid=object_uuid)
    page_obj, rows = _page(request, events)
    audit_trail_viewed(actor=reader, view="object", object_uuid=object_uuid)
    object_code = next(
        (
            row.object_code
            for row in rows
            if row.event.object_uuid == object_uuid and row.object_code
        ),
        "",
    )
    return render(
        request,
        "audit/object_events.html",
        {
            "object_uuid": object_uuid,
            "object_code": object_code,
            "page_obj": page_obj,
            "rows": rows,
            "form_id": FILTER_FORM_ID,
            "empty_message": texts.NO_EVENTS,
        },
    )
