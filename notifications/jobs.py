"""Scheduled reminder jobs and the delivery job; each takes plain values and calls a service."""

from celery import shared_task
from django.utils import timezone

from . import services

DELIVERY_RETRIES = 5


@shared_task(bind=True, max_retries=DELIVERY_RETRIES, acks_late=True)
def deliver_job(self, delivery_ids: list[int]) -> None:
    """Send deliveries; retry the ones that failed transiently with exponential backoff."""
    final = self.request.retries >= DELIVERY_RETRIES
    retry = [
        delivery_id
        for delivery_id in delivery_ids
        if not services.delivery_send(delivery_id=delivery_id, final_attempt=final)
    ]
    if retry:
        raise self.retry(args=[retry], countdown=30 * 2**self.request.retries)


def _run(job: str, send, **kwargs) -> int:
    with services.job_run(job) as run:
        run.notified = send(today=timezone.localdate(), **kwargs)
        run.detail = f"参数：{kwargs}" if kwargs else ""
    return run.notified


@shared_task
def report_reminders_job(days: list[int] | None = None) -> int:
    """Remind campaigns that have not submitted the month's report (default the 20th and 23rd)."""
    return _run("report_reminders", services.report_reminders_send, days=days or [20, 23])


@shared_task
def workbook_reminders_job(days: list[int] | None = None) -> int:
    """Remind regions that have not uploaded the month's workbook (default the 20th and 23rd)."""
    return _run("workbook_reminders", services.workbook_reminders_send, days=days or [20, 23])


@shared_task
def report_overdue_job(day: int = 26) -> int:
    """Overdue notices to late campaigns and the late list to 总专班 (default the 26th)."""
    return _run("report_overdue", services.report_overdue_send, day=day)


@shared_task
def task_deadline_job(days_before: int = 7) -> int:
    """Deadline reminders N days ahead and overdue notices for tasks and list items."""
    return _run("task_deadlines", services.task_deadline_reminders_send, days_before=days_before)


@shared_task
def task_lagging_job(tolerance: int = 10) -> int:
    """Flag to each campaign the tasks lagging behind 时序进度."""
    return _run("task_lagging", services.task_lagging_send, tolerance=tolerance)


@shared_task
def dispatch_digest_job() -> int:
    """The 旬调度 digest on the 1st, 11th and 21st."""
    return _run("dispatch_digest", services.dispatch_digest_send)
