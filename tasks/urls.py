from django.urls import path

from . import views

urlpatterns = [
    path("tasks/<int:pk>/", views.task_detail, name="task-detail"),
]
