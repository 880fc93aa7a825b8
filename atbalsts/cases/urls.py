from __future__ import annotations

from django.urls import path

from atbalsts.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("open/<uuid:person_uuid>/", views.case_open, name="open"),
    path("<uuid:case_uuid>/", views.case_detail, name="detail"),
    path("<uuid:case_uuid>/close/", views.case_close, name="close"),
]
