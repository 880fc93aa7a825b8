"""One error shape for every answer that is not 200.

``{"detail": [{"field": <str or null>, "code": <str>, "message": <str>}]}`` — ``field``
names the offending input the way the rules do (``deliveries[3].hours``; a query parameter
by its name; ``body`` for the body as a whole), ``code`` is a stable machine-readable
reason (``unknown_code``, ``missing``, ``date_format``, ``not_authenticated`` …) and
``message`` says it in words. The submitted values are never echoed back: screening input
may be sensitive.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from atbalsts.rules.errors import RuleInputError, UnknownCodeError

if TYPE_CHECKING:
    from ninja import NinjaAPI

E = TypeVar("E", bound=Exception)

# How many leading parts of ninja's error locations to drop: the source, and for a body the
# name of the view's parameter that holds it (query models are flattened).
_SOURCES_WITH_MODEL = {"body": 2, "query": 1}


def field_path(loc: Sequence[Any]) -> str:
    """``("body", "data", "deliveries", 3, "hours")`` → ``"deliveries[3].hours"``."""
    parts = list(loc)
    if parts and parts[0] in _SOURCES_WITH_MODEL:
        source = parts[0]
        parts = parts[_SOURCES_WITH_MODEL[source] :]
        if not parts:
            return str(source)
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def error_item(field: str | None, code: str, message: str) -> dict[str, str | None]:
    return {"field": field, "code": code, "message": message}


def _respond(
    api: NinjaAPI, request: HttpRequest, status: int, items: list[dict[str, str | None]]
) -> HttpResponse:
    return api.create_response(request, {"detail": items}, status=status)


def install_error_handlers(api: NinjaAPI) -> None:
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        items = [
            error_item(field_path(error.get("loc", ())), str(error["type"]), str(error["msg"]))
            for error in exc.errors
        ]
        return _respond(api, request, 422, items)

    def rule_input_error(request: HttpRequest, exc: RuleInputError) -> HttpResponse:
        code = "unknown_code" if isinstance(exc, UnknownCodeError) else "invalid"
        return _respond(api, request, 422, [error_item(exc.field, code, exc.message)])

    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = _respond(
            api,
            request,
            401,
            [
                error_item(
                    "Authorization",
                    "not_authenticated",
                    _("A valid API token is required: send “Authorization: Bearer <token>”."),
                )
            ],
        )
        response["WWW-Authenticate"] = 'Bearer realm="atbalsts"'
        return response

    def authorization_error(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return _respond(
            api,
            request,
            403,
            [error_item(None, "permission_denied", _("Your role may not use the rules API."))],
        )

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja raises these for a body that is not JSON (400) and a method not allowed.
        field = "body" if exc.status_code == 400 else None
        return _respond(
            api,
            request,
            exc.status_code,
            [error_item(field, f"http_{exc.status_code}", str(exc.message))],
        )

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _respond(api, request, 404, [error_item(None, "not_found", _("Not found."))])

    _register(api, ValidationError, validation_error)
    _register(api, RuleInputError, rule_input_error)
    _register(api, AuthenticationError, authentication_error)
    _register(api, AuthorizationError, authorization_error)
    _register(api, HttpError, http_error)
    _register(api, Http404, not_found)


def _register(
    api: NinjaAPI, exc_class: type[E], handler: Callable[[HttpRequest, E], HttpResponse]
) -> None:
    # ninja types a handler's argument as "the exception or its class"; it always passes
    # the exception.
    api.add_exception_handler(exc_class, cast("Any", handler))
