"""Reads for reporting periods."""

from django.db.models import QuerySet

from .models import Period


def period_list() -> QuerySet[Period]:
    """All reporting periods in date order."""
    return Period.objects.order_by("start", "kind")
