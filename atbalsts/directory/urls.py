from __future__ import annotations

from django.urls import path

from atbalsts.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.contact_list, name="list"),
    path("add/", views.contact_add, name="add"),
    path("<uuid:contact_uuid>/", views.contact_edit, name="edit"),
    path("<uuid:contact_uuid>/deactivate/", views.contact_deactivate, name="deactivate"),
]
