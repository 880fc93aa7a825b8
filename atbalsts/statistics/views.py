"""The statistics page and its downloads (docs/security.md ST-1, ST-2, EX-1).

Decorators -> the period form -> the period's frozen release (and its revisions) -> render.
The page and both files are built from the same :func:`_release` call, so a file holds
exactly what the page shows, and what was shown of a period once is shown again.
"""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET

from atbalsts.access.policy import Capability, ExportKind, may_be_granted_export, may_export
from atbalsts.accounts.models import User
from atbalsts.administration.access import acting_user, require_capability
from atbalsts.audit.services import audit_authz_fail
from atbalsts.exports.access import granted_exports, user_may_export
from atbalsts.exports.texts import KIND_LABELS
from atbalsts.statistics import charts, downloads, services, texts
from atbalsts.statistics.forms import PeriodForm
from atbalsts.statistics.periods import Period, latest_ended
from atbalsts.statistics.selectors import Release, Version

FORMATS = {
    "csv": (ExportKind.STATISTICS_CSV, "text/csv; charset=utf-8"),
    "xlsx": (
        ExportKind.STATISTICS_XLSX,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


def _form(request: HttpRequest) -> PeriodForm:
    today = timezone.localdate()
    if "year" in request.GET or "quarter" in request.GET:
        return PeriodForm(request.GET, today=today)
    default = latest_ended(today)
    return PeriodForm({"year": default.year, "quarter": default.quarter}, today=today)


def _release(actor: User, period: Period) -> Release:
    return services.statistics_release(actor=actor, period=period)


def _day(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment).date(), "DATE_FORMAT")


def revision_title(version: Version) -> str:
    return str(texts.REVISION_TITLE) % {"number": version.number, "date": _day(version.released_at)}


def period_label(period: Period) -> str:
    return str(texts.PERIOD_LABEL) % {
        "start": date_format(period.start, "DATE_FORMAT"),
        "end": date_format(period.end, "DATE_FORMAT"),
    }


@require_capability(Capability.VIEW_STATISTICS)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    form = _form(request)
    period = form.period() if form.is_valid() else None
    release = _release(actor, period) if period else None
    granted = granted_exports(actor)
    return render(
        request,
        "statistics/index.html",
        {
            "form": form,
            "period": period,
            "period_label": period_label(period) if period else "",
            "tables": [(table, charts.bar_chart(table)) for table in release.tables]
            if release
            else [],
            "released_on": str(texts.RELEASED_ON) % {"date": _day(release.versions[0].released_at)}
            if release
            else "",
            "revisions": [
                (revision_title(version), version.tables) for version in release.revisions
            ]
            if release
            else [],
            "revision_note": texts.REVISION_NOTE,
            "revision_withheld": texts.REVISION_WITHHELD
            if release and release.is_revision_withheld
            else "",
            "legend": texts.LEGEND,
            "no_bars": texts.CHART_NO_BARS,
            "share_label": texts.SHARE_WITHIN_DEADLINE,
            "downloads": [
                name
                for name, (kind, _type) in FORMATS.items()
                if may_export(actor.role, kind, granted)
            ],
            "download_notes": _download_notes(actor, granted),
        },
    )


def _download_notes(actor: User, granted: frozenset[str]) -> list[str]:
    """Why each file the actor cannot download is missing, and what to do about it: an
    export is given to each user by name by the system administrator, and only to the roles
    the policy allows it for (atbalsts.access.policy EXPORT_ROLES; docs/security.md EX-1)."""
    notes = []
    for name, (kind, _type) in FORMATS.items():
        if may_export(actor.role, kind, granted):
            continue
        message = (
            texts.DOWNLOAD_NOT_GRANTED
            if may_be_granted_export(actor.role, kind)
            else texts.DOWNLOAD_NOT_FOR_ROLE
        )
        notes.append(str(message) % {"format": name.upper(), "export": KIND_LABELS[kind.value]})
    return notes


def _download(request: HttpRequest, export_format: str) -> HttpResponse:
    actor = acting_user(request)
    kind, content_type = FORMATS[export_format]
    if not user_may_export(actor, kind):
        audit_authz_fail(
            actor=actor,
            resource_type="statistics_export",
            object_uuid=None,
            reason=f"missing_export:{kind.value}",
        )
        raise Http404
    form = _form(request)
    if not form.is_valid():
        raise Http404
    period = form.period()
    release = _release(actor, period)
    tables = release.tables
    export_id = services.statistics_export(
        actor=actor,
        export_format=export_format,
        period=period,
        tables=[table.name for table in tables],
    )
    watermark = str(texts.WATERMARK) % {
        "username": actor.get_username(),
        "time": timezone.localtime().strftime("%Y-%m-%d %H:%M:%S %z"),
        "export": export_id,
    }
    lines = downloads.rows(
        tables,
        watermark=watermark,
        period_label=period_label(period),
        released_on=str(texts.RELEASED_ON) % {"date": _day(release.versions[0].released_at)},
        revisions=[(revision_title(version), version.tables) for version in release.revisions],
        withheld=str(texts.REVISION_WITHHELD) if release.is_revision_withheld else "",
    )
    body = downloads.as_csv(lines) if export_format == "csv" else downloads.as_xlsx(lines)
    response = HttpResponse(body, content_type=content_type)
    filename = f"statistics-{period.year}-q{period.quarter}.{export_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_capability(Capability.VIEW_STATISTICS)
@require_GET
def download_csv(request: HttpRequest) -> HttpResponse:
    return _download(request, "csv")


@require_capability(Capability.VIEW_STATISTICS)
@require_GET
def download_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(request, "xlsx")
