"""Reads for plans, campaigns, departments and regions."""

from django.db.models import Count, Prefetch, Q, QuerySet

from tasks.models import Target, Task

from .models import Campaign, Department, Plan, Region


def plan_list() -> QuerySet[Plan]:
    """Plans with their campaign and task counts."""
    return Plan.objects.annotate(
        campaign_count=Count("campaigns", distinct=True), task_count=Count("tasks", distinct=True)
    )


def campaign_list() -> QuerySet[Campaign]:
    """Campaigns with their office, lead departments and task counts, ready to list."""
    return (
        Campaign.objects.select_related("plan", "office_department")
        .prefetch_related("lead_departments")
        .annotate(task_count=Count("tasks", distinct=True))
        .order_by("-plan__year", "plan_id", "number")
    )


def campaign_detail_tasks(campaign: Campaign) -> QuerySet[Task]:
    """A campaign's tasks in document order with their units, for the task tree."""
    return (
        Task.objects.filter(campaign=campaign)
        .select_related("section")
        .prefetch_related("lead_departments", "co_departments")
        .order_by("order")
    )


def campaign_targets(campaign: Campaign) -> QuerySet[Target]:
    """A campaign's own goals as targets."""
    return Target.objects.filter(campaign=campaign, task__isnull=True).order_by("order")


def department_list() -> QuerySet[Department]:
    """Departments with their aliases and how many tasks they lead and share."""
    return Department.objects.prefetch_related("aliases").annotate(
        led_count=Count("led_tasks", distinct=True),
        shared_count=Count("shared_tasks", distinct=True),
    )


def department_tasks(department: Department) -> QuerySet[Task]:
    """Tasks a department leads or shares, with campaign and units."""
    return (
        Task.objects.filter(Q(lead_departments=department) | Q(co_departments=department))
        .distinct()
        .select_related("campaign", "section")
        .prefetch_related(
            Prefetch("lead_departments", queryset=Department.objects.only("id", "name")),
            Prefetch("co_departments", queryset=Department.objects.only("id", "name")),
        )
        .order_by("plan_id", "campaign__number", "order")
    )


def region_list() -> QuerySet[Region]:
    """Regions in their official order."""
    return Region.objects.all()
