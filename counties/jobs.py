"""Celery jobs of the counties area; each takes ids and calls a service."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def submission_process_job(submission_id: int) -> str:
    """Check and import one uploaded workbook; a crash leaves it visibly failed."""
    try:
        return services.submission_process(submission_id=submission_id).status
    except Exception:
        services.submission_fail(submission_id=submission_id)
        raise
