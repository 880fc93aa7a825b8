from __future__ import annotations

from django.urls import path

from atbalsts.agency import views

app_name = "agency"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<uuid:submission_uuid>/", views.detail, name="detail"),
    path("submit/<uuid:case_uuid>/", views.submit, name="submit"),
]
