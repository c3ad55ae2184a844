from django.urls import path

from . import views

urlpatterns = [
    path("progress/", views.my_tasks, name="progress-my-tasks"),
    path(
        "progress/tasks/<int:task_id>/<int:period_id>/",
        views.task_progress,
        name="progress-task",
    ),
    path("progress/evidence/<int:pk>/", views.evidence_download, name="progress-evidence"),
]
