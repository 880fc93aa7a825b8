from __future__ import annotations

from django.urls import path

from atbalsts.courses import views

app_name = "courses"

urlpatterns = [
    path("", views.course_list, name="list"),
    path("<uuid:case_uuid>/", views.course_detail, name="detail"),
    path("<uuid:case_uuid>/start/", views.course_start, name="start"),
    path("<uuid:case_uuid>/begin/", views.course_begin, name="begin"),
    path("<uuid:case_uuid>/end/", views.course_end, name="end"),
    path("<uuid:case_uuid>/after/", views.after_course, name="after_course"),
    path("<uuid:case_uuid>/plan/", views.plan, name="plan"),
    path("<uuid:case_uuid>/plan/tasks/add/", views.task_add, name="task_add"),
    path("<uuid:case_uuid>/plan/tasks/<uuid:task_uuid>/done/", views.task_done, name="task_done"),
    path("<uuid:case_uuid>/plan/reviews/add/", views.review_add, name="review_add"),
    path("<uuid:case_uuid>/services/", views.delivery_list, name="services"),
    path("<uuid:case_uuid>/services/add/", views.delivery_add, name="delivery_add"),
]
