from django.urls import path

from . import views

urlpatterns = [
    path("projects/", views.project_list, name="project-list"),
    path("projects/new/", views.project_create, name="project-create"),
    path("projects/summary/", views.project_summary, name="project-summary"),
    path("projects/import/", views.project_import, name="project-import"),
    path("projects/export/", views.project_export, name="project-export"),
    path("projects/updates/export/", views.project_update_export, name="project-update-export"),
    path("projects/<int:pk>/", views.project_detail, name="project-detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project-edit"),
]
