from django.urls import path

from . import views

urlpatterns = [
    path("counties/", views.county_home, name="county-home"),
    path("counties/matrix/", views.submission_matrix, name="county-matrix"),
    path("counties/breakdown/", views.breakdown, name="county-breakdown"),
    path("counties/breakdown/set/", views.breakdown_set, name="county-breakdown-set"),
    path("counties/submissions/<int:pk>/", views.submission_detail, name="county-submission"),
    path(
        "counties/submissions/<int:pk>/status/",
        views.submission_status,
        name="county-submission-status",
    ),
    path(
        "counties/submissions/<int:pk>/annotated/",
        views.submission_annotated,
        name="county-submission-annotated",
    ),
    path("counties/<int:region_id>/", views.region_detail, name="county-region"),
    path("counties/<int:region_id>/upload/", views.submission_upload, name="county-upload"),
    path("counties/<int:region_id>/tasks/", views.region_tasks, name="county-region-tasks"),
    path(
        "counties/<int:region_id>/<int:period_id>/workbook/",
        views.workbook_download,
        name="county-workbook",
    ),
    path(
        "counties/<int:region_id>/<int:period_id>/review/",
        views.region_period_review,
        name="county-review",
    ),
]
