"""Behind reverse proxies the lockout and the trail see each client's own address, read from
the configured number of trusted proxies in X-Forwarded-For (AU-4)."""

from __future__ import annotations

import pytest
from django.conf import LazySettings
from django.test import Client, RequestFactory

from atbalsts.accounts.models import User
from atbalsts.audit.models import AuditEvent
from atbalsts.core.middleware import client_ip
from tests.accounts.helpers import login_password

PROXY = "10.8.0.2"  # the address the application is reached from: the last proxy


def _through(header: str | None, remote: str = PROXY) -> str | None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if header is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = header
    return client_ip(request)


@pytest.mark.parametrize(
    ("proxies", "header", "client"),
    [
        (0, "203.0.113.9", PROXY),  # no proxy configured: the header is the client's own words
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.66, 203.0.113.9", "203.0.113.9"),  # the left part was forged
        (2, "198.51.100.66, 203.0.113.9, 10.8.0.1", "203.0.113.9"),
        (2, "203.0.113.9", PROXY),  # shorter than the chain: it went around the proxies
        (1, "not-an-address", PROXY),
        (1, "2001:db8::7", "2001:db8::7"),
        (1, None, PROXY),
    ],
)
def test_the_client_is_read_through_the_trusted_proxies(
    settings: LazySettings, proxies: int, header: str | None, client: str
) -> None:
    settings.PROXY_COUNT = proxies

    assert _through(header) == client


def _via_proxy(address: str) -> Client:
    """A browser at ``address`` behind one proxy that appends what it saw."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


@pytest.mark.django_db
def test_five_wrong_passwords_behind_the_proxy_lock_out_that_client_only(
    settings: LazySettings, personas: dict[str, User], password: str
) -> None:
    settings.PROXY_COUNT = 1
    worker = personas["social_worker_a"]
    attacker = _via_proxy("203.0.113.9")

    statuses = [
        login_password(attacker, worker.username, "not the password!").status_code for _ in range(5)
    ]

    assert statuses == [200, 200, 200, 200, 429]
    # The caseworker in her office, through the same proxy, still signs in.
    assert login_password(_via_proxy("198.51.100.20"), worker.username, password).status_code == 302
    failure = AuditEvent.objects.filter(action="authn_login_fail").first()
    assert failure is not None
    assert failure.client_ip == "203.0.113.9"
