from django.urls import path

from . import views

urlpatterns = [
    path("campaigns/<int:pk>/lists/<slug:kind>/", views.list_items, name="list-items"),
    path("campaigns/<int:pk>/lists/<slug:kind>/export.xlsx", views.list_export, name="list-export"),
    path(
        "campaigns/<int:pk>/lists/<slug:kind>/new/",
        views.list_item_create,
        name="list-item-create",
    ),
    path("tasks/<int:pk>/", views.task_detail, name="task-detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="list-item-edit"),
    path("tasks/<int:pk>/split/", views.task_split, name="list-item-split"),
    path("tasks/<int:pk>/close/", views.task_close, name="list-item-close"),
    path("tasks/<int:pk>/reopen/", views.task_reopen, name="list-item-reopen"),
]
