from __future__ import annotations

from django.urls import path

from atbalsts.screening import views

app_name = "screening"

urlpatterns = [
    path("case/<uuid:case_uuid>/", views.screening_case_list, name="case_list"),
    path("case/<uuid:case_uuid>/start/", views.screening_start, name="start"),
    path("leaflet/", views.rights_leaflet, name="leaflet"),
    path("<uuid:screening_uuid>/", views.screening_detail, name="detail"),
    path("<uuid:screening_uuid>/step/<slug:step>/", views.screening_step, name="step"),
    path("<uuid:screening_uuid>/complete/", views.screening_complete, name="complete"),
    path("<uuid:screening_uuid>/informed/", views.screening_informed, name="informed"),
]
