"""Reads for the notification centre, schedules and job runs."""

from django.db.models import QuerySet
from django_celery_beat.models import PeriodicTask

from .choices import DeliveryStatus
from .models import Delivery, JobRun, Notification
from .schedules import DEFAULT_SCHEDULES, DEMO_SCHEDULE


def notifications_for(user) -> QuerySet[Notification]:
    """A user's notifications, newest first."""
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def schedules() -> QuerySet[PeriodicTask]:
    """The platform's scheduled jobs with their crontab."""
    from dispatch.schedules import ESCALATION_SCHEDULE

    names = [*DEFAULT_SCHEDULES, DEMO_SCHEDULE, ESCALATION_SCHEDULE]
    return PeriodicTask.objects.filter(name__in=names).select_related("crontab", "interval")


def recent_runs(limit: int = 100) -> QuerySet[JobRun]:
    return JobRun.objects.all()[:limit]


def failed_deliveries(limit: int = 100) -> QuerySet[Delivery]:
    return Delivery.objects.filter(status=DeliveryStatus.FAILED).select_related(
        "notification__recipient"
    )[:limit]
