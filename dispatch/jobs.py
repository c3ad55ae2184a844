"""The escalation job: takes plain values, calls the service, records its run."""

from celery import shared_task
from django.utils import timezone

from notifications.services import job_run

from . import services


@shared_task
def notice_escalation_job() -> int:
    """Raise overdue supervision notices a level and tell the campaign's leaders and 总专班."""
    with job_run("notice_escalation") as run:
        run.notified = services.notices_escalate(today=timezone.localdate())
        run.detail = f"升级督办单 {run.notified} 件"
    return run.notified
