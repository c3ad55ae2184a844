from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export/<slug:table>.xlsx", views.dashboard_export, name="dashboard-export"),
    path("dashboard/rule/", views.light_rule_edit, name="dashboard-rule"),
    path("leader/", views.leader_view, name="leader-view"),
]
