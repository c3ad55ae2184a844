from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("departments/", views.department_list, name="department-list"),
    path("departments/<int:pk>/", views.department_detail, name="department-detail"),
    path("plans/import/", views.plan_import_upload, name="plan-import"),
    path("plans/import/<int:pk>/", views.plan_import_detail, name="plan-import-detail"),
]
