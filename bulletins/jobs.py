"""The scheduled drafts of the month's bulletin and of the quarter's review."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def bulletin_draft_job() -> int:
    """Build (or refresh, keeping edits) this month's draft for every plan of the year."""
    return len(services.bulletin_drafts_build_scheduled(today=timezone.localdate()))


@shared_task
def review_draft_job() -> int:
    """Build (or refresh, keeping edits) the review of the quarter that ended last."""
    return len(services.review_drafts_build_scheduled(today=timezone.localdate()))
