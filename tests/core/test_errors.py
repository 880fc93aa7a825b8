"""Error pages: generic, in the reader's language, and the 500 page needs nothing to render."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from atbalsts.accounts.models import User
from atbalsts.core import views
from tests.core.failing_urls import CANARY
from tests.core.helpers import signed_in_client
from tests.core.pages import in_latvian as _lv
from tests.core.pages import visible_text

NOT_FOUND_LV = "Lapa nav atrasta"
NOT_FOUND_EN = "Page not found"
SERVER_ERROR_TITLE = "Something went wrong"


@pytest.mark.django_db
@pytest.mark.urls("tests.core.failing_urls")
def test_forced_exception_gives_a_generic_500_without_traceback() -> None:
    client = Client(raise_request_exception=False)

    response = client.get("/test-failures/500/")
    body = response.content.decode()

    assert response.status_code == 500
    assert _lv(SERVER_ERROR_TITLE) in visible_text(response)
    assert CANARY not in body
    assert "Traceback" not in body
    assert "RuntimeError" not in body
    assert "no-store" in response["Cache-Control"]


def test_500_page_renders_without_database_or_request_context() -> None:
    # No django_db mark: any database access here fails the test. The language is the one
    # LocaleMiddleware would have activated for the failed request.
    request = RequestFactory().get("/")

    with translation.override("lv"):
        response = views.error_500(request)

    assert response.status_code == 500
    assert _lv(SERVER_ERROR_TITLE) in response.content.decode()
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_500_page_falls_back_to_fixed_text_when_the_template_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError(CANARY)

    monkeypatch.setattr(views, "render_to_string", broken)

    response = views.error_500(RequestFactory().get("/"))

    assert response.status_code == 500
    assert response.content.decode() == views.FALLBACK_500_BODY
    assert response["Content-Type"] == "text/plain; charset=utf-8"


@pytest.mark.django_db
@pytest.mark.urls("tests.core.failing_urls")
@pytest.mark.parametrize(
    ("url", "status", "title"),
    [
        ("/test-failures/403/", 403, "Access denied"),
        ("/test-failures/400/", 400, "Bad request"),
    ],
)
def test_400_and_403_pages_are_generic_and_latvian(url: str, status: int, title: str) -> None:
    response = Client(raise_request_exception=False).get(url)

    assert response.status_code == status
    assert _lv(title) in visible_text(response)
    assert _lv(title) != title
    assert CANARY not in response.content.decode()


@pytest.mark.django_db
def test_404_is_latvian_by_default_and_english_after_switching(
    client: Client, personas: dict[str, User]
) -> None:
    signed_in = signed_in_client(client, personas["social_worker_a"])

    latvian = signed_in.get("/no-such-page/")
    assert latvian.status_code == 404
    assert NOT_FOUND_LV in visible_text(latvian)
    assert NOT_FOUND_EN not in visible_text(latvian)

    switched = signed_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert switched.status_code == 302

    english = signed_in.get("/no-such-page/")
    assert english.status_code == 404
    assert NOT_FOUND_EN in visible_text(english)
    assert '<html lang="en">' in english.content.decode()


@pytest.mark.django_db
def test_404_for_an_anonymous_visitor_is_latvian(client: Client) -> None:
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert NOT_FOUND_LV in visible_text(response)


@pytest.mark.django_db
def test_expired_form_page_is_latvian_and_generic(personas: dict[str, User]) -> None:
    client = Client(enforce_csrf_checks=True)
    signed_in = signed_in_client(client, personas["social_worker_a"])

    response = signed_in.post(reverse("accounts:logout"))

    assert response.status_code == 403
    assert _lv("The form has expired") in visible_text(response)
    assert _lv("The form has expired") != "The form has expired"
    assert "CSRF" not in visible_text(response)


UNAVAILABLE_TITLE = "The service is briefly unavailable"


@pytest.mark.django_db
@pytest.mark.urls("tests.core.failing_urls")
@pytest.mark.parametrize(
    "url", ["/test-failures/database-down/", "/test-failures/connection-closed/"]
)
def test_unreachable_database_gives_a_503_saying_to_try_again_in_a_minute(url: str) -> None:
    response = Client(raise_request_exception=False).get(url)

    assert response.status_code == 503
    assert response["Retry-After"] == str(views.RETRY_AFTER_SECONDS)
    assert _lv(UNAVAILABLE_TITLE) in visible_text(response)
    assert _lv(UNAVAILABLE_TITLE) != UNAVAILABLE_TITLE
    assert CANARY not in response.content.decode()
    assert "OperationalError" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_database_lost_while_loading_the_session_gives_the_503_page(
    client: Client, personas: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The session is read in middleware, before any view: the first query of a request
    # after the database went away.
    signed_in = signed_in_client(client, personas["social_worker_a"])
    signed_in.raise_request_exception = False

    def unreachable(self: SessionStore) -> dict[str, object]:
        raise OperationalError("connection to server at 127.0.0.1 failed")

    monkeypatch.setattr(SessionStore, "load", unreachable)

    response = signed_in.get(reverse("core:home"))

    assert response.status_code == 503
    assert _lv(UNAVAILABLE_TITLE) in visible_text(response)


@pytest.mark.django_db
def test_session_that_cannot_be_saved_for_a_lost_database_gives_the_503_page(
    client: Client, personas: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The session is saved after the view: Django reports that failure as a "bad request"
    # (SessionInterrupted), which would tell the user the wrong thing.
    signed_in = signed_in_client(client, personas["social_worker_a"])
    signed_in.raise_request_exception = False

    def unreachable(self: SessionStore, must_create: bool = False) -> None:
        try:
            raise OperationalError("the database system is shutting down")
        except OperationalError as error:
            raise UpdateError from error

    monkeypatch.setattr(SessionStore, "save", unreachable)

    response = signed_in.get(reverse("core:home"))

    assert response.status_code == 503
    assert _lv(UNAVAILABLE_TITLE) in visible_text(response)


def test_503_page_falls_back_to_fixed_text_when_the_template_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError(CANARY)

    monkeypatch.setattr(views, "render_to_string", broken)

    response = views.service_unavailable(RequestFactory().get("/"))

    assert response.status_code == 503
    assert response.content.decode() == views.FALLBACK_503_BODY
    assert response["Retry-After"] == str(views.RETRY_AFTER_SECONDS)
