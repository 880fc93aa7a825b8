"""The API object: version 1, bearer tokens, one error shape, no interactive docs.

The OpenAPI document is served at ``openapi.json`` to token holders only; the interactive
docs page is off because it would load its scripts from a CDN (docs/security.md DP-8).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from atbalsts.api.auth import TokenAuth
from atbalsts.api.errors import install_error_handlers
from atbalsts.api.rules import router as rules_router

NAMESPACE = "api"
token_auth = TokenAuth()


class RulesApi(NinjaAPI):
    def get_root_path(self, path_params: dict[str, Any]) -> str:
        # The API has no root page (ninja's would answer an HTML 404); the document's paths
        # hang off the folder the OpenAPI document is served from.
        return reverse(f"{NAMESPACE}:openapi-json").removesuffix("openapi.json")


def _token_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            if token_auth(request) is None:
                raise AuthenticationError
        except Exception as exc:  # noqa: BLE001 - the API's handlers answer every error
            return api.on_exception(request, exc)
        return view(request, *args, **kwargs)

    return guarded


api = RulesApi(
    title="Atbalsts rules API",
    version="1",
    description=(
        "The law as code: Latvian working days, the agency's deadline, screening, "
        "sentencing ranges and entitlements. Errors answer "
        '{"detail": [{"field", "code", "message"}]}.'
    ),
    urls_namespace=NAMESPACE,
    auth=token_auth,
    docs_url=None,
    docs_decorator=_token_required,
)
api.add_router("/rules", rules_router)
install_error_handlers(api)
