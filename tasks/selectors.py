"""Reads for tasks and targets."""

from django.db.models import QuerySet

from .models import Target, Task


def task_list() -> QuerySet[Task]:
    """Tasks with everything a list shows, in a fixed number of queries."""
    return (
        Task.objects.select_related("plan", "campaign", "section", "parent")
        .prefetch_related("lead_departments", "co_departments")
        .order_by("plan_id", "campaign__number", "order")
    )


def target_list() -> QuerySet[Target]:
    """Targets with their owner and regional breakdown."""
    return (
        Target.objects.select_related("plan", "campaign", "task")
        .prefetch_related("regional_targets__region")
        .order_by("plan_id", "scope", "campaign__number", "task__order", "order")
    )
