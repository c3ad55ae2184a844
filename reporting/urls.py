from django.urls import path

from . import views

urlpatterns = [
    path("reports/", views.report_list, name="report-list"),
    path("reports/review/", views.report_review, name="report-review"),
    path("reports/review/deadline/", views.report_deadline, name="report-deadline"),
    path("reports/<int:campaign_id>/<int:period_id>/", views.report_detail, name="report-detail"),
    path(
        "reports/<int:campaign_id>/<int:period_id>/action/",
        views.report_action,
        name="report-action",
    ),
    path(
        "reports/<int:campaign_id>/<int:period_id>/regenerate/",
        views.report_regenerate,
        name="report-regenerate",
    ),
]
