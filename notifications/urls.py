from django.urls import path

from . import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/read/", views.notification_read, name="notification-read"),
    path("notifications/settings/", views.preference_edit, name="notification-preferences"),
    path("notifications/schedules/", views.schedule_list, name="notification-schedules"),
    path(
        "notifications/schedules/<int:pk>/", views.schedule_edit, name="notification-schedule-edit"
    ),
]
