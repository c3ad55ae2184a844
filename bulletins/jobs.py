"""The scheduled draft of the month's bulletin."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def bulletin_draft_job() -> int:
    """Build (or refresh, keeping edits) this month's draft for every plan of the year."""
    return len(services.bulletin_drafts_build_scheduled(today=timezone.localdate()))
