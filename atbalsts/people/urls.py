from __future__ import annotations

from django.urls import path

from atbalsts.people import views

app_name = "people"

urlpatterns = [
    path("new/", views.person_register, name="register"),
    path("search/", views.person_search, name="search"),
    path("<uuid:person_uuid>/", views.person_detail, name="detail"),
    path("<uuid:person_uuid>/edit/", views.person_edit, name="edit"),
]
