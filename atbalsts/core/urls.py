from __future__ import annotations

from django.urls import path

from atbalsts.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("csp-report/", views.csp_report, name="csp_report"),
]
