from __future__ import annotations

from django.urls import path

from atbalsts.identification import views

app_name = "identification"

urlpatterns = [
    path("my-commissions/", views.my_commissions, name="my_commissions"),
    path("my-commissions/<uuid:commission_uuid>/", views.my_commission, name="my_commission"),
    path("<uuid:case_uuid>/", views.overview, name="overview"),
    path("<uuid:case_uuid>/commission/", views.convene, name="convene"),
    path("commission/<uuid:commission_uuid>/", views.decide, name="decide"),
    path("<uuid:case_uuid>/recognition/", views.recognition, name="recognition"),
]
