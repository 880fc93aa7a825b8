"""The API's URLs, mounted at ``/api/v1/``.

Each view authenticates by bearer token itself, so the login middleware lets its requests
through (``login_required = False``); a body larger than the rules need is refused before
anything is parsed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _

from atbalsts.api.errors import error_item
from atbalsts.api.main import NAMESPACE, api

MAX_BODY_BYTES = 256 * 1024

app_name = NAMESPACE


def _transport(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY_BYTES:
            return JsonResponse(
                {
                    "detail": [
                        error_item(
                            "body",
                            "too_large",
                            _("The request body is larger than %(limit)s bytes.")
                            % {"limit": MAX_BODY_BYTES},
                        )
                    ]
                },
                status=413,
            )
        return view(request, *args, **kwargs)

    return login_not_required(limited)


def _patterns() -> list[URLPattern | URLResolver]:
    patterns, _app_name, _namespace = api.urls
    result: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            if pattern.name == "api-root":
                continue
            result.append(
                URLPattern(
                    pattern.pattern,
                    _transport(pattern.callback),
                    pattern.default_args,
                    pattern.name,
                )
            )
        else:
            result.append(pattern)
    return result


urlpatterns = _patterns()
