"""The product's URLs plus one bare view, the baseline every page is compared with.

Served only by the benchmark (bench/settings.py); the product's URLconf has no such view.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from atbalsts.urls import handler400, handler403, handler404, handler500
from atbalsts.urls import urlpatterns as product


@login_not_required
def bare(request: HttpRequest) -> HttpResponse:
    """As little as Django can serve through the project's middleware: no database, no template."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *product]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
