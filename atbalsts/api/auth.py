"""Bearer-token authentication for the API (``Authorization: Bearer <token>``).

Every call with a usable token is recorded (the token's last use and a ``rules_api_call``
audit event naming the endpoint); a holder whose role may not use the rules gets 403 and
an ``authz_fail`` event (docs/security.md AZ-10).
"""

from __future__ import annotations

import logging

from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from atbalsts.access.policy import Capability, can
from atbalsts.api.models import ApiToken
from atbalsts.api.selectors import api_token_for_raw
from atbalsts.api.services import api_call_record, api_call_refused

logger = logging.getLogger("atbalsts.api")


def endpoint_name(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.url_name or "" if match is not None else ""


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = api_token_for_raw(token)
        if api_token is None:
            logger.warning("authn_token_fail", extra={"endpoint": endpoint_name(request)})
            return None
        if not can(api_token.user.role, Capability.USE_RULES):
            api_call_refused(token=api_token, endpoint=endpoint_name(request))
            raise AuthorizationError
        api_call_record(token=api_token, endpoint=endpoint_name(request))
        return api_token
