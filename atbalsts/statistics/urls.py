from __future__ import annotations

from django.urls import URLPattern, path

from atbalsts.statistics import views

app_name = "statistics"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("statistics.csv", views.download_csv, name="csv"),
    path("statistics.xlsx", views.download_xlsx, name="xlsx"),
]
