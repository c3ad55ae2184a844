from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import JobRunViewSet, NotificationViewSet, PreferenceView, ScheduleViewSet

router = SimpleRouter()
router.include_format_suffixes = False
router.register("notifications", NotificationViewSet, basename="notification")
router.register("schedules", ScheduleViewSet, basename="schedule")
router.register("job-runs", JobRunViewSet, basename="job-run")

urlpatterns = [
    path("notification-preferences/", PreferenceView.as_view(), name="notification-preferences"),
    *router.urls,
]
