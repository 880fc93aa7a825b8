from __future__ import annotations

from django.urls import path

from atbalsts.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.trail, name="trail"),
    path("chain/verify/", views.chain_verify, name="chain_verify"),
    path("objects/<uuid:object_uuid>/", views.object_events, name="object_events"),
]
