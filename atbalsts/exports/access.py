"""The one place that answers "may this user export this?" (policy plus the user's grants)."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import Concatenate, NoReturn, ParamSpec, TypeVar, cast

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from atbalsts.access.policy import ExportKind, may_export
from atbalsts.accounts.models import User
from atbalsts.administration.access import acting_user
from atbalsts.audit.services import audit_authz_fail
from atbalsts.exports.models import ExportGrant, ExportJob

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)


def granted_exports(user: User) -> frozenset[str]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return frozenset(ExportGrant.objects.filter(user=user).values_list("kind", flat=True))


def user_may_export(user: User, kind: ExportKind) -> bool:
    return may_export(user.role, kind, granted_exports(user))


def exportable_kinds(user: User) -> list[ExportKind]:
    """The exports this user may make now, in the order of ExportKind."""
    granted = granted_exports(user)
    return [kind for kind in ExportKind if may_export(user.role, kind, granted)]


def require_some_export(
    view: Callable[Concatenate[HttpRequest, P], R],
) -> Callable[Concatenate[HttpRequest, P], R]:
    """Let the view run only for a user holding at least one export; 404 for everyone else
    (export is off by default: docs/security.md EX-1)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> R:
        user = acting_user(request)
        if not exportable_kinds(user):
            audit_authz_fail(
                actor=user,
                resource_type="page",
                page=view.__name__,
                object_uuid=next((v for v in kwargs.values() if isinstance(v, uuid.UUID)), None),
                reason="no_export_permission",
            )
            raise Http404
        return view(request, *args, **kwargs)

    return cast("Callable[Concatenate[HttpRequest, P], R]", wrapped)


def _refuse(actor: User, job_uuid: uuid.UUID, reason: str) -> NoReturn:
    audit_authz_fail(actor=actor, resource_type="export", object_uuid=job_uuid, reason=reason)
    raise Http404


def job_for_requester(*, actor: User, job_uuid: uuid.UUID) -> ExportJob:
    """The actor's own export, while they still hold its permission; otherwise 404."""
    job = ExportJob.objects.filter(uuid=job_uuid, requested_by=actor).first()
    if job is None:
        _refuse(actor, job_uuid, "not_found")
    if not user_may_export(actor, ExportKind(job.kind)):
        _refuse(actor, job_uuid, "no_export_permission")
    return job


def job_for_approver(*, actor: User, job_uuid: uuid.UUID) -> ExportJob:
    """An export of a colleague that the actor may approve or refuse; otherwise 404."""
    job = (
        ExportJob.objects.filter(uuid=job_uuid, organisation=actor.organisation)
        .exclude(requested_by=actor)
        .select_related("requested_by")
        .first()
    )
    if job is None:
        _refuse(actor, job_uuid, "not_found")
    if not user_may_export(actor, ExportKind(job.kind)):
        _refuse(actor, job_uuid, "no_export_permission")
    return job
