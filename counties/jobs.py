"""Celery jobs of the counties area; each takes ids and calls a service."""

from celery import shared_task
from django.db import InterfaceError, OperationalError, connection

from . import services

PROCESS_RETRIES = 3
# A lost or refused database connection passes; anything else is a bug that a retry repeats.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


def _fail(submission_id: int) -> None:
    # After a lost connection the old one is unusable, and Celery renews it only between tasks.
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()
    services.submission_fail(submission_id=submission_id)


@shared_task(bind=True, acks_late=True, max_retries=PROCESS_RETRIES)
def submission_process_job(self, submission_id: int) -> str:
    """Check and import one uploaded workbook.

    Transient database errors are retried with exponential backoff (10 s, 20 s, 40 s); the
    submission is marked failed after the last attempt, or at once on any other error.
    """
    try:
        return services.submission_process(submission_id=submission_id).status
    except TRANSIENT_ERRORS as exc:
        if self.request.retries < PROCESS_RETRIES:
            raise self.retry(exc=exc, countdown=10 * 2**self.request.retries) from exc
        _fail(submission_id)
        raise
    except Exception:
        _fail(submission_id)
        raise
